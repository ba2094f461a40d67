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
    public async Task RunsTheGraphAndPutsItsAnswersInTheExpectedFormWhateverTheOrderAndPairShape()
    {
        // A stand-in for the job: the answers' ports fed constants (status codes out of order, top entries as pairs and
        // as objects with the fields the other way round); the reader's lines go to a drop.
        string directory = Directory.CreateTempSubdirectory("reflow-access-log-graph-").FullName;
        try
        {
            string graph = Path.Combine(directory, "constants.json");
            File.WriteAllText(graph, """
                {
                  "processes": {
                    "read": { "component": "io/ReadLines", "metadata": { "path": "none.log" } },
                    "lines": { "component": "core/Drop" },
                    "bytes": { "component": "core/Repeat" }, "malformed": { "component": "core/Repeat" },
                    "status": { "component": "core/Repeat" }, "top": { "component": "core/Repeat" }
                  },
                  "connections": [
                    { "src": { "process": "read", "port": "out" }, "tgt": { "process": "lines", "port": "in" } },
                    { "data": 123.0, "tgt": { "process": "bytes", "port": "in" } },
                    { "data": 2, "tgt": { "process": "malformed", "port": "in" } },
                    { "data": { "404": 1, "200": 7, "304": 2 }, "tgt": { "process": "status", "port": "in" } },
                    { "data": [["/", 5], { "count": 3, "path": "/a" }], "tgt": { "process": "top", "port": "in" } }
                  ],
                  "outports": {
                    "bytes": { "process": "bytes", "port": "out" }, "malformed": { "process": "malformed", "port": "out" },
                    "status": { "process": "status", "port": "out" }, "top": { "process": "top", "port": "out" }
                  }
                }
                """);

            IReadOnlyList<string> answers = await new AccessLogGraph(graph, Repository.Sample).RunAsync();

            Assert.Equal(["bytes: 123", "malformed: 2", "status: {\"200\":7,\"304\":2,\"404\":1}", "top: [{\"path\":\"/\",\"count\":5},{\"path\":\"/a\",\"count\":3}]"], answers);
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
        string expected = Path.Combine(Repository.Root, "examples", "access-log", "access-log.json");

        Assert.Equal(File.Exists(expected) ? expected : null, found);
    }
}
