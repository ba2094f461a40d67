using System.Runtime.CompilerServices;
using Reflow.Messages;
using Reflow.Actors;

namespace Reflow.Scheduling;

// Failure bookkeeping: what the run result, the metrics and the CLI report about a node's failures and dead letters.
// Everything here runs only after a failure, a drop or a dead letter, never per message.
internal sealed partial class ActorCell
{
    private FailureState? _failed; // made on the first failure, drop or dead letter: most cells never have one

    /// <summary>Exceptions and unrouted Error messages; owner-only writes, racy reads (metrics) are fine.</summary>
    public long Failures => _failed?.Failures ?? 0;

    /// <summary>The failures nothing in the graph handled (ignored or not).</summary>
    public long UncaughtFailures => _failed?.Uncaught ?? 0;

    /// <summary>Messages addressed to this node that went to the dead letters.</summary>
    public long DeadLetters => _failed?.DeadLetters ?? 0;

    /// <summary>Dead letters turned away because the actor was stopped or its circuit open (see <see cref="DeadLetterReason"/>).</summary>
    public long DeadLettersFromFailures => _failed?.FromFailures ?? 0;

    /// <summary>The node's policy ignores its uncaught failures.</summary>
    public bool IgnoresFailures => _policy.IgnoreFailures;

    /// <summary>The cell's failure and supervision state, made when first needed.</summary>
    private FailureState Failed => _failed ??= new FailureState();

    /// <summary>Counts a message dropped (unrouted, late, or dead-lettered); out of line, so the paths that call it stay small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountDropped() => Failed.Dropped++;

    /// <summary>
    /// An emission no edge takes (an out-port with no edge, or after the run): counted as dropped; an Error message
    /// is also an uncaught failure, since nothing in the graph handles it. Only this drop path looks at the kind, so
    /// connected ports pay nothing for the rule.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DropUnrouted(int outPort, in Message message)
    {
        CountDropped();
        if (!message.TryGetError(out string? text))
        {
            return;
        }

        string port = Node.Component.Description.OutPorts[outPort].Name;
        RecordFailure(text, null, port, caught: false);
        if (_run.Events.Enabled)
        {
            _run.Events.Publish(NetworkEventKind.ActorFailed, Node.Id, port, message, state: State);
        }
    }

    /// <summary>Counts a failure and keeps its record while the run's log has room.</summary>
    private void RecordFailure(string message, Exception? exception, string? port, bool caught)
    {
        FailureState counts = Failed;
        counts.Failures++;
        FailureHandling handling = caught ? FailureHandling.Caught : _policy.IgnoreFailures ? FailureHandling.Ignored : FailureHandling.Uncaught;
        if (!caught)
        {
            counts.Uncaught++;
        }

        if (!_run.Failures.IsFull) // past the kept ones a failure is only counted, here: no record is built
        {
            _run.Failures.Add(new ActorFailure(Node.Id, message, exception?.GetType().FullName) { Port = port, Handling = handling });
        }
    }

    /// <summary>Counts an exception as a failure.</summary>
    private void RecordFailure(Exception exception, string? port, bool caught) => RecordFailure(exception.Message, exception, port, caught);

    private void CountDeadLetter(DeadLetterReason reason)
    {
        FailureState counts = Failed;
        counts.DeadLetters++;
        if (reason is DeadLetterReason.ActorStopped or DeadLetterReason.CircuitOpen)
        {
            counts.FromFailures++;
        }
    }
}
