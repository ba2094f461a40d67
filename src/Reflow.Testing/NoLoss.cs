using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>
/// The no-loss accounting of a run: every message is handled, read by the host, dropped into the dead letters
/// (counted there), or lost to a failure (counted as one) — never gone without a count.
/// </summary>
public static class NoLoss
{
    private const string Host = "(host)"; // how a result names the host end of an exported port's edge

    /// <summary>
    /// The ways <paramref name="result"/> fails to account for every message: <paramref name="sent"/> per exported
    /// in-port against what the network took on that port's host edge, <paramref name="read"/> per exported out-port
    /// against what reached it, whether the run completed, and its drops and dead letters against
    /// <paramref name="expectedDeadLetters"/>. Empty when nothing was lost.
    /// </summary>
    public static IReadOnlyList<string> Check(
        NetworkRunResult result,
        IReadOnlyDictionary<string, long> sent,
        IReadOnlyDictionary<string, long> read,
        long expectedDeadLetters = 0)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(read);
        var problems = new List<string>();
        if (!result.Completed)
        {
            problems.Add("the run did not complete (stopped without draining, cancelled or disposed): work was left undone");
        }

        foreach ((string port, long count) in sent)
        {
            long taken = HostEdges(result, port, inbound: true).Sum(e => e.Messages);
            if (taken != count)
            {
                problems.Add($"in-port '{port}': the test sent {count}, the network took {taken}");
            }
        }

        foreach ((string port, long count) in read)
        {
            var edges = HostEdges(result, port, inbound: false).ToList();
            long reached = edges.Sum(e => e.Messages);
            if (edges.Count > 0 && reached != count)
            {
                problems.Add($"out-port '{port}': {reached} reached it, the test read {count}");
            }
        }

        foreach (NodeStatistics node in result.Nodes)
        {
            if (node.Dropped != node.DeadLetters)
            {
                problems.Add($"node '{node.Id}' dropped {node.Dropped} message(s) of which only {node.DeadLetters} went to the dead letters");
            }
        }

        if (result.DeadLetters != expectedDeadLetters)
        {
            string reasons = result.DeadLettersByReason.Count == 0 ? "" : " (" + string.Join(", ", result.DeadLettersByReason.Select(p => $"{p.Key} = {p.Value}")) + ")";
            problems.Add($"{result.DeadLetters} dead letter(s){reasons}, expected {expectedDeadLetters}; by node: " +
                string.Join(", ", result.Nodes.Where(n => n.DeadLetters > 0).Select(n => $"{n.Id} = {n.DeadLetters}")));
        }

        if (result.DeadLettersFromFailures > 0)
        {
            problems.Add($"{result.DeadLettersFromFailures} message(s) lost to failures (an actor stopped or its circuit open)");
        }

        return problems;
    }

    private static IEnumerable<EdgeStatistics> HostEdges(NetworkRunResult result, string port, bool inbound) =>
        result.Edges.Where(e => inbound
            ? e.From == Host && e.FromPort == port
            : e.To == Host && e.ToPort == port);
}
