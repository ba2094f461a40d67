namespace Reflow.Benchmarks.Tests.AccessLog;

/// <summary>Files of the repository these tests were built from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The checked-in sample of examples/access-log.</summary>
    public static string Sample => Path.Combine(Root, "examples", "access-log", "access.log");

    /// <summary>The sample's expected answers, as the example prints them.</summary>
    public static string Expected => Path.Combine(Root, "examples", "access-log", "expected.txt");

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Reflow.Core.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Reflow.Core.sln above {AppContext.BaseDirectory}.");
    }
}
