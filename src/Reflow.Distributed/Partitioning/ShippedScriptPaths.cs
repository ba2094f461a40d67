namespace Reflow.Distributed.Partitioning;

/// <summary>
/// The rules for the paths and hashes of shipped scripts, shared by the deployment reader, the coordinator and the
/// node (which must not trust a coordinator to have checked them: a path is where it writes a file).
/// </summary>
internal static class ShippedScriptPaths
{
    private const string HashPrefix = "sha256:";

    /// <summary>Stands for the coordinator's graph folder when the run names none, so relative names still compare equal on both sides.</summary>
    private static readonly string UnnamedFolder = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "reflow-graph-folder"));

    /// <summary>A relative path inside the graph's folder: not empty, not rooted, no <c>..</c>, <c>.</c> or empty segment, no backslash.</summary>
    public static bool IsSafeRelative(string path, out string? problem)
    {
        problem = path.Length == 0 ? "the path is empty"
            : Path.IsPathRooted(path) || path.StartsWith('/') ? "the path must be relative to the graph file's folder, not absolute"
            : path.Contains('\\', StringComparison.Ordinal) ? "write the path with '/' between folders"
            : path.Contains('\0', StringComparison.Ordinal) ? "the path holds a NUL character"
            : path.Split('/').Any(segment => segment is "" or "." or "..") ? "the path must stay inside the graph file's folder (no '..', '.' or empty segment)"
            : null;
        return problem is null;
    }

    /// <summary><c>sha256:</c> and 64 hex digits, as lowercase; null for anything else.</summary>
    public static string? ParseHash(string text)
    {
        if (!text.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase) || text.Length != HashPrefix.Length + 64)
        {
            return null;
        }

        foreach (char c in text.AsSpan(HashPrefix.Length))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }
        }

        return HashPrefix + text[HashPrefix.Length..].ToLowerInvariant();
    }

    /// <summary>The hash of <paramref name="content"/> as the deployment writes it.</summary>
    public static string HashOf(ReadOnlySpan<byte> content) =>
        HashPrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    /// <summary>
    /// Where a component name or a <c>file</c> setting points, from the coordinator's graph folder: the same text on the
    /// coordinator and on a node (pure path arithmetic; nothing is looked up on disk).
    /// </summary>
    public static string Resolve(string name, string? graphFolder) => Path.GetFullPath(name, graphFolder ?? UnnamedFolder);
}
