using Reflow.Benchmarks.AccessLog;

namespace Reflow.Benchmarks.Tests.AccessLog;

public sealed class AccessLogGeneratorTests
{
    [Fact]
    public void TheCheckedInSampleIsTheGeneratorsOutputForTheDefaultSeed()
    {
        var log = new StringWriter();
        AccessLogGenerator.Write(log, 5000);

        Assert.Equal(File.ReadAllText(Repository.Sample), log.ToString());
    }

    [Fact]
    public void TheSameSeedGivesTheSameLogAndAnotherSeedAnotherOne()
    {
        var first = new StringWriter();
        var again = new StringWriter();
        var other = new StringWriter();

        AccessLogGenerator.Write(first, 2000, seed: 3);
        AccessLogGenerator.Write(again, 2000, seed: 3);
        AccessLogGenerator.Write(other, 2000, seed: 4);

        Assert.Equal(first.ToString(), again.ToString());
        Assert.NotEqual(first.ToString(), other.ToString());
    }

    [Fact]
    public void AboutOnePercentOfTheLinesAreMalformedAndExactlyThoseFailTheDefinition()
    {
        var log = new StringWriter();
        AccessLogGeneration made = AccessLogGenerator.Write(log, 50_000);
        string[] lines = log.ToString().Split('\n')[..^1];

        Assert.Equal(50_000, lines.Length);
        Assert.InRange(made.Malformed, 400, 600);
        Assert.Equal(made.Malformed, lines.Count(l => !LinqAccessLog.IsWellFormed(l)));
        Assert.Equal(made.Malformed, lines.Count(l => !AccessLogLine.TryParse(l, out _, out _, out _)));
    }

    [Fact]
    public void StatusesAndPathsHaveARealisticMix()
    {
        var log = new StringWriter();
        AccessLogGenerator.Write(log, 50_000);

        AccessLogAnswers answers = AccessLogLoop.Run(new StringReader(log.ToString()));
        var byStatus = answers.ByStatus.ToDictionary(s => s.Key, s => s.Value);
        long requests = answers.Lines - answers.Malformed;

        Assert.InRange(byStatus[200] / (double)requests, 0.75, 0.85);
        Assert.InRange(byStatus[304] / (double)requests, 0.05, 0.09);
        Assert.InRange(byStatus[404] / (double)requests, 0.05, 0.10);
        Assert.True(byStatus[500] > 0 && byStatus[503] > 0 && byStatus[301] > 0 && byStatus[302] > 0);
        Assert.Equal("/", answers.TopPaths[0].Key);

        // Zipf: the most requested path has about twice the requests of the second, and far more than the fifth.
        Assert.InRange(answers.TopPaths[0].Value / (double)answers.TopPaths[1].Value, 1.7, 2.3);
        Assert.True(answers.TopPaths[4].Value * 3 < answers.TopPaths[0].Value);
    }

    [Fact]
    public void TheCommandWritesALogAndPrintsItsAnswers()
    {
        string file = Path.Combine(Path.GetTempPath(), $"reflow-access-log-test-{Environment.ProcessId}.log");
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();

            Assert.Equal(0, AccessLogCommand.Run(["generate", "--lines", "300", "--seed", "9", "--out", file], output, error));
            Assert.Equal(0, AccessLogCommand.Run(["answers", file], output, error));

            Assert.Equal(string.Join('\n', AccessLogLoop.Run(file).ToOutputLines()) + "\n", output.ToString().ReplaceLineEndings("\n"));
            Assert.Matches(@"^wrote .*: 300 lines, \d+ malformed \(seed 9\)", error.ToString());
            Assert.Equal(300, File.ReadLines(file).Count());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void TheCommandExplainsBadArguments()
    {
        var error = new StringWriter();

        Assert.Equal(2, AccessLogCommand.Run(["generate", "--out", "x.log"], TextWriter.Null, error));
        Assert.Contains("generate needs --lines N.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: access-log generate", error.ToString(), StringComparison.Ordinal);
    }
}
