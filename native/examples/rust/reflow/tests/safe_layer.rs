//! The safe layer against the real libreflow.so: values, order and counts of a run with a Rust component, and the
//! error paths (a panicking and an Err-returning component are counted failures; bad graphs, missing files and
//! duplicate names are errors with their status and text).
use std::time::{Duration, Instant};

use reflow::{Component, ComponentInfo, Context, Engine, Fallible, Message, Received, Sent, Status};

const GRAPH: &str = "INPORT=node.in:values\nOUTPORT=pass.out:results\nnode(test/Node) out -> in pass(core/Repeat)\n";

fn info() -> ComponentInfo {
    ComponentInfo { name: "test/Node".into(), in_ports: vec!["in".into()], out_ports: vec!["out".into()], ..Default::default() }
}

/// Adds its node's running total to each integer: state kept per node across messages.
struct RunningSum {
    total: i64,
}

impl Component for RunningSum {
    fn receive(&mut self, ctx: &mut Context, _port: usize, message: &Message<'_>) -> Fallible {
        let value = match *message {
            Message::Integer(value) => value,
            other => return Err(format!("test/Node takes integers, got {other:?}").into()),
        };
        self.total += value;
        ctx.emit(0, &Message::Integer(self.total))?;
        Ok(())
    }
}

struct Panics;

impl Component for Panics {
    fn receive(&mut self, _ctx: &mut Context, _port: usize, message: &Message<'_>) -> Fallible {
        panic!("test/Node panics on {message:?}");
    }
}

/// Sends `values` with try_send (retrying while full, bounded in time), reads every result with try_receive on
/// this thread between sends, and returns what came out with the run's result.
fn run_with(engine: &Engine, values: &[Message<'_>]) -> (Vec<String>, reflow::RunResult, Vec<String>) {
    let network = engine.load_text(GRAPH, Some("fbp"), Some("test.fbp")).expect("the graph loads");
    let mut input = network.input("values").unwrap();
    let mut output = network.output("results").unwrap();
    network.start().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut read = Vec::new();
    let drain = |output: &mut reflow::Output<'_>, read: &mut Vec<String>| -> bool {
        loop {
            match output.try_receive().unwrap() {
                Received::Message(message) => read.push(message.to_json().unwrap()),
                Received::Empty => return false,
                Received::Closed => return true,
                Received::TimedOut => unreachable!("try_receive never times out"),
            }
        }
    };
    for value in values {
        while input.try_send(value).unwrap() == Sent::Full {
            assert!(Instant::now() < deadline, "no room on the input within 30 s");
            drain(&mut output, &mut read);
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    input.complete().unwrap();
    while !drain(&mut output, &mut read) {
        assert!(Instant::now() < deadline, "the output did not close within 30 s");
        std::thread::sleep(Duration::from_millis(1));
    }
    let result = network.wait(30_000).unwrap().expect("the run finishes within 30 s");
    let failures = network.failures().unwrap();
    (read, result, failures)
}

#[test]
fn a_rust_component_runs_in_order_with_its_own_state() {
    let engine = Engine::new("").unwrap();
    engine.register(&info(), || RunningSum { total: 0 }).unwrap();
    let values: Vec<Message> = (1..=100).map(Message::Integer).collect();
    let (read, result, failures) = run_with(&engine, &values);
    let expected: Vec<String> = (1..=100i64).map(|n| (n * (n + 1) / 2).to_string()).collect();
    assert_eq!(read, expected);
    assert_eq!(result.completed, 1);
    assert_eq!(result.failures, 0);
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn an_err_is_a_counted_failure_with_its_text_and_the_run_goes_on() {
    let engine = Engine::new("").unwrap();
    engine.register(&info(), || RunningSum { total: 0 }).unwrap();
    let values = [Message::Integer(1), Message::String("two"), Message::Integer(3)];
    let (read, result, failures) = run_with(&engine, &values);
    assert_eq!(read, ["1", "4"]);
    assert_eq!(result.failures, 1);
    assert_eq!(failures.len(), 1);
    assert!(failures[0].contains("test/Node takes integers, got String(\"two\")"), "{}", failures[0]);
}

#[test]
fn a_panic_on_every_message_is_caught_and_counted() {
    // The expected panics would each print a message (and a backtrace) through the default hook: keep the log for
    // the unexpected ones.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !info.to_string().contains("test/Node panics on") {
            default_hook(info);
        }
    }));
    let engine = Engine::new("").unwrap();
    engine.register(&info(), || Panics).unwrap();
    let values: Vec<Message> = (1..=4).map(Message::Integer).collect();
    let (read, result, failures) = run_with(&engine, &values);
    assert!(read.is_empty(), "{read:?}");
    assert_eq!(result.failures, 4);
    assert!(failures[0].contains("panicked: test/Node panics on Integer(1)"), "{}", failures[0]);
}

