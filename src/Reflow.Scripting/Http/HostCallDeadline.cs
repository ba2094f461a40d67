using System.Globalization;

namespace Reflow.Scripting.Http;

/// <summary>
/// How long one blocking host call (a <c>fetch</c>, a file read) may take: what is left of the current call into the
/// script when the engine says when that call ends (<c>callDeadline</c>, an <see cref="Environment.TickCount64"/>),
/// else the node's whole time limit (<see cref="ScriptLimits.Timeout"/>): a host call cannot outlive the call that made it.
/// </summary>
internal sealed class HostCallDeadline(TimeSpan? timeout, Func<long>? callDeadline)
{
    /// <summary>A source whose token expires with this call; dispose it when the call ends.</summary>
    public CancellationTokenSource Start()
    {
        var source = new CancellationTokenSource();
        if (callDeadline?.Invoke() is long deadline && deadline != long.MaxValue)
        {
            source.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)));
        }
        else if (timeout is TimeSpan limit)
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
