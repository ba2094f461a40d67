using Reflow.Messages;

namespace Reflow.Scripting.Tests.JavaScript;

/// <summary>A TypeScript node runs through the JavaScript runtime: types stripped before parsing, errors at the .ts line.</summary>
public sealed class JavaScriptTypeScriptTests
{
    [Fact]
    public async Task A_typescript_file_with_types_runs_and_its_errors_name_the_ts_line()
    {
        using var graph = new JsGraph();
        graph.Write("typed.ts", """
            interface Inputs { in: number }
            type Outputs = { out?: string };
            export const actorMetadata = { inports: [{ name: 'in', type: 'number' }], outports: [{ name: 'out', type: 'string' }] };
            export function process(inputs: Inputs, context: unknown): Outputs {
              const value: number = inputs.in;
              if (value < 0) throw new RangeError(`negative: ${value}`);
              return { out: `${value as number * 2}` };
            }
            """);
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./typed.ts", null, ["out"]), [("in", [Message.Integer(21), Message.Integer(-1)])]);

        Assert.Equal(["42"], run["out"].Select(m => m.AsString()));
        Assert.StartsWith("typed.ts:6:", Assert.Single(run.Result.Failures).Message);
    }

    [Fact]
    public async Task An_inline_script_typescript_node_is_transpiled()
    {
        using var graph = new JsGraph();
        string metadata = JavaScriptProcessTests.Inline("""
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process(inputs: { in: string }): { out: string } { return { out: inputs.in.length.toString() }; }
            """);
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("script/typescript", System.Text.Json.JsonDocument.Parse(metadata).RootElement, ["out"]),
            [("in", [Message.String("abcd")])]);

        Assert.Equal(["4"], run["out"].Select(m => m.AsString()));
    }
}
