using Reflow.Networks;

namespace Reflow.Cli.Running;

/// <summary>How a run ended, with what the CLI counted around it.</summary>
/// <param name="Status">In words: completed, drained after an interrupt, timed out, failed.</param>
/// <param name="Succeeded">Whether the exit code is 0.</param>
/// <param name="Result">The runtime's statistics; null when the run failed without any.</param>
/// <param name="Accepted">Messages the network accepted on each exported in-port.</param>
/// <param name="Received">Messages read from each exported out-port.</param>
internal sealed record RunOutcome(
    string Status,
    bool Succeeded,
    NetworkRunResult? Result,
    IReadOnlyDictionary<string, long> Accepted,
    IReadOnlyDictionary<string, long> Received)
{
    /// <summary>
    /// What fails a finished run, appended to its status: " with 2 uncaught failure(s) and 3 message(s) lost to
    /// failures"; empty when nothing does (caught and ignored failures do not).
    /// </summary>
    public static string FailureStatus(NetworkRunResult result)
    {
        List<string> parts = [];
        if (result.UncaughtFailures > 0)
        {
            parts.Add($"{result.UncaughtFailures} uncaught failure(s)");
        }

        if (result.DeadLettersFromFailures > 0)
        {
            parts.Add($"{result.DeadLettersFromFailures} message(s) lost to failures (stopped actor or open circuit)");
        }

        return parts.Count == 0 ? "" : " with " + string.Join(" and ", parts);
    }

    /// <summary>Handled messages per second over the run.</summary>
    public double MessagesPerSecond => Result is { } r && r.Elapsed > TimeSpan.Zero ? r.Messages / r.Elapsed.TotalSeconds : 0;
}
