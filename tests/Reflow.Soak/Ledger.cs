using System.Collections.Concurrent;

namespace Reflow.Soak;

/// <summary>
/// The record of every message of one graph, per logical edge: what a producer emitted, what a consumer received,
/// what the engine reported failed (ActorFailed events) or dead-lettered. Checked when the run is over: each
/// produced message must be received, failed or dead-lettered, once.
/// </summary>
internal sealed class Ledger
{
    private const int ShownIds = 8;
    private readonly ConcurrentDictionary<(string Edge, string Id), Entry> _entries = new();
    private readonly ConcurrentDictionary<string, int> _anonymousFailures = new();
    private readonly ConcurrentDictionary<string, string> _anonymousReasons = new();
    private readonly ConcurrentQueue<string> _strays = new();

    public long Produced => _entries.Values.Sum(e => (long)e.Produced);

    public void RecordProduced(LogicalEdge edge, string id) => Interlocked.Increment(ref Get(edge, id).Produced);

    public void RecordReceived(LogicalEdge edge, string id) => Interlocked.Increment(ref Get(edge, id).Received);

    public void RecordFailed(LogicalEdge edge, string id) => Interlocked.Increment(ref Get(edge, id).Failed);

    public void RecordDeadLetter(LogicalEdge edge, string id) => Interlocked.Increment(ref Get(edge, id).DeadLettered);

    /// <summary>A failure of a batch script node: the engine names no message, and each batch is one message.</summary>
    public void RecordAnonymousFailure(string node, string reason)
    {
        _anonymousFailures.AddOrUpdate(node, 1, (_, n) => n + 1);
        _anonymousReasons.TryAdd(node, reason);
    }

    /// <summary>Something the harness could not place: a message that is not a soak message, an unknown edge.</summary>
    public void RecordStray(string what) => _strays.Enqueue(what);

    public IEnumerable<Violation> Check(GraphPlan plan)
    {
        foreach (string stray in _strays.Take(ShownIds))
        {
            yield return new Violation(plan.Seed, "stray", stray);
        }

        foreach (IGrouping<string, KeyValuePair<(string Edge, string Id), Entry>> edge in _entries.GroupBy(e => e.Key.Edge).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var missing = new List<string>();
            var duplicated = new List<string>();
            var phantom = new List<string>();
            foreach (KeyValuePair<(string Edge, string Id), Entry> pair in edge)
            {
                Entry e = pair.Value;
                if (e.Produced == 0)
                {
                    phantom.Add(pair.Key.Id);
                }
                else if (e.Produced > 1 || e.Received > 1 || e.DeadLettered > 1 || (e.Received > 0 && e.DeadLettered > 0))
                {
                    duplicated.Add($"{pair.Key.Id} (produced {e.Produced}, received {e.Received}, dead-lettered {e.DeadLettered})");
                }
                else if (e.Received == 0 && e.Failed == 0 && e.DeadLettered == 0)
                {
                    missing.Add(pair.Key.Id);
                }
            }

            // A batch script node's failure names no message: it accounts for one missing message on its edges.
            string? script = edge.First().Key.Edge.Split(" -> ") is { Length: 3 } parts ? parts[1] : null;
            int anonymous = script is null ? 0 : _anonymousFailures.GetValueOrDefault(script);
            if (script is not null)
            {
                int taken = Math.Min(anonymous, missing.Count);
                _anonymousFailures[script] = anonymous - taken;
                missing.RemoveRange(0, taken);
            }

            if (missing.Count > 0)
            {
                yield return new Violation(plan.Seed, "unaccounted",
                    $"edge '{edge.Key}': {missing.Count} of {edge.Count()} message(s) neither received, failed nor dead-lettered: {Ids(missing)}");
            }

            if (duplicated.Count > 0)
            {
                yield return new Violation(plan.Seed, "duplicated", $"edge '{edge.Key}': {duplicated.Count} message(s) counted twice: {Ids(duplicated)}");
            }

            if (phantom.Count > 0)
            {
                yield return new Violation(plan.Seed, "phantom", $"edge '{edge.Key}': {phantom.Count} message(s) received or failed but never produced: {Ids(phantom)}");
            }
        }

        foreach ((string node, int left) in _anonymousFailures.Where(p => p.Value > 0))
        {
            yield return new Violation(plan.Seed, "unmatched-failure", $"node '{node}': {left} failure(s) without a message and no message missing on its edges (first: {_anonymousReasons.GetValueOrDefault(node)})");
        }
    }

    private static string Ids(List<string> ids) => string.Join(", ", ids.Take(ShownIds)) + (ids.Count > ShownIds ? ", …" : "");

    private Entry Get(LogicalEdge edge, string id) => _entries.GetOrAdd((edge.Id, id), static _ => new Entry());

    private sealed class Entry
    {
        public int Produced;
        public int Received;
        public int Failed;
        public int DeadLettered;
    }
}
