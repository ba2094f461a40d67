using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Io;

/// <summary>csv/Read and csv/Write: values, options, bad rows with their line numbers, permissions.</summary>
public sealed class CsvComponentTests
{
    private static string Config(string path, string more = "") =>
        $$"""{"path":{{MessageJson.ToJson(Message.String(path))}}{{more}}}""";

    private static string[] Json(IEnumerable<Message> messages) => [.. messages.Select(MessageJson.ToJson)];

    [Fact]
    public async Task Read_emits_one_Object_per_row_keyed_by_the_header_with_quoted_fields_unquoted()
    {
        using var temp = new TempDirectory();
        string path = temp.File("people.csv");
        File.WriteAllText(path, "name,city,note\nAda,London,\"says \"\"hi\"\", twice\"\nLin,\"New\nYork\",\n");

        ComponentRun run = await ComponentRun.RunAsync("csv/Read", Config(path, ""","chunkRows":1"""));

        Assert.Equal(
            ["""{"name":"Ada","city":"London","note":"says \"hi\", twice"}""", """{"name":"Lin","city":"New\nYork","note":""}"""],
            Json(run["out"]));
        Assert.Equal([2], run["done"].Select(m => m.AsInteger()));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task Read_with_types_infer_makes_integers_and_floats_and_leaves_the_rest_text()
    {
        using var temp = new TempDirectory();
        string path = temp.File("n.csv");
        File.WriteAllText(path, "a;b;c;d;e\n42;-1.5;007x;NaN;\n");

        ComponentRun run = await ComponentRun.RunAsync("csv/Read", Config(path, ""","separator":";","types":"infer" """));

        Assert.Equal(["""{"a":42,"b":-1.5,"c":"007x","d":"NaN","e":""}"""], Json(run["out"]));
    }

    [Fact]
    public async Task Read_without_a_header_names_the_columns_c1_c2_or_as_configured()
    {
        using var temp = new TempDirectory();
        string path = temp.File("h.tsv");
        File.WriteAllText(path, "x\ty\n1\t2\n");

        ComponentRun numbered = await ComponentRun.RunAsync("csv/Read", Config(path, ""","separator":"\t","header":false"""));
        ComponentRun named = await ComponentRun.RunAsync("csv/Read", Config(path, ""","separator":"\t","header":false,"columns":["p","q"]"""));

        Assert.Equal(["""{"c1":"x","c2":"y"}""", """{"c1":"1","c2":"2"}"""], Json(numbered["out"]));
        Assert.Equal(["""{"p":"x","q":"y"}""", """{"p":"1","q":"2"}"""], Json(named["out"]));
    }

    [Fact]
    public async Task Read_reports_a_row_with_the_wrong_number_of_fields_with_its_line_number_and_reads_on()
    {
        using var temp = new TempDirectory();
        string path = temp.File("bad.csv");
        File.WriteAllText(path, "a,b\n1,2\n\"multi\nline\",3\n4,5,6\n7,8\n");

        ComponentRun run = await ComponentRun.RunAsync("csv/Read", Config(path));

        Assert.Equal(["""{"a":"1","b":"2"}""", """{"a":"multi\nline","b":"3"}""", """{"a":"7","b":"8"}"""], Json(run["out"]));
        Assert.Equal([3], run["done"].Select(m => m.AsInteger()));
        Assert.Equal($"csv/Read (node): '{path}' line 5: 3 field(s), expected 2 (a, b); the row is skipped", Assert.Single(run.Errors));
    }

    [Fact]
    public async Task Read_reports_a_header_that_names_a_column_twice()
    {
        using var temp = new TempDirectory();
        string path = temp.File("dup.csv");
        File.WriteAllText(path, "a,a\n1,2\n");

        ComponentRun run = await ComponentRun.RunAsync("csv/Read", Config(path));

        Assert.Empty(run["out"]);
        string error = Assert.Single(run.Errors);
        Assert.StartsWith($"csv/Read (node): '{path}' line 1 (the header): ", error, StringComparison.Ordinal);
        Assert.Contains("'a'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_without_read_permission_fails_the_node_naming_the_flag()
    {
        using var temp = new TempDirectory();
        string path = temp.File("secret.csv");
        File.WriteAllText(path, "a\n1\n");

        ComponentRun run = await ComponentRun.RunAsync(ComponentRun.Find("csv/Read"), Config(path), [], [], new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.None });

        Assert.Contains($"read access to '{path}' is not granted; grant it with --allow-read=", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Empty(run["out"]);
        Assert.Equal(1, run.Result.Errors);
    }

    [Fact]
    public async Task Write_writes_a_header_and_the_rows_quoting_where_needed_and_the_file_is_complete_after_the_run()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.csv");

        ComponentRun run = await ComponentRun.RunAsync(
            "csv/Write", Config(path),
            ("in", [Values.Msg("""{"id":1,"name":"Ada, Countess","score":9.5,"ok":true}"""), Values.Msg("""{"name":"Lin \"L\"","id":2,"tags":[1,2]}""")]));

        Assert.Contains("the row has key 'tags', which is not a column (id, name, score, ok); the row is not written", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Equal("id,name,score,ok\n1,\"Ada, Countess\",9.5,true\n", File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Write_writes_the_rows_of_bracket_groups_without_the_brackets_and_counts_only_the_rows()
    {
        using var temp = new TempDirectory();
        string path = temp.File("grouped.csv");

        ComponentRun run = await ComponentRun.RunAsync(
            "csv/Write", Config(path),
            ("in", [Message.OpenBracket(Message.String("day 1")), Values.Msg("""{"id":1}"""), Message.CloseBracket(), Message.OpenBracket(), Values.Msg("""{"id":2}"""), Message.CloseBracket()]));

        Assert.Equal("id\n1\n2\n", File.ReadAllText(path).ReplaceLineEndings("\n"));
        Assert.Equal([2L], run["done"].Select(m => m.AsInteger()));
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task Write_with_columns_and_a_separator_leaves_missing_and_null_fields_empty_and_reports_a_non_object()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.tsv");

        ComponentRun run = await ComponentRun.RunAsync(
            "csv/Write", Config(path, ""","separator":"\t","columns":["b","a"]"""),
            ("in", [Values.Msg("""{"a":"x"}"""), Message.String("not a row"), Values.Msg("""{"a":null,"b":{"k":1}}""")]));

        Assert.Equal("b\ta\n\tx\n\"{\"\"k\"\":1}\"\t\n", File.ReadAllText(path).ReplaceLineEndings("\n"));
        Assert.Contains("in-port 'in' expects an Object (a row), got", Assert.Single(run.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_Write_writes_Read_reads_back()
    {
        using var temp = new TempDirectory();
        string path = temp.File("round.csv");
        Message[] rows = [.. Enumerable.Range(0, 1000).Select(i => Values.Msg($$"""{"n":{{i}},"text":"line {{i}}, \"quoted\"\nsecond line"}"""))];

        await ComponentRun.RunAsync("csv/Write", Config(path), ("in", rows));
        ComponentRun read = await ComponentRun.RunAsync("csv/Read", Config(path, ""","types":"infer" """));

        Assert.Equal(Json(rows), Json(read["out"]));
        Assert.Empty(read.Errors);
    }

    [Fact]
    public async Task Write_without_write_permission_fails_at_start_and_creates_nothing()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.csv");

        ComponentRun run = await ComponentRun.RunAsync(
            ComponentRun.Find("csv/Write"), Config(path), [], [("in", [Values.Msg("""{"a":1}""")])],
            new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.None.WithRead(temp.Path) });

        Assert.False(File.Exists(path));
        Assert.Contains($"write access to '{path}' is not granted; grant it with --allow-write=", run.Errors[0], StringComparison.Ordinal);
    }
}
