using System.Reflection;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Scripting.Tests.JavaScript;

/// <summary>ES module imports: relative files, and pure-JS packages from a node_modules folder installed by npm (lodash-es, installed by the test build).</summary>
public sealed class JavaScriptModuleTests
{
    private static string NodeModules()
    {
        string directory = typeof(JavaScriptModuleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ScriptingNpmDirectory").Value!;
        string modules = Path.Combine(directory, "node_modules");
        Assert.True(Directory.Exists(Path.Combine(modules, "lodash-es")), $"the test build installs lodash-es into {modules} (ScriptingNpm.targets)");
        return modules;
    }

    [Fact]
    public async Task A_script_imports_relative_files_that_import_each_other()
    {
        using var graph = new JsGraph();
        graph.Write("lib/words.js", """
            import { shout } from './shout.js';
            export const greet = (name) => shout('hello ' + name);
            """);
        graph.Write("lib/shout.js", "export function shout(text) { return text.toUpperCase() + '!'; }\n");
        graph.Write("greet.js", """
            import { greet } from './lib/words.js';
            export const actorMetadata = { inports: [{ name: 'in', type: 'string' }], outports: [{ name: 'out', type: 'string' }] };
            export function process(inputs) { return { out: greet(inputs.in) }; }
            """);
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./greet.js", null, ["out"]), [("in", [Message.String("ada")])]);

        Assert.Equal(["HELLO ADA!"], run["out"].Select(m => m.AsString()));
    }

    [Fact]
    public async Task A_script_imports_an_npm_package_from_node_modules_above_its_folder()
    {
        using var graph = new JsGraph();
        Directory.CreateSymbolicLink(Path.Combine(graph.Directory, "node_modules"), NodeModules());
        graph.Write("scripts/stats.js", """
            import { chunk, sum } from 'lodash-es';
            import capitalize from 'lodash-es/capitalize.js';
            export const actorMetadata = { inports: [{ name: 'in', type: 'array' }], outports: [{ name: 'out', type: 'object' }] };
            export function process(inputs) {
              return { out: { sums: chunk(inputs.in, 2).map(sum), title: capitalize('lodash') } };
            }
            """);
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./scripts/stats.js", null, ["out"]),
            [("in", [MessageJson.Parse("[1, 2, 3, 4, 5]")])]);

        Assert.Empty(run.Result.Failures.Select(f => f.Message));
        MessageObject result = Assert.Single(run["out"]).AsObject();
        Assert.Equal([3L, 7, 5], result["sums"].AsArray().Select(m => m.AsInteger()));
        Assert.Equal("Lodash", result["title"].AsString());
    }

    [Fact]
    public async Task A_missing_package_fails_the_node_with_where_it_was_looked_for()
    {
        using var graph = new JsGraph();
        graph.Write("missing.js", """
            import leftPad from 'left-pad-that-is-not-installed';
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process(inputs) { return { out: leftPad(inputs.in) }; }
            """);
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./missing.js", null, ["out"]), [("in", [Message.String("x")])]);

        string failure = run.Result.Failures[0].Message; // the start; each message then fails as the script did not start
        Assert.Contains("cannot find the package 'left-pad-that-is-not-installed'", failure);
        Assert.Contains("node_modules/left-pad-that-is-not-installed", failure);
    }

    [Fact]
    public void A_syntax_error_fails_the_load_with_the_file_line_and_column()
    {
        using var graph = new JsGraph();
        graph.Write("broken.js", """
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process(inputs) {
              return { out: inputs.in +* 2 };
            }
            """);
        string path = graph.Write("graph.json", JavaScriptProcessTests.Graph("./broken.js", null, ["out"]));

        Exception failure = Assert.ThrowsAny<Exception>(() => GraphNetworkLoader.LoadFile(path, JsGraph.Registry()));
        Assert.Contains("broken.js:3:", failure.Message);
        Assert.Contains("syntax error", failure.Message);
    }

    [Theory]
    [InlineData("export function process() {}", "exports no 'actorMetadata'")]
    [InlineData("export const actorMetadata = { inports: [] };", "exports no 'process' function")]
    [InlineData("export const actorMetadata = { inports: [{ name: 'in', type: 'decimal' }] }; export function process() {}", "'actorMetadata.inports[0].type' is 'decimal'; expected one of any")]
    public void A_wrong_declaration_fails_the_load_and_says_what_is_expected(string script, string expected)
    {
        using var graph = new JsGraph();
        graph.Write("wrong.js", script);
        string path = graph.Write("graph.json", JavaScriptProcessTests.Graph("./wrong.js", null, ["out"]));

        Exception failure = Assert.ThrowsAny<Exception>(() => GraphNetworkLoader.LoadFile(path, JsGraph.Registry()));
        Assert.Contains("wrong.js:1:1: ", failure.Message);
        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public void The_declaration_gives_the_ports_types_and_config_schema_and_the_source_is_parsed_once()
    {
        var runtime = new Reflow.Scripting.JavaScript.JavaScriptRuntime();
        var source = new ScriptSource("parse.js", """
            const helper = 1;
            export const actorMetadata = {
              name: 'parse', description: 'parses lines',
              inports: [{ name: 'line', type: 'string', required: true, description: 'a line' }],
              outports: [{ name: 'record', type: 'object' }, { name: 'count', type: 'number' }, { name: 'raw', type: 'bytes' }],
              config: { type: 'object', properties: { separator: { type: 'string', default: ',' } } },
            };
            export function processBatch(batch, context) {}
            """, "/tmp/parse.js", "parse.js", "/tmp");

        ScriptDeclaration declaration = runtime.Describe(source);

        Assert.Equal("parse", declaration.Name);
        Assert.Equal("parses lines", declaration.Description);
        var line = Assert.Single(declaration.InPorts);
        Assert.Equal(("line", Reflow.Actors.PortType.String, true, "a line"), (line.Name, line.Type, line.Required, line.Description));
        Assert.Equal([("record", Reflow.Actors.PortType.Object), ("count", Reflow.Actors.PortType.Float), ("raw", Reflow.Actors.PortType.Bytes)],
            declaration.OutPorts.Select(p => (p.Name, p.Type)));
        Assert.Equal("""{"type":"object","properties":{"separator":{"type":"string","default":","}}}""", declaration.ConfigurationSchema);
        Assert.True(declaration.Batch);
        Assert.Same(declaration, runtime.Describe(new ScriptSource("parse.js", source.Text, "/tmp/parse.js", "parse.js", "/tmp")));
    }
}
