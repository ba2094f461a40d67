using System.Text;

namespace Reflow.Fuzz;

/// <summary>How the text targets turn bytes into the string their parser takes.</summary>
internal static class FuzzText
{
    /// <summary>UTF-8, invalid sequences replaced by U+FFFD (as File.ReadAllText reads a file a user gives).</summary>
    public static string Decode(ReadOnlySpan<byte> input) => Encoding.UTF8.GetString(input);
}
