using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks;

/// <summary>Actors that receive their input in batches (<see cref="BatchActor"/>).</summary>
public sealed class BatchReceiveTests
{
    private static readonly TimeSpan s_hangLimit = TestComponents.HangLimit;

    /// <summary>What a recording batch actor saw: every batch, as (in-port, value) pairs, in the order received.</summary>
    private sealed class Seen
    {
        public ConcurrentQueue<(int Port, long Value)[]> Batches { get; } = new();

        public IEnumerable<(int Port, long Value)> All => Batches.SelectMany(b => b);

        public List<long> On(int port) => All.Where(m => m.Port == port).Select(m => m.Value).ToList();
    }

    /// <summary>Records each batch, passes each message on (if "out" is connected), and throws when <paramref name="fail"/> says so.</summary>
    private sealed class Recorder(Seen seen, int maxBatchSize, Func<(int Port, long Value)[], bool>? fail = null) : BatchActor(maxBatchSize)
    {
        public override void ReceiveBatch(ActorContext context, ReadOnlySpan<BatchMessage> batch)
        {
            var items = new (int, long)[batch.Length];
            for (int i = 0; i < batch.Length; i++)
            {
                items[i] = (batch[i].InPortIndex, batch[i].Message.AsInteger());
            }

            if (fail?.Invoke(items) == true)
            {
                throw new InvalidOperationException($"batch of {items.Length} refused");
            }

            seen.Batches.Enqueue(items);
            foreach (BatchMessage item in batch)
            {
                context.Emit("out", item.Message);
            }
        }
    }

