using System.Text.Json.Nodes;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Networks;
using Reflow.Server.Protocol;

namespace Reflow.Server.Runtime;

/// <summary>
/// The <c>component</c> sub-protocol: <c>list</c> (every registered component, then <c>componentsready</c>),
/// <c>getsource</c> (a graph's JSON, or for a C# component a note that its source is compiled in) and <c>source</c>
/// (components from source, refused unless the server allows it).
/// </summary>
internal sealed class ComponentProtocol(RuntimeState state) : IFbpProtocolHandler
{
    private readonly RuntimeState _state = state;

    public string Protocol => "component";

    public async ValueTask HandleAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        switch (request.Message.Command)
        {
            case "list":
                await ListAsync(request, cancellationToken).ConfigureAwait(false);
                break;
            case "getsource":
                await request.ReplyAsync("source", Source(request.RequireString("name")), cancellationToken).ConfigureAwait(false);
                break;
            case "source":
                await SetSourceAsync(request, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new FbpProtocolException($"Unknown command component:{request.Message.Command}; the component protocol's commands are list, getsource and source.");
        }
    }

    /// <summary>The <c>component:component</c> payload of the registered component <paramref name="name"/>.</summary>
    public JsonObject Describe(string name)
    {
        ComponentRegistry registry = _state.Components;
        ComponentDescription? description = registry.FindComponent(name)?.Description ?? registry.FindConfigured(name);
        bool subgraph = registry.FindGraph(name) is not null;
        ComponentPorts? ports = registry.Find(name);
        var payload = new JsonObject { ["name"] = name };
        string? text = description?.Description ?? (subgraph ? registry.FindGraph(name)!.Properties.GetString("description") : null);
        if (!string.IsNullOrEmpty(text))
        {
            payload["description"] = text;
        }

        payload["subgraph"] = subgraph;
        payload["inPorts"] = Ports(ports?.InPorts, description?.InPorts);
        payload["outPorts"] = Ports(ports?.OutPorts, description?.OutPorts);
        return payload;
    }

    private async ValueTask ListAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        int count = 0;
        foreach (string name in _state.Components.Names)
        {
            await request.ReplyAsync("component", Describe(name), cancellationToken).ConfigureAwait(false);
            count++;
        }

        // componentsready's payload is the bare count (component.yml), not an object.
        await request.ReplyAsync("componentsready", JsonValue.Create(count), cancellationToken).ConfigureAwait(false);
    }

    private JsonObject Source(string name)
    {
        int slash = name.LastIndexOf('/');
        string library = slash > 0 ? name[..slash] : "";
        string shortName = name[(slash + 1)..];
        ComponentRegistry registry = _state.Components;

        // A graph of this runtime (noflo-ui asks for the main graph's source by its id) or one registered as a component.
        Graph? graph = _state.Graphs.GetValueOrDefault(name) ?? registry.FindGraph(name);
        if (graph is not null)
        {
            return SourcePayload(shortName, "json", library, GraphFile.Write(graph, GraphFormat.NoFloJson));
        }

        if (_state.SourceComponents.Find(name) is (string language, string code))
        {
            return SourcePayload(shortName, language, library, code);
        }

        if (registry.FindComponent(name) is Component component)
        {
            // The schema has no way to say "no source": the code says what the component is instead of failing the request.
            string type = component.Description.Name;
            return SourcePayload(shortName, "csharp", library,
                $"// {type} is a C# component compiled into this runtime; its source is not available from the runtime.\n// {component.Description.Description}\n");
        }

        if (registry.FindConfigured(name) is ComponentDescription configured)
        {
            return SourcePayload(shortName, "text", library,
                $"// {name} takes its source from each node's settings; it has no source of its own.\n// {configured.Description}\n");
        }

        throw new FbpProtocolException($"There is no component \"{name}\" (component:list lists the {registry.Count} there are).");
    }

    private async ValueTask SetSourceAsync(FbpRequest request, CancellationToken cancellationToken)
    {
        string name = request.RequireString("name");
        if (!_state.Settings.AllowComponentSource)
        {
            throw new FbpProtocolException($"component:source refused for \"{name}\": this runtime does not take components from source (start it with --allow-component-source to allow it).");
        }

        string fullName = _state.SourceComponents.Add(name, request.OptionalString("library"), request.RequireString("language"), request.RequireString("code"));

        // Every client learns of the new (or changed) component, the sender with the answer to its request.
        JsonObject component = Describe(fullName);
        await request.ReplyAsync("component", component, cancellationToken).ConfigureAwait(false);
        foreach (IFbpClient client in _state.Clients)
        {
            if (!ReferenceEquals(client, request.Client))
            {
                await client.SendAsync(Protocol, "component", component, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static JsonObject SourcePayload(string name, string language, string library, string code)
    {
        var payload = new JsonObject { ["name"] = name, ["language"] = language };
        if (library.Length > 0)
        {
            payload["library"] = library;
        }

        payload["code"] = code;
        return payload;
    }

    private static JsonArray Ports(IReadOnlyList<CatalogPort>? ports, IReadOnlyList<PortDefinition>? definitions)
    {
        var list = new JsonArray();
        foreach (CatalogPort port in ports ?? [])
        {
            string? description = definitions?.FirstOrDefault(d => d.Name == port.Name)?.Description;
            list.Add(ProtocolJson.PortDefinition(port.Name, port, description));
        }

        return list;
    }
}
