using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Reflow.Scripting.TypeScript;

/// <summary>
/// Transpiled TypeScript by <see cref="ScriptSource.ContentHash"/>: in memory for the process, and on disk (one
/// <c>&lt;hash&gt;.js</c> per source under a folder named after the transpiler bundle) for the next process. The disk is
/// a best effort: an entry that is unreadable or fails its checksum is transpiled again and rewritten, and a directory
/// that cannot be written leaves only the memory cache.
/// </summary>
internal sealed class TypeScriptCache
{
    // The trailer closes the file so that the JavaScript's lines stay the .ts lines even if the file is read as is.
    private const string TrailerStart = "\n//# reflow-typescript source=";
    private const string TrailerChecksum = " sha256=";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ConcurrentDictionary<string, string> _memory = new(StringComparer.Ordinal);
    private readonly string? _root;
    private string? _directory;
    private int _transpilerRuns;

    /// <summary>Creates a cache.</summary>
    /// <param name="root">The disk cache's folder (<c>~/.cache/reflow/typescript</c>); null for memory only.</param>
    public TypeScriptCache(string? root) => _root = root;

    /// <summary>How many sources this cache has handed to the transpiler: hits on either cache do not count.</summary>
    public int TranspilerRuns => Volatile.Read(ref _transpilerRuns);

    /// <summary>
    /// <c>$XDG_CACHE_HOME/reflow/typescript</c>, else the platform's user cache folder (<c>~/.cache</c>,
    /// <c>~/Library/Caches</c>, <c>%LOCALAPPDATA%</c>) with <c>reflow/typescript</c>; null when there is no home.
    /// </summary>
    public static string? DefaultDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string? root;
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathFullyQualified(xdg))
        {
            root = xdg;
        }
        else if (OperatingSystem.IsWindows())
        {
            root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        }
        else
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            root = string.IsNullOrEmpty(home) ? null
                : OperatingSystem.IsMacOS() ? Path.Combine(home, "Library", "Caches")
                : Path.Combine(home, ".cache");
        }

        return string.IsNullOrEmpty(root) ? null : Path.Combine(root, "reflow", "typescript");
    }

    /// <summary>The JavaScript of <paramref name="source"/>, from a cache when it is there.</summary>
    /// <exception cref="ScriptException">The TypeScript does not parse.</exception>
    public string Transpile(ScriptSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hash = source.ContentHash;
        if (_memory.TryGetValue(hash, out var javaScript))
        {
            return javaScript;
        }

        var path = EntryPath(hash);
        javaScript = (path is null ? null : TryRead(path, hash)) ?? TranspileAndStore(source, path);
        return _memory.GetOrAdd(hash, javaScript);
    }

    /// <summary>The disk entry of a source's hash, or null without a disk cache.</summary>
    public string? EntryPath(string contentHash)
    {
        if (_root is null)
        {
            return null;
        }

        // The transpiler's own hash names the folder: a new Sucrase (or a new entry.js) never reads an old output.
        _directory ??= Path.Combine(_root, SucraseHost.BundleHash[..16]);
        return Path.Combine(_directory, contentHash + ".js");
    }

    private string TranspileAndStore(ScriptSource source, string? path)
    {
        Interlocked.Increment(ref _transpilerRuns);
        var javaScript = SucraseHost.Transpile(source);
        if (path is not null)
        {
            TryWrite(path, source.ContentHash, javaScript);
        }

        return javaScript;
    }

    private static string? TryRead(string path, string contentHash)
    {
        string text;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            text = File.ReadAllText(path, Utf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var trailer = text.LastIndexOf(TrailerStart, StringComparison.Ordinal);
        if (trailer < 0)
        {
            return null;
        }

        var body = text[..trailer];
        return text.AsSpan(trailer).SequenceEqual(Trailer(contentHash, body)) ? body : null;
    }

    private static void TryWrite(string path, string contentHash, string javaScript)
    {
        // Written beside the entry and moved over it: a reader sees the old entry or the whole new one, never a part.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temporary, javaScript + Trailer(contentHash, javaScript), Utf8);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind: a stray .tmp file is never read.
        }
    }

    private static string Trailer(string contentHash, string javaScript) =>
        TrailerStart + contentHash + TrailerChecksum + Convert.ToHexStringLower(SHA256.HashData(Utf8.GetBytes(javaScript))) + "\n";
}
