using System.Security.Cryptography;

namespace Reflow.Scripting.Python;

/// <summary>
/// The runner (<c>reflow_runner.py</c> and the modules beside it, embedded in this library), written once to
/// <c>~/.cache/reflow/python/runner-&lt;hash&gt;/</c> (<c>$XDG_CACHE_HOME</c> respected) and reused by every worker: a
/// changed runner gets a new folder, so a running worker never sees its files replaced.
/// </summary>
internal static class PythonRunnerFile
{
    private const string ResourcePrefix = "Reflow.Scripting.Python.runner.";

    private static readonly Lazy<string> Written = new(Write);

    /// <summary>The full path of <c>reflow_runner.py</c>.</summary>
    public static string Path => Written.Value;

    /// <summary>The folder of the Python runtime's cache: <c>$XDG_CACHE_HOME/reflow/python</c>, else <c>~/.cache/reflow/python</c>, else the temp folder.</summary>
    public static string CacheDirectory()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) && System.IO.Path.IsPathFullyQualified(xdg) ? xdg
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? System.IO.Path.Combine(home, ".cache")
            : System.IO.Path.GetTempPath();
        return System.IO.Path.Combine(root, "reflow", "python");
    }

    /// <summary>The runner's files by name (<c>reflow_runner.py</c>, ...), in ordinal order.</summary>
    public static SortedDictionary<string, byte[]> Files()
    {
        var assembly = typeof(PythonRunnerFile).Assembly;
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[ResourcePrefix.Length..]] = copy.ToArray();
        }

        if (!files.ContainsKey("reflow_runner.py"))
        {
            throw new InvalidOperationException($"The Python runner is missing from {assembly.GetName().Name}: the build did not embed Python/runner/reflow_runner.py.");
        }

        return files;
    }

    private static string Write()
    {
        SortedDictionary<string, byte[]> files = Files();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach ((string name, byte[] bytes) in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name + "\n"));
            hash.AppendData(bytes);
        }

        string folder = System.IO.Path.Combine(CacheDirectory(), "runner-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..12]);
        Directory.CreateDirectory(folder);
        // reflow_runner.py is written last: a folder that has it has the modules it imports.
        foreach ((string name, byte[] bytes) in files.Where(f => f.Key != "reflow_runner.py").Append(files.First(f => f.Key == "reflow_runner.py")))
        {
            string path = System.IO.Path.Combine(folder, name);
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                continue;
            }

            // Written beside and moved in, so a process that finds a file finds all of it.
            string temporary = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }

        return System.IO.Path.Combine(folder, "reflow_runner.py");
    }
}
