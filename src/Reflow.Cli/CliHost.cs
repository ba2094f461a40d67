using Reflow.Networks;

namespace Reflow.Cli;

/// <summary>
/// What a command reads and writes: the console for the real <c>reflow</c>, writers and a registry of test
/// components for in-process tests.
/// </summary>
internal sealed class CliHost
{
    /// <summary>Results: exported out-port values, reports, summaries.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Problems, events and the live progress line.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Where <c>--input port=-</c> reads from.</summary>
    public required TextReader In { get; init; }

    /// <summary>Whether <see cref="Error"/> is a terminal (the live progress line is drawn only there).</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>The environment variables; the process's when null.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Makes the component registry; its argument is where components that print (core/Output) write.</summary>
    public required Func<TextWriter, ComponentRegistry> CreateRegistry { get; init; }

    /// <summary>Ctrl-C.</summary>
    public InterruptSignal Interrupts { get; init; } = new();

    /// <summary>Whether to route SIGINT/SIGTERM to <see cref="Interrupts"/> during a run (the real process; not in-process tests).</summary>
    public bool ListenToSignals { get; init; }
}
