//! Just enough of the W3C WebDriver protocol to drive chromedriver:
//! sessions, navigation, finding and clicking elements, typing, running a
//! script, screenshots.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::client::request;

/// The WebDriver key for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Where Chromium and chromedriver are, if installed.
pub fn find_tools() -> Option<(PathBuf, PathBuf)> {
    let find = |names: &[&str]| {
        names.iter().find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|p| p.is_file())
            })
        })
    };
    Some((
        find(&["chromium", "chromium-browser", "google-chrome"])?,
        find(&["chromedriver"])?,
    ))
}

/// A running chromedriver, killed when dropped.
pub struct Driver {
    child: Child,
    addr: String,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it is ready.
    pub fn start(chromedriver: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver {
            child,
            addr: format!("127.0.0.1:{port}"),
        };
        let started = Instant::now();
        loop {
            if std::net::TcpStream::connect(&driver.addr).is_ok() {
                let status = request(&driver.addr, "GET", "/status", None).json();
                if status["value"]["ready"] == true {
                    return driver;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver not ready within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A new headless browser session (a fresh profile in `profile`),
    /// `width`×`height` CSS pixels.
    pub fn session(&self, chromium: &Path, profile: &Path, width: u32, height: u32) -> Session {
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--hide-scrollbars".into(),
            "--force-device-scale-factor=1".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut options = json!({
            "binary": chromium.to_str().unwrap(),
            "args": args,
        });
        if width < 600 {
            // A phone: headless windows are at least 500 px wide, so the
            // viewport is set by Chromium's device emulation instead.
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "touch": true, "mobile": true }
            });
        }
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": options,
            }}
        });
        let response = request(&self.addr, "POST", "/session", Some(&capabilities));
        let value = response.json();
        let id = value["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {value}"))
            .to_string();
        Session {
            driver: self.addr.clone(),
            id,
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser.
pub struct Session {
    driver: String,
    id: String,
}

/// An element reference.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.id);
        let response = request(&self.driver, method, &path, body.as_ref());
        let value = response.json();
        assert!(
            response.status == 200,
            "WebDriver {method} {path}: {}",
            value["value"]
        );
        value["value"].clone()
    }

    /// Opens a URL and waits for the page to load.
    pub fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// The current URL.
    pub fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap().to_string()
    }

    /// All elements matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.call(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|e| Element(e[ELEMENT].as_str().unwrap().to_string()))
        .collect()
    }

    /// The one element matching a CSS selector.
    pub fn find(&self, css: &str) -> Element {
        let found = self.find_all(css);
        assert!(!found.is_empty(), "no element {css:?} on {}", self.url());
        found[0].clone()
    }

    /// The first element matching `css` whose text contains `text`.
    pub fn find_text(&self, css: &str, text: &str) -> Element {
        self.find_all(css)
            .into_iter()
            .find(|e| self.text(e).contains(text))
            .unwrap_or_else(|| panic!("no {css:?} with text {text:?} on {}", self.url()))
    }

    /// The rendered text of an element.
    pub fn text(&self, element: &Element) -> String {
        self.call("GET", &format!("/element/{}/text", element.0), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// An attribute of an element.
    pub fn attribute(&self, element: &Element, name: &str) -> Option<String> {
        self.call(
            "GET",
            &format!("/element/{}/attribute/{name}", element.0),
            None,
        )
        .as_str()
        .map(str::to_string)
    }

    /// Clicks a link or button that leads to another page, and waits
    /// (up to 30 s) until that page has loaded: chromedriver may answer
    /// the click before the navigation starts.
    pub fn click(&self, element: &Element) {
        let before = self.url();
        self.call(
            "POST",
            &format!("/element/{}/click", element.0),
            Some(json!({})),
        );
        let started = Instant::now();
        loop {
            let loaded = self.script("return document.readyState") == "complete";
            if loaded && self.url() != before {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the click on {before} led nowhere within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types into an element.
    pub fn type_text(&self, element: &Element, text: &str) {
        self.call(
            "POST",
            &format!("/element/{}/clear", element.0),
            Some(json!({})),
        );
        self.call(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(json!({ "text": text })),
        );
    }

    /// Runs a script in the page (through the DevTools protocol, which
    /// the page's policy does not restrict) and returns its value.
    pub fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        decode_base64(self.call("GET", "/screenshot", None).as_str().unwrap())
    }

    /// A PNG of one element.
    pub fn element_screenshot(&self, element: &Element) -> Vec<u8> {
        decode_base64(
            self.call("GET", &format!("/element/{}/screenshot", element.0), None)
                .as_str()
                .unwrap(),
        )
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = request(
            &self.driver,
            "DELETE",
            &format!("/session/{}", self.id),
            None,
        );
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            n |= d << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}
