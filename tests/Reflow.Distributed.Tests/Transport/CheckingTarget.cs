using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>Checks order as the messages arrive (keeping none, so the measurement allocates nothing for them).</summary>
internal sealed class CheckingTarget : IRemoteEdgeTarget
{
    public long Next { get; private set; }

    public bool Completed { get; private set; }

    public bool TrySend(in Message message)
    {
        if (!message.TryGetInteger(out long value) || value != Next)
        {
            Assert.Fail($"message {Next} was {message}"); // formatted only on failure: the run counts allocations
        }

        Next++;
        return true;
    }

    public ValueTask SendAsync(Message message, CancellationToken cancellationToken) => throw new InvalidOperationException("TrySend always takes the message.");

    public void Complete() => Completed = true;
}
