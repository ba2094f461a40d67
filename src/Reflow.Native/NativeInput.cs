using System.Threading.Channels;
using Reflow.Messages;
using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>rfl_input: an exported in-port of a network, written through its <see cref="ChannelWriter{T}"/>.</summary>
internal sealed unsafe class NativeInput(NativeNetwork network, string name, ChannelWriter<Message> writer)
{
    private volatile bool _completed;

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

        using CancellationTokenSource? deadline = timeoutMs > 0 ? new CancellationTokenSource(timeoutMs) : null;
        try
        {
            while (true)
            {
                ValueTask<bool> room = writer.WaitToWriteAsync(deadline?.Token ?? default);
                if (!(room.IsCompleted ? room.Result : room.AsTask().GetAwaiter().GetResult()))
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
    }

    public void Complete()
    {
        _completed = true;
        writer.TryComplete();
    }
}
