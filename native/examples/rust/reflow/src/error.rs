use std::ffi::CStr;
use std::fmt;

use reflow_sys as sys;

/// A negative `rfl_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Argument,
    NotFound,
    Graph,
    Config,
    State,
    Kind,
    Duplicate,
    Internal,
    /// A status this crate does not know (from a newer library).
    Other(i32),
}

impl Status {
    pub fn from_raw(status: sys::rfl_status) -> Status {
        match status {
            sys::RFL_ERR_ARGUMENT => Status::Argument,
            sys::RFL_ERR_NOT_FOUND => Status::NotFound,
            sys::RFL_ERR_GRAPH => Status::Graph,
            sys::RFL_ERR_CONFIG => Status::Config,
            sys::RFL_ERR_STATE => Status::State,
            sys::RFL_ERR_KIND => Status::Kind,
            sys::RFL_ERR_DUPLICATE => Status::Duplicate,
            sys::RFL_ERR_INTERNAL => Status::Internal,
            other => Status::Other(other),
        }
    }
}

/// A failed call: its status and the text of `rfl_last_error` (what, where, what was expected).
#[derive(Clone, Debug)]
pub struct Error {
    pub status: Status,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn new(status: Status, message: impl Into<String>) -> Error {
        Error { status, message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:?})", self.message, self.status)
    }
}

impl std::error::Error for Error {}

/// Negative statuses become an `Error` with the thread's last error text; outcomes (ok, full, empty, timeout,
/// closed) are returned as they are.
pub(crate) fn check(status: sys::rfl_status, call: &str) -> Result<sys::rfl_status> {
    if status >= 0 {
        return Ok(status);
    }
    // SAFETY: rfl_last_error returns a NUL-terminated string valid until this thread's next call; copied here.
    let text = unsafe { CStr::from_ptr(sys::rfl_last_error()) }.to_string_lossy().into_owned();
    Err(Error::new(Status::from_raw(status), format!("{call}: {text}")))
}
