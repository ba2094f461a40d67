using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Graphs.Formats;
using Reflow.Networks;
using Reflow.Server.Network;

namespace Reflow.Server.Tracing;

/// <summary>
/// Records one run of a network as a flowtrace file (github.com/flowbased/flowtrace, as the protocol's
/// <c>trace:dump</c> writes it): every network event the protocol server would send its clients — <c>started</c>,
/// the IIPs, per edge <c>connect</c>, <c>data</c>, <c>begingroup</c>, <c>endgroup</c> and <c>disconnect</c>,
/// <c>processerror</c>, <c>output</c>, <c>error</c>, <c>stopped</c> — made by the server's own mapping.
/// </summary>
/// <remarks>
/// <para>Use: <see cref="Create"/> before the run (it opens the file, so a path that cannot be written fails before
/// anything runs), <see cref="Attach"/> before <see cref="Networks.Network.RunAsync"/>, <see cref="FinishAsync"/> once
/// the run is over, whether it completed, failed or was stopped.</para>
/// <para>Bounded: at most <see cref="EventLimit"/> events of the run are written; the later ones are counted in
/// <see cref="Omitted"/> (and the header's <c>omitted</c>) rather than kept. The closing events (each edge's
/// <c>disconnect</c>, a failure's <c>error</c>, <c>stopped</c>) are always written, so a trace ends with <c>stopped</c>.
/// Events are spooled to a temporary file as they come, so memory stays flat however long the run.</para>
/// <para>Every message on an edge is recorded, unless the recorder reads more slowly than the network sends: Core
/// then discards the oldest events rather than slow the network down; the next event of such an edge says how many of
/// its messages were not recorded (<c>skipped</c>) and the header has the total (<c>discarded</c>).</para>
/// </remarks>
public sealed class FlowTraceRecorder : IAsyncDisposable
{
    /// <summary>Events written at most when no limit is given: about 200–300 bytes each on disk.</summary>
    public const long DefaultEventLimit = 1_000_000;

    private const string RuntimeLabel = "Reflow for .NET (reflow run)";
    private const int EventBuffer = 100_000;

    private readonly FileStream _file;
    private readonly FileStream _spool;
    private readonly Utf8JsonWriter _spoolWriter;
    private readonly string _path;
    private ProtocolEventMapper? _mapper;
    private Task? _pump;
    private string _graphName = "";
    private JsonNode? _graph;
    private DateTimeOffset _start;
    private long _written;
    private long _omitted;
    private bool _finished;

    private FlowTraceRecorder(string path, FileStream file, FileStream spool, long eventLimit)
    {
        _path = path;
        _file = file;
        _spool = spool;
        _spoolWriter = new Utf8JsonWriter(spool);
        EventLimit = eventLimit;
    }

    /// <summary>Events of the run written at most (the closing events come on top).</summary>
    public long EventLimit { get; }

    /// <summary>Events written so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Events of the run left out because <see cref="EventLimit"/> was reached.</summary>
    public long Omitted => Interlocked.Read(ref _omitted);

    /// <summary>Opens <paramref name="path"/> for the trace now (created or emptied), so it is known to be writable before the run.</summary>
    /// <exception cref="IOException">The file cannot be created or written (its directory is missing…).</exception>
    /// <exception cref="UnauthorizedAccessException">Writing there is not allowed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventLimit"/> is below 1.</exception>
    public static FlowTraceRecorder Create(string path, long eventLimit = DefaultEventLimit)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(eventLimit, 1);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        try
        {
            string spool = Path.Combine(Path.GetTempPath(), $"reflow-trace-{Environment.ProcessId}-{Guid.NewGuid():N}.spool");
            return new FlowTraceRecorder(path, file, new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose), eventLimit);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts recording <paramref name="network"/>, which must not have started yet (its first events would be missed):
    /// subscribes to its events, message events included, and records <c>started</c> and the IIPs of <paramref name="graph"/>.
    /// </summary>
    /// <param name="network">The network, before <see cref="Networks.Network.RunAsync"/>.</param>
    /// <param name="definition">What it was built from (its edges are named as the protocol names them).</param>
    /// <param name="graph">The graph, written into the header and the source of the IIP events.</param>
    /// <param name="graphName">The graph's name in the trace.</param>
    /// <exception cref="InvalidOperationException">Already attached.</exception>
    public void Attach(Networks.Network network, NetworkDefinition definition, Graph graph, string graphName)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(graph);
        if (_mapper is not null)
        {
            throw new InvalidOperationException($"The trace {_path} already records a run.");
        }

