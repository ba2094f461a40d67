namespace Reflow.Soak;

/// <summary>What a node of a soak graph is.</summary>
internal enum NodeKind
{
    /// <summary>A C# source of planned messages.</summary>
    Source,

    /// <summary>A C# relay: records, maybe throws, re-emits under a fresh id.</summary>
    Relay,

    /// <summary>A C# sink that records what it receives.</summary>
    Sink,

    /// <summary>A C# sink that pauses now and then (on the blocking pool): a slow consumer.</summary>
    SlowSink,

    /// <summary>The JavaScript relay (Jint), between two C# nodes.</summary>
    JavaScript,

    /// <summary>The Python relay (a worker process), between two C# nodes.</summary>
    Python,

    /// <summary>The WebAssembly relay (Wasmtime, batch ABI), between two C# nodes.</summary>
    Wasm,
}
