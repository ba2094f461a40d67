using Reflow.Components;
using Reflow.Configuration;
using Reflow.Graphs;
using Reflow.Native.Interop;
using Reflow.Networks;

namespace Reflow.Native;

/// <summary>
/// rfl_engine: options, a registry of the standard components and the host's C components, and the networks
/// loaded from it (destroyed with it).
/// </summary>
internal sealed class NativeEngine(ReflowOptions options)
{
    private readonly Lock _lock = new();
    private readonly List<NativeNetwork> _networks = [];
    private readonly ComponentRegistry _registry = new ComponentRegistry().AddStandardComponents();
    private bool _loaded;

    public ReflowOptions Options { get; } = options;

    public void Register(NativeComponentDefinition definition)
    {
        lock (_lock)
        {
            if (_loaded)
            {
                throw new RflException(RflStatus.ErrState, $"Component '{definition.Description.Name}' is registered after a graph was loaded: register every C component before the first load.");
            }

            if (_registry.FindComponent(definition.Description.Name) is not null)
            {
                throw new RflException(RflStatus.ErrDuplicate, $"A component named '{definition.Description.Name}' is already registered.");
            }

            _registry.Add(definition.CreateComponent());
        }
    }

    public NativeNetwork LoadFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new RflException(RflStatus.ErrNotFound, $"{path} is a directory; give a graph file (.fbp or .json).");
        }

        if (!File.Exists(path))
        {
            throw new RflException(RflStatus.ErrNotFound, $"The graph file {path} does not exist.");
        }

        return Add(GraphFile.Load(path), Options.ToGraphLoadOptions().ForGraphFile(path), Path.GetFileNameWithoutExtension(path));
    }

    public NativeNetwork LoadText(string text, string? format, string? name)
    {
        string source = name ?? "<text>";
        GraphFormat graphFormat = format switch
        {
            "fbp" => GraphFormat.Fbp,
            "json" => GraphFile.DetectJsonFormat(text),
            null => text.AsSpan().TrimStart().StartsWith("{") ? GraphFile.DetectJsonFormat(text) : GraphFormat.Fbp,
            _ => throw new RflException(RflStatus.ErrArgument, $"The graph format \"{format}\" is not known: expected \"fbp\", \"json\" or NULL (detected)."),
        };
        Graph graph = GraphFile.Read(text, graphFormat, source);
        return Add(graph, Options.ToGraphLoadOptions() with { TextSettings = graphFormat == GraphFormat.Fbp }, source);
    }

    public void Forget(NativeNetwork network)
    {
        lock (_lock)
        {
            _networks.Remove(network);
        }
    }

    /// <summary>Destroys every network still alive.</summary>
    public void Destroy()
    {
        NativeNetwork[] networks;
        lock (_lock)
        {
            networks = [.. _networks];
            _networks.Clear();
        }

        foreach (NativeNetwork network in networks)
        {
            network.Destroy();
        }
    }

    private NativeNetwork Add(Graph graph, GraphLoadOptions load, string name)
    {
        lock (_lock)
        {
            _loaded = true; // the registry is read from here on: no more registrations
        }

        NetworkDefinition definition = GraphNetworkLoader.Load(graph, _registry, load);
        Options.EnsureWithinLimits(definition);
        var network = new NativeNetwork(this, definition, Options.CreateNetwork(definition, name));
        lock (_lock)
        {
            _networks.Add(network);
        }

        return network;
    }
}
