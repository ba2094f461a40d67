using System.Security.Cryptography;

namespace Reflow.Scripting.Python;

/// <summary>
/// The runner script (<c>reflow_runner.py</c>, embedded in this library), written once to
/// <c>~/.cache/reflow/python/runner-&lt;hash&gt;/</c> (<c>$XDG_CACHE_HOME</c> respected) and reused by every worker: a
/// changed runner gets a new folder, so a running worker never sees its file replaced.
/// </summary>
internal static class PythonRunnerFile
{
    private const string ResourceName = "Reflow.Scripting.Python.reflow_runner.py";

    private static readonly Lazy<string> Written = new(Write);

    /// <summary>The runner's full path.</summary>
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

    /// <summary>The runner's text.</summary>
    public static byte[] Bytes()
    {
        using Stream stream = typeof(PythonRunnerFile).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from {typeof(PythonRunnerFile).Assembly.GetName().Name}: the build did not embed the runner.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Write()
    {
        byte[] bytes = Bytes();
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
        string folder = System.IO.Path.Combine(CacheDirectory(), "runner-" + hash);
        string path = System.IO.Path.Combine(folder, "reflow_runner.py");
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        // Written beside and moved in, so a process that finds the file finds all of it.
        string temporary = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
