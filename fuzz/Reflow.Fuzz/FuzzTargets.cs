using Reflow.Fuzz.Targets;

namespace Reflow.Fuzz;

/// <summary>Every fuzz target, by the name fuzz/run.sh and the corpus folders use.</summary>
public static class FuzzTargets
{
    /// <summary>All targets, in the order fuzz/ci.sh runs them.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new FbpTarget(),
        new ReflowJsonTarget(),
        new NoFloJsonTarget(),
        new TomlTarget(),
        new MessageBinaryTarget(),
        new MessageFrameTarget(),
        new TaggedJsonTarget(),
        new FbpProtocolTarget(),
        new RemoteEdgeFrameTarget(),
    ];

    /// <summary>The target called <paramref name="name"/>, or null.</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
