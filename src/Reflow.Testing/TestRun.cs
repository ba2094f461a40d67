using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>
/// A finished test run: what each exported out-port emitted, the run's statistics, its failures and dead letters,
/// and assertions over them.
/// </summary>
public sealed class TestRun
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<Message>> _outputs;
    private readonly IReadOnlyDictionary<string, long> _read;

    internal TestRun(
        NetworkRunResult result,
        IReadOnlyDictionary<string, IReadOnlyList<Message>> outputs,
        IReadOnlyDictionary<string, long> read,
        IReadOnlyDictionary<string, long> sent,
        IReadOnlyList<DeadLetter> deadLetters)
    {
        Result = result;
        _outputs = outputs;
        _read = read;
        Sent = sent;
        DeadLetters = deadLetters;
    }

    /// <summary>The run's statistics, as <see cref="Network.RunAsync"/> returned them.</summary>
    public NetworkRunResult Result { get; }

    /// <summary>How many messages the test sent to each exported in-port.</summary>
    public IReadOnlyDictionary<string, long> Sent { get; }

    /// <summary>The dead letters the run kept (up to <see cref="NetworkOptions.DeadLetterCapacity"/>; <see cref="NetworkRunResult.DeadLetters"/> counts all).</summary>
    public IReadOnlyList<DeadLetter> DeadLetters { get; }

    /// <summary>The failures the run kept (node, port, text), in the order they happened.</summary>
    public IReadOnlyList<ActorFailure> Failures => Result.Failures;

    /// <summary>The names of the exported out-ports that were read.</summary>
    public IEnumerable<string> OutPorts => _outputs.Keys;

    /// <summary>Everything exported out-port <paramref name="port"/> emitted, in order.</summary>
    /// <exception cref="ArgumentException">No such exported out-port: the ones there are are listed.</exception>
    public Emitted Output(string port)
    {
        ArgumentNullException.ThrowIfNull(port);
        return _outputs.TryGetValue(port, out IReadOnlyList<Message>? messages)
            ? new Emitted(port, messages)
            : throw new ArgumentException(
                $"The run has no exported out-port '{port}'; it has: {string.Join(", ", _outputs.Keys.Order(StringComparer.Ordinal))}.", nameof(port));
    }

    /// <summary>The statistics of node <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">No such node.</exception>
    public NodeStatistics Node(string id) =>
        Result.Nodes.FirstOrDefault(n => n.Id == id)
        ?? throw new ArgumentException($"The run has no node '{id}'; it has: {string.Join(", ", Result.Nodes.Select(n => n.Id))}.", nameof(id));

    /// <summary>Asserts the run had no failure at all (caught, uncaught or ignored) and no actor call threw.</summary>
    /// <exception cref="ReflowAssertionException">There were failures: each is listed with its node and text.</exception>
    public TestRun ShouldHaveNoFailures()
    {
        if (Result.FailureCount > 0 || Result.Errors > 0)
        {
            throw new ReflowAssertionException(
                $"Expected no failures, but the run had {Result.FailureCount} failure(s) and {Result.Errors} error(s):\n" + ListFailures());
        }

        return this;
    }

    /// <summary>
    /// Asserts node <paramref name="node"/> failed at least once with a text that contains <paramref name="text"/>
    /// (ordinal comparison).
    /// </summary>
    /// <exception cref="ReflowAssertionException">No such failure: the failures there were are listed.</exception>
    public TestRun ShouldHaveFailure(string node, string text)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(text);
        if (!Failures.Any(f => f.NodeId == node && f.Message.Contains(text, StringComparison.Ordinal)))
        {
            throw new ReflowAssertionException(
                $"Expected a failure of node '{node}' containing \"{text}\"; the run had {Result.FailureCount}:\n" + ListFailures());
        }

        return this;
    }

    /// <summary>Asserts exactly <paramref name="count"/> dead letters went out for <paramref name="reason"/>.</summary>
    /// <exception cref="ReflowAssertionException">Another count: every reason's count is listed.</exception>
    public TestRun ShouldHaveDeadLetters(DeadLetterReason reason, long count)
    {
        long actual = Result.DeadLettersByReason.TryGetValue(reason, out long n) ? n : 0;
        if (actual != count)
        {
            throw new ReflowAssertionException(
                $"Expected {count} dead letter(s) for {reason}, got {actual}. By reason: {ListDeadLetterReasons()}; kept: {ListDeadLetters()}");
        }

        return this;
    }

    /// <summary>
    /// Asserts no message was lost: the run completed; every message the test sent was taken by the network (each
    /// exported in-port's host edge handled as many as were sent); every message that reached an exported out-port
    /// was read by the test; and nothing was dropped or dead-lettered beyond <paramref name="expectedDeadLetters"/>
    /// (which must then be accounted for by dead letters, not silent drops).
    /// </summary>
    /// <exception cref="ReflowAssertionException">A count does not add up: each one that does not is named.</exception>
    public TestRun ShouldLoseNothing(long expectedDeadLetters = 0)
    {
        var problems = NoLoss.Check(Result, Sent, _read, expectedDeadLetters);
        if (problems.Count > 0)
        {
            throw new ReflowAssertionException("Messages were lost:\n  " + string.Join("\n  ", problems));
        }

        return this;
    }

    private string ListFailures() => Failures.Count == 0
        ? "  (none kept)"
        : string.Join("\n", Failures.Select(f => $"  {f.NodeId}{(f.Port is null ? "" : "." + f.Port)}: {f.Message} ({f.Handling})"));

    private string ListDeadLetterReasons() => Result.DeadLettersByReason.Count == 0
        ? "none"
        : string.Join(", ", Result.DeadLettersByReason.Select(p => $"{p.Key} = {p.Value}"));

    private string ListDeadLetters() => DeadLetters.Count == 0
        ? "none"
        : string.Join("; ", DeadLetters.Take(10).Select(d => $"{d.NodeId}.{d.InPort} {MessageText.Render(d.Message)} ({d.Reason})"));
}
