namespace Reflow.Tests.Architecture;

/// <summary>
/// The layers of Reflow.Core (DESIGN §2), by namespace: which layer a type is in and which layers it may use.
/// Rings, Messages and Permissions use nothing; Actors uses Messages and Permissions; Scheduling adds Rings and
/// Actors; Networks uses everything below it and Graphs (the bridge from a graph to a running network sits there);
/// Configuration sits above Networks. Graphs uses nothing of the runtime.
/// </summary>
public static class LayerRules
{
    private static readonly Dictionary<string, string[]> s_mayUse = new(StringComparer.Ordinal)
    {
        ["Rings"] = [],
        ["Messages"] = [],
        ["Permissions"] = [],
        ["Graphs"] = [],
        ["Actors"] = ["Messages", "Permissions"],
        ["Scheduling"] = ["Rings", "Messages", "Permissions", "Actors"],
        ["Networks"] = ["Rings", "Messages", "Permissions", "Actors", "Scheduling", "Graphs"],
        ["Configuration"] = ["Rings", "Messages", "Permissions", "Actors", "Scheduling", "Networks", "Graphs"],
    };

    /// <summary>
    /// The layer of a namespace: its second segment for <c>Reflow.X</c> and <c>Reflow.X.Y</c>; null outside Reflow
    /// (the BCL, packages, compiler-generated types), which every layer may use.
    /// </summary>
    public static string? LayerOf(string ns)
    {
        if (!ns.StartsWith("Reflow.", StringComparison.Ordinal))
        {
            return ns == "Reflow" ? "Reflow" : null;
        }

        int end = ns.IndexOf('.', "Reflow.".Length);
        return end < 0 ? ns["Reflow.".Length..] : ns["Reflow.".Length..end];
    }

    /// <summary>Whether a type of layer <paramref name="from"/> may reference one of layer <paramref name="to"/>.</summary>
    /// <exception cref="InvalidOperationException">A namespace under Reflow that no layer names: give it one here.</exception>
    public static bool MayUse(string from, string to)
    {
        if (from == to)
        {
            return true;
        }

        if (!s_mayUse.TryGetValue(from, out string[]? allowed))
        {
            throw new InvalidOperationException($"Namespace Reflow.{from} is in no layer: add it to LayerRules (DESIGN §2).");
        }

        if (!s_mayUse.ContainsKey(to))
        {
            throw new InvalidOperationException($"Namespace Reflow.{to} is in no layer: add it to LayerRules (DESIGN §2).");
        }

        return Array.IndexOf(allowed, to) >= 0;
    }

    /// <summary>What a layer may use, for messages.</summary>
    public static string Allowed(string layer) =>
        s_mayUse.TryGetValue(layer, out string[]? allowed) && allowed.Length > 0 ? string.Join(", ", allowed) : "nothing";
}
