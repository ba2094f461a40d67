namespace Reflow.Benchmarks.AccessLog;

/// <summary>
/// The benchmark's generated logs, made once per size in a directory under the temporary directory and reused by
/// every later case and run, each with the hand-written loop's answers beside it (<c>.expected.txt</c>), which the
/// graph's case checks its own answers against without paying for a pass of the loop in its process.
/// </summary>
public static class AccessLogFiles
{
    /// <summary>Bump when the generator's output changes, so stale files are not reused.</summary>
    private const int Version = 1;

    /// <summary>The directory of the generated files.</summary>
    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "reflow-access-log");

    /// <summary>The log of <paramref name="lines"/> lines (generated now when missing) and its expected answers.</summary>
    public static (string Log, IReadOnlyList<string> Expected) Ensure(long lines)
    {
        string log = Path.Combine(Directory, $"access-{lines}-seed{AccessLogGenerator.DefaultSeed}-v{Version}.log");
        string expected = Path.ChangeExtension(log, ".expected.txt");
        if (!File.Exists(log) || !File.Exists(expected))
        {
            System.IO.Directory.CreateDirectory(Directory);

            // Written under a name of this process's and moved into place: a reader never sees a half-written file.
            string partial = $"{log}.{Environment.ProcessId}.partial";
            AccessLogGenerator.WriteFile(partial, lines);
            AccessLogAnswers answers = AccessLogLoop.Run(partial);
            File.WriteAllLines(expected + $".{Environment.ProcessId}.partial", answers.ToOutputLines());
            File.Move(partial, log, overwrite: true);
            File.Move(expected + $".{Environment.ProcessId}.partial", expected, overwrite: true);
        }

        return (log, File.ReadAllLines(expected));
    }
}
