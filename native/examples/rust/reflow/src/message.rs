use std::ffi::c_void;
use std::os::raw::c_char;

use reflow_sys as sys;

use crate::error::{check, Error, Result, Status};

/// A message. Text, bytes and JSON borrow their bytes for `'a`: from the host's own memory when it builds one
/// (copied by the call that sends it), or from the library for as long as it lends them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Message<'a> {
    Flow,
    Null,
    Boolean(bool),
    Integer(i64),
    Float(f64),
    String(&'a str),
    Bytes(&'a [u8]),
    /// JSON text of an array.
    Array(&'a str),
    /// JSON text of an object.
    Object(&'a str),
    Error(&'a str),
    /// JSON text of the bracket's value ("null" when none).
    OpenBracket(&'a str),
    CloseBracket(&'a str),
}

impl<'a> Message<'a> {
    /// The C struct; it points into `self`'s bytes, so it is valid as long as they are.
    pub fn to_raw(&self) -> sys::rfl_message {
        use sys::rfl_message_value as V;
        let text = |kind, s: &str| sys::rfl_message::pointing(kind, s.as_ptr() as *const c_void, s.len() as u32);
        match *self {
            Message::Flow => sys::rfl_message::scalar(sys::RFL_FLOW, V { integer: 0 }),
            Message::Null => sys::rfl_message::scalar(sys::RFL_NULL, V { integer: 0 }),
            Message::Boolean(b) => sys::rfl_message::scalar(sys::RFL_BOOLEAN, boolean(b)),
            Message::Integer(i) => sys::rfl_message::scalar(sys::RFL_INTEGER, V { integer: i }),
            Message::Float(x) => sys::rfl_message::scalar(sys::RFL_FLOAT, V { number: x }),
            Message::String(s) => text(sys::RFL_STRING, s),
            Message::Bytes(b) => sys::rfl_message::pointing(sys::RFL_BYTES, b.as_ptr() as *const c_void, b.len() as u32),
            Message::Array(s) => text(sys::RFL_ARRAY, s),
            Message::Object(s) => text(sys::RFL_OBJECT, s),
            Message::Error(s) => text(sys::RFL_ERROR, s),
            Message::OpenBracket(s) => text(sys::RFL_OPEN_BRACKET, s),
            Message::CloseBracket(s) => text(sys::RFL_CLOSE_BRACKET, s),
        }
    }

    /// Reads a message the library lends.
    ///
    /// # Safety
    /// `raw` must be a message from the library whose bytes stay valid for `'a`.
    pub unsafe fn from_raw(raw: &sys::rfl_message) -> Result<Message<'a>> {
        let bytes = || -> &'a [u8] {
            if raw.length == 0 {
                &[]
            } else {
                std::slice::from_raw_parts(raw.value.data as *const u8, raw.length as usize)
            }
        };
        let text = || -> Result<&'a str> {
            std::str::from_utf8(bytes()).map_err(|e| {
                Error::new(Status::Kind, format!("the library lent a kind-{} message that is not UTF-8: {e}", raw.kind))
            })
        };
        Ok(match raw.kind {
            sys::RFL_FLOW => Message::Flow,
            sys::RFL_NULL => Message::Null,
            sys::RFL_BOOLEAN => Message::Boolean(raw.value.boolean != 0),
            sys::RFL_INTEGER => Message::Integer(raw.value.integer),
            sys::RFL_FLOAT => Message::Float(raw.value.number),
            sys::RFL_STRING => Message::String(text()?),
            sys::RFL_BYTES => Message::Bytes(bytes()),
            sys::RFL_ARRAY => Message::Array(text()?),
            sys::RFL_OBJECT => Message::Object(text()?),
            sys::RFL_ERROR => Message::Error(text()?),
            sys::RFL_OPEN_BRACKET => Message::OpenBracket(text()?),
            sys::RFL_CLOSE_BRACKET => Message::CloseBracket(text()?),
            other => return Err(Error::new(Status::Kind, format!("a message of unknown kind {other}"))),
        })
    }

    /// The message as JSON text (tagged JSON for bytes, errors and brackets), copied.
    pub fn to_json(&self) -> Result<String> {
        let raw = self.to_raw();
        let mut json: *const c_char = std::ptr::null();
        let mut length = 0usize;
        // SAFETY: raw points into self for the call; the output is borrowed until this thread's next call: copied now.
        unsafe {
            check(sys::rfl_message_to_json(&raw, &mut json, &mut length), "rfl_message_to_json")?;
            let bytes = std::slice::from_raw_parts(json as *const u8, length);
            Ok(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}

fn boolean(value: bool) -> sys::rfl_message_value {
    // The union's other bytes are zeroed first, as the header's rfl_boolean does.
    let mut v = sys::rfl_message_value { integer: 0 };
    v.boolean = value as i32;
    v
}
