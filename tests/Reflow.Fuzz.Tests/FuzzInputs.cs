namespace Reflow.Fuzz.Tests;

/// <summary>The checked-in fuzz inputs: fuzz/corpus/&lt;target&gt; (seeds) and fuzz/regressions/&lt;target&gt; (past findings).</summary>
internal static class FuzzInputs
{
    /// <summary>The repository's fuzz/ folder, found above the test's output folder.</summary>
    public static string FuzzFolder { get; } = FindFuzzFolder();

    public static string Corpus => Path.Combine(FuzzFolder, "corpus");

    public static string Regressions => Path.Combine(FuzzFolder, "regressions");

    /// <summary>Every input file under <paramref name="root"/>, as (target name, path relative to fuzz/).</summary>
    public static TheoryData<string, string> Under(string root)
    {
        var data = new TheoryData<string, string>();
        if (!Directory.Exists(root))
        {
            return data;
        }

        foreach (string folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(folder), Path.GetRelativePath(FuzzFolder, file));
            }
        }

        return data;
    }

    private static string FindFuzzFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reflow.Core.sln")))
            {
                return Path.Combine(dir.FullName, "fuzz");
            }
        }

        throw new InvalidOperationException($"No Reflow.Core.sln above {AppContext.BaseDirectory}: the fuzz inputs are read from the repository.");
    }
}
