using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Reflow.Benchmarks.Watching;

/// <summary>
/// B14's protocol client, as the live page is one: a WebSocket (sub-protocol noflo) that gives the server the graph,
/// selects every edge (<c>network:edges</c>), starts the network and, while it runs, asks for the counters ten times
/// a second — <c>network:snapshot</c> when the server takes it, else <c>network:getstatus</c> — reading every message
/// the server sends. It tallies the data events per edge and the packets they say were skipped.
/// </summary>
internal sealed class WatchingClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonObject> _replies = Channel.CreateUnbounded<JsonObject>();
    private readonly Dictionary<string, EdgeTally> _edges = new(StringComparer.Ordinal);
    private Task _reading = Task.CompletedTask;
    private TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _running;

    /// <summary>The poll command: <c>snapshot</c> if the server answered it in <see cref="ConnectAsync"/>, else <c>getstatus</c>.</summary>
    public string PollCommand { get; private set; } = "getstatus";

    /// <summary>Messages received in the last run (every kind).</summary>
    public long Received { get; private set; }

    /// <summary>Polls answered in the last run.</summary>
    public long Polls { get; private set; }

    /// <summary>Per edge id: the last run's data events and the packets they said were skipped.</summary>
    public IReadOnlyDictionary<string, EdgeTally> Edges => _edges;

    public static async Task<WatchingClient> ConnectAsync(Uri url, B14Graph graph)
    {
        var client = new WatchingClient();
        client._socket.Options.AddSubProtocol("noflo");
        using (var timeout = new CancellationTokenSource(Patience))
        {
            await client._socket.ConnectAsync(url, timeout.Token).ConfigureAwait(false);
        }

        client._reading = Task.Run(client.ReadAsync);
        await client.RequestAsync("graph", "clear", new JsonObject { ["id"] = B14Graph.Name, ["name"] = B14Graph.Name, ["main"] = true }).ConfigureAwait(false);
        foreach ((string node, string component) in B14Graph.Nodes)
        {
            await client.RequestAsync("graph", "addnode", new JsonObject { ["id"] = node, ["component"] = component, ["graph"] = B14Graph.Name }).ConfigureAwait(false);
        }

        var selection = new JsonArray();
        foreach ((string from, string to) in B14Graph.Edges)
        {
            await client.RequestAsync("graph", "addedge", new JsonObject { ["src"] = End(from, "out"), ["tgt"] = End(to, "in"), ["graph"] = B14Graph.Name }).ConfigureAwait(false);
            selection.Add(new JsonObject { ["src"] = End(from, "out"), ["tgt"] = End(to, "in") });
        }

        await client.RequestAsync("network", "edges", new JsonObject { ["graph"] = B14Graph.Name, ["edges"] = selection }).ConfigureAwait(false);
        JsonObject snapshot = await client.RequestAsync("network", "snapshot", new JsonObject { ["graph"] = B14Graph.Name }, check: false).ConfigureAwait(false);
        client.PollCommand = (string?)snapshot["command"] == "snapshot" ? "snapshot" : "getstatus";
        GC.KeepAlive(graph);
        return client;
    }

    /// <summary>One run: start, poll while it runs, return once the server said it stopped (every message read).</summary>
    public async Task RunAsync()
    {
        _edges.Clear();
        Received = 0;
        Polls = 0;
        _stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running = true;
        await RequestAsync("network", "start", new JsonObject { ["graph"] = B14Graph.Name }, answer: "started").ConfigureAwait(false);
        using var timer = new PeriodicTimer(PollEvery);
        while (!_stopped.Task.IsCompleted)
        {
            Task tick = timer.WaitForNextTickAsync().AsTask();
            if (await Task.WhenAny(tick, _stopped.Task).WaitAsync(TimeSpan.FromMinutes(10)).ConfigureAwait(false) == tick)
            {
                await SendAsync("network", PollCommand, new JsonObject { ["graph"] = B14Graph.Name }).ConfigureAwait(false);
                Polls++;
            }
        }

        _running = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token).ConfigureAwait(false);
                await _reading.WaitAsync(Patience).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
            {
                // gone already
            }
        }

        _socket.Dispose();
    }

    private static JsonObject End(string node, string port) => new() { ["node"] = node, ["port"] = port };

    // Answers to the set-up's requests come back in order on _replies; during a run every message is tallied here.
    // Messages that are not the answer (a late poll's status, another broadcast) are passed over.
    private async Task<JsonObject> RequestAsync(string protocol, string command, JsonObject payload, bool check = true, string? answer = null)
    {
        await SendAsync(protocol, command, payload).ConfigureAwait(false);
        answer ??= command;
        JsonObject reply;
        do
        {
            reply = await _replies.Reader.ReadAsync().AsTask().WaitAsync(Patience).ConfigureAwait(false);
        }
        while ((string?)reply["protocol"] != protocol || ((string?)reply["command"] != answer && (string?)reply["command"] != "error"));

        if (check && (string?)reply["command"] == "error")
        {
            throw new InvalidOperationException($"B14: {protocol}:{command} was answered {reply.ToJsonString()}");
        }

        return reply;
    }

    private async Task SendAsync(string protocol, string command, JsonObject payload)
    {
        byte[] text = Encoding.UTF8.GetBytes(new JsonObject { ["protocol"] = protocol, ["command"] = command, ["payload"] = payload }.ToJsonString());
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, timeout.Token).ConfigureAwait(false);
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (true)
        {
            ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                _stopped.TrySetResult();
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            JsonObject received = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length))!.AsObject();
            message.SetLength(0);
            if (_running)
            {
                Tally(received);
            }

            if (!_running || (string?)received["command"] == "started")
            {
                await _replies.Writer.WriteAsync(received).ConfigureAwait(false);
            }
        }
    }

    // The reader's thread only (RunAsync reads the tallies after the stopped message, which this thread set).
    private void Tally(JsonObject received)
    {
        Received++;
        string? command = (string?)received["command"];
        if ((string?)received["protocol"] != "network")
        {
            return;
        }

        JsonNode? payload = received["payload"];
        switch (command)
        {
            case "data" when payload is not null && (string?)payload["id"] is { } id:
                EdgeTally tally = _edges.TryGetValue(id, out EdgeTally? known) ? known : _edges[id] = new EdgeTally();
                tally.DataEvents++;
                tally.Skipped += (long?)payload["skipped"] ?? 0;
                break;
            case "stopped":
                _stopped.TrySetResult();
                break;
            case "error" or "processerror":
                _stopped.TrySetException(new InvalidOperationException($"B14: the server reported {received.ToJsonString()}"));
                break;
            default:
                break;
        }
    }

    /// <summary>One edge's data events in a run and the packets they said passed unseen.</summary>
    internal sealed class EdgeTally
    {
        public long DataEvents { get; set; }

        public long Skipped { get; set; }
    }
}
