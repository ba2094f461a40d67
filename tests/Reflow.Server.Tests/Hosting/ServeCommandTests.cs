using System.Text.Json.Nodes;

namespace Reflow.Server.Tests.Hosting;

/// <summary><c>reflow serve</c> as a process: listens, answers, stops on SIGTERM, refuses unsafe starts.</summary>
public sealed class ServeCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    /// <summary>Starts <c>reflow serve</c> on a free loopback port; returns the process and the URL it printed.</summary>
    internal static Task<(ChildProcess Serve, Uri Url)> StartServeAsync(params string[] args) => StartServeAsync(null, args);

    /// <summary>As above, with these environment variables.</summary>
    internal static async Task<(ChildProcess Serve, Uri Url)> StartServeAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        ChildProcess serve = ChildProcess.StartReflow(environment, ["serve", "--port", "0", "--address", "127.0.0.1", .. args]);
        try
        {
            string line = await serve.WaitForOutputAsync(l => l.StartsWith("reflow serve: listening on ", StringComparison.Ordinal), Patience);
            return (serve, new Uri(line["reflow serve: listening on ".Length..].Trim()));
        }
        catch
        {
            serve.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task Serves_until_SIGTERM_then_exits_0()
    {
        (ChildProcess serve, Uri url) = await StartServeAsync("--secret", "s");
        using (serve)
        {
            await using (WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(url))
            {
                var request = new JsonObject { ["protocol"] = "nosuch", ["command"] = "x", ["payload"] = new JsonObject(), ["secret"] = "s" };
                JsonObject answer = await client.RequestAsync(request, "nosuch", "error");
                Assert.Contains("Unknown protocol", (string?)answer["payload"]?["message"], StringComparison.Ordinal);
            }

            await serve.TerminateAsync();

            Assert.True(await serve.WaitForExitAsync(Patience), "reflow serve did not stop on SIGTERM.\n" + serve.Transcript);
            Assert.True(serve.ExitCode == 0, serve.Transcript);
            Assert.Contains("reflow serve: stopping", serve.Transcript, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Takes_the_secret_from_REFLOW_SERVE_SECRET()
    {
        (ChildProcess serve, Uri url) = await StartServeAsync(new Dictionary<string, string> { ["REFLOW_SERVE_SECRET"] = "from env" });
        using (serve)
        {
            await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(url);
            var without = new JsonObject { ["protocol"] = "nosuch", ["command"] = "x", ["payload"] = new JsonObject() };
            var with = new JsonObject { ["protocol"] = "nosuch", ["command"] = "x", ["payload"] = new JsonObject(), ["secret"] = "from env" };

            JsonObject refused = await client.RequestAsync(without, "nosuch", "error");
            JsonObject taken = await client.RequestAsync(with, "nosuch", "error");

            Assert.Contains("secret is wrong or missing", (string?)refused["payload"]?["message"], StringComparison.Ordinal);
            Assert.Contains("Unknown protocol", (string?)taken["payload"]?["message"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Passes_the_origin_and_size_options_to_the_server()
    {
        (ChildProcess serve, Uri url) = await StartServeAsync("--allow-origin", "https://app.example.org", "--max-message-bytes", "2048");
        using (serve)
        {
            Assert.Equal(403, await WebSocketTestClient.ConnectStatusAsync(url, "https://evil.example.org"));
            await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(url, "https://app.example.org");
            var big = new JsonObject { ["protocol"] = "nosuch", ["command"] = "x", ["payload"] = new JsonObject { ["pad"] = new string('p', 3000) } };

            JsonObject refused = await client.RequestAsync(big, "runtime", "error");

            Assert.Contains("(2048 bytes", (string?)refused["payload"]?["message"], StringComparison.Ordinal);
            // The log line is written before the 403; it reaches this process's reader a moment later.
            for (int i = 0; i < 100 && !serve.Transcript.Contains("evil.example.org", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100);
            }

            Assert.Contains("Origin \"https://evil.example.org\" is not allowed", serve.Transcript, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Starts_with_a_graph_file()
    {
        string graph = Path.Combine(Path.GetTempPath(), $"reflow-serve-{Guid.NewGuid():N}.fbp");
        await File.WriteAllTextAsync(graph, "'hello' -> IN r(core/Repeat) OUT -> IN d(core/Drop)\n");
        try
        {
            (ChildProcess serve, Uri url) = await StartServeAsync(graph);
            using (serve)
            {
                Assert.Equal("ws", url.Scheme);
                await serve.TerminateAsync();
                Assert.True(await serve.WaitForExitAsync(Patience), serve.Transcript);
                Assert.True(serve.ExitCode == 0, serve.Transcript);
            }
        }
        finally
        {
            File.Delete(graph);
        }
    }

    [Fact]
    public async Task Loads_its_graph_file_as_reflow_run_does_settings_typed_from_text_and_paths_from_its_directory()
    {
        string directory = Path.Combine(Path.GetTempPath(), "reflow-serve-file-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "lines"), "first\nsecond\n");
            string graphFile = Path.Combine(directory, "g.fbp");
            // delayMs=5 is text in a .fbp file (a number to flow/Delay's schema); the file "lines" is beside the graph, not in the current directory.
            await File.WriteAllTextAsync(graphFile, "OUTPORT=d.OUT:lines\nread(io/ReadLines:path=lines) OUT -> IN d(flow/Delay:delayMs=5)\n");
            (ChildProcess serve, Uri url) = await StartServeAsync("--allow-read", directory, graphFile);
            using (serve)
            {
                await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(url);
                JsonObject runtime = await client.RequestAsync(new JsonObject { ["protocol"] = "runtime", ["command"] = "getruntime", ["payload"] = new JsonObject() }, "runtime", "runtime");
                string graph = (string)runtime["payload"]!["graph"]!;

                await client.SendAsync(new JsonObject { ["protocol"] = "network", ["command"] = "start", ["payload"] = new JsonObject { ["graph"] = graph } });
                var lines = new List<string?>();
                var problems = new List<string>();
                while (await client.ReceiveAsync() is { } message && !((string?)message["protocol"] == "network" && (string?)message["command"] == "stopped"))
                {
                    if ((string?)message["protocol"] == "runtime" && (string?)message["command"] == "packet" && (string?)message["payload"]?["event"] == "data")
                    {
                        lines.Add((string?)message["payload"]!["payload"]);
                    }
                    else if ((string?)message["command"] is "error" or "processerror")
                    {
                        problems.Add(message.ToJsonString());
                    }
                }

                Assert.Empty(problems);
                Assert.Equal(["first", "second"], lines);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "--address", "0.0.0.0" }, "--secret")]
    [InlineData(new[] { "--certificate", "/nonexistent/server.pem" }, "--certificate")]
    [InlineData(new[] { "/nonexistent/graph.fbp" }, "does not exist")]
    public async Task Refuses_an_unsafe_or_impossible_start_with_exit_2(string[] args, string named)
    {
        using ChildProcess serve = ChildProcess.StartReflow(["serve", "--port", "0", .. args]);

        Assert.True(await serve.WaitForExitAsync(Patience), serve.Transcript);
        Assert.True(serve.ExitCode == 2, serve.Transcript);
        Assert.Contains(named, serve.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", serve.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grants_a_clients_graph_nothing_not_even_the_graph_files_directory()
    {
        string directory = Path.Combine(Path.GetTempPath(), "reflow-serve-grant-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        try
        {
            string secretFile = Path.Combine(directory, "secret.txt");
            await File.WriteAllTextAsync(secretFile, "the-secret-line\n");
            string graphFile = Path.Combine(directory, "g.fbp");
            await File.WriteAllTextAsync(graphFile, "'x' -> IN D(core/Drop)\n");
            (ChildProcess serve, Uri url) = await StartServeAsync(graphFile);
            using (serve)
            {
                await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(url);
                JsonObject Graph(string command, JsonObject payload)
                {
                    payload["graph"] = "t";
                    return new JsonObject { ["protocol"] = "graph", ["command"] = command, ["payload"] = payload };
                }

                await client.RequestAsync(new JsonObject { ["protocol"] = "graph", ["command"] = "clear", ["payload"] = new JsonObject { ["id"] = "t" } }, "graph", "clear");
                await client.RequestAsync(Graph("addnode", new JsonObject { ["id"] = "R", ["component"] = "io/ReadLinesFrom" }), "graph", "addnode");
                await client.RequestAsync(Graph("addnode", new JsonObject { ["id"] = "D", ["component"] = "core/Drop" }), "graph", "addnode");
                await client.RequestAsync(Graph("addnode", new JsonObject { ["id"] = "E", ["component"] = "core/Drop" }), "graph", "addnode");
                await client.RequestAsync(Graph("addedge", new JsonObject { ["src"] = new JsonObject { ["node"] = "R", ["port"] = "out" }, ["tgt"] = new JsonObject { ["node"] = "D", ["port"] = "in" } }), "graph", "addedge");
                await client.RequestAsync(Graph("addedge", new JsonObject { ["src"] = new JsonObject { ["node"] = "R", ["port"] = "error" }, ["tgt"] = new JsonObject { ["node"] = "E", ["port"] = "in" } }), "graph", "addedge");
                await client.RequestAsync(Graph("addinitial", new JsonObject { ["src"] = new JsonObject { ["data"] = secretFile }, ["tgt"] = new JsonObject { ["node"] = "R", ["port"] = "path" } }), "graph", "addinitial");

                await client.SendAsync(new JsonObject { ["protocol"] = "network", ["command"] = "start", ["payload"] = new JsonObject { ["graph"] = "t" } });
                var seen = new System.Text.StringBuilder();
                while (await client.ReceiveAsync() is { } message && !((string?)message["protocol"] == "network" && (string?)message["command"] == "stopped"))
                {
                    seen.AppendLine(message.ToJsonString());
                }

                string events = seen.ToString();
                Assert.DoesNotContain("the-secret-line", events, StringComparison.Ordinal); // the file in the graph's own directory stayed unread
                Assert.Contains("--allow-read", events, StringComparison.Ordinal); // refused, naming the grant
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
