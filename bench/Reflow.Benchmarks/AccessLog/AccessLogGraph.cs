using System.Globalization;
using System.Text.Json.Nodes;
using Reflow.Components;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Benchmarks.AccessLog;

/// <summary>
/// The access-log job as a graph file, run through the public API the way an embedding host runs one: loaded once
/// with the standard components, its log file given as a node setting (<see cref="ReaderNode"/>.<see cref="PathSetting"/>,
/// the same as <c>reflow run access-log.json --set read.path=FILE</c>), then one fresh network per run whose exported
/// out-ports are read to the end and turned into <see cref="AccessLogAnswers.ToOutputLines"/> form.
/// </summary>
/// <remarks>
/// The graph's contract (examples/access-log/README.md): a node <c>read</c> with a <c>path</c> setting, and the
/// exported out-ports <c>bytes</c> and <c>malformed</c> (one integer each), <c>status</c> (one object: status code →
/// count) and <c>top</c> (one array of the five paths, most requested first, each <c>{"path":…,"count":…}</c> or
/// <c>[path, count]</c>). Read and write access is granted under the log's and the graph's directories only.
/// </remarks>
public sealed class AccessLogGraph
{
    /// <summary>The node that reads the log.</summary>
    public const string ReaderNode = "read";

    /// <summary>The reader's setting that names the log file.</summary>
    public const string PathSetting = "path";

    /// <summary>The variable that names another graph file than <see cref="DefaultPath"/>.</summary>
    public const string GraphVariable = "REFLOW_ACCESS_LOG_GRAPH";

    private static readonly string[] s_ports = ["bytes", "malformed", "status", "top"];

    private readonly NetworkDefinition _definition;
    private readonly NetworkOptions _options;

    /// <summary>Loads <paramref name="graphPath"/> to read <paramref name="logPath"/>.</summary>
    /// <exception cref="GraphLoadException">The graph does not load (the message says where and why).</exception>
    /// <exception cref="InvalidOperationException">The graph does not export the answers' out-ports.</exception>
    public AccessLogGraph(string graphPath, string logPath)
    {
        logPath = Path.GetFullPath(logPath);
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents();
        _definition = GraphNetworkLoader.LoadFile(graphPath, registry, new GraphLoadOptions { Settings = [new NodeSetting(ReaderNode, PathSetting, logPath)] });
        string[] directories = [Path.GetDirectoryName(logPath)!, Path.GetDirectoryName(Path.GetFullPath(graphPath))!];
        _options = new NetworkOptions { Name = "access-log", Permissions = PermissionSet.None.WithRead(directories).WithWrite(directories) };
        string[] missing = [.. s_ports.Where(p => !_definition.OutPorts.Any(o => o.Name == p))];
        if (missing.Length > 0)
        {
            throw new InvalidOperationException(
                $"{graphPath} does not export the out-port(s) {string.Join(", ", missing)}; it exports: {string.Join(", ", _definition.OutPorts.Select(o => o.Name))}. " +
                "The access-log graph exports bytes, malformed, status and top (see examples/access-log/README.md).");
        }
    }

    /// <summary>
    /// The graph file: <c>REFLOW_ACCESS_LOG_GRAPH</c> when set, else <c>examples/access-log/access-log.json</c> of the
    /// repository this assembly was built in (found upwards from it); null when there is no such file.
    /// </summary>
    public static string? DefaultPath()
    {
        string? given = Environment.GetEnvironmentVariable(GraphVariable);
        if (!string.IsNullOrEmpty(given))
        {
            return File.Exists(given) ? Path.GetFullPath(given) : null;
        }

        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Reflow.Core.sln")))
            {
                string graph = Path.Combine(directory.FullName, "examples", "access-log", "access-log.json");
                return File.Exists(graph) ? graph : null;
            }
        }

