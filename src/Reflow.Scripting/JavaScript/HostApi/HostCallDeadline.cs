using System.Globalization;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// How long one blocking host call (a <c>fetch</c>, a file read) may take: the node's time limit
/// (<see cref="ScriptLimits.Timeout"/>), cut shorter by the token of the current call into the script when the engine
/// gives one, so a host call cannot outlive the call that made it.
/// </summary>
internal sealed class HostCallDeadline(TimeSpan? timeout, Func<CancellationToken>? callCancellation)
{
    /// <summary>A source whose token expires with this call; dispose it when the call ends.</summary>
    public CancellationTokenSource Start()
    {
        CancellationTokenSource source = callCancellation is null
            ? new CancellationTokenSource()
            : CancellationTokenSource.CreateLinkedTokenSource(callCancellation());
        if (timeout is TimeSpan limit)
        {
            source.CancelAfter(limit);
        }

        return source;
    }

    /// <summary>The limit, as a timeout error names it.</summary>
    public string Describe() => timeout is TimeSpan limit
        ? $"the node's time limit ({limit.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms; raise it with the 'timeout' setting)"
        : "the call was cancelled";
}
