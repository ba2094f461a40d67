using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Reflow.Server.Network;

/// <summary>
/// The trace of one graph's network (<c>trace:start</c> … <c>trace:dump</c>): the network events sent to clients, kept
/// in a buffer of at most <see cref="BufferBytes"/> bytes of JSON (the oldest dropped first), and dumped as a
/// flowtrace (github.com/flowbased/flowtrace): a header naming the runtime and holding the graph, then the events as
/// protocol messages with their time. Recorded from the network's event pump, dumped from a request: hence the lock.
/// </summary>
internal sealed class FlowTrace(int bufferBytes)
{
    /// <summary>The buffer when <c>trace:start</c> gives no <c>buffersize</c>.</summary>
    public const int DefaultBufferBytes = 1024 * 1024;

    private readonly object _lock = new();
    private readonly Queue<string> _events = new();
    private long _bytes;
    private DateTimeOffset _since = DateTimeOffset.UtcNow;

    public int BufferBytes { get; } = bufferBytes;

    /// <summary>Whether events are recorded now (between <c>trace:start</c> and <c>trace:stop</c>); a stopped trace can still be dumped.</summary>
    public bool Recording { get; set; } = true;

    /// <summary>Events dropped because the buffer was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Keeps one event (its payload is serialized now: the caller may reuse the node).</summary>
    public void Record(string protocol, string command, JsonNode? payload, DateTimeOffset time)
    {
        if (!Recording)
        {
            return;
        }

        string json = EventJson(protocol, command, payload?.DeepClone(), time).ToJsonString();
        int size = Encoding.UTF8.GetByteCount(json);
        lock (_lock)
        {
            _events.Enqueue(json);
            _bytes += size;
            while (_bytes > BufferBytes && _events.Count > 0)
            {
                _bytes -= Encoding.UTF8.GetByteCount(_events.Dequeue());
                Dropped++;
            }
        }
    }

    /// <summary>Forgets every event kept so far.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _events.Clear();
            _bytes = 0;
            Dropped = 0;
            _since = DateTimeOffset.UtcNow;
        }
    }

    /// <summary>The flowtrace JSON text: header (metadata with the runtime, the graph in NoFlo JSON, the main graph) and events.</summary>
    public string Dump(string graphId, JsonNode? graph, string runtimeId, string runtimeLabel)
    {
        var events = new JsonArray();
        DateTimeOffset start;
        lock (_lock)
        {
            foreach (string e in _events)
            {
                events.Add(JsonNode.Parse(e));
            }

            start = _since;
        }

        return new JsonObject
        {
            ["header"] = Header(graphId, graph, Metadata(start, DateTimeOffset.UtcNow, runtimeId, runtimeLabel)),
            ["events"] = events,
        }.ToJsonString();
    }

    /// <summary>One flowtrace event: a protocol message with its time (<paramref name="payload"/> is taken as it is: not shared).</summary>
    public static JsonObject EventJson(string protocol, string command, JsonNode? payload, DateTimeOffset time) => new()
    {
        ["protocol"] = protocol,
        ["command"] = command,
        ["payload"] = payload ?? new JsonObject(),
        ["time"] = Time(time),
    };

    /// <summary>The header's metadata: the run's start and end and the runtime that recorded it; the caller may add counts.</summary>
    public static JsonObject Metadata(DateTimeOffset start, DateTimeOffset end, string runtimeId, string runtimeLabel) => new()
    {
        ["start"] = Time(start),
        ["end"] = Time(end),
        ["runtime"] = runtimeId,
        ["label"] = runtimeLabel,
        ["type"] = "reflow",
    };

    /// <summary>The flowtrace header: its metadata, the graph (NoFlo JSON) under its id, and that id as the main graph.</summary>
    public static JsonObject Header(string graphId, JsonNode? graph, JsonObject metadata) => new()
    {
        ["metadata"] = metadata,
        ["graphs"] = new JsonObject { [graphId] = graph },
        ["main"] = graphId,
    };

    /// <summary>An ISO 8601 UTC time, as the protocol's date-time fields.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
