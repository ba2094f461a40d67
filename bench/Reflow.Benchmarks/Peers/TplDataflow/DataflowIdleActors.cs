using System.Threading.Tasks.Dataflow;

namespace Reflow.Benchmarks.Peers.TplDataflow;

/// <summary>B7 in TPL Dataflow: <c>actors</c> <see cref="ActionBlock{TInput}"/>s bounded at 1024, each posted one message.</summary>
public static class DataflowIdleActors
{
    /// <summary>Starts the blocks; returns the teardown.</summary>
    public static Task<Func<Task>> StartAsync(int actors, Countdown handled)
    {
        var options = new ExecutionDataflowBlockOptions { BoundedCapacity = 1024, SingleProducerConstrained = true };
        var blocks = new ActionBlock<long>[actors];
        for (int i = 0; i < actors; i++)
        {
            blocks[i] = new ActionBlock<long>(_ => handled.Signal(), options);
            blocks[i].Post(1);
        }

        return Task.FromResult<Func<Task>>(() =>
        {
            Array.ForEach(blocks, b => b.Complete());
            return Task.WhenAll(blocks.Select(b => b.Completion));
        });
    }
}