    private static Component Batcher(Seen seen, int maxBatchSize, Func<(int Port, long Value)[], bool>? fail = null, InputMode mode = InputMode.EachMessage) =>
        Component.FromFactory(
            new ComponentDescription("test/Batcher", [new("a", PortType.Integer), new("b", PortType.Integer), new("c", PortType.Integer)], [new("out", PortType.Integer)], inputMode: mode),
            () => new Recorder(seen, maxBatchSize, fail));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_batch_actor_sees_every_message_once_in_order_per_edge(int workers)
    {
        const int Count = 5_000;
        var seen = new Seen();
        var collected = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 16)
            .AddNode("a", TestComponents.Numbers(Count))
            .AddNode("b", TestComponents.Numbers(Count))
            .AddNode("c", TestComponents.Numbers(Count))
            .AddNode("batch", Batcher(seen, maxBatchSize: 32))
            .AddNode("collect", TestComponents.Collect(collected))
            .Connect("a", "out", "batch", "a")
            .Connect("b", "out", "batch", "b")
            .Connect("c", "out", "batch", "c")
            .Connect("batch", "out", "collect", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = workers, MinActorsPerWorker = 1 });

        NetworkRunResult result = await network.RunAsync().WaitAsync(s_hangLimit);

        long[] expected = Enumerable.Range(1, Count).Select(i => (long)i).ToArray();
        Assert.Equal(expected, seen.On(0)); // once each, in the order of its edge
        Assert.Equal(expected, seen.On(1));
        Assert.Equal(expected, seen.On(2));
        Assert.Equal(3L * Count * (Count + 1) / 2, collected.Sum(m => m.AsInteger()));
        Assert.Equal(3 * Count, collected.Count);
        Assert.All(seen.Batches, b => Assert.InRange(b.Length, 1, 32)); // never empty, never past the bound
        Assert.Contains(seen.Batches, b => b.Length > 1); // a source emits eight per turn: they arrive together
        NodeStatistics batch = result.Nodes.Single(n => n.Id == "batch");
        Assert.Equal(seen.Batches.Count, batch.Invocations); // one invocation per batch
        Assert.Equal(0, batch.Errors);
    }

    [Fact]
    public async Task A_failed_batch_is_retried_whole_and_in_order()
    {
        const int Count = 2_000;
        var seen = new Seen();
        int failures = 0;
        bool FailOnceAt1000((int Port, long Value)[] batch) =>
            batch.Any(m => m.Value == 1_000) && Interlocked.Increment(ref failures) == 1;
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 16)
            .AddNode("numbers", TestComponents.Numbers(Count))
            .AddNode("batch", Batcher(seen, maxBatchSize: 64, FailOnceAt1000))
            .Connect("numbers", "out", "batch", "a")
            .Supervise("batch", new SupervisionPolicy { MaxRetries = 3, RetryBackoff = TimeSpan.FromMilliseconds(1) })
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1 });

        NetworkRunResult result = await network.RunAsync().WaitAsync(s_hangLimit);

        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), seen.On(0)); // nothing lost, nothing twice
        NodeStatistics batch = result.Nodes.Single(n => n.Id == "batch");
        Assert.Equal(1, batch.Errors);
        Assert.Equal(2, failures); // the failed attempt and the retry that went through
        Assert.Equal(0, result.DeadLetters);
    }

    [Fact]
    public async Task Under_resume_a_failed_batch_counts_as_handled_and_the_next_batches_go_on()
    {
        const int Count = 2_000;
        var seen = new Seen();
        var refused = new ConcurrentQueue<(int Port, long Value)[]>();
        bool FailAt1000((int Port, long Value)[] batch)
        {
            bool fail = batch.Any(m => m.Value == 1_000);
            if (fail)
            {
                refused.Enqueue(batch);
            }

            return fail;
        }

        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 16)
            .AddNode("numbers", TestComponents.Numbers(Count))
            .AddNode("batch", Batcher(seen, maxBatchSize: 64, FailAt1000))
            .Connect("numbers", "out", "batch", "a")
            .Supervise("batch", new SupervisionPolicy { Action = FailureAction.Resume })
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1 });

        NetworkRunResult result = await network.RunAsync().WaitAsync(s_hangLimit);

        (int Port, long Value)[] lost = Assert.Single(refused);
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i).Except(lost.Select(m => m.Value)), seen.On(0));
        Assert.Equal(1, result.Nodes.Single(n => n.Id == "batch").Errors);
        Assert.True(result.Completed);
        Assert.Equal(Count, result.Edges.Single().Messages); // every credit came back: the failed batch was handled too
    }

    [Fact]
    public async Task Under_restart_a_fresh_actor_takes_the_batches_after_the_failed_one()
    {
        const int Count = 2_000;
        var seen = new Seen();
        var refused = new ConcurrentQueue<(int Port, long Value)[]>();
        int instances = 0;
        Component component = Component.FromFactory(
            new ComponentDescription("test/Batcher", [new("a", PortType.Integer)], [new("out", PortType.Integer)]),
            () =>
            {
                bool first = Interlocked.Increment(ref instances) == 1; // only the first instance fails
                return new Recorder(seen, 64, batch =>
                {
                    bool fail = first && batch.Any(m => m.Value >= 1_000);
                    if (fail)
                    {
                        refused.Enqueue(batch);
                    }

                    return fail;
                });
            });
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 16)
            .AddNode("numbers", TestComponents.Numbers(Count))
            .AddNode("batch", component)
            .Connect("numbers", "out", "batch", "a")
            .Supervise("batch", new SupervisionPolicy { Action = FailureAction.Restart })
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1 });

        NetworkRunResult result = await network.RunAsync().WaitAsync(s_hangLimit);

        (int Port, long Value)[] lost = Assert.Single(refused);
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i).Except(lost.Select(m => m.Value)), seen.On(0));
        NodeStatistics batch = result.Nodes.Single(n => n.Id == "batch");
        Assert.Equal((1, 1L), (batch.Restarts, batch.Errors));
        Assert.Equal(2, instances);
        Assert.Equal(0, result.DeadLetters);
    }

    [Fact]
    public async Task A_stopped_batch_actor_dead_letters_what_was_still_queued()
    {
        const int Count = 2_000;
        var seen = new Seen();
        NetworkDefinition definition = new NetworkBuilder(defaultEdgeCapacity: 16)
            .AddNode("numbers", TestComponents.Numbers(Count))
            .AddNode("batch", Batcher(seen, maxBatchSize: 64, batch => batch.Any(m => m.Value >= 1_000)))
            .Connect("numbers", "out", "batch", "a")
            .Supervise("batch", new SupervisionPolicy { Action = FailureAction.Stop })
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1 });

        NetworkRunResult result = await network.RunAsync().WaitAsync(s_hangLimit);

        List<long> handled = seen.On(0);
        Assert.Equal(Enumerable.Range(1, handled.Count).Select(i => (long)i), handled);
        Assert.True(handled.Count < 1_000);
        NodeStatistics batch = result.Nodes.Single(n => n.Id == "batch");
        Assert.Equal(ActorState.Stopped, batch.State);
        Assert.Equal(1, batch.Errors);
        long failedBatch = Count - handled.Count - result.DeadLetters; // turned away with the actor: neither handled nor dead-lettered
        Assert.InRange(failedBatch, 1, 64);
        Assert.Equal(result.DeadLetters, result.DeadLettersByReason[DeadLetterReason.ActorStopped]);
    }

    [Fact]
    public void A_batch_actor_in_an_await_mode_is_refused_when_the_network_is_made()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("batch", Batcher(new Seen(), maxBatchSize: 8, mode: InputMode.AwaitAllInPorts))
            .Build(_ => null);

        var refused = Assert.Throws<ComponentDefinitionException>(() => Network.Create(definition));
        Assert.Contains("node 'batch'", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("EachMessage", refused.Message);
    }

    [Fact]
    public void The_bound_of_a_batch_is_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Recorder(new Seen(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Recorder(new Seen(), BatchActor.MaxBatchSizeLimit + 1));
        Assert.Equal(7, new Recorder(new Seen(), 7).MaxBatchSize);
    }
}
