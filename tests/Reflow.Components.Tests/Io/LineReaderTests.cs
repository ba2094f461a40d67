using System.Text;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Io;

/// <summary>io/ReadLines with brackets, and io/ReadLinesFrom (paths as messages, a configured path, failures per path).</summary>
public sealed class LineReaderTests
{
    private static string Json(string text) => MessageJson.ToJson(Message.String(text));

    /// <summary>"[path", lines, "]" as text, so a whole stream with its brackets compares in one assertion.</summary>
    private static string[] Shape(IEnumerable<Message> messages) =>
        [.. messages.Select(m => m.IsOpenBracket && m.TryGetBracketValue(out Message value) ? "[" + value.AsString() : m.IsCloseBracket ? "]" : m.AsString())];

    [Fact]
    public async Task ReadLines_with_brackets_puts_the_lines_between_an_open_bracket_carrying_the_path_and_a_close_bracket()
    {
        using var temp = new TempDirectory();
        string path = temp.File("a.txt");
        File.WriteAllText(path, "one\ntwo\nthree\n");

        ComponentRun run = await ComponentRun.RunAsync("io/ReadLines", $$"""{"path":{{Json(path)}},"brackets":true,"chunkLines":2}""");

        Assert.Equal(["[" + path, "one", "two", "three", "]"], Shape(run["out"]));
        Assert.Equal([3], run["done"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task ReadLines_without_the_setting_emits_no_brackets()
    {
        using var temp = new TempDirectory();
        string path = temp.File("a.txt");
        File.WriteAllText(path, "one\n");

        ComponentRun run = await ComponentRun.RunAsync("io/ReadLines", $$"""{"path":{{Json(path)}}}""");

        Assert.Equal(["one"], Shape(run["out"]));
    }

    [Fact]
    public async Task ReadLinesFrom_reads_each_path_it_is_sent_in_order_with_a_count_per_file()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("a.txt"), "a1\na2\na3\n");
        File.WriteAllText(temp.File("b.txt"), "b1\r\nb2");
        File.WriteAllText(temp.File("c.txt"), "");

        ComponentRun run = await ComponentRun.RunAsync(
            "io/ReadLinesFrom", """{"chunkLines":2,"brackets":true}""",
            ("path", [Message.String(temp.File("a.txt")), Message.String(temp.File("b.txt")), Message.String(temp.File("c.txt"))]));

        Assert.Equal(["[" + temp.File("a.txt"), "a1", "a2", "a3", "]", "[" + temp.File("b.txt"), "b1", "b2", "]", "[" + temp.File("c.txt"), "]"], Shape(run["out"]));
        Assert.Equal([3, 2, 0], run["done"].Select(m => m.AsInteger()));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task ReadLinesFrom_reads_its_configured_path_first_and_a_relative_path_against_the_graph_directory()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("first.txt"), "f\n");
        File.WriteAllText(temp.File("second.txt"), "s\n");
        var definition = new NetworkBuilder()
            .AddNode("read", ComponentRun.Find("io/ReadLinesFrom"), MessageJson.Parse("""{"path":"first.txt"}""").AsObject())
            .SetBaseDirectory("read", temp.Path)
            .AddInitial("read", "path", Message.String("second.txt"))
            .ExportOutPort("out", "read", "out")
            .ExportOutPort("error", "read", "error")
            .Build(_ => null);

        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.None.WithRead(temp.Path) });
        Task<List<Message>> lines = ComponentRun.ReadAll(network, "out");
        Task<List<Message>> errors = ComponentRun.ReadAll(network, "error");
        await network.RunAsync().WaitAsync(ComponentRun.HangLimit);

        Assert.Equal(["f", "s"], (await lines).Select(m => m.AsString()));
        Assert.Empty(await errors);
    }

    [Fact]
    public async Task ReadLinesFrom_reports_a_denied_a_missing_and_a_non_text_path_and_reads_the_next()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("granted"));
        File.WriteAllText(temp.File("secret.txt"), "secret\n");
        File.WriteAllText(temp.File("granted/ok.txt"), "ok\n");

        ComponentRun run = await ComponentRun.RunAsync(
            ComponentRun.Find("io/ReadLinesFrom"), null, [],
            [("path", [Message.String(temp.File("secret.txt")), Message.String(temp.File("granted/none.txt")), Message.Integer(3), Message.String(temp.File("granted/ok.txt"))])],
            new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.None.WithRead(temp.File("granted")) });

        Assert.Equal(["ok"], run["out"].Select(m => m.AsString()));
        Assert.Equal([1], run["done"].Select(m => m.AsInteger()));
        Assert.Equal(3, run.Errors.Count);
        Assert.Contains($"read access to '{temp.File("secret.txt")}' is not granted; grant it with --allow-read=", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains($"cannot open '{temp.File("granted/none.txt")}'", run.Errors[1], StringComparison.Ordinal);
        Assert.Contains("in-port 'path' expects a String, got ", run.Errors[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("io/ReadLines")]
    [InlineData("io/ReadLinesFrom")]
    public async Task The_reader_reads_the_file_only_as_fast_as_the_consumer_takes_the_lines(string component)
    {
        // The "file" is a named pipe the test writes 200 000 lines of 100 bytes into (20 MB, far more than a chunk):
        // a write blocks while the pipe is full, so how far the writer got is how far the reader has read. At every
        // line the sink checks that the writer is no further ahead of it than the pipe (64 KiB), the reader's buffer
        // (64 KiB), a chunk and the edge's capacity: about 1 500 lines. A reader that loaded the file, or that emitted
        // past the edge's room, would let the writer run up to 200 000 lines ahead.
        if (!OperatingSystem.IsLinux())
        {
            return; // named pipes as files: Linux (where CI runs)
        }

        const int Lines = 200_000, LineBytes = 100, Chunk = 100, Capacity = 64, Bound = 5_000;
        using var temp = new TempDirectory();
        string path = temp.File("pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync().WaitAsync(ComponentRun.HangLimit);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        long written = 0;
        Task writing = Task.Factory.StartNew(
            () =>
            {
                using var pipe = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
                byte[] line = new byte[LineBytes];
                line.AsSpan().Fill((byte)'x');
                line[^1] = (byte)'\n';
                for (int i = 0; i < Lines; i++)
                {
                    pipe.Write(line);
                    Volatile.Write(ref written, i + 1);
                }
            },
            TaskCreationOptions.LongRunning);

        AheadCheckingSink? sink = null;
        var definition = new NetworkBuilder()
            .AddNode("read", ComponentRun.Find(component), MessageJson.Parse($$"""{"path":{{Json(path)}},"chunkLines":{{Chunk}}}""").AsObject())
            .AddNode("sink", Component.FromFactory(new ComponentDescription("test/Sink", [new("in", PortType.String)]), () => sink = new AheadCheckingSink(() => Volatile.Read(ref written))))
            .Connect("read", "out", "sink", "in", Capacity)
            .Build(_ => null);

        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 2, Permissions = PermissionSet.None.WithRead(temp.Path) });
        NetworkRunResult result = await network.RunAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await writing.WaitAsync(ComponentRun.HangLimit);

        Assert.Equal(0, result.Errors);
        Assert.Equal(Lines, sink!.Count);
        Assert.Equal(LineBytes - 1, sink.LastLength);
        Assert.True(sink.MostAhead > Chunk, $"the writer was never more than {sink.MostAhead} lines ahead: the check saw nothing");
        Assert.True(sink.MostAhead < Bound, $"the writer got {sink.MostAhead} lines ahead of the sink: the reader read that far ahead");
    }

    private sealed class AheadCheckingSink(Func<long> written) : Actor
    {
        public long Count { get; private set; }

        public long MostAhead { get; private set; }

        public int LastLength { get; private set; }

        public override void Receive(ActorContext context)
        {
            Count++;
            LastLength = context.Message.AsString().Length;
            MostAhead = Math.Max(MostAhead, written() - Count);
        }
    }
}
