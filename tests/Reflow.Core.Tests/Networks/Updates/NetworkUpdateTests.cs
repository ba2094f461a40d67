using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;

namespace Reflow.Tests.Networks.Updates;

/// <summary>
/// Live edits (Network.UpdateAsync, issue 21): edges and nodes added, removed and replaced while messages flow; what
/// the edit does not touch keeps running with its state; nothing already sent is lost; a detach ends no stream.
/// </summary>
public sealed class NetworkUpdateTests
{
    private static readonly NetworkOptions TwoWorkers = new() { WorkerCount = 2, MinActorsPerWorker = 1, CrossWorkerCost = 0 };

    private readonly LiveProbe _a = new(), _b = new(), _c = new(), _d = new();
    private readonly Component _split = Relay(_ => { });
    private readonly Component _tapA, _tapB, _tapC, _tapD;

    public NetworkUpdateTests()
    {
        _tapA = LiveProbe.Tap(_a);
        _tapB = LiveProbe.Tap(_b);
        _tapC = LiveProbe.Tap(_c);
        _tapD = LiveProbe.Tap(_d);
    }

    /// <summary>The host's "in" feeds split; split feeds a; <paramref name="edit"/> adds the rest (nodes b, c, d are the taps of this test).</summary>
    private NetworkDefinition Graph(Action<NetworkBuilder> edit, int capacity = 16)
    {
        NetworkBuilder builder = new NetworkBuilder(capacity)
            .AddNode("split", _split)
            .AddNode("a", _tapA)
            .Connect("split", "out", "a", "in")
            .ExportInPort("in", "split", "in");
        edit(builder);
        return builder.Build(_ => null);
    }

    private static string EdgeId(NetworkDefinition definition, string from, string to) =>
        definition.Edges.Single(e => definition.Nodes[e.FromNode].Id == from && definition.Nodes[e.ToNode].Id == to).Id;

