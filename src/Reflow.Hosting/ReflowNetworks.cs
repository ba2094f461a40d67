namespace Reflow.Hosting;

/// <summary>The graphs the host runs, by name: a singleton service that <c>AddReflow</c> registers.</summary>
public sealed class ReflowNetworks
{
    private readonly Dictionary<string, HostedNetwork> _byName = new(StringComparer.Ordinal);
    private readonly List<HostedNetwork> _all = [];

    internal ReflowNetworks()
    {
    }

    /// <summary>Every hosted network, in the order the graphs were added.</summary>
    public IReadOnlyList<HostedNetwork> All => _all;

    /// <summary>The hosted network named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No graph of that name was added; the message lists those that were.</exception>
    public HostedNetwork this[string name] =>
        _byName.TryGetValue(name, out HostedNetwork? network)
            ? network
            : throw new KeyNotFoundException($"No graph named '{name}' was added with AddGraph; the hosted networks are: {(_all.Count == 0 ? "none" : string.Join(", ", _all.Select(n => n.Name)))}.");

    internal HostedNetwork Add(HostedGraphOptions options)
    {
        var network = new HostedNetwork(options);
        if (!_byName.TryAdd(options.Name, network))
        {
            throw new ArgumentException($"A graph named '{options.Name}' was already added (network names are unique).", nameof(options));
        }

        _all.Add(network);
        return network;
    }
}
