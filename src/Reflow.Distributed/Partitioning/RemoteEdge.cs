namespace Reflow.Distributed.Partitioning;

/// <summary>
/// An edge whose two ends run on different machines: a connection between two parts, or one of the whole graph's
/// exported ports between the coordinator and a part. The sender's part graph exports the source out-port as
/// <see cref="ExportName"/>, the receiver's part graph exports the target in-port under the same name.
/// </summary>
/// <param name="Id">The edge's number in the run: 0, 1, 2 … (connections in graph order, then exported in-ports, then out-ports).</param>
/// <param name="FromPart">The sending cluster node, or <see cref="Coordinator"/> for a whole graph's exported in-port.</param>
/// <param name="ToPart">The receiving cluster node, or <see cref="Coordinator"/> for a whole graph's exported out-port.</param>
/// <param name="From">The source node port as the graph writes it (<c>a.OUT[1]</c>), or the exported in-port's name.</param>
/// <param name="To">The target node port (<c>b.IN</c>), or the exported out-port's name.</param>
/// <param name="Capacity">How many messages may be in flight: the connection's <c>capacity</c> metadata, or the default.</param>
/// <param name="Delivery">What the edge promises.</param>
internal sealed record RemoteEdge(int Id, string FromPart, string ToPart, string From, string To, int Capacity, DeliveryMode Delivery)
{
    /// <summary>The part name of the coordinator (the <c>reflow run --cluster</c> process): the empty string.</summary>
    public const string Coordinator = "";

    /// <summary>The prefix of <see cref="ExportName"/>.</summary>
    public const string ExportPrefix = "_remote";

    /// <summary>The exported port of both part graphs: <c>_remote&lt;Id&gt;</c>.</summary>
    public string ExportName => ExportPrefix + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>0: a.OUT (a) -&gt; b.IN (b), capacity 1024, at-most-once</c>; the coordinator shows as <c>(coordinator)</c>.</summary>
    public override string ToString() =>
        $"{Id}: {From} ({Show(FromPart)}) -> {To} ({Show(ToPart)}), capacity {Capacity}, {(Delivery == DeliveryMode.AtMostOnce ? "at-most-once" : "at-least-once")}";

    private static string Show(string part) => part.Length == 0 ? "coordinator" : part;
}