        return null;
    }

    /// <summary>Runs the graph once to the end; returns its answers as <see cref="AccessLogAnswers.ToOutputLines"/> does.</summary>
    /// <exception cref="InvalidOperationException">The run failed, or a port did not emit exactly one value of the expected shape.</exception>
    public async Task<IReadOnlyList<string>> RunAsync()
    {
        await using Network network = Network.Create(_definition, _options);
        Task<NetworkRunResult> run = network.RunAsync();
        network.CompleteInputs();

        // Every out-port is read to the end: an unread one would fill and hold the graph back.
        Task<List<Message>>[] readers = [.. _definition.OutPorts.Select(p => Task.Run(async () =>
        {
            var values = new List<Message>();
            await foreach (Message message in network.Output(p.Name).ReadAllAsync().ConfigureAwait(false))
            {
                values.Add(message);
            }

            return values;
        }))];
        NetworkRunResult result = await run.ConfigureAwait(false);
        List<Message>[] outputs = await Task.WhenAll(readers).ConfigureAwait(false);
        if (!result.Completed || result.HasUnhandledFailures || result.Errors > 0)
        {
            string first = result.Failures.Count > 0 ? $"; first: {result.Failures[0]}" : "";
            throw new InvalidOperationException($"The access-log graph's run failed: completed {result.Completed}, {result.Errors} error(s), {result.UncaughtFailures} uncaught failure(s){first}.");
        }

        var byPort = new Dictionary<string, List<Message>>(StringComparer.Ordinal);
        for (int i = 0; i < outputs.Length; i++)
        {
            byPort[_definition.OutPorts[i].Name] = outputs[i];
        }

        return [.. s_ports.Select(p => p + ": " + Normalise(p, One(p, byPort[p])))];
    }

    /// <summary>
    /// The answers in printed <c>port: value</c> lines (as <c>reflow run</c> prints them, e.g. the example's expected.txt),
    /// normalised as the graph's own answers are: the four answer ports, in order; other ports are ignored.
    /// </summary>
    public static string[] NormalisePrinted(IEnumerable<string> lines)
    {
        var byPort = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && s_ports.Contains(line[..colon]))
            {
                byPort[line[..colon]] = JsonNode.Parse(line[(colon + 2)..]) ?? throw Shape(line[..colon], "null");
            }
        }

        return [.. s_ports.Select(p => p + ": " + Normalise(p, byPort.TryGetValue(p, out JsonNode? v) ? v : throw Shape(p, "(missing)")))];
    }

    private static JsonNode One(string port, List<Message> values) =>
        values.Count == 1
            ? JsonNode.Parse(MessageJson.ToJson(values[0])) ?? throw Shape(port, "null")
            : throw new InvalidOperationException($"The access-log graph emitted {values.Count} values on '{port}'; expected exactly one (at the end of the stream).");

    /// <summary>One port's value in the form of <see cref="AccessLogAnswers.ToOutputLines"/>: status codes ascending, top entries as objects.</summary>
    private static string Normalise(string port, JsonNode value)
    {
        switch (port)
        {
            case "status" when value is JsonObject counts:
                var ordered = new JsonObject();
                foreach ((string code, JsonNode? count) in counts.OrderBy(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out int n) ? n : int.MaxValue))
                {
                    ordered[code] = Integer(port, count);
                }

                return ordered.ToJsonString();
            case "top" when value is JsonArray entries:
                var top = new JsonArray();
                foreach (JsonNode? entry in entries)
                {
                    (JsonNode? path, JsonNode? count) = entry switch
                    {
                        JsonArray { Count: 2 } pair => (pair[0], pair[1]),
                        JsonObject { Count: 2 } pair => (pair.FirstOrDefault(f => f.Value is JsonValue v && v.TryGetValue(out string? _)).Value,
                                                          pair.FirstOrDefault(f => f.Value is JsonValue v && !v.TryGetValue(out string? _)).Value),
                        _ => throw Shape(port, entry?.ToJsonString() ?? "null"),
                    };
                    string name = path is JsonValue text && text.TryGetValue(out string? s) ? s : throw Shape(port, entry!.ToJsonString());
                    top.Add(new JsonObject { ["path"] = name, ["count"] = Integer(port, count) });
                }

                return top.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            case "bytes" or "malformed":
                return Integer(port, value).ToString(CultureInfo.InvariantCulture);
            default:
                throw Shape(port, value.ToJsonString());
        }
    }

    /// <summary>An integer, also when a component wrote it as a float with no fraction (a sum of floats, say).</summary>
    private static long Integer(string port, JsonNode? value) => value switch
    {
        JsonValue number when number.TryGetValue(out long n) => n,
        JsonValue number when number.TryGetValue(out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
        _ => throw Shape(port, value?.ToJsonString() ?? "null"),
    };

    private static InvalidOperationException Shape(string port, string got) => new(
        $"The access-log graph's '{port}' value has an unexpected shape: {got}. Expected: bytes and malformed an integer, status an object of " +
        "status code → count, top an array of {\"path\":…,\"count\":…} or [path, count] (see examples/access-log/README.md).");
}
