//! Hand-written bindings of `native/include/reflow.h` (ABI version 1), one to one: same names, `#[repr(C)]` types,
//! enums as `i32` constants (a value the library adds later must not be undefined behaviour in Rust).
//! The ownership and threading rules are the header's; the safe layer is the `reflow` crate.
#![allow(non_camel_case_types)]

use std::ffi::c_void;
use std::os::raw::{c_char, c_int};

pub const RFL_ABI_VERSION: u32 = 1;

/// An `rfl_status`: negative is an error (text in `rfl_last_error`), positive an outcome.
pub type rfl_status = i32;
pub const RFL_OK: rfl_status = 0;
pub const RFL_FULL: rfl_status = 1;
pub const RFL_EMPTY: rfl_status = 2;
pub const RFL_TIMEOUT: rfl_status = 3;
pub const RFL_CLOSED: rfl_status = 4;
pub const RFL_ERR_ARGUMENT: rfl_status = -1;
pub const RFL_ERR_NOT_FOUND: rfl_status = -2;
pub const RFL_ERR_GRAPH: rfl_status = -3;
pub const RFL_ERR_CONFIG: rfl_status = -4;
pub const RFL_ERR_STATE: rfl_status = -5;
pub const RFL_ERR_KIND: rfl_status = -6;
pub const RFL_ERR_DUPLICATE: rfl_status = -7;
pub const RFL_ERR_INTERNAL: rfl_status = -100;

/// An `rfl_kind`.
pub type rfl_kind = i32;
pub const RFL_FLOW: rfl_kind = 0;
pub const RFL_NULL: rfl_kind = 1;
pub const RFL_BOOLEAN: rfl_kind = 2;
pub const RFL_INTEGER: rfl_kind = 3;
pub const RFL_FLOAT: rfl_kind = 4;
pub const RFL_STRING: rfl_kind = 5;
pub const RFL_BYTES: rfl_kind = 6;
pub const RFL_ARRAY: rfl_kind = 7;
pub const RFL_OBJECT: rfl_kind = 8;
pub const RFL_ERROR: rfl_kind = 9;
pub const RFL_OPEN_BRACKET: rfl_kind = 10;
pub const RFL_CLOSE_BRACKET: rfl_kind = 11;

#[repr(C)]
#[derive(Clone, Copy)]
pub union rfl_message_value {
    pub integer: i64,
    pub number: f64,
    pub boolean: i32,
    pub data: *const c_void,
}

/// 16 bytes: scalars in the struct, every other kind `length` bytes at `value.data`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rfl_message {
    pub kind: i32,
    pub length: u32,
    pub value: rfl_message_value,
}

impl rfl_message {
    /// The header's inline constructors (`rfl_flow`, `rfl_integer`, ...) are not exported: this is their body.
    pub const fn scalar(kind: rfl_kind, value: rfl_message_value) -> Self {
        rfl_message { kind, length: 0, value }
    }
    pub const fn pointing(kind: rfl_kind, data: *const c_void, length: u32) -> Self {
        rfl_message { kind, length, value: rfl_message_value { data } }
    }
}

