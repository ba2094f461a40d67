using System.Text.Json;
using System.Text.Json.Nodes;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Server.Protocol;

namespace Reflow.Server.Runtime;

/// <summary>
/// The <c>graph</c> sub-protocol: every edit of graph.yml applied to the <see cref="Graph"/> model and reported to every
/// client in the shape of the schema's output message. Edits are refused while the graph's network runs (live edits
/// are not in this version).
/// </summary>
internal sealed partial class GraphProtocol(RuntimeState state) : IFbpProtocolHandler
{
    // fbp-test compares these two refusals word for word (src/WebSocket.js), so they cannot name the graphs there are.
    internal const string NoGraphSpecified = "No graph specified";
    internal const string GraphNotFound = "Requested graph not found";

    // The node metadata key the network loader reads a node's own grant from (Reflow.Networks.NodePermissions, internal to Core).
    private const string PermissionsKey = "permissions";

    private static readonly string[] Commands =
    [
        "clear", "addnode", "removenode", "renamenode", "changenode", "addedge", "removeedge", "changeedge",
        "addinitial", "removeinitial", "addinport", "removeinport", "renameinport", "addoutport", "removeoutport",
        "renameoutport", "addgroup", "removegroup", "renamegroup", "changegroup",
    ];

    // Edits of a graph's exported ports: a running network keeps its own (Core's UpdateAsync refuses a change to them).
    private static readonly string[] RestartCommands = ["addinport", "removeinport", "renameinport", "addoutport", "removeoutport", "renameoutport"];

    private readonly RuntimeState _state = state;

    public string Protocol => "graph";

