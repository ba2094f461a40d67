namespace Reflow.Networks;

/// <summary>
/// Finds the line of a node's setting in a <c>.fbp</c> file, for a problem's location: the graph model keeps no
/// positions, so the file is read again — only when there is a problem to place.
/// </summary>
internal static class FbpSettingLines
{
    /// <summary>
    /// The 1-based line of the first declaration <c>id(Component:…key=…)</c> of node <paramref name="nodeId"/> (or
    /// of its first declaration with a component, when none names the key); null when the file cannot be read or
    /// holds neither.
    /// </summary>
    public static int? Find(string path, string nodeId, string key)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        int? declared = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int comment = line.IndexOf('#', StringComparison.Ordinal);
            ReadOnlySpan<char> code = comment < 0 ? line : line.AsSpan(0, comment);
            for (int at = code.IndexOf(nodeId + "(", StringComparison.Ordinal); at >= 0; at = Next(code, nodeId, at))
            {
                if (at > 0 && IsNodeChar(code[at - 1]))
                {
                    continue; // the end of a longer node id
                }

                ReadOnlySpan<char> declaration = code[(at + nodeId.Length + 1)..];
                int close = declaration.IndexOf(')');
                declaration = close < 0 ? declaration : declaration[..close];
                int colon = declaration.IndexOf(':');
                if (colon < 0)
                {
                    continue;
                }

                declared ??= i + 1;
                if (Names(declaration[(colon + 1)..], key))
                {
                    return i + 1;
                }
            }
        }

        return declared;
    }

    private static int Next(ReadOnlySpan<char> code, string nodeId, int at)
    {
        int next = code[(at + 1)..].IndexOf(nodeId + "(", StringComparison.Ordinal);
        return next < 0 ? -1 : at + 1 + next;
    }

    /// <summary>Whether the metadata items <c>a=1,b=2</c> set <paramref name="key"/>.</summary>
    private static bool Names(ReadOnlySpan<char> items, string key)
    {
        foreach (Range item in items.Split(','))
        {
            ReadOnlySpan<char> entry = items[item].Trim();
            if (entry.StartsWith(key, StringComparison.Ordinal) && entry[key.Length..].TrimStart().StartsWith("="))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNodeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/';
}
