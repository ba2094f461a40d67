using System.Text.Json.Nodes;
using Reflow.Networks;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;
using Reflow.Server.Tests.Protocol;

namespace Reflow.Server.Tests.Hosting;

/// <summary>One payload node serves every client of a broadcast, and a node inside another tree can be sent.</summary>
public sealed class BroadcastTests
{
    [Fact]
    public async Task The_same_payload_node_reaches_every_client()
    {
        var state = new RuntimeState(new RuntimeSettings(), new ComponentRegistry());
        RecordingClient[] clients = [new("a"), new("b"), new("c")];
        foreach (RecordingClient client in clients)
        {
            state.AddClient(client);
        }

        var payload = new JsonObject { ["graph"] = "main", ["id"] = "n1" };
        await state.BroadcastAsync("graph", "addnode", payload, CancellationToken.None);
        await state.BroadcastAsync("graph", "addnode", payload, CancellationToken.None);

        foreach (RecordingClient client in clients)
        {
            for (int i = 0; i < 2; i++)
            {
                JsonObject message = await client.NextAsync("graph", "addnode");
                Assert.Equal("n1", (string?)message["payload"]?["id"]);
            }
        }
    }

    [Fact]
    public void A_payload_that_belongs_to_another_tree_is_serialized_where_it_is()
    {
        var tree = new JsonObject { ["inner"] = new JsonObject { ["x"] = 1 } };

        string text = FbpMessage.Serialize("runtime", "packet", tree["inner"], "r1");

        Assert.Equal("{\"protocol\":\"runtime\",\"command\":\"packet\",\"payload\":{\"x\":1},\"responseTo\":\"r1\"}", text);
        Assert.Same(tree, tree["inner"]!.Parent);
        Assert.Equal("{\"protocol\":\"runtime\",\"command\":\"x\",\"payload\":{}}", FbpMessage.Serialize("runtime", "x", null, null));
    }
}
