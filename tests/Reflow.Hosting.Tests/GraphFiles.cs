namespace Reflow.Hosting.Tests;

/// <summary>Graph files written to a temporary folder of the test's own, deleted with it.</summary>
public sealed class GraphFiles : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("reflow-hosting-").FullName;

    /// <summary>One node of <paramref name="component"/> between the exported in-port <c>in</c> and out-port <c>out</c>.</summary>
    public string OneNode(string component, string name = "work") =>
        Write(name + ".fbp", $"INPORT={name}.IN:in\nOUTPORT={name}.OUT:out\n{name}({component})\n");

    public string Write(string file, string text)
    {
        string path = Path.Combine(Directory, file);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
