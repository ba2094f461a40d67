use std::any::Any;
use std::ffi::{c_void, CStr, CString};
use std::os::raw::{c_char, c_int};
use std::panic::{catch_unwind, AssertUnwindSafe};

use reflow_sys as sys;

use crate::error::{check, Result};
use crate::message::Message;

/// What a component callback returns: an `Err` (any error type, with `?`) is the node's failure, with its text.
pub type Fallible = std::result::Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// A component written in Rust. One instance per node, made before the node's first callback and dropped after its
/// `stop`. A panic is caught and becomes the node's failure like an `Err`; either way the node's supervision policy
/// decides what happens next.
pub trait Component: Send + 'static {
    fn start(&mut self, _ctx: &mut Context) -> Fallible {
        Ok(())
    }
    /// A message on in-port `port` (its index in [`ComponentInfo::in_ports`]), borrowed for the call.
    fn receive(&mut self, ctx: &mut Context, port: usize, message: &Message<'_>) -> Fallible;
    fn inputs_closed(&mut self, _ctx: &mut Context) -> Fallible {
        Ok(())
    }
    fn stop(&mut self, _ctx: &mut Context) -> Fallible {
        Ok(())
    }
}

/// How graphs see a component: its name and ports (indices are positions in these lists).
#[derive(Clone, Debug, Default)]
pub struct ComponentInfo {
    pub name: String,
    pub in_ports: Vec<String>,
    pub out_ports: Vec<String>,
    pub description: Option<String>,
    /// Its callbacks may block: they run on the blocking pool.
    pub may_block: bool,
}

/// What a callback is given: emit, and the node's id and configuration. Valid during the callback only.
pub struct Context {
    raw: *mut sys::rfl_context,
}

impl Context {
    /// Sends `message` on out-port `port` (its index in [`ComponentInfo::out_ports`]).
    pub fn emit(&mut self, port: usize, message: &Message<'_>) -> Result<()> {
        let raw = message.to_raw();
        // SAFETY: the context is the callback's own; raw points into `message`, alive for the call.
        check(unsafe { sys::rfl_emit(self.raw, port as i32, &raw) }, "rfl_emit").map(|_| ())
    }

    /// The node's id in its graph.
    pub fn node_id(&self) -> &str {
        // SAFETY: borrowed until the callback returns, which outlives &self.
        unsafe { CStr::from_ptr(sys::rfl_context_node_id(self.raw)) }.to_str().unwrap_or("<node id not UTF-8>")
    }

    /// The node's configuration as JSON object text ("{}" when none).
    pub fn config(&self) -> Result<&str> {
        let mut json: *const c_char = std::ptr::null();
        let mut length = 0usize;
        // SAFETY: borrowed until the callback returns, which outlives &self.
        unsafe {
            check(sys::rfl_context_config(self.raw, &mut json, &mut length), "rfl_context_config")?;
            Ok(std::str::from_utf8(std::slice::from_raw_parts(json as *const u8, length)).unwrap_or("{}"))
        }
    }
}

pub(crate) type Factory = Box<dyn Fn() -> Box<dyn Component> + Send + Sync>;

/// What component_data points at; owned by the engine, which outlives every callback of its networks.
pub(crate) struct Registration {
    pub(crate) make: Factory,
}

type Instance = Box<dyn Component>;

/// Runs `body` with the node's instance (made on first use); turns an `Err` or a panic into rfl_context_fail + 1.
fn guarded(raw: *mut sys::rfl_context, body: impl FnOnce(&mut Instance, &mut Context) -> Fallible) -> c_int {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let instance = instance(raw);
        body(instance, &mut Context { raw })
    }));
    let text = match outcome {
        Ok(Ok(())) => return 0,
        Ok(Err(error)) => error.to_string(),
        Err(panic) => format!("panicked: {}", panic_text(&*panic)),
    };
    fail(raw, &text);
    1
}

fn fail(raw: *mut sys::rfl_context, text: &str) {
    let text = CString::new(text.replace('\0', "\\0")).expect("NULs were replaced");
    // SAFETY: the callback's own context; the text is copied by the library.
    unsafe { sys::rfl_context_fail(raw, text.as_ptr()) };
}

fn panic_text(panic: &(dyn Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic payload that is not text".to_owned()
    }
}

fn instance<'a>(raw: *mut sys::rfl_context) -> &'a mut Instance {
    // SAFETY: node_data is NULL or a Box<Instance> this module leaked; the node's callbacks never overlap, so the
    // &mut is unique; component_data is the engine's Registration.
    unsafe {
        let existing = sys::rfl_context_node_data(raw) as *mut Instance;
        if !existing.is_null() {
            return &mut *existing;
        }
        let registration = &*(sys::rfl_context_component_data(raw) as *const Registration);
        let made = Box::into_raw(Box::new((registration.make)()));
        sys::rfl_context_set_node_data(raw, made as *mut c_void);
        &mut *made
    }
}

pub(crate) unsafe extern "C" fn start_trampoline(raw: *mut sys::rfl_context) -> c_int {
    guarded(raw, |component, ctx| component.start(ctx))
}

pub(crate) unsafe extern "C" fn receive_trampoline(raw: *mut sys::rfl_context, port: i32, message: *const sys::rfl_message) -> c_int {
    guarded(raw, |component, ctx| {
        // SAFETY: the message and its bytes are borrowed until this callback returns.
        let message = unsafe { Message::from_raw(&*message) }?;
        component.receive(ctx, port as usize, &message)
    })
}

pub(crate) unsafe extern "C" fn inputs_closed_trampoline(raw: *mut sys::rfl_context) -> c_int {
    guarded(raw, |component, ctx| component.inputs_closed(ctx))
}

/// The node's last callback: drops its instance after `stop`, even when `stop` fails or panics (a restart makes a
/// fresh one).
pub(crate) unsafe extern "C" fn stop_trampoline(raw: *mut sys::rfl_context) -> c_int {
    let existing = sys::rfl_context_node_data(raw) as *mut Instance;
    if existing.is_null() {
        return 0;
    }
    let code = guarded(raw, |component, ctx| component.stop(ctx));
    sys::rfl_context_set_node_data(raw, std::ptr::null_mut());
    let dropped = catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(existing))));
    if let Err(panic) = dropped {
        fail(raw, &format!("dropping the component panicked: {}", panic_text(&*panic)));
        return 1;
    }
    code
}
