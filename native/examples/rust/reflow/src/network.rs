use std::ffi::{c_void, CStr};
use std::os::raw::c_char;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use reflow_sys as sys;

use crate::engine::{c_string, EngineState};
use crate::error::{check, Result};
use crate::message::Message;

/// What a run did.
pub type RunResult = sys::rfl_run_result;

/// A network event, borrowed for the handler's call.
#[derive(Debug)]
pub struct Event<'a> {
    pub kind: sys::rfl_event_kind,
    pub node: Option<&'a str>,
    pub edge: Option<&'a str>,
    pub text: &'a str,
    pub sequence: i64,
    pub timestamp_ms: f64,
}

type EventHandler = Box<dyn FnMut(&Event<'_>) + Send>;

/// A loaded graph that runs once; dropping it stops the run if it is still going.
pub struct Network {
    engine: Arc<EngineState>,
    raw: *mut sys::rfl_network,
    on_event: Option<Box<EventHandler>>,
}

// SAFETY: a network may be used from any thread, one at a time (&mut or a single owner); not Sync.
unsafe impl Send for Network {}

impl Network {
    pub(crate) fn new(engine: Arc<EngineState>, raw: *mut sys::rfl_network) -> Network {
        Network { engine, raw, on_event: None }
    }

    /// An exported in-port; it lives as long as the network.
    pub fn input(&self, port: &str) -> Result<Input<'_>> {
        let port = c_string(port, "port")?;
        let mut raw = std::ptr::null_mut();
        check(unsafe { sys::rfl_network_input(self.raw, port.as_ptr(), &mut raw) }, "rfl_network_input")?;
        Ok(Input { raw, _network: PhantomData })
    }

    /// An exported out-port; it lives as long as the network.
    pub fn output(&self, port: &str) -> Result<Output<'_>> {
        let port = c_string(port, "port")?;
        let mut raw = std::ptr::null_mut();
        check(unsafe { sys::rfl_network_output(self.raw, port.as_ptr(), &mut raw) }, "rfl_network_output")?;
        Ok(Output { raw, _network: PhantomData })
    }

    pub fn start(&self) -> Result<()> {
        check(unsafe { sys::rfl_network_start(self.raw) }, "rfl_network_start").map(|_| ())
    }

    /// The result once the run is over; None when it still runs after `timeout_ms` (-1: as long as it takes).
    pub fn wait(&self, timeout_ms: i32) -> Result<Option<RunResult>> {
        let mut result = empty_result();
        let status = check(unsafe { sys::rfl_network_wait(self.raw, timeout_ms, &mut result) }, "rfl_network_wait")?;
        Ok((status == sys::RFL_OK).then_some(result))
    }

    pub fn stop(&self) -> Result<RunResult> {
        let mut result = empty_result();
        check(unsafe { sys::rfl_network_stop(self.raw, &mut result) }, "rfl_network_stop")?;
        Ok(result)
    }

    /// The texts of the failures the run kept, copied.
    pub fn failures(&self) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        loop {
            let mut text: *const c_char = std::ptr::null();
            let status = unsafe { sys::rfl_network_failure(self.raw, texts.len(), &mut text) };
            if status == sys::RFL_ERR_NOT_FOUND {
                return Ok(texts);
            }
            check(status, "rfl_network_failure")?;
            texts.push(unsafe { CStr::from_ptr(text) }.to_string_lossy().into_owned());
        }
    }

    /// Subscribes `handler` to the network's events (replacing any other). It runs on a library thread; a panic in
    /// it is caught and written to stderr.
    pub fn on_event(&mut self, handler: impl FnMut(&Event<'_>) + Send + 'static) -> Result<()> {
        let mut boxed: Box<EventHandler> = Box::new(Box::new(handler));
        let user_data = &mut *boxed as *mut EventHandler as *mut c_void;
        check(unsafe { sys::rfl_network_on_event(self.raw, Some(event_trampoline), user_data) }, "rfl_network_on_event")?;
        // The old handler is dropped only once the library calls the new one instead.
        self.on_event = Some(boxed);
        Ok(())
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        // SAFETY: raw came from a load; its inputs and outputs borrow self, so none is left. The engine (self.engine)
        // outlives this call, and the event handler is dropped after the network.
        unsafe { sys::rfl_network_destroy(self.raw) };
        self.on_event = None;
        let _ = &self.engine;
    }
}

fn empty_result() -> RunResult {
    RunResult { struct_size: std::mem::size_of::<RunResult>() as u32, ..Default::default() }
}

