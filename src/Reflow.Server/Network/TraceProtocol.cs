using System.Text.Json.Nodes;
using Reflow.Graphs.Formats;
using Reflow.Server.Protocol;
using Reflow.Server.Runtime;

namespace Reflow.Server.Network;

/// <summary>
/// The <c>trace</c> sub-protocol: start (with an optional buffer size in bytes), stop, dump (a flowtrace) and clear
/// a graph's <see cref="FlowTrace"/>, which records the events its network sends to clients.
/// </summary>
internal sealed class TraceProtocol(RuntimeState state) : IFbpProtocolHandler
{
    private const string FlowtraceType = "flowtrace.json";

    private readonly RuntimeState _state = state;

    public string Protocol => "trace";

    public async ValueTask HandleAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        string command = request.Message.Command;
        string graph = request.RequireString("graph");
        LiveNetwork network = LiveNetwork.For(_state, graph);
        switch (command)
        {
            case "start":
                {
                    int size = BufferSize(request);
                    if (network.Trace is { } trace && trace.BufferBytes == size)
                    {
                        trace.Recording = true; // started again: goes on after what it kept
                    }
                    else
                    {
                        network.Trace = new FlowTrace(size);
                    }

                    await request.ReplyAsync("start", new JsonObject { ["graph"] = graph, ["buffersize"] = size }, cancellationToken).ConfigureAwait(false);
                    break;
                }

            case "stop":
                Require(network, command).Recording = false;
                await request.ReplyAsync("stop", new JsonObject { ["graph"] = graph }, cancellationToken).ConfigureAwait(false);
                break;
            case "clear":
                Require(network, command).Clear();
                await request.ReplyAsync("clear", new JsonObject { ["graph"] = graph }, cancellationToken).ConfigureAwait(false);
                break;
            case "dump":
                {
                    string type = request.OptionalString("type") ?? FlowtraceType;
                    if (type != FlowtraceType)
                    {
                        throw new FbpProtocolException($"trace:dump: the type \"{type}\" is not one this runtime writes; it writes \"{FlowtraceType}\".");
                    }

                    FlowTrace trace = Require(network, command);
                    JsonNode? graphJson = JsonNode.Parse(NoFloJsonFormat.Write(_state.RequireGraph(graph), indented: false));
                    string flowtrace = trace.Dump(graph, graphJson, _state.Settings.RuntimeId, _state.Settings.Label);
                    await request.ReplyAsync("dump", new JsonObject { ["graph"] = graph, ["type"] = FlowtraceType, ["flowtrace"] = flowtrace }, cancellationToken).ConfigureAwait(false);
                    break;
                }

            default:
                throw new FbpProtocolException($"trace:{command} is not a command this runtime takes; it takes start, stop, dump, clear.");
        }
    }

    private static FlowTrace Require(LiveNetwork network, string command) =>
        network.Trace ?? throw new FbpProtocolException($"trace:{command}: graph \"{network.Graph}\" has no trace; trace:start starts one.");

    private static int BufferSize(FbpRequest request) => request.Message.Payload["buffersize"] switch
    {
        null => FlowTrace.DefaultBufferBytes,
        JsonValue v when v.TryGetValue(out int size) && size > 0 => size,
        var other => throw new FbpProtocolException($"trace:start: \"buffersize\" must be a positive whole number of bytes; got {other.ToJsonString()}."),
    };
}
