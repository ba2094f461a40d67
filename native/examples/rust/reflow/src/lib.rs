//! A safe layer over `reflow-sys` (the C ABI of Reflow for .NET, `native/include/reflow.h`).
//!
//! - [`Engine`] registers components and loads graphs; [`Network`] runs one, with exported [`Input`]s and
//!   [`Output`]s. An engine lives as long as its last clone and its last network.
//! - [`Message`] is an enum; text, bytes and JSON borrow their bytes with a lifetime that says how long the library
//!   keeps them (the callback, or until the next read on the same output).
//! - [`Component`] is a trait: one instance per node (made by the factory given at registration), called through
//!   `extern "C"` trampolines that catch every panic (`catch_unwind`): a panic or an `Err` becomes the node's
//!   failure (`rfl_context_fail` + a non-zero return), never an unwind into C.
mod component;
mod engine;
mod error;
mod message;
mod network;

pub use component::{Component, ComponentInfo, Context, Fallible};
pub use engine::Engine;
pub use error::{Error, Result, Status};
pub use message::Message;
pub use network::{Event, Input, Network, Output, Received, RunResult, Sent};
pub use reflow_sys as sys;
