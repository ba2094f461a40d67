using System.Text;
using System.Text.Json.Nodes;
using Reflow.Components;
using Reflow.Networks;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;
using Reflow.Server.Tests.Protocol;

namespace Reflow.Server.Tests.Runtime;

/// <summary>
/// A runtime with the standard components and the real dispatcher, and a connected recording client: messages go in
/// as JSON text (as fbp-test sends them, secret in envelope and payload) and come out through the wire format.
/// </summary>
internal sealed class ProtocolHarness
{
    public ProtocolHarness(RuntimeSettings? settings = null, ComponentRegistry? components = null)
    {
        State = new RuntimeState(settings ?? new RuntimeSettings(), components ?? new ComponentRegistry().AddStandardComponents());
        Dispatcher = FbpDispatcher.Create(State);
        Client = Connect("client");
    }

    public RuntimeState State { get; }

    public FbpDispatcher Dispatcher { get; }

    public RecordingClient Client { get; }

    public RecordingClient Connect(string id)
    {
        var client = new RecordingClient(id);
        State.AddClient(client);
        return client;
    }

    /// <summary>Sends from <see cref="Client"/> (or <paramref name="from"/>) the message fbp-test's <c>send</c> would.</summary>
    public ValueTask SendAsync(string protocol, string command, string payloadJson = "{}", RecordingClient? from = null, string? requestId = null)
    {
        var envelope = new JsonObject
        {
            ["protocol"] = protocol,
            ["command"] = command,
            ["payload"] = JsonNode.Parse(payloadJson),
        };
        if (requestId is not null)
        {
            envelope["requestId"] = requestId;
        }

        FbpMessage message = FbpMessage.Parse(Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        return Dispatcher.DispatchAsync(message, from ?? Client, CancellationToken.None);
    }

    /// <summary>
    /// fbp-test's <c>receive(expects, done, allowExtraPackets = true)</c>: skips messages of other protocol/command,
    /// fails on an error nobody expected, and compares the payload deeply (no field more or less).
    /// </summary>
    public static async Task ExpectAsync(RecordingClient client, string protocol, string command, string payloadJson)
    {
        while (true)
        {
            JsonObject message = await client.NextAsync();
            string? p = (string?)message["protocol"];
            string? c = (string?)message["command"];
            Assert.Null(message["secret"]);
            if (c == "error" && command != "error")
            {
                Assert.Fail($"Unexpected error while waiting for {protocol}:{command}: {message.ToJsonString()}");
            }

            if (p == protocol && c == command)
            {
                JsonNode expected = JsonNode.Parse(payloadJson)!;
                Assert.True(JsonNode.DeepEquals(expected, message["payload"]), $"{protocol}:{command} payload\nexpected: {expected.ToJsonString()}\nactual:   {message["payload"]?.ToJsonString()}");
                return;
            }
        }
    }

    public Task ExpectAsync(string protocol, string command, string payloadJson) => ExpectAsync(Client, protocol, command, payloadJson);

    /// <summary>The next error on <paramref name="protocol"/>, its message; fails when anything else of that protocol comes first.</summary>
    public async Task<string> ExpectErrorAsync(string protocol)
    {
        while (true)
        {
            JsonObject message = await Client.NextAsync();
            if ((string?)message["protocol"] != protocol)
            {
                continue;
            }

            Assert.Equal("error", (string?)message["command"]);
            return (string)message["payload"]!["message"]!;
        }
    }

    /// <summary>Asserts nothing more has been sent to <paramref name="client"/>.</summary>
    public static void ExpectNothing(RecordingClient client)
    {
        IReadOnlyList<JsonObject> rest = client.Drain();
        Assert.True(rest.Count == 0, "Unexpected messages: " + string.Join("\n", rest.Select(m => m.ToJsonString())));
    }
}
