using Reflow.Benchmarks.AccessLog;

namespace Reflow.Benchmarks.Tests.AccessLog;

public sealed class AccessLogLoopTests
{
    [Fact]
    public void HandLoopAgreesWithTheRegexAndLinqPassOnTheSample()
    {
        string[] lines = File.ReadAllLines(Repository.Sample);

        AccessLogAnswers loop = AccessLogLoop.Run(Repository.Sample);
        AccessLogAnswers linq = LinqAccessLog.Run(lines);

        Assert.Equal(5000, loop.Lines);
        Assert.Equal(linq.Lines, loop.Lines);
        Assert.Equal(linq.ToOutputLines(), loop.ToOutputLines());
        Assert.Equal(AccessLogAnswers.TopCount, loop.TopPaths.Count);
        Assert.InRange(loop.Malformed, 1, lines.Length / 50); // the sample has malformed lines, about 1 %
    }

    [Fact]
    public void SampleAnswersAreTheCheckedInExpectedOutput()
    {
        // expected.txt is what the graph prints (status codes in order of first appearance, a lines port too): the same
        // answers once normalised as the benchmark normalises the graph's.
        Assert.Equal(AccessLogGraph.NormalisePrinted(File.ReadAllLines(Repository.Expected)), AccessLogLoop.Run(Repository.Sample).ToOutputLines());
    }

    [Fact]
    public void HandLoopAgreesWithTheRegexAndLinqPassOnAnotherSeed()
    {
        var log = new StringWriter();
        AccessLogGeneration made = AccessLogGenerator.Write(log, 30_000, seed: 7);
        string text = log.ToString();

        AccessLogAnswers loop = AccessLogLoop.Run(new StringReader(text));
        AccessLogAnswers linq = LinqAccessLog.Run(text.Split('\n')[..^1]);

        Assert.Equal(linq.ToOutputLines(), loop.ToOutputLines());
        Assert.Equal(made.Malformed, loop.Malformed);
        Assert.Equal(30_000, loop.Lines);
    }

    [Fact]
    public void TiesInTheTopPathsGoInOrdinalOrderAndShortListsStayShort()
    {
        const string Tail = " 200 10 \"-\" \"curl/8.5.0\"";
        string log = string.Join('\n', new[] { "/b", "/a", "/c", "/a", "/b" }.Select(p => $"h - - [t] \"GET {p} HTTP/1.1\"{Tail}"));

        AccessLogAnswers answers = AccessLogLoop.Run(new StringReader(log));

        Assert.Equal([new("/a", 2), new("/b", 2), new("/c", 1)], answers.TopPaths);
        Assert.Equal(50, answers.TotalBytes);
        Assert.Equal([new(200, 5)], answers.ByStatus);
        Assert.Equal(0, answers.Malformed);
    }

    [Fact]
    public void AnEmptyLogHasZeroAnswers()
    {
        AccessLogAnswers answers = AccessLogLoop.Run(new StringReader(""));

        Assert.Equal(["bytes: 0", "malformed: 0", "status: {}", "top: []"], answers.ToOutputLines());
    }
}
