using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Tests.Networks.Loading;

/// <summary>
/// Node settings typed by the component's configuration schema: <c>.fbp</c> text becomes the schema's integer, number
/// or Boolean; a value that does not fit is a load problem with its place; load-time settings override by node id.
/// </summary>
public sealed class SettingTypingTests
{
    private const string Schema = """
        {"type":"object","properties":{"count":{"type":"integer"},"rate":{"type":"number"},"on":{"type":"boolean"},
         "name":{"type":"string"},"either":{"type":["integer","string"]},"any":{}}}
        """;

    private static readonly ComponentRegistry Registry = new ComponentRegistry()
        .Add(Component.FromFunc(new ComponentDescription("test/Typed", [new("in")], [new("out")], configurationSchema: Schema), _ => { }))
        .Add(Component.FromFunc(new ComponentDescription("test/Plain", [new("in")], [new("out")]), _ => { }));

    private static MessageObject Settings(NetworkDefinition definition, string node) => definition.Nodes.Single(n => n.Id == node).Configuration.Values;

    private static GraphProblem SingleError(GraphValidation validation) => Assert.Single(validation.Errors);

    [Fact]
    public void Fbp_text_settings_become_the_types_the_schema_gives_them()
    {
        using var files = new TempDirectory();
        string path = files.Write("g.fbp", "t(test/Typed:count=10,rate=2,on=true,name=7,either=3,any=5,extra=9)\np(test/Plain:count=10)\n");

        NetworkDefinition definition = GraphNetworkLoader.LoadFile(path, Registry);

        MessageObject t = Settings(definition, "t");
        Assert.Equal(Message.Integer(10), t["count"]);
        Assert.Equal(Message.Integer(2), t["rate"]);
        Assert.Equal(Message.Boolean(true), t["on"]);
        Assert.Equal(Message.String("7"), t["name"]); // the schema says string: it stays text
        Assert.Equal(Message.String("3"), t["either"]); // a string may be: it stays text
        Assert.Equal(Message.String("5"), t["any"]); // no type: as written
        Assert.Equal(Message.String("9"), t["extra"]); // not in the schema: as written
        Assert.Equal(Message.String("10"), Settings(definition, "p")["count"]); // a component without a schema: as written
    }

    [Fact]
    public void A_graph_a_host_read_from_an_fbp_file_loads_as_the_file_does_with_the_options_for_that_file()
    {
        using var files = new TempDirectory();
        string path = files.Write("g.fbp", "t(test/Typed:count=10,on=true)\n");
        Graph graph = GraphFile.Load(path);

        GraphLoadOptions options = GraphLoadOptions.Default.ForGraphFile(path);
        MessageObject t = Settings(GraphNetworkLoader.Load(graph, Registry, options), "t");

        Assert.True(options.TextSettings);
        Assert.Equal(Path.GetDirectoryName(Path.GetFullPath(path)), options.BaseDirectory);
        Assert.Equal(Message.Integer(10), t["count"]);
        Assert.Equal(Message.Boolean(true), t["on"]);
        // Without saying where it came from, the graph's values are what they are: text where the schema wants an integer.
        Assert.Equal(
            ["setting 'count' of test/Typed must be an integer, not \"10\"", "setting 'on' of test/Typed must be a Boolean (true or false), not \"true\""],
            GraphNetworkLoader.Validate(graph, Registry).Errors.Select(e => e.Message));
        Assert.False(GraphLoadOptions.Default.ForGraphFile(files.Write("g.json", "{}")).TextSettings); // JSON graphs keep their JSON types
    }

    [Fact]
    public void An_fbp_setting_that_does_not_fit_is_reported_with_its_line_node_key_type_and_value()
    {
        using var files = new TempDirectory();
        string path = files.Write("g.fbp", "# settings\nINPORT=t.in:in\n\nt(test/Typed:rate=1,count=abc)\n");

        GraphProblem problem = SingleError(GraphNetworkLoader.ValidateFile(path, Registry));

        Assert.Equal(GraphLoadProblemCodes.InvalidSetting, problem.Code);
        Assert.Equal("line 4, node 't'", problem.Location);
        Assert.Equal("setting 'count' of test/Typed must be an integer, not \"abc\"", problem.Message);
        Assert.Throws<GraphLoadException>(() => GraphNetworkLoader.LoadFile(path, Registry));
    }

    [Fact]
    public void A_Boolean_setting_takes_only_true_or_false()
    {
        using var files = new TempDirectory();
        string path = files.Write("g.fbp", "t(test/Typed:on=yes)\n");

        Assert.Equal("setting 'on' of test/Typed must be a Boolean (true or false), not \"yes\"", SingleError(GraphNetworkLoader.ValidateFile(path, Registry)).Message);
    }