        _graphName = graphName;
        _graph = JsonNode.Parse(NoFloJsonFormat.Write(graph, indented: false));
        _mapper = ProtocolEventMapper.For(graphName, definition);
        ChannelReader<NetworkEvent> events = network.SubscribeEvents(new NetworkEventSubscription { IncludeMessages = true, Capacity = EventBuffer });
        _start = DateTimeOffset.UtcNow;
        Write(new ProtocolEvent("started", new JsonObject { ["time"] = FlowTrace.Time(_start), ["graph"] = graphName, ["started"] = true, ["running"] = true }, _start), closing: false);
        foreach (ProtocolEvent initial in ProtocolEventMapper.Initials(graphName, graph, _start))
        {
            Write(initial, closing: false);
        }

        _pump = Task.Run(() => PumpAsync(events, _mapper));
    }

    /// <summary>
    /// Once the run is over (its event stream completes with it): writes the last events, the closing ones and the
    /// file. Call it whether the run completed, failed or was stopped; <paramref name="failure"/> becomes an
    /// <c>error</c> event. Returns the path written.
    /// </summary>
    /// <param name="result">The run's result, if it has one (its discarded events go into the header).</param>
    /// <param name="failure">Why the run failed, if it did.</param>
    public async Task<string> FinishAsync(NetworkRunResult? result, string? failure)
    {
        if (_finished)
        {
            return _path;
        }

        _finished = true;
        if (_pump is { } pump)
        {
            await pump.ConfigureAwait(false);
        }

        DateTimeOffset end = DateTimeOffset.UtcNow;
        var closing = new List<ProtocolEvent>();
        _mapper?.Disconnects(end, closing);
        if (failure is not null)
        {
            closing.Add(new ProtocolEvent("error", new JsonObject { ["message"] = $"The network of graph \"{_graphName}\" failed: {failure}", ["graph"] = _graphName }, end));
        }

        closing.Add(new ProtocolEvent("stopped", new JsonObject
        {
            ["time"] = FlowTrace.Time(end),
            ["graph"] = _graphName,
            ["running"] = false,
            ["started"] = false,
            ["uptime"] = Math.Round((end - _start).TotalSeconds, 3),
        }, end));
        foreach (ProtocolEvent e in closing)
        {
            Write(e, closing: true);
        }

        await _spoolWriter.FlushAsync().ConfigureAwait(false);
        JsonObject metadata = FlowTrace.Metadata(_start, end, "reflow-run-" + Environment.ProcessId, RuntimeLabel);
        metadata["events"] = Written;
        metadata["eventLimit"] = EventLimit;
        metadata["omitted"] = Omitted;
        metadata["discarded"] = result?.EventsDiscarded ?? 0;
        await WriteFileAsync(FlowTrace.Header(_graphName, _graph, metadata)).ConfigureAwait(false);
        return _path;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _spoolWriter.DisposeAsync().ConfigureAwait(false);
        await _spool.DisposeAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    // The recorder's loop: the only writer of the spool until the run's events end (FinishAsync waits for it).
    private async Task PumpAsync(ChannelReader<NetworkEvent> events, ProtocolEventMapper mapper)
    {
        var made = new List<ProtocolEvent>();
        Func<WatchedEdge, bool> every = static _ => true;
        await foreach (NetworkEvent networkEvent in events.ReadAllAsync().ConfigureAwait(false))
        {
            if (Written >= EventLimit)
            {
                Interlocked.Add(ref _omitted, mapper.Skip(networkEvent)); // past the limit: counted, not made (no JSON)
                continue;
            }

            mapper.Map(networkEvent, every, made);
            foreach (ProtocolEvent e in made)
            {
                Write(e, closing: false);
            }

            made.Clear();
        }
    }

    private void Write(ProtocolEvent e, bool closing)
    {
        if (!closing && Written >= EventLimit)
        {
            Interlocked.Increment(ref _omitted);
            return;
        }

        if (Written > 0)
        {
            _spool.WriteByte((byte)',');
        }

        FlowTrace.EventJson("network", e.Command, e.Payload, e.Time).WriteTo(_spoolWriter);
        _spoolWriter.Flush(); // the comma goes to the stream directly: the writer's buffer must be out first
        _spoolWriter.Reset();
        Interlocked.Increment(ref _written);
    }

    // {"header": …, "events": [spool]}: the header first, as readers of flowtraces expect.
    private async Task WriteFileAsync(JsonObject header)
    {
        byte[] start = Encoding.UTF8.GetBytes($"{{\"header\":{header.ToJsonString()},\"events\":[");
        await _file.WriteAsync(start).ConfigureAwait(false);
        _spool.Position = 0;
        await _spool.CopyToAsync(_file).ConfigureAwait(false);
        await _file.WriteAsync("]}"u8.ToArray()).ConfigureAwait(false);
        await _file.FlushAsync().ConfigureAwait(false);
    }
}
