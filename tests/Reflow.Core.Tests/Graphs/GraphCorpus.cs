namespace Reflow.Tests.Graphs;

/// <summary>The graph files under Graphs/Corpus (copied next to the test assembly) and the repository root.</summary>
internal static class GraphCorpus
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Graphs", "Corpus");

    public static string[] Files(string folder, string pattern) =>
        [.. System.IO.Directory.GetFiles(Path.Combine(Directory, folder), pattern).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Names(string folder, string pattern)
    {
        var data = new TheoryData<string>();
        foreach (string file in Files(folder, pattern))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static string PathOf(string folder, string name) => Path.Combine(Directory, folder, name);

    public static string Read(string folder, string name) => File.ReadAllText(PathOf(folder, name));

    /// <summary>The folder that holds Reflow.Core.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reflow.Core.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Reflow.Core.sln was not found above " + AppContext.BaseDirectory);
    }
}
