namespace Reflow.Networks;

/// <summary>
/// What a build problem is about ("edge a.out -> b.in", "initial packet to b.in"), formatted only when a problem
/// is reported: a valid network of 100 000 nodes builds without making one such string per edge and packet.
/// </summary>
internal readonly record struct BuildSubject(string Format, string A, string B, string C = "", string D = "")
{
    public static BuildSubject Edge(string fromNode, string fromPort, string toNode, string toPort) =>
        new("edge {0}.{1} -> {2}.{3}", fromNode, fromPort, toNode, toPort);

    public static BuildSubject Initial(string node, string port) => new("initial packet to {0}.{1}", node, port);

    public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture, Format, A, B, C, D);
}
