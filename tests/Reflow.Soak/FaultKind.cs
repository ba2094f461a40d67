namespace Reflow.Soak;

/// <summary>The faults the soak injects, each counted when it actually happened (not when it was planned).</summary>
internal enum FaultKind
{
    /// <summary>A C# actor threw under <see cref="Actors.FailureAction.Resume"/> (skip the message).</summary>
    ThrowResume,

    /// <summary>A C# actor threw under <see cref="Actors.FailureAction.Restart"/> (fresh actor).</summary>
    ThrowRestart,

    /// <summary>A C# actor threw under <see cref="Actors.FailureAction.Stop"/> (later input is dead-lettered).</summary>
    ThrowStop,

    /// <summary>A C# actor threw under a policy with retries (each attempt fails; then resume).</summary>
    ThrowRetry,

    /// <summary>A C# actor threw on a first attempt only, and its retry succeeded.</summary>
    ThrowRetrySucceeded,

    /// <summary>A C# actor threw under a circuit breaker (which may open and dead-letter what arrives meanwhile).</summary>
    ThrowCircuitBreaker,

    /// <summary>A JavaScript node threw.</summary>
    JavaScriptThrow,

    /// <summary>A JavaScript node looped until its time limit stopped it.</summary>
    JavaScriptTimeLimit,

    /// <summary>A Python node raised.</summary>
    PythonThrow,

    /// <summary>A Python node looped until its time limit killed its worker.</summary>
    PythonTimeLimit,

    /// <summary>A Python worker ended itself (<c>os._exit</c>).</summary>
    PythonExit,

    /// <summary>The harness killed a Python worker process with SIGKILL.</summary>
    PythonKilled,

    /// <summary>A WebAssembly node trapped.</summary>
    WasmTrap,

    /// <summary>A slow consumer paused (its edge fills and backpressure holds the producers).</summary>
    SlowConsumer,

    /// <summary>The host sent a message into an exported in-port.</summary>
    HostSend,

    /// <summary>The host cancelled a run part-way.</summary>
    Cancellation,

    /// <summary>The distributed soak killed a <c>reflow node</c> process (SIGKILL) mid-run.</summary>
    NodeKilled,
}
