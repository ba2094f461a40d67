using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Spawning;

/// <summary>
/// A watched network (message events under a per-edge budget) whose actor spawns and collects many children: each
/// child's reply edge gets a budget on its worker while it lives, and the worker forgets it once the child is collected
/// — a watched run that spawns does not keep every child it ever had.
/// </summary>
public sealed class SpawnWatchedTests
{
    [Fact]
    public async Task A_collected_childs_event_budget_is_forgotten_at_the_next_second_its_worker_notices()
    {
        const int children = 3_000;
        var time = new FakeTimeProvider();
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("parent", SpawningComponents.Dispatcher(SpawningComponents.Doubler(), capacity: 4))
            .ExportInPort("in", "parent", "in")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, TimeProvider = time });
        ChannelReader<NetworkEvent> events = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, MessageRateLimit = 10 });
        Task<List<NetworkEvent>> read = ReadAll(events);
        Task<NetworkRunResult> run = network.RunAsync();
        for (int i = 1; i <= children; i++)
        {
            await network.SendAsync("in", Message.Integer(1)); // one child each: spawned, sent 0, completed, replies 0
            if (i % 500 == 0)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        // Every message handled (a send returns once the message is on the edge, not once it is handled) and every
        // child collected, then a new second, then one more child: the worker, woken by it, notices the second before
        // it handles the message, and forgets the budgets of every child collected before.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Invocations(network) < 2 * children || network.LiveChildren > 0) // each input, and each child's reply
        {
            Assert.True(waited.Elapsed < HangLimit, $"{Invocations(network)} invocations, {network.LiveChildren} children never collected");
            await Task.Delay(5);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        await network.SendAsync("in", Message.Integer(1));
        network.CompleteInputs();
        NetworkRunResult result = await run.WaitAsync(HangLimit);
        List<NetworkEvent> seen = await read.WaitAsync(HangLimit);

        Assert.True(result.Completed);
        Assert.Equal(0, network.LiveChildren);
        Assert.Contains(seen, e => e.Kind == NetworkEventKind.MessageSent && (e.NodeId ?? "").StartsWith("parent/", StringComparison.Ordinal)); // the children's replies were watched
        Assert.InRange(network.EventBudgetsKept, 1, 3); // the last child's (collected after the notice) and the parent's own; 3 001 if kept
    }

    private static long Invocations(Network network) => network.GetSnapshot().Nodes.Single(n => n.Id == "parent").Invocations;
}