#[repr(C)]
pub struct rfl_engine {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct rfl_context {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct rfl_network {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct rfl_input {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct rfl_output {
    _opaque: [u8; 0],
}

pub type rfl_receive_fn = Option<unsafe extern "C" fn(context: *mut rfl_context, port: i32, message: *const rfl_message) -> c_int>;
pub type rfl_node_fn = Option<unsafe extern "C" fn(context: *mut rfl_context) -> c_int>;

pub const RFL_COMPONENT_MAY_BLOCK: u32 = 1;

#[repr(C)]
pub struct rfl_component_def {
    pub struct_size: u32,
    pub name: *const c_char,
    pub description: *const c_char,
    pub in_ports: *const *const c_char,
    pub in_port_count: usize,
    pub out_ports: *const *const c_char,
    pub out_port_count: usize,
    pub receive: rfl_receive_fn,
    pub start: rfl_node_fn,
    pub inputs_closed: rfl_node_fn,
    pub stop: rfl_node_fn,
    pub component_data: *mut c_void,
    pub flags: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct rfl_run_result {
    pub struct_size: u32,
    pub completed: i32,
    pub elapsed_ms: f64,
    pub messages: i64,
    pub errors: i64,
    pub failures: i64,
    pub uncaught_failures: i64,
    pub dead_letters: i64,
    pub events_discarded: i64,
}

/// An `rfl_event_kind`.
pub type rfl_event_kind = i32;
pub const RFL_EVENT_NETWORK_STARTED: rfl_event_kind = 0;
pub const RFL_EVENT_ACTOR_STARTED: rfl_event_kind = 1;
pub const RFL_EVENT_ACTOR_FAILED: rfl_event_kind = 2;
pub const RFL_EVENT_ACTOR_RETRYING: rfl_event_kind = 3;
pub const RFL_EVENT_ACTOR_RESTARTED: rfl_event_kind = 4;
pub const RFL_EVENT_CIRCUIT_OPENED: rfl_event_kind = 5;
pub const RFL_EVENT_ACTOR_STOPPED: rfl_event_kind = 6;
pub const RFL_EVENT_DEAD_LETTER: rfl_event_kind = 7;
pub const RFL_EVENT_MESSAGE_SENT: rfl_event_kind = 8;
pub const RFL_EVENT_IDLE: rfl_event_kind = 9;
pub const RFL_EVENT_DEADLOCK: rfl_event_kind = 10;
pub const RFL_EVENT_NETWORK_FINISHED: rfl_event_kind = 11;
pub const RFL_EVENT_ACTOR_LOG: rfl_event_kind = 12;

#[repr(C)]
pub struct rfl_event {
    pub kind: i32,
    pub node: *const c_char,
    pub edge: *const c_char,
    pub text: *const c_char,
    pub sequence: i64,
    pub timestamp_ms: f64,
}

pub type rfl_event_fn = Option<unsafe extern "C" fn(event: *const rfl_event, user_data: *mut c_void)>;

extern "C" {
    pub fn rfl_abi_version() -> u32;
    pub fn rfl_last_error() -> *const c_char;

    pub fn rfl_message_to_json(message: *const rfl_message, json: *mut *const c_char, length: *mut usize) -> rfl_status;

    pub fn rfl_engine_create(toml: *const c_char, toml_length: usize, engine: *mut *mut rfl_engine) -> rfl_status;
    pub fn rfl_engine_create_from_file(toml_path: *const c_char, engine: *mut *mut rfl_engine) -> rfl_status;
    pub fn rfl_engine_destroy(engine: *mut rfl_engine);

    pub fn rfl_component_register(engine: *mut rfl_engine, definition: *const rfl_component_def) -> rfl_status;
    pub fn rfl_emit(context: *mut rfl_context, port: i32, message: *const rfl_message) -> rfl_status;
    pub fn rfl_context_fail(context: *mut rfl_context, text: *const c_char);
    pub fn rfl_context_node_id(context: *mut rfl_context) -> *const c_char;
    pub fn rfl_context_config(context: *mut rfl_context, json: *mut *const c_char, length: *mut usize) -> rfl_status;
    pub fn rfl_context_node_data(context: *mut rfl_context) -> *mut c_void;
    pub fn rfl_context_set_node_data(context: *mut rfl_context, data: *mut c_void);
    pub fn rfl_context_component_data(context: *mut rfl_context) -> *mut c_void;

    pub fn rfl_network_load_file(engine: *mut rfl_engine, path: *const c_char, network: *mut *mut rfl_network) -> rfl_status;
    pub fn rfl_network_load_text(
        engine: *mut rfl_engine,
        text: *const c_char,
        length: usize,
        format: *const c_char,
        name: *const c_char,
        network: *mut *mut rfl_network,
    ) -> rfl_status;
    pub fn rfl_network_input(network: *mut rfl_network, port: *const c_char, input: *mut *mut rfl_input) -> rfl_status;
    pub fn rfl_network_output(network: *mut rfl_network, port: *const c_char, output: *mut *mut rfl_output) -> rfl_status;
    pub fn rfl_network_start(network: *mut rfl_network) -> rfl_status;

    pub fn rfl_input_send(input: *mut rfl_input, message: *const rfl_message, timeout_ms: i32) -> rfl_status;
    pub fn rfl_input_try_send(input: *mut rfl_input, message: *const rfl_message) -> rfl_status;
    pub fn rfl_input_complete(input: *mut rfl_input) -> rfl_status;
    pub fn rfl_output_receive(output: *mut rfl_output, message: *mut rfl_message, timeout_ms: i32) -> rfl_status;
    pub fn rfl_output_try_receive(output: *mut rfl_output, message: *mut rfl_message) -> rfl_status;

    pub fn rfl_network_wait(network: *mut rfl_network, timeout_ms: i32, result: *mut rfl_run_result) -> rfl_status;
    pub fn rfl_network_stop(network: *mut rfl_network, result: *mut rfl_run_result) -> rfl_status;
    pub fn rfl_network_failure(network: *mut rfl_network, index: usize, text: *mut *const c_char) -> rfl_status;
    pub fn rfl_network_destroy(network: *mut rfl_network);

    pub fn rfl_network_on_event(network: *mut rfl_network, callback: rfl_event_fn, user_data: *mut c_void) -> rfl_status;
}

#[cfg(test)]
mod layout {
    use super::*;
    use std::mem::{align_of, size_of};

    // The sizes a C compiler gives these structs on a 64-bit target (checked against reflow.h with gcc).
    #[test]
    fn structs_have_the_c_layout() {
        assert_eq!(size_of::<rfl_message>(), 16);
        assert_eq!(align_of::<rfl_message>(), 8);
        assert_eq!(size_of::<rfl_component_def>(), 104);
        assert_eq!(size_of::<rfl_run_result>(), 64);
        assert_eq!(size_of::<rfl_event>(), 48);
    }
}
