namespace Reflow.Cli.Running;

/// <summary>The options of <c>reflow run</c> that shape the run itself.</summary>
/// <param name="Format">How results are written.</param>
/// <param name="Events">Print every network event.</param>
/// <param name="Timeout">Stop without draining and fail after this long; none when null.</param>
/// <param name="Progress">When to show the live progress line.</param>
internal sealed record RunSettings(OutputFormat Format, bool Events, TimeSpan? Timeout, ProgressMode Progress)
{
    /// <summary>The <c>--set</c> assignments: node settings applied when the graph is loaded.</summary>
    public SetAssignments Assignments { get; init; } = SetAssignments.None;

    /// <summary><c>--trace</c>: the flowtrace file the run is recorded in; none when null.</summary>
    public string? Trace { get; init; }

    /// <summary><c>--trace-limit</c>: events of the run the trace keeps at most.</summary>
    public long TraceLimit { get; init; } = Server.Tracing.FlowTraceRecorder.DefaultEventLimit;
}