#[test]
fn load_and_registration_errors_carry_their_status_and_text() {
    let engine = Engine::new("").unwrap();
    engine.register(&info(), || Panics).unwrap();
    let duplicate = engine.register(&info(), || Panics).err().expect("the name is taken");
    assert_eq!(duplicate.status, Status::Duplicate);
    assert!(duplicate.message.contains("test/Node"), "{}", duplicate.message);

    let network = engine.load_text(GRAPH, None, None).unwrap();
    assert_eq!(network.input("nope").err().expect("no such port").status, Status::NotFound);
    let late = ComponentInfo { name: "test/Late".into(), ..info() };
    assert_eq!(engine.register(&late, || Panics).err().expect("registered after a load").status, Status::State);

    let bare = Engine::new("").unwrap();
    let unknown = bare.load_text(GRAPH, Some("fbp"), Some("unknown.fbp")).err().expect("test/Node is not registered");
    assert_eq!(unknown.status, Status::Graph);
    assert!(unknown.message.contains("test/Node"), "{}", unknown.message);

    let missing = bare.load_file("/nonexistent/graph.fbp").err().expect("the file does not exist");
    assert_eq!(missing.status, Status::NotFound);
    assert!(missing.message.contains("/nonexistent/graph.fbp"), "{}", missing.message);

    let config = Engine::new("[actor_system]\nmessage_buffer_size = \"many\"\n").err().expect("a bad option value");
    assert_eq!(config.status, Status::Config);
}

#[test]
fn messages_convert_to_json() {
    assert_eq!(Message::Integer(42).to_json().unwrap(), "42");
    assert_eq!(Message::String("a\"b").to_json().unwrap(), "\"a\\\"b\"");
    assert_eq!(Message::Boolean(true).to_json().unwrap(), "true");
    assert_eq!(Message::Object("{\"a\":[1,2]}").to_json().unwrap(), "{\"a\":[1,2]}");
}

#[test]
fn events_reach_the_handler_in_order() {
    use std::sync::{Arc, Mutex};
    let engine = Engine::new("").unwrap();
    engine.register(&info(), || RunningSum { total: 0 }).unwrap();
    let mut network = engine.load_text(GRAPH, Some("fbp"), None).unwrap();
    let kinds = Arc::new(Mutex::new(Vec::new()));
    let seen = kinds.clone();
    network.on_event(move |event| seen.lock().unwrap().push((event.kind, event.node.map(str::to_owned)))).unwrap();
    let mut input = network.input("values").unwrap();
    let mut output = network.output("results").unwrap();
    network.start().unwrap();
    assert_eq!(input.send(&Message::Integer(5), 10_000).unwrap(), Sent::Sent);
    input.complete().unwrap();
    assert_eq!(output.receive(10_000).unwrap(), Received::Message(Message::Integer(5)));
    assert_eq!(output.receive(10_000).unwrap(), Received::Closed);
    assert_eq!(network.wait(30_000).unwrap().expect("the run finishes").completed, 1);
    // Events come on the library's own thread: wait (bounded) for the last one.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !kinds.lock().unwrap().iter().any(|(kind, _)| *kind == reflow::sys::RFL_EVENT_NETWORK_FINISHED) {
        assert!(Instant::now() < deadline, "no NetworkFinished event within 10 s: {:?}", kinds.lock().unwrap());
        std::thread::sleep(Duration::from_millis(5));
    }
    let kinds = kinds.lock().unwrap();
    assert_eq!(kinds.first().map(|k| k.0), Some(reflow::sys::RFL_EVENT_NETWORK_STARTED), "{kinds:?}");
    assert!(kinds.iter().any(|(kind, node)| *kind == reflow::sys::RFL_EVENT_ACTOR_STARTED && node.as_deref() == Some("node")), "{kinds:?}");
}