    private static async Task Send(Network network, long from, long to)
    {
        for (long i = from; i <= to; i++)
        {
            await network.SendAsync("in", Message.Integer(i)).AsTask().WaitAsync(HangLimit);
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        DateTime limit = DateTime.UtcNow + HangLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"timed out waiting until {what}");
            await Task.Delay(1);
        }
    }

    private static long[] Range(long first, long last) => [.. Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i)];

    [Fact]
    public async Task An_edge_added_mid_run_carries_the_sources_next_emissions_and_events_name_it()
    {
        NetworkDefinition before = Graph(b => b.AddNode("b", _tapB).ExportInPort("side", "b", "in"));
        NetworkDefinition after = Graph(b => b.AddNode("b", _tapB).ExportInPort("side", "b", "in").Connect("split", "out", "b", "in"));
        string added = EdgeId(after, "split", "b");
        await using Network network = Network.Create(before, TwoWorkers);
        ChannelReader<NetworkEvent> events = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, Capacity = 100_000 });
        await network.StartAsync();
        await Send(network, 1, 50);
        await Until(() => _a.Values.Count == 50, "a has the first 50");

        NetworkUpdate update = await network.UpdateAsync(after).WaitAsync(HangLimit);

        Assert.Equal([added], update.AddedEdges);
        Assert.Empty(update.RemovedEdges);
        Assert.Empty(update.AddedNodes);
        Assert.False(update.IsEmpty);
        Assert.Contains(network.GetSnapshot().Edges, e => e.Id == added);
        await Send(network, 51, 100);
        await Until(() => _a.Values.Count == 100 && _b.Values.Count == 50, "a has 100 and b 50");
        Assert.Equal(Range(51, 100), _b.Seen);
        Assert.Equal(Range(1, 100), _a.Seen);
        Assert.Equal(1, _a.Starts); // untouched: the same actor
        Assert.Equal(0, _b.PortsClosed);

        NetworkRunResult result = await network.StopAsync().WaitAsync(HangLimit);
        Assert.Equal(50, result.Edges.Single(e => e.Id == added).Messages);
        Assert.Equal(0, result.DeadLetters);
        List<NetworkEvent> seen = await ReadAll(events);
        Assert.Equal(50, seen.Count(e => e.Kind == NetworkEventKind.MessageSent && e.EdgeId == added));
    }

    [Fact]
    public async Task An_edge_removed_mid_run_delivers_what_was_sent_on_it_does_not_close_its_target_and_can_be_added_again()
    {
        NetworkDefinition with = Graph(b => b.AddNode("b", _tapB).Connect("split", "out", "b", "in"));
        NetworkDefinition without = Graph(b => b.AddNode("b", _tapB));
        string edge = EdgeId(with, "split", "b");
        await using Network network = Network.Create(with, TwoWorkers);
        await network.StartAsync();
        Task sending = Send(network, 1, 2000); // the edit lands while messages flow

        await Until(() => _b.Values.Count >= 100, "b has had some");
        NetworkUpdate removed = await network.UpdateAsync(without).WaitAsync(HangLimit);
        await sending;
        long[] gotBefore = _b.Seen; // the update returned: the removed edge has delivered all it carried
        await Send(network, 2001, 3000);
        await Until(() => _a.Values.Count == 3000, "a has them all");

        Assert.Equal([edge], removed.RemovedEdges);
        Assert.DoesNotContain(network.GetSnapshot().Edges, e => e.Id == edge);
        Assert.Equal(gotBefore, _b.Seen); // nothing more came after the update
        Assert.Equal(Range(1, gotBefore.Length), gotBefore); // a prefix: nothing sent on the edge was lost
        Assert.True(gotBefore.Length < 3000);
        Assert.Equal(0, _b.PortsClosed); // a detach is not the end of b's stream
        Assert.Equal(0, _b.InputsClosed);
        Assert.Equal(ActorState.Running, network.GetActorState("b"));

        NetworkUpdate readded = await network.UpdateAsync(with).WaitAsync(HangLimit);
        Assert.Equal([edge], readded.AddedEdges);
        await Send(network, 3001, 3100);
        await Until(() => _b.Values.Count == gotBefore.Length + 100, "b has the last 100");
        Assert.Equal([.. Range(1, gotBefore.Length), .. Range(3001, 3100)], _b.Seen);
        Assert.Equal(1, _b.Starts);

        NetworkRunResult result = await network.StopAsync().WaitAsync(HangLimit);
        Assert.Equal(0, result.DeadLetters);
        Assert.Equal(new[] { gotBefore.Length, 100L }.Order(), result.Edges.Where(e => e.Id == edge).Select(e => e.Messages).Order());
        Assert.Equal(3100, result.Nodes.First(n => n.Id == "a").Invocations);
    }

    [Fact]
    public async Task An_edge_added_into_a_node_whose_inputs_have_ended_is_delivered_without_closing_them_again()
    {
        NetworkDefinition before = Graph(b => b.AddNode("b", _tapB)); // nothing feeds b: its inputs end at the start
        await using Network network = Network.Create(before, TwoWorkers);
        await network.StartAsync();
        await Until(() => _b.InputsClosed == 1, "b's inputs have ended");

        await network.UpdateAsync(Graph(b => b.AddNode("b", _tapB).Connect("split", "out", "b", "in"))).WaitAsync(HangLimit);
        await Send(network, 1, 10);
        await Until(() => _b.Values.Count == 10, "b has 10");
        await network.StopAsync().WaitAsync(HangLimit);

        Assert.Equal(Range(1, 10), _b.Seen);
        Assert.Equal(1, _b.InputsClosed); // the new edge's end did not close them a second time
        Assert.Equal(0, _b.PortsClosed); // an unfed node's inputs end as a whole, and the new edge's end adds no port closing
    }

    [Fact]
    public async Task A_node_added_mid_run_with_its_edges_starts_and_a_new_source_produces()
    {
        NetworkDefinition before = Graph(_ => { });
        NetworkDefinition after = Graph(b => b
            .AddNode("c", _tapC).Connect("split", "out", "c", "in")
            .AddNode("numbers", Numbers(100)).AddNode("d", _tapD).Connect("numbers", "out", "d", "in"));
        await using Network network = Network.Create(before, TwoWorkers);
        await network.StartAsync();
        await Send(network, 1, 20);
        await Until(() => _a.Values.Count == 20, "a has 20");

        NetworkUpdate update = await network.UpdateAsync(after).WaitAsync(HangLimit);

        Assert.Equal(["c", "numbers", "d"], update.AddedNodes);
        Assert.Equal([EdgeId(after, "split", "c"), EdgeId(after, "numbers", "d")], update.AddedEdges);
        Assert.Equal(1, _c.Starts); // OnStart has run when the update returns
        await Send(network, 21, 40);
        await Until(() => _c.Values.Count == 20 && _d.Values.Count == 100, "c and d have theirs");
        Assert.Equal(Range(21, 40), _c.Seen);
        Assert.Equal(Range(1, 100), _d.Seen);
        NetworkSnapshot snapshot = network.GetSnapshot();
        Assert.Contains(snapshot.Nodes, n => n.Id == "c");
        Assert.Contains(snapshot.Edges, e => e.Id == EdgeId(after, "split", "c"));

        NetworkRunResult result = await network.StopAsync().WaitAsync(HangLimit);
        Assert.Equal(20, result.Edges.Single(e => e.Id == EdgeId(after, "split", "c")).Messages);
        Assert.Equal(100, result.Nodes.Single(n => n.Id == "d").Invocations);
    }

    [Fact]
    public async Task A_node_removed_mid_run_drains_what_it_had_runs_OnStop_and_passes_all_of_it_on()
    {
        NetworkDefinition before = Graph(b => b
            .AddNode("b", _tapB).AddNode("c", _tapC).AddNode("d", _tapD)
            .Connect("split", "out", "b", "in").Connect("b", "out", "c", "in").Connect("split", "out", "d", "in").Connect("d", "out", "c", "in"));
        NetworkDefinition after = Graph(b => b
            .AddNode("c", _tapC).AddNode("d", _tapD)
            .Connect("split", "out", "d", "in").Connect("d", "out", "c", "in"));
        await using Network network = Network.Create(before, TwoWorkers);
        await network.StartAsync();
        Task sending = Send(network, 1, 1000);
        await Until(() => _b.Values.Count >= 50, "b has had some");

        NetworkUpdate update = await network.UpdateAsync(after).WaitAsync(HangLimit);
        await sending;

        Assert.Equal(["b"], update.RemovedNodes);
        Assert.Equal([EdgeId(before, "split", "b"), EdgeId(before, "b", "c")], update.RemovedEdges);
        Assert.Equal(1, _b.Stops); // it has drained and stopped when the update returns
        long[] got = _b.Seen;
        Assert.Equal(Range(1, got.Length), got);
        await Send(network, 1001, 1100);
        await Until(() => _a.Values.Count == 1100 && _d.Values.Count == 1100, "a and d have them all");
        await Until(() => _c.Values.Count == got.Length + 1100, "c has b's and d's");
        Assert.Equal(0, _c.InputsClosed); // b's detached out-edge did not end c's stream
        Assert.DoesNotContain(network.GetSnapshot().Nodes, n => n.Id == "b");

        NetworkRunResult result = await network.StopAsync().WaitAsync(HangLimit);
        Assert.Equal(0, result.DeadLetters);
        Assert.Equal(got.Length, result.Nodes.Single(n => n.Id == "b").Invocations); // kept in the result
        Assert.Equal(got.Length, result.Edges.Single(e => e.Id == EdgeId(before, "b", "c")).Messages);
    }

    [Fact]
    public async Task A_replaced_node_restarts_with_its_new_configuration_while_an_untouched_counter_keeps_counting()
    {
        var counter = new LiveProbe();
        Component counting = LiveProbe.Counter(counter);
        NetworkDefinition Scaled(long factor) => Graph(b => b
            .AddNode("counter", counting).Connect("split", "out", "counter", "in")
            .AddNode("scale", _tapB, MessageObject.Create(new KeyValuePair<string, Message>("factor", Message.Integer(factor))))
            .AddNode("c", _tapC)
            .Connect("split", "out", "scale", "in").Connect("scale", "out", "c", "in"));
        await using Network network = Network.Create(Scaled(2), TwoWorkers);
        await network.StartAsync();
        await Send(network, 1, 10);
        await Until(() => _c.Values.Count == 10 && counter.Values.Count == 10, "c and the counter have 10");

        NetworkUpdate update = await network.UpdateAsync(Scaled(3)).WaitAsync(HangLimit);

        Assert.Equal(["scale"], update.ReplacedNodes);
        Assert.Empty(update.AddedEdges); // re-attached, not added
        Assert.Equal(1, _b.Stops);
        Assert.Equal(2, _b.Starts);
        await Send(network, 11, 20);
        await Until(() => _c.Values.Count == 20 && counter.Values.Count == 20, "c and the counter have 20");
        Assert.Equal([.. Range(1, 10).Select(v => v * 2), .. Range(11, 20).Select(v => v * 3)], _c.Seen);
        Assert.Equal(Range(1, 20), counter.Seen); // its state stayed
        Assert.Equal(1, counter.Starts);
        Assert.Equal(0, counter.Stops);
        await network.StopAsync().WaitAsync(HangLimit);
    }

    [Fact]
    public async Task A_new_initial_packet_is_delivered_without_closing_its_port()
    {
        await using Network network = Network.Create(Graph(_ => { }), TwoWorkers);
        await network.StartAsync();
        NetworkUpdate update = await network.UpdateAsync(Graph(b => b.AddInitial("a", "in", Message.Integer(999)))).WaitAsync(HangLimit);
        Assert.Equal(1, update.InitialsSent);
        await Until(() => _a.Values.Contains(999), "a has the new initial packet");
        await Send(network, 1, 5);
        await Until(() => _a.Values.Count == 6, "a has the rest");
        Assert.Equal(0, _a.PortsClosed);

        NetworkUpdate again = await network.UpdateAsync(Graph(b => b.AddInitial("a", "in", Message.Integer(999)))).WaitAsync(HangLimit);
        Assert.True(again.IsEmpty); // the same packet: not sent twice
        await network.StopAsync().WaitAsync(HangLimit);
    }

    [Fact]
    public async Task A_change_of_exported_ports_is_refused_and_nothing_is_applied()
    {
        NetworkDefinition before = Graph(b => b.AddNode("b", _tapB).ExportInPort("side", "b", "in"));
        await using Network network = Network.Create(before, TwoWorkers);
        await network.StartAsync();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => network.UpdateAsync(
            Graph(b => b.AddNode("b", _tapB).ExportInPort("side", "b", "in").Connect("split", "out", "b", "in").ExportOutPort("extra", "a", "out"))));
        Assert.Contains("'extra'", refused.Message);
        Assert.Contains("restart", refused.Message);
        var notNow = await Assert.ThrowsAsync<NotSupportedException>(() => network.UpdateAsync(
            Graph(b => b.AddNode("b", _tapB, MessageObject.Create(new KeyValuePair<string, Message>("factor", Message.Integer(5))))
                .ExportInPort("side", "b", "in").Connect("split", "out", "b", "in"))));
        Assert.Contains("'side'", notNow.Message); // b would be replaced (its configuration changed) but has an exported port

        await Send(network, 1, 10);
        await Until(() => _a.Values.Count == 10, "a has 10");
        Assert.Empty(_b.Values); // no edge split → b was attached
        Assert.Equal(1, _b.Starts);
        Assert.Equal(before.Edges.Length + before.InPorts.Length, network.GetSnapshot().Edges.Count); // the same edges as before
        await network.StopAsync().WaitAsync(HangLimit);
    }

    [Fact]
    public async Task An_update_before_the_start_changes_what_is_built_and_one_after_the_finish_is_refused()
    {
        NetworkDefinition before = Graph(b => b.AddNode("b", _tapB));
        NetworkDefinition after = Graph(b => b.AddNode("b", _tapB).Connect("split", "out", "b", "in"));
        await using Network network = Network.Create(before, TwoWorkers);
        NetworkUpdate update = await network.UpdateAsync(after);
        Assert.Equal([EdgeId(after, "split", "b")], update.AddedEdges);

        Task<NetworkRunResult> run = network.RunAsync();
        await Send(network, 1, 10);
        network.CompleteInput("in");
        NetworkRunResult result = await run.WaitAsync(HangLimit);
        Assert.Equal(Range(1, 10), _b.Seen);
        Assert.Equal(10, result.Edges.Single(e => e.Id == EdgeId(after, "split", "b")).Messages);

        var finished = await Assert.ThrowsAsync<InvalidOperationException>(() => network.UpdateAsync(before));
        Assert.Contains("finished", finished.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Many_edits_while_messages_flow_lose_nothing_and_count_exactly(int seed)
    {
        const int Messages = 20_000;
        var random = new Random(seed);
        NetworkDefinition Shape(bool toB, bool toC, bool withD) => Graph(b =>
        {
            b.AddNode("b", _tapB).AddNode("c", _tapC);
            if (toB)
            {
                b.Connect("split", "out", "b", "in");
            }

            if (toC)
            {
                b.Connect("split", "out", "c", "in");
            }

            if (withD)
            {
                b.AddNode("d", _tapD).Connect("split", "out", "d", "in").Connect("d", "out", "c", "in");
            }
        });

        await using Network network = Network.Create(Shape(true, false, false), TwoWorkers);
        await network.StartAsync();
        Task sending = Send(network, 1, Messages);
        int edits = 0, addsOfD = 0;
        bool hadD = false;
        while (!sending.IsCompleted && edits < 60)
        {
            bool withD = random.Next(2) == 0;
            NetworkUpdate update = await network.UpdateAsync(Shape(random.Next(2) == 0, random.Next(2) == 0, withD)).WaitAsync(HangLimit);
            addsOfD += update.AddedNodes.Count(n => n == "d");
            Assert.Equal(withD && !hadD, update.AddedNodes.Contains("d"));
            hadD = withD;
            edits++;
            await Task.Delay(random.Next(3));
        }

        await sending;
        NetworkRunResult result = await network.StopAsync().WaitAsync(HangLimit);

        Assert.True(edits > 3, $"only {edits} edits landed while messages flowed");
        Assert.Equal(Range(1, Messages), _a.Seen);
        Assert.Equal(0, result.DeadLetters);
        foreach ((string node, LiveProbe probe) in new[] { ("b", _b), ("c", _c), ("d", _d) })
        {
            long[] values = probe.Seen;
            long delivered = result.Edges.Where(e => e.To == node).Sum(e => e.Messages);
            Assert.Equal(values.Length, delivered); // every message sent on an edge into it reached it, removed edges included
            if (node != "c")
            {
                Assert.True(values.Zip(values.Skip(1)).All(p => p.First < p.Second), $"{node} got a value twice or out of order");
            }
        }

        Assert.Equal(_d.Values.Count, _c.Values.Count - result.Edges.Where(e => e.From == "split" && e.To == "c").Sum(e => e.Messages)); // c got all d passed on
        Assert.Equal(addsOfD, _d.Starts);
        Assert.Equal(_d.Starts, _d.Stops);
    }
}
