//! Just enough of ZIP to read the XML parts of `.docx` and `.odt` files:
//! the central directory, stored and deflated entries (flate2, already a
//! dependency), under a size cap per entry so a crafted archive cannot
//! inflate without end. ZIP64, encryption and multi-disk archives are
//! refused with an error.

use std::io::Read;

/// The most bytes one entry may inflate to.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

/// One entry of the central directory.
#[derive(Clone, Debug)]
struct Entry {
    name: String,
    method: u16,
    flags: u16,
    compressed: u64,
    size: u64,
    local_offset: u64,
}

/// A ZIP archive in memory.
pub struct Zip<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl<'a> Zip<'a> {
    /// Reads the central directory.
    pub fn open(bytes: &'a [u8]) -> Result<Zip<'a>, String> {
        const EOCD: u32 = 0x0605_4b50;
        let from = bytes.len().saturating_sub(22 + 65_535);
        let eocd = (from..bytes.len().saturating_sub(21))
            .rev()
            .find(|&i| u32_at(bytes, i) == Some(EOCD))
            .ok_or("not a ZIP archive (no end of central directory)")?;
        let count = u16_at(bytes, eocd + 10).ok_or("truncated ZIP")? as usize;
        let cd_offset = u32_at(bytes, eocd + 16).ok_or("truncated ZIP")?;
        if cd_offset == u32::MAX || count == usize::from(u16::MAX) {
            return Err("ZIP64 archives are not supported".into());
        }
        let mut at = cd_offset as usize;
        let mut entries = Vec::with_capacity(count.min(10_000));
        for _ in 0..count {
            if u32_at(bytes, at) != Some(0x0201_4b50) {
                return Err("damaged ZIP central directory".into());
            }
            let field = |off: usize| u16_at(bytes, at + off).ok_or("truncated ZIP");
            let field32 = |off: usize| u32_at(bytes, at + off).ok_or("truncated ZIP");
            let (name_len, extra_len, comment_len) = (
                field(28)? as usize,
                field(30)? as usize,
                field(32)? as usize,
            );
            let name = bytes
                .get(at + 46..at + 46 + name_len)
                .ok_or("truncated ZIP")?;
            entries.push(Entry {
                name: String::from_utf8_lossy(name).into_owned(),
                flags: field(8)?,
                method: field(10)?,
                compressed: u64::from(field32(20)?),
                size: u64::from(field32(24)?),
                local_offset: u64::from(field32(42)?),
            });
            at += 46 + name_len + extra_len + comment_len;
        }
        Ok(Zip { bytes, entries })
    }

    /// Whether the archive has an entry of this name.
    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }

    /// The bytes of entry `name`, inflated.
    pub fn read(&self, name: &str) -> Result<Vec<u8>, String> {
        let entry = self
            .entries
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| format!("the archive has no {name}"))?;
        if entry.flags & 1 != 0 {
            return Err(format!("{name} is encrypted"));
        }
        if entry.size > MAX_ENTRY_BYTES {
            return Err(format!(
                "{name} inflates to {} bytes, more than the limit of {MAX_ENTRY_BYTES}",
                entry.size
            ));
        }
        let at = usize::try_from(entry.local_offset).map_err(|_| "bad offset")?;
        if u32_at(self.bytes, at) != Some(0x0403_4b50) {
            return Err(format!("damaged local header of {name}"));
        }
        let name_len = u16_at(self.bytes, at + 26).ok_or("truncated ZIP")? as usize;
        let extra_len = u16_at(self.bytes, at + 28).ok_or("truncated ZIP")? as usize;
        let start = at + 30 + name_len + extra_len;
        let len = usize::try_from(entry.compressed).map_err(|_| "bad size")?;
        let data = self
            .bytes
            .get(start..start.saturating_add(len))
            .ok_or_else(|| format!("{name} is cut off"))?;
        let mut out = Vec::new();
        match entry.method {
            0 => out.extend_from_slice(data),
            8 => {
                flate2::read::DeflateDecoder::new(data)
                    .take(MAX_ENTRY_BYTES + 1)
                    .read_to_end(&mut out)
                    .map_err(|e| format!("cannot inflate {name}: {e}"))?;
                if out.len() as u64 > MAX_ENTRY_BYTES {
                    return Err(format!(
                        "{name} inflates to more than {MAX_ENTRY_BYTES} bytes"
                    ));
                }
            }
            m => {
                return Err(format!(
                    "{name} uses ZIP compression method {m}, not supported"
                ))
            }
        }
        Ok(out)
    }
}

/// Writes a ZIP of stored or deflated entries (for tests and fixtures).
#[cfg(test)]
pub fn write(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let mut enc =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        let packed = enc.finish().unwrap();
        let crc = crc32(data);
        let offset = out.len() as u32;
        let head = |sig: u32| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            h
        };
        let mut local = head(0x0403_4b50);
        local.extend_from_slice(&[20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
        local.extend_from_slice(&crc.to_le_bytes());
        local.extend_from_slice(&(packed.len() as u32).to_le_bytes());
        local.extend_from_slice(&(data.len() as u32).to_le_bytes());
        local.extend_from_slice(&(name.len() as u16).to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&local);
        out.extend_from_slice(&packed);
        let mut c = head(0x0201_4b50);
        c.extend_from_slice(&[20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
        c.extend_from_slice(&crc.to_le_bytes());
        c.extend_from_slice(&(packed.len() as u32).to_le_bytes());
        c.extend_from_slice(&(data.len() as u32).to_le_bytes());
        c.extend_from_slice(&(name.len() as u16).to_le_bytes());
        c.extend_from_slice(&[0; 12]);
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name.as_bytes());
        central.extend_from_slice(&c);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

#[cfg(test)]
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_junk_is_an_error() {
        let zip = write(&[("a.xml", b"<a>Hallo</a>"), ("mimetype", b"x")]);
        let z = Zip::open(&zip).unwrap();
        assert!(z.has("mimetype"));
        assert_eq!(z.read("a.xml").unwrap(), b"<a>Hallo</a>");
        assert!(z.read("b.xml").is_err());
        assert!(Zip::open(b"PK\x03\x04 not really").is_err());
        // Cut off: an error, no panic.
        for cut in [10, zip.len() / 2, zip.len() - 5] {
            let _ = Zip::open(&zip[..cut]).and_then(|z| z.read("a.xml"));
        }
    }
}
