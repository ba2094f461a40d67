using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Io;

/// <summary>
/// csv/Write and jsonl/Write at the end of the stream: the file is flushed and closed before 'done' goes out (a node
/// on 'done' reads the whole file), and a stream that never ends still leaves a complete file when the network stops.
/// </summary>
public sealed class WriterEndOfStreamTests
{
    private static MessageObject Config(string path, string more = "") =>
        MessageJson.Parse($$"""{"path":{{MessageJson.ToJson(Message.String(path))}}{{more}}}""").AsObject();

    /// <summary>On 'done', reads the file the writer wrote: what it emits is what was on disk at that moment.</summary>
    private sealed class FileSnapshot(string path) : Actor
    {
        public override void Receive(ActorContext context) =>
            context.Emit("out", Message.Object(new KeyValuePair<string, Message>("count", context.Message), new KeyValuePair<string, Message>("text", Message.String(File.ReadAllText(path).ReplaceLineEndings("\n")))));
    }

    private static async Task<(Message Snapshot, NetworkRunResult Result)> RunToEnd(string component, MessageObject config, string path, Message[] inputs)
    {
        var definition = new NetworkBuilder()
            .AddNode("write", ComponentRun.Find(component), config)
            .AddNode("snapshot", Component.FromFactory(new ComponentDescription("test/Snapshot", [new("in", PortType.Integer)], [new("out", PortType.Object)]), () => new FileSnapshot(path)))
            .ExportInPort("in", "write", "in")
            .Connect("write", "done", "snapshot", "in")
            .ExportOutPort("out", "snapshot", "out")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, Permissions = PermissionSet.All });
        Task<List<Message>> snapshots = ComponentRun.ReadAll(network, "out");
        Task<NetworkRunResult> run = network.RunAsync();
        foreach (Message input in inputs)
        {
            await network.SendAsync("in", input);
        }

        network.CompleteInputs();
        NetworkRunResult result = await run.WaitAsync(ComponentRun.HangLimit);
        return (Assert.Single(await snapshots.WaitAsync(ComponentRun.HangLimit)), result);
    }

    [Fact]
    public async Task Csv_Write_completes_the_file_then_emits_its_row_count_once_at_the_end_of_the_stream()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.csv");
        Message[] rows = [.. Enumerable.Range(0, 3000).Select(i => Values.Msg($$"""{"i":{{i}},"s":"{{new string('s', 40)}}"}"""))];

        (Message snapshot, NetworkRunResult result) = await RunToEnd("csv/Write", Config(path), path, rows);

        Assert.Equal(0, result.UncaughtFailures);
        Assert.Equal(3000, snapshot.AsObject()["count"].AsInteger());
        string text = snapshot.AsObject()["text"].AsString();
        Assert.Equal(3001, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // > 64 KiB: no buffer left behind
        Assert.EndsWith($"2999,{new string('s', 40)}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_Write_of_an_empty_stream_with_columns_writes_the_header_and_emits_zero()
    {
        using var temp = new TempDirectory();
        string path = temp.File("empty.csv");

        (Message snapshot, _) = await RunToEnd("csv/Write", Config(path, ""","columns":["a","b"]"""), path, []);

        Assert.Equal(0, snapshot.AsObject()["count"].AsInteger());
        Assert.Equal("a,b\n", snapshot.AsObject()["text"].AsString());
    }

    [Fact]
    public async Task Jsonl_Write_completes_the_file_then_emits_its_line_count_once_at_the_end_of_the_stream()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.jsonl");
        Message[] values = [.. Enumerable.Range(0, 3000).Select(i => Values.Msg($$"""{"i":{{i}},"s":"{{new string('s', 40)}}"}"""))];

        (Message snapshot, NetworkRunResult result) = await RunToEnd("jsonl/Write", Config(path), path, values);

        Assert.Equal(0, result.UncaughtFailures);
        Assert.Equal(3000, snapshot.AsObject()["count"].AsInteger());
        string text = snapshot.AsObject()["text"].AsString();
        Assert.Equal(3000, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith($"{{\"i\":2999,\"s\":\"{new string('s', 40)}\"}}\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv/Write", "a\n1\n2\n")]
    [InlineData("jsonl/Write", "{\"a\":1}\n{\"a\":2}\n")]
    public async Task A_stream_that_never_ends_still_leaves_a_complete_file_when_the_network_stops(string component, string expected)
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.txt");
        var definition = new NetworkBuilder()
            .AddNode("write", ComponentRun.Find(component), Config(path))
            .ExportInPort("in", "write", "in")
            .ExportOutPort("done", "write", "done")
            .Build(_ => null);
        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.All });
        Task<List<Message>> done = ComponentRun.ReadAll(network, "done");
        Task<NetworkRunResult> run = network.RunAsync();
        await network.SendAsync("in", Values.Msg("""{"a":1}"""));
        await network.SendAsync("in", Values.Msg("""{"a":2}"""));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (network.GetSnapshot().Nodes.Single(n => n.Id == "write").Invocations < 2)
        {
            Assert.True(waited.Elapsed < ComponentRun.HangLimit, "the writer never handled the two rows");
            await Task.Delay(10);
        }

        await network.StopAsync(drain: false).WaitAsync(ComponentRun.HangLimit); // the input is never completed: OnStop closes the file
        await run.WaitAsync(ComponentRun.HangLimit);

        Assert.Equal(expected, File.ReadAllText(path).ReplaceLineEndings("\n"));
        Assert.Empty(await done.WaitAsync(ComponentRun.HangLimit)); // no end of stream, so no count
    }
}
