using System.Text.Json;

namespace Reflow.Graphs;

public sealed partial class Graph
{
    /// <summary>Adds an IIP for a node's in-port; several IIPs to one port are delivered in the order added.</summary>
    /// <exception cref="ArgumentException">The node is missing or the port name empty.</exception>
    public GraphInitial AddInitial(NodePort to, JsonElement data, GraphMetadata? metadata = null)
    {
        CheckPort(to, nameof(to));
        var initial = new GraphInitial(to, data.Clone(), metadata ?? GraphMetadata.Empty);
        InsertInitial(initial);
        return initial;
    }

    /// <summary>Adds an IIP for <c>node.port</c>.</summary>
    public GraphInitial AddInitial(string node, string port, JsonElement data, GraphMetadata? metadata = null) =>
        AddInitial(new NodePort(node, port), data, metadata);

    /// <summary>Removes every IIP sent to <paramref name="to"/> (one transaction); returns how many there were.</summary>
    public int RemoveInitials(NodePort to)
    {
        int removed = 0;
        using (Transaction("remove initials " + to))
        {
            for (int i = _initials.Count - 1; i >= 0; i--)
            {
                if (_initials[i].To.Matches(to, PortComparison))
                {
                    DeleteInitial(_initials[i], i);
                    removed++;
                }
            }
        }

        return removed;
    }

    /// <summary>Removes one IIP.</summary>
    /// <exception cref="ArgumentException">The graph does not hold it.</exception>
    public void RemoveInitial(GraphInitial initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        if (!_initials.Contains(initial))
        {
            throw new ArgumentException($"The graph has no IIP {initial}.", nameof(initial));
        }

        DeleteInitial(initial);
    }

    /// <summary>Adds an IIP for an exported in-port (it follows the export; see <see cref="ExportedPortInitial"/>).</summary>
    /// <exception cref="ArgumentException">There is no such exported in-port.</exception>
    public ExportedPortInitial AddExportedPortInitial(string inPort, JsonElement data, GraphMetadata? metadata = null)
    {
        ExportedPort port = RequireExportedPort(PortDirection.In, inPort);
        var initial = new ExportedPortInitial(port.Name, data.Clone(), metadata ?? GraphMetadata.Empty);
        InsertInitial(initial);
        return initial;
    }

    /// <summary>Removes every IIP sent to the exported in-port <paramref name="inPort"/>; returns how many there were.</summary>
    public int RemoveExportedPortInitials(string inPort)
    {
        int removed = 0;
        using (Transaction("remove initials " + inPort))
        {
            for (int i = _portInitials.Count - 1; i >= 0; i--)
            {
                if (PortComparer.Equals(_portInitials[i].InPort, inPort))
                {
                    DeleteInitial(_portInitials[i], i);
                    removed++;
                }
            }
        }

        return removed;
    }
}
