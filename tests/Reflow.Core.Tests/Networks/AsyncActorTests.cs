using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks;

/// <summary>Async actors: one call in flight per node, on a pool, emitting after awaits, supervised, cancelled at a stop.</summary>
public sealed class AsyncActorTests
{
    /// <summary>Passes each Integer on after <paramref name="call"/> (which may await, throw, or watch the token).</summary>
    private sealed class AsyncRelay(Func<long, CancellationToken, ValueTask> call) : AsyncActor
    {
        public override async ValueTask ReceiveAsync(ActorContext context, CancellationToken cancellationToken)
        {
            long value = context.Message.AsInteger();
            await call(value, cancellationToken);
            context.Emit("out", Message.Integer(value)); // after the await: from whatever thread resumed it
        }
    }

    private static Component Async(Func<long, CancellationToken, ValueTask> call, string? pool = null) => Component.FromFactory(
        new ComponentDescription("test/AsyncRelay", [new("in", PortType.Integer)], [new("out", PortType.Integer), new("error", PortType.Error)]) { Pool = pool },
        () => new AsyncRelay(call));

    /// <summary>Adds <paramref name="offset"/> to each Integer, so that the producers' values can be told apart.</summary>
    private static Component Tag(long offset) => Component.FromFunc(
        new ComponentDescription("test/Tag", [new("in", PortType.Integer)], [new("out", PortType.Integer)]),
        context => context.Emit("out", Message.Integer(context.Message.AsInteger() + offset)));

