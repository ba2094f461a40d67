using System.Threading.Channels;
using Reflow.Distributed.Transport;
using Reflow.Messages;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>
/// A receiving end for tests: a bounded channel (the room a network's in-port edge has) read by a consumer that
/// collects the messages, optionally held until <see cref="Release"/> (a slow consumer).
/// </summary>
internal sealed class CollectingTarget : IRemoteEdgeTarget
{
    private readonly Channel<Message> _edge;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Message> _messages = [];
    private int _completions;

    public CollectingTarget(int capacity = 1024, bool held = false)
    {
        _edge = Channel.CreateBounded<Message>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        if (!held)
        {
            _released.SetResult();
        }

        Consumed = ConsumeAsync();
    }

    /// <summary>Ends with every message read, once the receiver completed the target.</summary>
    public Task Consumed { get; }

    public IReadOnlyList<Message> Messages => _messages;

    public int Completions => Volatile.Read(ref _completions);

    public void Release() => _released.TrySetResult();

    public bool TrySend(in Message message) => _edge.Writer.TryWrite(message);

    public ValueTask SendAsync(Message message, CancellationToken cancellationToken) => _edge.Writer.WriteAsync(message, cancellationToken);

    public void Complete()
    {
        Interlocked.Increment(ref _completions);
        _edge.Writer.TryComplete();
    }

    private async Task ConsumeAsync()
    {
        await _released.Task;
        await foreach (Message message in _edge.Reader.ReadAllAsync())
        {
            _messages.Add(message);
        }
    }
}
