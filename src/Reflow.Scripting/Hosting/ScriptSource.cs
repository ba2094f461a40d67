using System.Security.Cryptography;
using System.Text;

namespace Reflow.Scripting;

/// <summary>A script's text and where it came from: a file (<see cref="Path"/>) or a node's inline <c>source</c> setting.</summary>
public sealed class ScriptSource
{
    private string? _contentHash;

    /// <summary>Creates a source.</summary>
    /// <param name="componentName">The component it stands for: <c>script/typescript</c> for an inline TypeScript source, the file's name for a file.</param>
    /// <param name="text">The script.</param>
    /// <param name="path">The file's full path; null for an inline source.</param>
    /// <param name="displayName">How errors name it: the file's name, or <c>node 'x' (inline source)</c>.</param>
    /// <param name="baseDirectory">Where the script's relative imports start: the file's directory, or the graph's for an inline source; null for the current directory.</param>
    /// <param name="contentHash">
    /// The hash that identifies the source in caches, when <paramref name="text"/> does not (a binary file such as a
    /// <c>.wasm</c>, whose text is a lossy decoding): the SHA-256 of the file's bytes in lower-case hex. Null: the hash of the text.
    /// </param>
    public ScriptSource(string componentName, string text, string? path, string displayName, string? baseDirectory, string? contentHash = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(componentName);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(displayName);
        ComponentName = componentName;
        Text = text;
        Path = path;
        DisplayName = displayName;
        BaseDirectory = baseDirectory;
        _contentHash = contentHash;
    }

    /// <summary>A file's source: its text (decoded as UTF-8) and, as its <see cref="ContentHash"/>, the hash of its bytes, so a binary file is told apart by what it holds.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ScriptSource FromFile(string componentName, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = File.ReadAllBytes(path);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true); // as File.ReadAllText reads it
        return new ScriptSource(componentName, reader.ReadToEnd(), path, System.IO.Path.GetFileName(path), System.IO.Path.GetDirectoryName(path),
            Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>The component it stands for (see the constructor).</summary>
    public string ComponentName { get; }

    /// <summary>The script's text.</summary>
    public string Text { get; }

    /// <summary>The file's full path; null for an inline source.</summary>
    public string? Path { get; }

    /// <summary>How errors name the script (a file name, or the node with an inline source).</summary>
    public string DisplayName { get; }

    /// <summary>Where relative imports start; null for the current directory.</summary>
    public string? BaseDirectory { get; }

    /// <summary>The SHA-256 of <see cref="Text"/> (of a file's bytes, for a source made by <see cref="FromFile"/>) in lower-case hex: the key of every cache of prepared or transpiled scripts.</summary>
    public string ContentHash => _contentHash ??= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}
