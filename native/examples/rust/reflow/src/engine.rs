use std::ffi::{c_void, CString};
use std::os::raw::c_char;
use std::sync::{Arc, Mutex};

use reflow_sys as sys;

use crate::component::{self, Component, ComponentInfo, Registration};
use crate::error::{check, Error, Result, Status};
use crate::network::Network;

/// The library's engine and the component registrations its callbacks use; destroyed with the last Engine clone
/// and the last Network (the library destroys networks with their engine).
pub(crate) struct EngineState {
    pub(crate) raw: *mut sys::rfl_engine,
    registrations: Mutex<Vec<Box<Registration>>>,
}

// SAFETY: the library allows every engine call from any thread; registrations are behind a Mutex.
unsafe impl Send for EngineState {}
unsafe impl Sync for EngineState {}

impl Drop for EngineState {
    fn drop(&mut self) {
        // SAFETY: raw came from rfl_engine_create*, and every network of it is gone (they hold this state).
        unsafe { sys::rfl_engine_destroy(self.raw) };
    }
}

/// An engine: options, the standard components and the ones registered here. Clones share it.
#[derive(Clone)]
pub struct Engine {
    pub(crate) state: Arc<EngineState>,
}

impl Engine {
    /// An engine from TOML text ("" for the defaults), then REFLOW_* environment variables.
    pub fn new(toml: &str) -> Result<Engine> {
        let mut raw = std::ptr::null_mut();
        // SAFETY: the text is read during the call only.
        check(unsafe { sys::rfl_engine_create(toml.as_ptr() as *const c_char, toml.len(), &mut raw) }, "rfl_engine_create")?;
        Ok(Engine::wrap(raw))
    }

    pub fn from_file(toml_path: &str) -> Result<Engine> {
        let path = c_string(toml_path, "toml_path")?;
        let mut raw = std::ptr::null_mut();
        check(unsafe { sys::rfl_engine_create_from_file(path.as_ptr(), &mut raw) }, "rfl_engine_create_from_file")?;
        Ok(Engine::wrap(raw))
    }

    fn wrap(raw: *mut sys::rfl_engine) -> Engine {
        Engine { state: Arc::new(EngineState { raw, registrations: Mutex::new(Vec::new()) }) }
    }

    /// Registers a component under `info.name`; `make` makes one instance per node.
    pub fn register<F, C>(&self, info: &ComponentInfo, make: F) -> Result<()>
    where
        F: Fn() -> C + Send + Sync + 'static,
        C: Component,
    {
        let registration = Box::new(Registration { make: Box::new(move || Box::new(make()) as Box<dyn Component>) });
        let name = c_string(&info.name, "name")?;
        let description = info.description.as_deref().map(|d| c_string(d, "description")).transpose()?;
        let in_ports = info.in_ports.iter().map(|p| c_string(p, "in port")).collect::<Result<Vec<_>>>()?;
        let out_ports = info.out_ports.iter().map(|p| c_string(p, "out port")).collect::<Result<Vec<_>>>()?;
        let in_pointers: Vec<*const c_char> = in_ports.iter().map(|p| p.as_ptr()).collect();
        let out_pointers: Vec<*const c_char> = out_ports.iter().map(|p| p.as_ptr()).collect();
        let definition = sys::rfl_component_def {
            struct_size: std::mem::size_of::<sys::rfl_component_def>() as u32,
            name: name.as_ptr(),
            description: description.as_ref().map_or(std::ptr::null(), |d| d.as_ptr()),
            in_ports: in_pointers.as_ptr(),
            in_port_count: in_pointers.len(),
            out_ports: out_pointers.as_ptr(),
            out_port_count: out_pointers.len(),
            receive: Some(component::receive_trampoline),
            start: Some(component::start_trampoline),
            inputs_closed: Some(component::inputs_closed_trampoline),
            stop: Some(component::stop_trampoline),
            component_data: &*registration as *const Registration as *mut c_void,
            flags: if info.may_block { sys::RFL_COMPONENT_MAY_BLOCK } else { 0 },
        };
        // SAFETY: the definition and its strings are copied by the call; the Registration is kept below for as long
        // as the engine lives.
        check(unsafe { sys::rfl_component_register(self.state.raw, &definition) }, "rfl_component_register")?;
        self.state.registrations.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(registration);
        Ok(())
    }

    /// Loads a graph file (.fbp, Reflow JSON or NoFlo JSON).
    pub fn load_file(&self, path: &str) -> Result<Network> {
        let path = c_string(path, "path")?;
        let mut raw = std::ptr::null_mut();
        check(unsafe { sys::rfl_network_load_file(self.state.raw, path.as_ptr(), &mut raw) }, "rfl_network_load_file")?;
        Ok(Network::new(self.state.clone(), raw))
    }

    /// Loads a graph from text; `format` "fbp", "json" or None (detected); `name` stands for a file name in messages.
    pub fn load_text(&self, text: &str, format: Option<&str>, name: Option<&str>) -> Result<Network> {
        let format = format.map(|f| c_string(f, "format")).transpose()?;
        let name = name.map(|n| c_string(n, "name")).transpose()?;
        let mut raw = std::ptr::null_mut();
        check(
            unsafe {
                sys::rfl_network_load_text(
                    self.state.raw,
                    text.as_ptr() as *const c_char,
                    text.len(),
                    format.as_ref().map_or(std::ptr::null(), |f| f.as_ptr()),
                    name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr()),
                    &mut raw,
                )
            },
            "rfl_network_load_text",
        )?;
        Ok(Network::new(self.state.clone(), raw))
    }
}

pub(crate) fn c_string(text: &str, what: &str) -> Result<CString> {
    CString::new(text).map_err(|_| Error::new(Status::Argument, format!("the {what} {text:?} contains a NUL byte")))
}
