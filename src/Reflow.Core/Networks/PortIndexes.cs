using Reflow.Actors;

namespace Reflow.Networks;

/// <summary>
/// The indexes of addressable ports while a network is built: checks each one named (the port must be
/// addressable, the index within its range), then gives each connection that names none the port's next free index.
/// </summary>
/// <remarks>
/// "Free" means no connection, initial packet or export of the port names it and no earlier one was given it, so
/// the explicit indexes are all reserved first (<see cref="Reserve"/>) and the free ones handed out after
/// (<see cref="Assign"/>). NoFlo gives an unindexed connection the index after the highest one attached so far;
/// this is the same for graphs that index all or none of a port's connections, and never lands two connections on
/// one index by accident when a graph mixes both.
/// </remarks>
internal sealed class PortIndexes(List<string> problems)
{
    private readonly Dictionary<(bool Output, int Node, int Port), (HashSet<int> Taken, int Next)> _ports = [];

    /// <summary>Checks the index <paramref name="what"/> names, if any, and reserves it; reports a wrong one.</summary>
    public void Reserve(BuildSubject what, NodeDefinition node, bool output, int port, int? index)
    {
        PortDefinition definition = Port(node, output, port);
        if (index is not int i)
        {
            return;
        }

        if (!definition.Addressable)
        {
            problems.Add($"{what}: the {Describe(node, output, definition)} is not addressable: connect it without an index");
        }
        else if (i < 0 || i > definition.HighestIndex)
        {
            problems.Add($"{what}: the {Describe(node, output, definition)} takes indexes 0 to {definition.HighestIndex}, not {i}");
        }
        else
        {
            Slots(output, node.Index, port).Taken.Add(i);
        }
    }

    /// <summary>
    /// The index of an endpoint: -1 on a plain port, the one it names, else the port's next free index (reported
    /// when the port has none left).
    /// </summary>
    public int Assign(BuildSubject what, NodeDefinition node, bool output, int port, int? index)
    {
        PortDefinition definition = Port(node, output, port);
        if (!definition.Addressable)
        {
            return -1;
        }

        if (index is int named)
        {
            return named;
        }

        (HashSet<int> taken, int next) = Slots(output, node.Index, port);
        while (taken.Contains(next))
        {
            next++;
        }

        if (next > definition.HighestIndex)
        {
            problems.Add($"{what}: the {Describe(node, output, definition)} has no free index left (it takes 0 to {definition.HighestIndex})");
            return -1;
        }

        taken.Add(next);
        _ports[(output, node.Index, port)] = (taken, next + 1);
        return next;
    }

    private (HashSet<int> Taken, int Next) Slots(bool output, int node, int port)
    {
        if (!_ports.TryGetValue((output, node, port), out var slots))
        {
            slots = ([], 0);
            _ports.Add((output, node, port), slots);
        }

        return slots;
    }

    private static PortDefinition Port(NodeDefinition node, bool output, int port) =>
        output ? node.Component.Description.OutPorts[port] : node.Component.Description.InPorts[port];

    private static string Describe(NodeDefinition node, bool output, PortDefinition port) =>
        $"{(output ? "out" : "in")}-port '{port.Name}' of node '{node.Id}' ({node.Component.Description.Name})";
}
