using Reflow.Benchmarks.AccessLog;

namespace Reflow.Benchmarks.Tests.AccessLog;

public sealed class AccessLogGraphTests
{
    [Fact]
    public void AGraphWithoutTheAnswersPortsIsRefusedWithWhatItExports()
    {
        string directory = Directory.CreateTempSubdirectory("reflow-access-log-graph-").FullName;
        try
        {
            string graph = Path.Combine(directory, "lines.fbp");
            File.WriteAllText(graph, "OUTPORT=echo.OUT:lines\nread(io/ReadLines) OUT -> IN echo(core/Repeat)\n");

            var error = Assert.Throws<InvalidOperationException>(() => new AccessLogGraph(graph, Repository.Sample));

            Assert.Contains("does not export the out-port(s) bytes, malformed, status, top; it exports: lines.", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void TheGraphFileIsLookedUpInTheRepositoryOrNamedByTheVariable()
    {
        string? found = AccessLogGraph.DefaultPath();
        string expected = Path.Combine(Repository.Root, "examples", "access-log", "access-log.fbp");

        Assert.Equal(File.Exists(expected) ? expected : null, found);
    }
}