    public async ValueTask HandleAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        string command = request.Message.Command;
        if (command == "clear")
        {
            await ClearAsync(request, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (Array.IndexOf(Commands, command) < 0)
        {
            throw new FbpProtocolException($"Unknown command graph:{command}; the graph protocol's commands are: {string.Join(", ", Commands)}.");
        }

        (string id, Graph graph) = EditableGraph(request);
        if (Array.IndexOf(RestartCommands, command) >= 0)
        {
            RefuseWhileRunning(id, command);
        }

        var changes = new List<GraphChange>();
        void Record(GraphChange change) => changes.Add(change);
        graph.Changed += Record;
        JsonObject? unchanged;
        try
        {
            unchanged = Apply(request, command, graph, id);
        }
        catch (ArgumentException ex)
        {
            // The model checks what the protocol layer does not (a taken id, a repeated group): its text says what.
            throw new FbpProtocolException($"graph:{command} refused: {ex.Message}", ex);
        }
        finally
        {
            graph.Changed -= Record;
        }

        bool portsChanged = false;
        bool sent = false;
        foreach (GraphChange change in changes)
        {
            if (GraphChangeMessages.For(id, change) is (string c, JsonObject payload))
            {
                await SendToAllAsync(request, c, payload, cancellationToken).ConfigureAwait(false);
                sent = true;
                portsChanged |= change.Kind is GraphChangeKind.PortAdded or GraphChangeKind.PortRemoved or GraphChangeKind.PortRenamed;
            }
        }

        // A change that changed nothing (metadata merged to what it was) is still acknowledged, as fbp-test expects.
        if (!sent && unchanged is not null)
        {
            await SendToAllAsync(request, command, unchanged, cancellationToken).ConfigureAwait(false);
        }

        if (portsChanged)
        {
            await RuntimePorts.BroadcastIfMainAsync(_state, id, cancellationToken).ConfigureAwait(false);
        }

        if (changes.Count > 0 && _state.Networks.TryGetValue(id, out ILiveNetwork? network) && network.IsRunning)
        {
            await network.ApplyGraphAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Applies one edit; returns the acknowledgement to send when the edit made no change event (else null).
    private JsonObject? Apply(FbpRequest request, string command, Graph graph, string id)
    {
        switch (command)
        {
            case "addnode":
            {
                string node = RequireId(request, "id");
                string component = RequireId(request, "component");
                RequireComponent(component);
                if (graph.HasNode(node))
                {
                    throw new FbpProtocolException($"Graph \"{id}\" already has a node \"{node}\" ({graph.GetNode(node)!.Component}): node ids are unique (graph:renamenode renames one).");
                }

                GraphMetadata? metadata = ProtocolJson.OptionalMetadata(request);
                RefuseGrant(metadata, node);
                graph.AddNode(node, component, metadata);
                return null;
            }

            case "removenode":
                graph.RemoveNode(RequireNode(graph, id, request.RequireString("id")).Id);
                return null;

            case "renamenode":
            {
                GraphNode node = RequireNode(graph, id, request.RequireString("from"));
                string to = RequireId(request, "to");
                if (to != node.Id && graph.HasNode(to))
                {
                    throw new FbpProtocolException($"Cannot rename \"{node.Id}\" to \"{to}\": graph \"{id}\" already has a node \"{to}\".");
                }

                if (to == node.Id)
                {
                    return new JsonObject { ["from"] = node.Id, ["to"] = to, ["graph"] = id }; // nothing to do, still acknowledged
                }

                graph.RenameNode(node.Id, to);
                return null;
            }

            case "changenode":
            {
                GraphNode node = RequireNode(graph, id, request.RequireString("id"));
                GraphMetadata patch = ProtocolJson.RequireMetadata(request);
                RefuseGrant(patch, node.Id);
                RefuseScriptCode(patch, node);
                graph.UpdateNodeMetadata(node.Id, patch);
                return GraphChangeMessages.ChangeNode(id, graph.GetNode(node.Id)!);
            }

            case "addedge":
            {
                NodePort src = RequirePort(request, graph, id, "src", PortDirection.Out);
                NodePort tgt = RequirePort(request, graph, id, "tgt", PortDirection.In);
                graph.Connect(src, tgt, ProtocolJson.OptionalMetadata(request));
                return null;
            }

            case "removeedge":
            {
                GraphConnection edge = RequireEdge(request, graph, id);
                graph.Disconnect(edge.From, edge.To);
                return null;
            }

            case "changeedge":
            {
                GraphConnection edge = RequireEdge(request, graph, id);
                graph.SetConnectionMetadata(edge.From, edge.To, edge.Metadata.Merge(ProtocolJson.RequireMetadata(request)));
                return GraphChangeMessages.Edge(id, graph.GetConnection(edge.From, edge.To)!, withMetadata: true);
            }

            case "addinitial":
            {
                if (request.Message.Payload["src"] is not JsonObject src || !src.ContainsKey("data"))
                {
                    throw new FbpProtocolException("graph:addinitial needs \"src\": an object with the IIP's \"data\" (any JSON value).");
                }

                NodePort tgt = RequirePort(request, graph, id, "tgt", PortDirection.In);
                graph.AddInitial(tgt, ProtocolJson.ToElement(src["data"]), ProtocolJson.OptionalMetadata(request));
                return null;
            }

            case "removeinitial":
                RemoveInitials(request, graph, id);
                return null;

            case "addinport":
            case "addoutport":
            {
                PortDirection direction = command == "addinport" ? PortDirection.In : PortDirection.Out;
                string name = RequireId(request, "public");
                if (graph.GetExportedPort(direction, name) is ExportedPort taken)
                {
                    throw new FbpProtocolException($"Graph \"{id}\" already exports an {Direction(direction)} \"{name}\" ({taken.Target}); remove it first or choose another name.");
                }

                GraphNode node = RequireNode(graph, id, request.RequireString("node"));
                NodePort target = ParseInnerPort(request, node.Id);
                RequireNodePort(graph, id, node, target.Port, direction);
                graph.ExportPort(direction, name, target, ProtocolJson.OptionalMetadata(request));
                return null;
            }

            case "removeinport":
            case "removeoutport":
            {
                PortDirection direction = command == "removeinport" ? PortDirection.In : PortDirection.Out;
                graph.RemoveExportedPort(direction, RequireExported(graph, id, direction, request.RequireString("public")).Name);
                return null;
            }

            case "renameinport":
            case "renameoutport":
            {
                PortDirection direction = command == "renameinport" ? PortDirection.In : PortDirection.Out;
                ExportedPort port = RequireExported(graph, id, direction, request.RequireString("from"));
                string to = RequireId(request, "to");
                if (!string.Equals(to, port.Name, graph.PortComparison) && graph.GetExportedPort(direction, to) is not null)
                {
                    throw new FbpProtocolException($"Cannot rename {Direction(direction)} \"{port.Name}\" to \"{to}\": graph \"{id}\" already exports one called \"{to}\".");
                }

                if (to == port.Name)
                {
                    return new JsonObject { ["from"] = port.Name, ["to"] = to, ["graph"] = id };
                }

                graph.RenameExportedPort(direction, port.Name, to);
                return null;
            }

            case "addgroup":
            {
                string name = RequireId(request, "name");
                if (graph.GetGroup(name) is not null)
                {
                    throw new FbpProtocolException($"Graph \"{id}\" already has a group \"{name}\" (graph:changegroup changes its metadata).");
                }

                if (request.Message.Payload["nodes"] is not JsonArray nodes)
                {
                    throw new FbpProtocolException("graph:addgroup needs \"nodes\": an array of node ids.");
                }

                var members = new List<string>();
                foreach (JsonNode? n in nodes)
                {
                    string member = n is JsonValue v && v.TryGetValue(out string? s)
                        ? s
                        : throw new FbpProtocolException($"graph:addgroup: \"nodes\" must hold node ids (strings), not {n?.ToJsonString() ?? "null"}.");
                    members.Add(RequireNode(graph, id, member).Id);
                }

                graph.AddGroup(name, members, ProtocolJson.OptionalMetadata(request));
                return null;
            }

            case "removegroup":
                graph.RemoveGroup(RequireGroup(graph, id, request.RequireString("name")).Name);
                return null;

            case "renamegroup":
            {
                GraphGroup group = RequireGroup(graph, id, request.RequireString("from"));
                string to = RequireId(request, "to");
                if (to != group.Name && graph.GetGroup(to) is not null)
                {
                    throw new FbpProtocolException($"Cannot rename group \"{group.Name}\" to \"{to}\": graph \"{id}\" already has a group \"{to}\".");
                }

                if (to == group.Name)
                {
                    return new JsonObject { ["from"] = group.Name, ["to"] = to, ["graph"] = id };
                }

                graph.RenameGroup(group.Name, to);
                return null;
            }

            case "changegroup":
            {
                GraphGroup group = RequireGroup(graph, id, request.RequireString("name"));
                graph.SetGroupMetadata(group.Name, group.Metadata.Merge(ProtocolJson.RequireMetadata(request)));
                return GraphChangeMessages.ChangeGroup(id, graph.GetGroup(group.Name)!);
            }

            default:
                throw new FbpProtocolException($"Unknown command graph:{command}.");
        }
    }

    private async ValueTask ClearAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        string id = RequireId(request, "id");
        RefuseWhileRunning(id, "clear");
        string? name = request.OptionalString("name");
        string? library = request.OptionalString("library");
        string? icon = request.OptionalString("icon");
        string? description = request.OptionalString("description");
        bool? main = request.Message.Payload["main"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue(out bool b) => b,
            _ => throw new FbpProtocolException("graph:clear: \"main\" must be true or false."),
        };

        GraphMetadata properties = GraphMetadata.Empty;
        foreach ((string key, string? value) in new[] { ("library", library), ("icon", icon), ("description", description) })
        {
            if (value is not null)
            {
                properties = properties.With(key, value);
            }
        }

        _state.Graphs[id] = new Graph(name, caseSensitive: true, properties);

        // The main graph is the one a client says is main, or the first there is.
        if (main == true || _state.MainGraph is null || !_state.Graphs.ContainsKey(_state.MainGraph))
        {
            _state.MainGraph = id;
        }

        // The echo holds only the schema's fields (fbp-test sends baseDir too, which output/clear does not allow).
        var echo = new JsonObject { ["id"] = id };
        if (name is not null)
        {
            echo["name"] = name;
        }

        if (library is not null)
        {
            echo["library"] = library;
        }

        if (main is bool m)
        {
            echo["main"] = m;
        }

        if (icon is not null)
        {
            echo["icon"] = icon;
        }

        if (description is not null)
        {
            echo["description"] = description;
        }

        await SendToAllAsync(request, "clear", echo, cancellationToken).ConfigureAwait(false);
    }

    // The requester hears the answer to its request (with responseTo); every other client hears the change.
    private async ValueTask SendToAllAsync(FbpRequest request, string command, JsonObject payload, CancellationToken cancellationToken)
    {
        await request.ReplyAsync(command, payload, cancellationToken).ConfigureAwait(false);
        foreach (IFbpClient client in _state.Clients)
        {
            if (!ReferenceEquals(client, request.Client))
            {
                await client.SendAsync(Protocol, command, payload, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
