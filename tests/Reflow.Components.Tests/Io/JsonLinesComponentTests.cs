using System.Text;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Io;

/// <summary>jsonl/Read and jsonl/Write: values, malformed lines with their numbers, long lines, permissions.</summary>
public sealed class JsonLinesComponentTests
{
    private static string Config(string path, string more = "") =>
        $$"""{"path":{{MessageJson.ToJson(Message.String(path))}}{{more}}}""";

    private static string[] Json(IEnumerable<Message> messages) => [.. messages.Select(MessageJson.ToJson)];

    [Fact]
    public async Task Read_emits_one_message_per_line_skipping_blank_lines()
    {
        using var temp = new TempDirectory();
        string path = temp.File("in.jsonl");
        File.WriteAllText(path, "{\"a\":1,\"b\":[true,null]}\r\n\n  \n42\n\"héllo\"\n1.5", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        ComponentRun run = await ComponentRun.RunAsync("jsonl/Read", Config(path, ""","chunkLines":2"""));

        Assert.Equal(["""{"a":1,"b":[true,null]}""", "42", "\"héllo\"", "1.5"], Json(run["out"]));
        Assert.Equal(MessageKind.Integer, run["out"][1].Kind);
        Assert.Equal([4], run["done"].Select(m => m.AsInteger()));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task Read_reports_each_malformed_line_with_its_number_and_reads_the_rest()
    {
        using var temp = new TempDirectory();
        string path = temp.File("bad.jsonl");
        File.WriteAllText(path, "{\"ok\":1}\n{\"broken\":\n\n[1,2\n{\"ok\":2}\n");

        ComponentRun run = await ComponentRun.RunAsync("jsonl/Read", Config(path));

        Assert.Equal(["""{"ok":1}""", """{"ok":2}"""], Json(run["out"]));
        Assert.Equal([2], run["done"].Select(m => m.AsInteger()));
        Assert.Equal(2, run.Errors.Count);
        Assert.StartsWith($"jsonl/Read (node): '{path}' line 2: ", run.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith($"jsonl/Read (node): '{path}' line 4: ", run.Errors[1], StringComparison.Ordinal);
        Assert.All(run.Errors, e => Assert.EndsWith("; the line is skipped", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_lines_with_no_error_edge_are_counted_as_uncaught_failures_of_the_run()
    {
        using var temp = new TempDirectory();
        string path = temp.File("bad.jsonl");
        File.WriteAllText(path, "1\n{\n2\n]\n");
        var definition = new NetworkBuilder()
            .AddNode("read", ComponentRun.Find("jsonl/Read"), MessageJson.Parse(Config(path)).AsObject())
            .ExportOutPort("out", "read", "out")
            .Build(_ => null);

        await using Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.All });
        Task<List<Message>> values = ComponentRun.ReadAll(network, "out");
        NetworkRunResult result = await network.RunAsync().WaitAsync(ComponentRun.HangLimit);

        Assert.Equal(["1", "2"], Json(await values));
        Assert.Equal(2, result.UncaughtFailures);
        Assert.All(result.Failures, f => Assert.Contains("jsonl/Read (read): '", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_skips_a_line_longer_than_the_limit_reporting_it_and_keeps_its_memory_at_the_limit()
    {
        using var temp = new TempDirectory();
        string path = temp.File("long.jsonl");
        string longLine = "\"" + new string('x', 300_000) + "\"";
        File.WriteAllText(path, "1\n" + longLine + "\n2\n" + longLine);

        ComponentRun run = await ComponentRun.RunAsync("jsonl/Read", Config(path, ""","maxLineBytes":100000"""));

        Assert.Equal(["1", "2"], Json(run["out"]));
        Assert.Equal(2, run.Errors.Count);
        Assert.Contains("line 2: longer than maxLineBytes (100000); the line is skipped", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("line 4: longer than maxLineBytes (100000)", run.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_of_many_lines_across_buffer_refills_keeps_every_value_in_order()
    {
        using var temp = new TempDirectory();
        string path = temp.File("many.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 20_000).Select(i => $$"""{"i":{{i}},"pad":"{{new string('p', i % 50)}}"}"""));

        ComponentRun run = await ComponentRun.RunAsync("jsonl/Read", Config(path));

        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => (long)i), run["out"].Select(m => m.AsObject()["i"].AsInteger()));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task Read_without_read_permission_fails_the_node_naming_the_flag()
    {
        using var temp = new TempDirectory();
        string path = temp.File("secret.jsonl");
        File.WriteAllText(path, "1\n");

        ComponentRun run = await ComponentRun.RunAsync(ComponentRun.Find("jsonl/Read"), Config(path), [], [], new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.None });

        Assert.Contains("grant it with --allow-read=", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Empty(run["out"]);
    }

    [Fact]
    public async Task Write_writes_one_compact_JSON_value_per_line_and_the_file_is_complete_after_the_run()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.jsonl");
        Message[] values = [Values.Msg("""{"a": [1, 2.5, "é"], "b": null}"""), Message.String("line\nbreak"), Message.Integer(7), Message.Boolean(false)];

        ComponentRun run = await ComponentRun.RunAsync("jsonl/Write", Config(path), ("in", values));

        Assert.Equal("{\"a\":[1,2.5,\"é\"],\"b\":null}\n\"line\\nbreak\"\n7\nfalse\n", File.ReadAllText(path));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task Write_writes_the_values_of_bracket_groups_without_the_brackets_and_counts_only_them()
    {
        using var temp = new TempDirectory();
        string path = temp.File("grouped.jsonl");
        Message[] values = [Message.OpenBracket(Message.String("a")), Message.Integer(1), Message.CloseBracket(), Message.Integer(2), Message.OpenBracket(), Message.CloseBracket()];

        ComponentRun run = await ComponentRun.RunAsync("jsonl/Write", Config(path), ("in", values));

        Assert.Equal("1\n2\n", File.ReadAllText(path));
        Assert.Equal([2L], run["done"].Select(m => m.AsInteger()));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task What_Write_writes_Read_reads_back_past_the_write_buffer()
    {
        using var temp = new TempDirectory();
        string path = temp.File("round.jsonl");
        Message[] values = [.. Enumerable.Range(0, 5_000).Select(i => Values.Msg($$"""{"i":{{i}},"s":"{{new string('s', i % 100)}}","f":{{i}}.25}"""))];

        await ComponentRun.RunAsync("jsonl/Write", Config(path), ("in", values));
        ComponentRun read = await ComponentRun.RunAsync("jsonl/Read", Config(path));

        Assert.Equal(Json(values), Json(read["out"]));
    }

    [Fact]
    public async Task Write_without_write_permission_fails_at_start_and_creates_nothing()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.jsonl");

        ComponentRun run = await ComponentRun.RunAsync(
            ComponentRun.Find("jsonl/Write"), Config(path), [], [("in", [Message.Integer(1)])],
            new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.None.WithRead(temp.Path) });

        Assert.False(File.Exists(path));
        Assert.Contains("grant it with --allow-write=", run.Errors[0], StringComparison.Ordinal);
    }
}