unsafe extern "C" fn event_trampoline(event: *const sys::rfl_event, user_data: *mut c_void) {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let event = &*event;
        let text = |p: *const c_char| (!p.is_null()).then(|| CStr::from_ptr(p).to_str().unwrap_or("<not UTF-8>"));
        let borrowed = Event {
            kind: event.kind,
            node: text(event.node),
            edge: text(event.edge),
            text: text(event.text).unwrap_or(""),
            sequence: event.sequence,
            timestamp_ms: event.timestamp_ms,
        };
        (*(user_data as *mut EventHandler))(&borrowed);
    }));
    if outcome.is_err() {
        eprintln!("reflow: the event handler panicked");
    }
}

/// What a send did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    Sent,
    /// try_send: the edge is full, nothing was sent.
    Full,
    /// send: no room came in time, nothing was sent.
    TimedOut,
    /// The input is completed or the run is over.
    Closed,
}

/// What a read found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Received<'a> {
    Message(Message<'a>),
    /// try_receive: nothing to read yet.
    Empty,
    /// receive: nothing came in time.
    TimedOut,
    /// The port is completed and everything on it was read.
    Closed,
}

/// An exported in-port. `&mut self` keeps it to one writer at a time; it may move to another thread.
pub struct Input<'n> {
    raw: *mut sys::rfl_input,
    _network: PhantomData<&'n ()>,
}

// SAFETY: the library allows an input to be written from any thread, one at a time (&mut self).
unsafe impl Send for Input<'_> {}

fn sent(status: sys::rfl_status) -> Sent {
    match status {
        sys::RFL_OK => Sent::Sent,
        sys::RFL_FULL => Sent::Full,
        sys::RFL_TIMEOUT => Sent::TimedOut,
        _ => Sent::Closed,
    }
}

impl Input<'_> {
    /// Sends, waiting up to `timeout_ms` for room (-1: as long as it takes).
    pub fn send(&mut self, message: &Message<'_>, timeout_ms: i32) -> Result<Sent> {
        let raw = message.to_raw();
        check(unsafe { sys::rfl_input_send(self.raw, &raw, timeout_ms) }, "rfl_input_send").map(sent)
    }

    /// Sends if there is room now; never waits.
    pub fn try_send(&mut self, message: &Message<'_>) -> Result<Sent> {
        let raw = message.to_raw();
        check(unsafe { sys::rfl_input_try_send(self.raw, &raw) }, "rfl_input_try_send").map(sent)
    }

    /// No more messages on this input.
    pub fn complete(&mut self) -> Result<()> {
        check(unsafe { sys::rfl_input_complete(self.raw) }, "rfl_input_complete").map(|_| ())
    }
}

/// An exported out-port. A message read borrows the output until the next read (`&mut self`).
pub struct Output<'n> {
    raw: *mut sys::rfl_output,
    _network: PhantomData<&'n ()>,
}

// SAFETY: the library allows an output to be read from any thread, one at a time (&mut self).
unsafe impl Send for Output<'_> {}

impl Output<'_> {
    /// Reads the next message, waiting up to `timeout_ms` (-1: as long as it takes).
    pub fn receive(&mut self, timeout_ms: i32) -> Result<Received<'_>> {
        let mut raw = sys::rfl_message::scalar(sys::RFL_FLOW, sys::rfl_message_value { integer: 0 });
        let status = check(unsafe { sys::rfl_output_receive(self.raw, &mut raw, timeout_ms) }, "rfl_output_receive")?;
        self.received(status, &raw)
    }

    /// Reads a message if one is there; never waits.
    pub fn try_receive(&mut self) -> Result<Received<'_>> {
        let mut raw = sys::rfl_message::scalar(sys::RFL_FLOW, sys::rfl_message_value { integer: 0 });
        let status = check(unsafe { sys::rfl_output_try_receive(self.raw, &mut raw) }, "rfl_output_try_receive")?;
        self.received(status, &raw)
    }

    fn received(&mut self, status: sys::rfl_status, raw: &sys::rfl_message) -> Result<Received<'_>> {
        Ok(match status {
            // SAFETY: the bytes are borrowed until the next read on this output, which needs &mut self again.
            sys::RFL_OK => Received::Message(unsafe { Message::from_raw(raw) }?),
            sys::RFL_EMPTY => Received::Empty,
            sys::RFL_TIMEOUT => Received::TimedOut,
            _ => Received::Closed,
        })
    }
}
