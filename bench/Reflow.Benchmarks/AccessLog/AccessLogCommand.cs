using System.Globalization;

namespace Reflow.Benchmarks.AccessLog;

/// <summary>
/// The <c>access-log</c> mode of the benchmark program, the tool behind the example's files:
/// <code>
/// dotnet run -c Release --project bench/Reflow.Benchmarks -- access-log generate --lines 5000 [--seed 15] --out FILE
/// dotnet run -c Release --project bench/Reflow.Benchmarks -- access-log answers FILE [--markdown]
/// </code>
/// <c>generate</c> writes a log (<see cref="AccessLogGenerator"/>); <c>answers</c> runs the hand-written loop over a log and
/// prints its answers as the example's graph prints them (<c>port: value</c> lines, the form of
/// <c>examples/access-log/expected.txt</c>) or as a markdown table.
/// </summary>
public static class AccessLogCommand
{
    /// <summary>The first argument that selects this mode.</summary>
    public const string Name = "access-log";

    private const string Usage =
        "usage: access-log generate --lines N [--seed S] --out FILE\n" +
        "       access-log answers FILE [--markdown]";

    /// <summary>Runs the mode with the arguments after <see cref="Name"/>; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        try
        {
            switch (args.Count > 0 ? args[0] : "")
            {
                case "generate":
                    long lines = long.Parse(Option(args, "--lines") ?? throw new ArgumentException("generate needs --lines N."), NumberStyles.None, CultureInfo.InvariantCulture);
                    ulong seed = Option(args, "--seed") is { } s ? ulong.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture) : AccessLogGenerator.DefaultSeed;
                    string file = Option(args, "--out") ?? throw new ArgumentException("generate needs --out FILE.");
                    AccessLogGeneration made = AccessLogGenerator.WriteFile(file, lines, seed);
                    error.WriteLine($"wrote {file}: {made.Lines} lines, {made.Malformed} malformed (seed {seed})");
                    return 0;
                case "answers" when args.Count >= 2 && !args[1].StartsWith('-'):
                    AccessLogAnswers answers = AccessLogLoop.Run(args[1]);
                    if (args.Contains("--markdown"))
                    {
                        output.Write(answers.ToMarkdown());
                    }
                    else
                    {
                        foreach (string line in answers.ToOutputLines())
                        {
                            output.WriteLine(line);
                        }
                    }

                    return 0;
                default:
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"access-log: {e.Message}\n{Usage}");
            return 2;
        }
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (int i = 1; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }
}
