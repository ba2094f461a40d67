using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Native.Interop;
using Reflow.Networks;

namespace Reflow.Native;

/// <summary>
/// The thread that hands a network's events to the host's rfl_event_fn, one at a time, in order. The events come
/// through a bounded subscription, so a slow callback loses the oldest (counted by the network), never slows it.
/// </summary>
internal sealed unsafe class EventPump : IDisposable
{
    private sealed class Callback(delegate* unmanaged<RflEvent*, void*, void> function, void* userData)
    {
        public readonly delegate* unmanaged<RflEvent*, void*, void> Function = function;
        public readonly void* UserData = userData;
    }

    private readonly ChannelReader<NetworkEvent> _events;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly NativeBuffer _node = new();
    private readonly NativeBuffer _edge = new();
    private readonly NativeBuffer _text = new();
    private volatile Callback? _callback;
    private DateTimeOffset? _start;

    public EventPump(Network network)
    {
        _events = network.SubscribeEvents();
        _thread = new Thread(Pump) { IsBackground = true, Name = "reflow events" };
        _thread.Start();
    }

    public void SetCallback(delegate* unmanaged<RflEvent*, void*, void> function, void* userData) =>
        _callback = function is null ? null : new Callback(function, userData);

    public void Dispose()
    {
        _stop.Cancel();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _stop.Dispose();
        _node.Dispose();
        _edge.Dispose();
        _text.Dispose();
    }

    private void Pump()
    {
        try
        {
            while (_events.WaitToReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
            {
                while (!_stop.IsCancellationRequested && _events.TryRead(out NetworkEvent? next))
                {
                    _start ??= next.Timestamp;
                    if (next.Kind == NetworkEventKind.NetworkStarted)
                    {
                        _start = next.Timestamp;
                    }

                    if (_callback is { } callback)
                    {
                        try
                        {
                            Deliver(callback, next);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            // nothing can be returned to the host from this thread: say it where a host sees it
                            Console.Error.WriteLine($"reflow: an event could not be handed to the event callback: {e.Message}");
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the network is being destroyed
        }
    }

    private void Deliver(Callback callback, NetworkEvent next)
    {
        RflEvent native = new()
        {
            Kind = (int)next.Kind,
            Node = next.NodeId is null ? null : Lend(_node, next.NodeId),
            Edge = next.EdgeId is null ? null : Lend(_edge, next.EdgeId),
            Text = Lend(_text, Describe(next)),
            Sequence = next.Sequence,
            TimestampMs = (next.Timestamp - _start!.Value).TotalMilliseconds,
        };
        callback.Function(&native, callback.UserData);
    }

    private static byte* Lend(NativeBuffer buffer, string text)
    {
        buffer.WriteUtf8(text);
        return buffer.Pointer;
    }

    private static string Describe(NetworkEvent e) =>
        $"{e.Kind}{(e.NodeId is null ? "" : " " + e.NodeId)}{(e.Port is null ? "" : " " + e.Port)}" +
        $"{(e.Message is { } m ? " " + m : "")}{(e.Exception is null ? "" : ": " + e.Exception.Message)}" +
        $"{(e.Nodes.Count == 0 ? "" : " [" + string.Join(" -> ", e.Nodes) + "]")}";
}
