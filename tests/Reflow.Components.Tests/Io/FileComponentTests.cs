using System.Text;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Components.Tests.Io;

public sealed class FileComponentTests
{
    private static string Config(string path, string more = "") =>
        $$"""{"path":{{MessageJson.ToJson(Message.String(path))}}{{more}}}""";

    [Fact]
    public async Task ReadLines_emits_every_line_without_breaks_then_the_count()
    {
        using var temp = new TempDirectory();
        string path = temp.File("lines.txt");
        File.WriteAllText(path, "first\r\nsecond\n\nlast, no newline", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        ComponentRun run = await ComponentRun.RunAsync("io/ReadLines", Config(path, ""","chunkLines":2"""));

        Assert.Equal(["first", "second", "", "last, no newline"], run["out"].Select(m => m.AsString()));
        Assert.Equal([4], run["done"].Select(m => m.AsInteger()));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task ReadLines_of_an_empty_file_emits_only_done_zero()
    {
        using var temp = new TempDirectory();
        string path = temp.File("empty.txt");
        File.WriteAllText(path, "");

        ComponentRun run = await ComponentRun.RunAsync("io/ReadLines", Config(path));

        Assert.Empty(run["out"]);
        Assert.Equal([0], run["done"].Select(m => m.AsInteger()));
    }

    [Theory]
    [InlineData("io/ReadLines")]
    [InlineData("io/ReadBytes")]
    public async Task A_missing_file_goes_to_error_naming_it(string component)
    {
        using var temp = new TempDirectory();
        string path = temp.File("nope.txt");

        ComponentRun run = await ComponentRun.RunAsync(component, Config(path));

        string error = Assert.Single(run.Errors);
        Assert.Contains($"cannot open '{path}'", error, StringComparison.Ordinal);
        Assert.Empty(run["done"]);
    }

    [Fact]
    public async Task ReadBytes_emits_the_file_in_chunks_then_its_length()
    {
        using var temp = new TempDirectory();
        string path = temp.File("data.bin");
        byte[] data = [.. Enumerable.Range(0, 10).Select(i => (byte)i)];
        File.WriteAllBytes(path, data);

        ComponentRun run = await ComponentRun.RunAsync("io/ReadBytes", Config(path, ""","chunkSize":4"""));

        Assert.Equal([4, 4, 2], run["out"].Select(m => m.AsBytes().Length));
        Assert.Equal(data, run["out"].SelectMany(m => m.AsBytes().ToArray()));
        Assert.Equal([10], run["done"].Select(m => m.AsInteger()));
    }

    [Fact]
    public async Task WriteFile_writes_lines_bytes_and_JSON_flushes_on_request_and_at_stop()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.txt");

        ComponentRun run = await ComponentRun.RunAsync(
            "io/WriteFile", Config(path),
            ("in", [Message.String("héllo"), Message.Bytes("raw"u8), Values.Msg("""{"a":[1]}""")]), ("flush", [Message.Flow]), ("in", [Message.Integer(7)]));

        Assert.Equal("héllo\nraw{\"a\":[1]}\n7\n", File.ReadAllText(path));
        Assert.Equal([20], run["written"].Select(m => m.AsInteger())); // "héllo\n" is 7 bytes in UTF-8
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task WriteFile_into_a_missing_folder_fails_at_start_and_reports_what_it_is_sent()
    {
        using var temp = new TempDirectory();

        ComponentRun run = await ComponentRun.RunAsync("io/WriteFile", Config(temp.File("no/such/dir/x.txt")), ("in", [Message.String("x")]));

        Assert.Contains("cannot open", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("the node is not configured", run.Errors[1], StringComparison.Ordinal);
    }
}
