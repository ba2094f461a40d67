namespace Reflow.Tests.Networks.Loading;

/// <summary>A fresh directory for graph files, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "reflow-graphs-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> (which may contain folders) and returns the full path.</summary>
    public string Write(string name, string text)
    {
        string path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