    [Fact]
    public void Json_graphs_keep_their_types_and_a_string_where_a_number_belongs_is_reported()
    {
        using var files = new TempDirectory();
        string good = files.Write("good.json", """{"processes":{"t":{"component":"test/Typed","metadata":{"count":10,"rate":1.5,"name":"x"}}}}""");
        string bad = files.Write("bad.json", """{"processes":{"t":{"component":"test/Typed","metadata":{"count":"10"}}}}""");

        MessageObject t = Settings(GraphNetworkLoader.LoadFile(good, Registry), "t");
        Assert.Equal((Message.Integer(10), Message.Float(1.5)), (t["count"], t["rate"]));
        GraphProblem problem = SingleError(GraphNetworkLoader.ValidateFile(bad, Registry));
        Assert.Equal(("node 't'", "setting 'count' of test/Typed must be an integer, not \"10\""), (problem.Location, problem.Message));
    }

    [Fact]
    public void A_subgraph_node_s_text_settings_are_typed_by_the_inner_component_that_inherits_them()
    {
        using var files = new TempDirectory();
        files.Write("inner.json", """{"inports":{"IN":{"process":"t","port":"in"}},"processes":{"t":{"component":"test/Typed"}}}""");
        string fbp = files.Write("main.fbp", "sub(inner:count=5)\n");
        string json = files.Write("main.json", """{"processes":{"sub":{"component":"inner","metadata":{"count":"5"}}}}""");

        Assert.Equal(Message.Integer(5), Settings(GraphNetworkLoader.LoadFile(fbp, Registry), "sub/t")["count"]);
        GraphProblem problem = SingleError(GraphNetworkLoader.ValidateFile(json, Registry));
        Assert.EndsWith("node 't'", problem.Location);
        Assert.Equal("setting 'count' of test/Typed must be an integer, not \"5\" (inherited from subgraph node 'sub')", problem.Message);
    }

    [Fact]
    public void Load_time_settings_override_by_network_node_id_and_are_typed_by_the_schema()
    {
        using var files = new TempDirectory();
        files.Write("inner.json", """{"inports":{"IN":{"process":"t","port":"in"}},"processes":{"t":{"component":"test/Typed","metadata":{"count":1}}}}""");
        string path = files.Write("main.fbp", "t(test/Typed:count=1)\nsub(inner)\np(test/Plain)\n");
        var options = new GraphLoadOptions
        {
            Settings = [new("t", "count", "42"), new("sub/t", "on", "false"), new("p", "list", "[1,2]"), new("p", "word", "hello")],
        };

        NetworkDefinition definition = GraphNetworkLoader.LoadFile(path, Registry, options);

        Assert.Equal(Message.Integer(42), Settings(definition, "t")["count"]);
        Assert.Equal(Message.Boolean(false), Settings(definition, "sub/t")["on"]);
        Assert.Equal(Message.Integer(1), Settings(definition, "sub/t")["count"]);
        Assert.Equal(MessageKind.Array, Settings(definition, "p")["list"].Kind); // no schema: JSON when it is JSON
        Assert.Equal(Message.String("hello"), Settings(definition, "p")["word"]); // else text
    }

    [Theory]
    [InlineData("t", "count", "x", "setting 'count' of test/Typed must be an integer, not \"x\"")]
    [InlineData("t", "colour", "red", "test/Typed has no setting 'colour'; its settings: count, rate, on, name, either, any")]
    [InlineData("nobody", "count", "1", "the network has no node 'nobody'; its nodes: t, sub/t")]
    [InlineData("sub", "count", "1", "'sub' is a subgraph node; name a node inside it, such as 'sub/t'")]
    public void A_load_time_setting_that_cannot_apply_is_a_problem_naming_it(string node, string key, string value, string message)
    {
        using var files = new TempDirectory();
        files.Write("inner.json", """{"inports":{"IN":{"process":"t","port":"in"}},"processes":{"t":{"component":"test/Typed"}}}""");
        string path = files.Write("main.fbp", "t(test/Typed)\nsub(inner)\n");

        GraphProblem problem = SingleError(GraphNetworkLoader.ValidateFile(path, Registry, new GraphLoadOptions { Settings = [new(node, key, value)] }));

        Assert.Equal((GraphLoadProblemCodes.InvalidSetting, $"setting {node}.{key}={value}", message), (problem.Code, problem.Location, problem.Message));
    }
}
