//! The Rust host of Reflow: registers a Rust component (rust/Upper), loads upper.fbp, feeds it words from this
//! thread while another thread reads the results, and prints them with the run's counts.
//!   reflow-rust-host GRAPH
use std::process::ExitCode;
use std::thread;

use reflow::{Component, ComponentInfo, Context, Engine, Fallible, Message, Received, Sent};

/// Upper-cases each string; counts them in the node's own instance and says how many once the input closes.
struct Upper {
    count: usize,
}

impl Component for Upper {
    fn receive(&mut self, ctx: &mut Context, _port: usize, message: &Message<'_>) -> Fallible {
        let text = match message {
            Message::String(text) => text,
            other => return Err(format!("rust/Upper takes strings, got {other:?}").into()),
        };
        ctx.emit(0, &Message::String(&text.to_uppercase()))?;
        self.count += 1;
        Ok(())
    }

    fn inputs_closed(&mut self, ctx: &mut Context) -> Fallible {
        ctx.emit(0, &Message::String(&format!("upper-cased {} words", self.count)))?;
        Ok(())
    }
}

fn run(graph: &str) -> reflow::Result<()> {
    let engine = Engine::new("")?;
    let info = ComponentInfo {
        name: "rust/Upper".into(),
        in_ports: vec!["in".into()],
        out_ports: vec!["out".into()],
        description: Some("Upper-cases strings".into()),
        may_block: false,
    };
    engine.register(&info, || Upper { count: 0 })?;
    let network = engine.load_file(graph)?;
    let mut words = network.input("words")?;
    let mut results = network.output("results")?;
    network.start()?;

    let read = thread::scope(|scope| -> reflow::Result<Vec<String>> {
        let reader = scope.spawn(move || -> reflow::Result<Vec<String>> {
            let mut read = Vec::new();
            loop {
                match results.receive(-1)? {
                    Received::Message(Message::String(text)) => read.push(text.to_owned()),
                    Received::Message(other) => read.push(other.to_json()?),
                    _ => return Ok(read),
                }
            }
        });
        let mut send = || -> reflow::Result<()> {
            for word in ["alpha", "beta", "gamma"] {
                if words.send(&Message::String(word), -1)? != Sent::Sent {
                    eprintln!("the input closed before {word:?}");
                }
            }
            Ok(())
        };
        let sent = send();
        // Completed even after a failed send: the run drains and closes `results`, so the reader ends.
        let completed = words.complete();
        let read = reader.join().expect("the reader thread does not panic");
        sent.and(completed).and(read)
    })?;

    let result = network.wait(30_000)?.expect("the run finishes within 30 s");
    for text in read {
        println!("result: {text}");
    }
    println!("completed: {}, failures: {}, uncaught: {}", result.completed, result.failures, result.uncaught_failures);
    for failure in network.failures()? {
        println!("failure: {failure}");
    }
    Ok(())
}

fn main() -> ExitCode {
    let graph = match std::env::args().nth(1) {
        Some(graph) => graph,
        None => {
            eprintln!("usage: reflow-rust-host GRAPH");
            return ExitCode::from(2);
        }
    };
    match run(&graph) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("reflow error: {error}");
            ExitCode::FAILURE
        }
    }
}
