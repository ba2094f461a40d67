namespace Reflow.Networks;

/// <summary>
/// What a build problem is about ("edge a.out -> b.in", "initial packet to b.in"), formatted only when a problem
/// is reported: a valid network of 100 000 nodes builds without making one such string per edge and packet.
/// </summary>
internal readonly record struct BuildSubject(string Format, string A, string B, string C = "", string D = "")
{
    public static BuildSubject Edge(string fromNode, string fromPort, int? fromIndex, string toNode, string toPort, int? toIndex) =>
        new("edge {0}.{1} -> {2}.{3}", fromNode, PortText(fromPort, fromIndex), toNode, PortText(toPort, toIndex));

    public static BuildSubject Initial(string node, string port, int? index) => new("initial packet to {0}.{1}", node, PortText(port, index));

    /// <summary>A port as a graph writes it: <c>out</c>, or <c>out[2]</c> for an index (a string made only then).</summary>
    public static string PortText(string port, int? index) => index is int i ? $"{port}[{i}]" : port;

    public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture, Format, A, B, C, D);
}
