//! policylint: check an online safety policy against statutory guidance for England
//! (Keeping Children Safe in Education, the DfE filtering and monitoring standards), the
//! early-years framework and a local safeguarding partnership's strategy.
//!
//! The pipeline: [`load`] bytes → [`document::Document`] (front matter with spans, a
//! Markdown outline, evidence found in prose) → [`engine::Engine`] (rule packs compiled
//! once) → [`result::FileReport`] → a reporter. The binary is a thin layer over this
//! library; tests call the library directly.

pub mod app;
pub mod audit;
pub mod baseline;
pub mod changed;
pub mod compare;
pub mod config;
pub mod document;
pub mod docx;
pub mod engine;
pub mod error;
pub mod evidence;
pub mod explain;
pub mod fingerprint;
pub mod fix;
pub mod fixer;
pub mod heap;
pub mod init;
pub mod kinds;
pub mod load;
pub mod org;
pub mod packs;
pub mod phrases;
pub mod report;
pub mod result;
pub mod schema;
pub mod source;
pub mod spanned_toml;
pub mod suggest;
pub mod suppress;
pub mod template_diff;
pub mod write;

pub use document::Document;
pub use engine::{CheckOptions, Engine};
pub use error::Problem;
pub use org::OrgKind;
pub use result::{CheckResult, FileReport, Severity, Status};
pub use source::SourceFile;