    [Fact]
    public async Task An_async_actor_keeps_the_order_of_every_edge_under_load_with_random_awaits()
    {
        const int Producers = 3, Count = 2_000;
        var sink = new ConcurrentQueue<Message>();
        int inFlight = 0, overlapped = 0;
        async ValueTask Call(long value, CancellationToken token)
        {
            if (Interlocked.Increment(ref inFlight) != 1)
            {
                Interlocked.Increment(ref overlapped); // a second call while one is in flight
            }

            switch (Random.Shared.Next(16))
            {
                case 0: await Task.Delay(1, token); break;
                case < 8: await Task.Yield(); break;
                default: break; // completes synchronously
            }

            Interlocked.Decrement(ref inFlight);
        }

        var builder = new NetworkBuilder(defaultEdgeCapacity: 8).AddNode("async", Async(Call)).AddNode("sink", Collect(sink)).Connect("async", "out", "sink", "in");
        for (int p = 0; p < Producers; p++)
        {
            builder.AddNode($"numbers{p}", Numbers(Count)).AddNode($"tag{p}", Tag(p * 1_000_000L))
                .Connect($"numbers{p}", "out", $"tag{p}", "in").Connect($"tag{p}", "out", "async", "in");
        }

        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 });
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.True(result.Completed);
        Assert.Equal(0, overlapped);
        Assert.Equal(Producers * Count, sink.Count);
        long[] values = [.. sink.Select(m => m.AsInteger())];
        for (int p = 0; p < Producers; p++)
        {
            Assert.Equal(Enumerable.Range(1, Count).Select(i => p * 1_000_000L + i), values.Where(v => v / 1_000_000 == p));
        }

        Assert.Equal(Producers * Count, result.Nodes.Single(n => n.Id == "async").Invocations);
    }

    [Fact]
    public async Task An_async_actor_runs_on_the_async_pool_and_the_run_waits_for_its_call_in_flight()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? thread = null;
        using var entered = new ManualResetEventSlim();
        var sink = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("async", Async(async (_, _) =>
            {
                thread = Thread.CurrentThread.Name;
                entered.Set();
                await gate.Task;
            }))
            .AddNode("sink", Collect(sink))
            .Connect("async", "out", "sink", "in")
            .AddInitial("async", "in", Message.Integer(42))
            .Build(_ => null);
        await using Network network = Network.Create(definition);

        Task<NetworkRunResult> run = network.RunAsync();
        Assert.True(entered.Wait(HangLimit));
        Assert.Equal("reflow async 0", thread);
        Assert.Equal(ActorState.Processing, network.GetActorState("async"));
        Assert.False(run.IsCompleted); // nothing else to do, but the call is in flight
        Assert.Empty(sink);

        gate.SetResult();
        NetworkRunResult result = await run.WaitAsync(HangLimit);
        Assert.True(result.Completed);
        Assert.Equal([42L], sink.Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task A_faulted_call_is_supervised_like_a_failed_receive()
    {
        int attempts = 0;
        var sink = new ConcurrentQueue<Message>();
        var errors = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("numbers", Numbers(6))
            .AddNode("async", Async(async (value, _) =>
            {
                await Task.Yield();
                if (value == 3 && Interlocked.Increment(ref attempts) == 1)
                {
                    throw new InvalidOperationException("first try of 3");
                }

                if (value == 5)
                {
                    throw new InvalidOperationException("5 always fails");
                }
            }))
            .AddNode("sink", Collect(sink))
            .AddNode("errors", Collect(errors))
            .Connect("numbers", "out", "async", "in")
            .Connect("async", "out", "sink", "in")
            .Connect("async", "error", "errors", "in")
            .Supervise("async", new SupervisionPolicy { MaxRetries = 2, RetryBackoff = TimeSpan.FromMilliseconds(1), Action = FailureAction.Resume })
            .Build(_ => null);
        await using Network network = Network.Create(definition);

        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal([1L, 2, 3, 4, 6], sink.Select(m => m.AsInteger())); // 3 retried once; 5 failed three times, then resumed past
        Assert.Equal(2, attempts);
        NodeStatistics node = result.Nodes.Single(n => n.Id == "async");
        Assert.Equal(4, node.Errors);
        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Contains("InvalidOperationException", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failure_before_the_first_await_is_supervised_too()
    {
        var sink = new ConcurrentQueue<Message>();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("numbers", Numbers(3))
            .AddNode("async", Async((value, _) => value == 2 ? throw new InvalidOperationException("sync throw") : ValueTask.CompletedTask))
            .AddNode("sink", Collect(sink))
            .AddNode("errors", Collect(new ConcurrentQueue<Message>()))
            .Connect("numbers", "out", "async", "in")
            .Connect("async", "out", "sink", "in")
            .Connect("async", "error", "errors", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition);

        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);

        Assert.Equal([1L, 3], sink.Select(m => m.AsInteger()));
        Assert.Equal(1, result.Nodes.Single(n => n.Id == "async").Errors);
    }

    [Fact]
    public async Task A_stop_without_drain_cancels_the_token_and_dead_letters_the_message_in_flight()
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var entered = new ManualResetEventSlim();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("async", Async(async (_, token) =>
            {
                entered.Set();
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    cancelled.SetResult(token.IsCancellationRequested);
                    throw;
                }
            }))
            .AddNode("sink", Collect(new ConcurrentQueue<Message>()))
            .Connect("async", "out", "sink", "in")
            .ExportInPort("in", "async", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition);
        await network.StartAsync();
        Assert.True(network.TrySend("in", Message.Integer(7)));
        Assert.True(entered.Wait(HangLimit));

        NetworkRunResult result = await network.StopAsync(drain: false).WaitAsync(HangLimit);

        Assert.True(await cancelled.Task.WaitAsync(HangLimit));
        Assert.False(result.Completed);
        List<DeadLetter> dead = await ReadAll(network.DeadLetters);
        DeadLetter letter = Assert.Single(dead);
        Assert.Equal(("async", 7L, DeadLetterReason.NetworkStopped), (letter.NodeId, letter.Message.AsInteger(), letter.Reason));
    }

    [Fact]
    public void An_async_actor_with_an_await_input_mode_is_refused()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("async", Component.FromFactory(
                new ComponentDescription("test/AsyncPair", [new("a", Required: true), new("b", Required: true)], [], inputMode: InputMode.AwaitAllInPorts),
                () => new AsyncRelay((_, _) => ValueTask.CompletedTask)))
            .AddInitial("async", "a", Message.Integer(1))
            .AddInitial("async", "b", Message.Integer(2))
            .Build(_ => null);

        var error = Assert.Throws<NetworkValidationException>(() => Network.Create(definition));

        Assert.Contains("an AsyncActor takes each message as it comes", Assert.Single(error.Problems), StringComparison.Ordinal);
    }
}
