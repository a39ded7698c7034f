//! `ratsindex serve`: the index as a web site for people who don't use a
//! terminal — a search page, a page per paper, a JSON API and Atom feeds,
//! all from the binary alone (templates and the stylesheet are compiled
//! in; the pages use no JavaScript).
//!
//! The stages of a request:
//!
//! 1. [`http`]: the connection, the limits and the security headers;
//! 2. [`routes`]: the path to a page (nothing from the path ever names a
//!    file);
//! 3. [`params`]: the query string to checked search parameters and back
//!    to links;
//! 4. the search, lookup and related-papers code of
//!    [`ratsindex::index::search`], on the reader of [`snapshot`], which
//!    follows new commits;
//! 5. [`pages`] and [`evidence`]: view models rendered by the askama
//!    templates in `templates/`, which escape every value.

mod evidence;
mod http;
mod pages;
mod params;
mod routes;
mod snapshot;

pub use http::serve;
pub use snapshot::Snapshot;
