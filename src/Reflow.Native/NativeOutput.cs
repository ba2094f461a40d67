using System.Threading.Channels;
using Reflow.Messages;
using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>
/// rfl_output: an exported out-port of a network, read through its <see cref="ChannelReader{T}"/>. Text, bytes
/// and JSON of a message read are lent from this output's buffer until its next read.
/// </summary>
internal sealed unsafe class NativeOutput(string name, ChannelReader<Message> reader) : IDisposable
{
    private readonly NativeBuffer _buffer = new();
    private ChannelWaiter? _waiter;

    public string Name { get; } = name;

    public nint Handle { get; set; }

    /// <summary>rfl_output_try_receive: never waits; scalars come without allocating.</summary>
    public RflStatus TryReceive(RflMessage* message)
    {
        if (message is null)
        {
            throw new RflException(RflStatus.ErrArgument, "The message pointer to fill is NULL.");
        }

        if (reader.TryRead(out Message read))
        {
            MessageConversion.ToNative(read, message, _buffer);
            return RflStatus.Ok;
        }

        return reader.Completion.IsCompleted ? RflStatus.Closed : RflStatus.Empty;
    }

    /// <summary>rfl_output_receive: waits without holding a core, up to the timeout.</summary>
    public RflStatus Receive(RflMessage* message, int timeoutMs)
    {
        Timeouts.Check(timeoutMs);
        RflStatus status = TryReceive(message);
        if (status != RflStatus.Empty)
        {
            return status;
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
                if (!waiter.Wait(reader.WaitToReadAsync(deadline)))
                {
                    return RflStatus.Closed;
                }

                status = TryReceive(message);
                if (status != RflStatus.Empty)
                {
                    return status;
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

    public void Dispose()
    {
        _buffer.Dispose();
        Interlocked.Exchange(ref _waiter, null)?.Dispose();
    }
}
