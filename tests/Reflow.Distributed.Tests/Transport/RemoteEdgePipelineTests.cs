using NATS.Client.Core;
using Reflow.Actors;
using Reflow.Components;
using Reflow.Distributed.Tests.Nats;
using Reflow.Distributed.Transport;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Distributed.Tests.Transport;

/// <summary>Two part networks joined by a remote edge, as a distributed run joins them.</summary>
public sealed class RemoteEdgePipelineTests
{
    private static Component Standard(string name) =>
        new ComponentRegistry().AddStandardComponents().FindComponent(name) ?? throw new ArgumentException($"No standard component '{name}'.", nameof(name));

    [Fact]
    public async Task A_network_feeds_another_through_a_remote_edge_and_end_of_stream_completes_it()
    {
        const int count = 10_000;
        await using NatsServer server = await NatsServer.StartAsync(jetStream: false);
        await using NatsConnection nodeA = await EdgeFixture.ConnectAsync(server, "a");
        await using NatsConnection nodeB = await EdgeFixture.ConnectAsync(server, "b");
        using var timeout = new CancellationTokenSource(EdgeFixture.Timeout);
        RemoteEdgeAddress address = EdgeFixture.NewAddress(edgeId: 0);
        var options = new RemoteEdgeOptions { Capacity = 256, MaxBatch = 64 };

        // Part a: in -> abs -> _remote0 (exported out-port). Part b: _remote0 (exported in-port) -> repeat -> out.
        await using Network a = Network.Create(new NetworkBuilder()
            .AddNode("abs", Standard("math/Abs"))
            .ExportInPort("in", "abs", "in")
            .ExportOutPort("_remote0", "abs", "out")
            .Build(_ => null));
        await using Network b = Network.Create(new NetworkBuilder()
            .AddNode("repeat", Standard("core/Repeat"))
            .ExportInPort("_remote0", "repeat", "in")
            .ExportOutPort("out", "repeat", "out")
            .Build(_ => null));

        await using var receiver = new RemoteEdgeReceiver(nodeB, address, options);
        await receiver.StartAsync(timeout.Token);
        Task<NetworkRunResult> runningB = b.RunAsync(timeout.Token); // runs until its inputs complete (StartAsync would keep it alive)
        Task<RemoteEdgeResult> received = receiver.RunAsync(new NetworkEdgeTarget(b, "_remote0"), timeout.Token);
        Task<List<Message>> results = Task.Run(async () =>
        {
            var list = new List<Message>();
            await foreach (Message message in b.Output("out").ReadAllAsync(timeout.Token))
            {
                list.Add(message);
            }

            return list;
        });

        Task<NetworkRunResult> runningA = a.RunAsync(timeout.Token);
        Task<RemoteEdgeResult> sent = new RemoteEdgeSender(nodeA, address, options).RunAsync(a.Output("_remote0"), timeout.Token);
        for (int i = 0; i < count; i++)
        {
            await a.SendAsync("in", Message.Integer(-i), timeout.Token);
        }

        a.CompleteInput("in");
        NetworkRunResult runA = await runningA.WaitAsync(timeout.Token);
        RemoteEdgeResult senderResult = await sent;
        RemoteEdgeResult receiverResult = await received;
        NetworkRunResult runB = await runningB.WaitAsync(timeout.Token); // completed by the End frame, nothing else
        List<Message> all = await results.WaitAsync(timeout.Token);

        Assert.False(runA.HasUnhandledFailures);
        Assert.False(runB.HasUnhandledFailures);
        Assert.Equal((count, count, 0L), (senderResult.Sent, senderResult.Received, senderResult.Lost));
        Assert.Equal((count, count, 0L), (receiverResult.Sent, receiverResult.Received, receiverResult.Lost));
        Assert.Equal(Enumerable.Range(0, count).Select(i => Message.Integer(i)), all);
    }
}
