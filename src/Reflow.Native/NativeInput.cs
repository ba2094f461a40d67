using System.Threading.Channels;
using Reflow.Messages;
using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>rfl_input: an exported in-port of a network, written through its <see cref="ChannelWriter{T}"/>.</summary>
internal sealed unsafe class NativeInput(NativeNetwork network, string name, ChannelWriter<Message> writer)
{
    private volatile bool _completed;
    private ChannelWaiter? _waiter; // not disposed: a reset deadline holds no armed timer, and the slim event no OS handle

    public string Name { get; } = name;

    public nint Handle { get; set; }

    private bool IsClosed => _completed || network.IsRunOver;

    /// <summary>rfl_input_try_send: never waits; scalars go without allocating.</summary>
    public RflStatus TrySend(RflMessage* message)
    {
        network.EnsureStarted("send to", Name);
        Message converted = MessageConversion.FromNative(message);
        if (writer.TryWrite(converted))
        {
            return RflStatus.Ok;
        }

        return IsClosed ? RflStatus.Closed : RflStatus.Full;
    }

    /// <summary>rfl_input_try_send_batch: <see cref="TrySend"/> for each message in order, stopping at the first that does not go.</summary>
    public RflStatus TrySendBatch(RflMessage* messages, nuint count, nuint* sent)
    {
        nuint index = 0;
        try
        {
            network.EnsureStarted("send to", Name);
            if (messages is null && count > 0)
            {
                throw new RflException(RflStatus.ErrArgument, $"The messages pointer is NULL but count is {count}.");
            }

            for (; index < count; index++)
            {
                if (!writer.TryWrite(MessageConversion.FromNative(messages + index)))
                {
                    return IsClosed ? RflStatus.Closed : RflStatus.Full;
                }
            }

            return RflStatus.Ok;
        }
        catch (RflException e) when (index < count && e.Status != RflStatus.ErrState)
        {
            throw new RflException(e.Status, $"Message {index} of the batch of {count}: {e.Message}");
        }
        finally
        {
            if (sent is not null)
            {
                *sent = index;
            }
        }
    }

    /// <summary>rfl_input_send: waits for room without holding a core (the writer's own wait), up to the timeout.</summary>
    public RflStatus Send(RflMessage* message, int timeoutMs)
    {
        network.EnsureStarted("send to", Name);
        Timeouts.Check(timeoutMs);
        Message converted = MessageConversion.FromNative(message);
        if (writer.TryWrite(converted))
        {
            return RflStatus.Ok;
        }

        if (IsClosed)
        {
            return RflStatus.Closed;
        }

        if (timeoutMs == 0)
        {
            return RflStatus.Timeout;
        }

        ChannelWaiter waiter = Interlocked.Exchange(ref _waiter, null) ?? new ChannelWaiter();
        CancellationToken deadline = waiter.Arm(timeoutMs);
        try
        {
            while (true)
            {
                if (!waiter.Wait(writer.WaitToWriteAsync(deadline)))
                {
                    return RflStatus.Closed;
                }

                if (writer.TryWrite(converted))
                {
                    return RflStatus.Ok;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return RflStatus.Timeout;
        }
        finally
        {
            waiter.Disarm();
            _waiter = waiter;
        }
    }

    public void Complete()
    {
        _completed = true;
        writer.TryComplete();
    }
}
