using System.Threading.Tasks.Dataflow;

namespace Reflow.Benchmarks.Peers.TplDataflow;

/// <summary>
/// Ping-pong between two <see cref="ActionBlock{TInput}"/>s that post to each other, each bounded at 1024 with
/// <c>SingleProducerConstrained</c> (each has exactly one producer).
/// </summary>
public static class DataflowPingPong
{
    /// <summary>Plays <paramref name="score"/> to the end with two new blocks.</summary>
    public static async Task RunAsync(PingPongScore score)
    {
        var options = new ExecutionDataflowBlockOptions { BoundedCapacity = 1024, SingleProducerConstrained = true };
        ActionBlock<long>? ping = null;
        var pong = new ActionBlock<long>(value => Post(ping!, value), options);
        ping = new ActionBlock<long>(
            value =>
            {
                if (score.OnReply())
                {
                    Post(pong, value);
                }
            },
            options);

        score.Start();
        for (int i = 0; i < score.Window; i++)
        {
            Post(pong, i);
        }

        await score.Done.ConfigureAwait(false);
        ping.Complete();
        pong.Complete();
        await Task.WhenAll(ping.Completion, pong.Completion).ConfigureAwait(false);
    }

    private static void Post(ActionBlock<long> block, long value)
    {
        if (!block.Post(value))
        {
            throw new InvalidOperationException("A ping-pong block was full: the window exceeds its capacity.");
        }
    }
}
