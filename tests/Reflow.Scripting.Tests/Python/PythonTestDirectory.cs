namespace Reflow.Scripting.Tests.Python;

/// <summary>A temporary directory for one test, deleted with everything in it on dispose.</summary>
internal sealed class PythonTestDirectory : IDisposable
{
    public PythonTestDirectory()
    {
        Path = Directory.CreateTempSubdirectory("reflow-py-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/> under this directory and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        string path = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
