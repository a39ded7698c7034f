//! The HTTP side: axum on a tokio runtime. Every request goes through one
//! handler that enforces the limits (GET/HEAD only, no body, bounded URL,
//! bounded work in flight), runs the route on the blocking pool (searches
//! are CPU work) and adds the security headers to every response.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use anyhow::Context;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;

use super::routes::{self, Reply};
use super::snapshot::Snapshot;

/// Longest request target (path and query), in bytes.
pub const MAX_URI_BYTES: usize = 4096;

/// Requests waiting or running at once; more are answered 503 at once.
pub const MAX_IN_FLIGHT: usize = 512;

/// The policy for every page: no script at all, styles and images only
/// from this server, forms only to it, not framed.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What every request sees.
struct Shared {
    snapshot: Arc<Snapshot>,
    in_flight: AtomicUsize,
}

/// Serves until Ctrl-C or SIGTERM. `threads` bounds the searches running
/// at once.
pub fn serve(snapshot: Arc<Snapshot>, bind: SocketAddr, threads: usize) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(threads.max(1))
        .thread_name("serve")
        .enable_io()
        .enable_time()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .with_context(|| format!("cannot listen on {bind}"))?;
        let local = listener.local_addr().context("no local address")?;
        if !local.ip().is_loopback() {
            eprintln!(
                "ratsindex: warning: {} is reachable from other machines; \
                 everyone who reaches it can read the index",
                local.ip()
            );
        }
        eprintln!(
            "ratsindex: serving {} at http://{local}/ (Ctrl-C stops)",
            snapshot.index().dir().display()
        );
        snapshot.follow_commits();
        let shared = Arc::new(Shared {
            snapshot,
            in_flight: AtomicUsize::new(0),
        });
        let app = Router::new().fallback(handle).with_state(shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
            .context("the server stopped")
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    eprintln!("ratsindex: stopping");
}

/// Counts a request in flight until dropped.
struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let head = request.method() == Method::HEAD;
    let reply = if request.method() != Method::GET && !head {
        let mut reply = routes::error_page(405, "Nur GET: dieser Server ändert nichts.");
        reply.status = 405;
        reply
    } else if has_body(&request) {
        routes::error_page(413, "Anfragen mit Inhalt werden nicht angenommen.")
    } else if request.uri().to_string().len() > MAX_URI_BYTES {
        routes::error_page(414, "Die Adresse ist zu lang.")
    } else {
        let in_flight = shared.in_flight.fetch_add(1, Ordering::Relaxed);
        let _guard = InFlight(&shared.in_flight);
        if in_flight >= MAX_IN_FLIGHT {
            routes::error_page(503, "Der Server ist ausgelastet; bitte gleich noch einmal.")
        } else {
            let path = request.uri().path().to_string();
            let query = request.uri().query().unwrap_or("").to_string();
            let snapshot = shared.snapshot.clone();
            match tokio::task::spawn_blocking(move || routes::respond(&snapshot, &path, &query))
                .await
            {
                Ok(reply) => reply,
                Err(err) => {
                    eprintln!("ratsindex: serve: request failed: {err}");
                    routes::error_page(500, "Interner Fehler.")
                }
            }
        }
    };
    to_response(reply, head)
}

/// Whether the request announces a body (this server takes none).
fn has_body(request: &Request) -> bool {
    let headers = request.headers();
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    matches!(length, Some(n) if n > 0) || headers.contains_key(header::TRANSFER_ENCODING)
}

fn to_response(reply: Reply, head: bool) -> Response {
    let length = reply.body.len();
    let body = if head {
        Body::empty()
    } else {
        Body::from(reply.body)
    };
    let mut response = Response::new(body);
    *response.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(reply.content_type),
    );
    if head {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if reply.disposition.is_some() {
            // A downloaded original runs nothing, even if opened here.
            "sandbox; default-src 'none'"
        } else {
            CSP
        }),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if reply.cacheable {
            "public, max-age=86400"
        } else {
            "no-cache"
        }),
    );
    if let Some(disposition) = reply.disposition {
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
    }
    if reply.status == 405 {
        headers.insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    }
    response
}
