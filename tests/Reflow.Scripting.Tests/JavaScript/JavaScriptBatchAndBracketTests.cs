using Reflow.Messages;

namespace Reflow.Scripting.Tests.JavaScript;

/// <summary><c>processBatch</c> (runs of messages in one call) and <c>onBracket</c> (groups).</summary>
public sealed class JavaScriptBatchAndBracketTests
{
    [Fact]
    public async Task ProcessBatch_gets_runs_of_port_and_value_items_and_emits_in_order()
    {
        using var graph = new JsGraph();
        graph.Write("batch.js", """
            export const actorMetadata = { inports: [{ name: 'in', type: 'integer' }], outports: [{ name: 'out' }, { name: 'calls' }] };
            export function processBatch(batch, context) {
              context.state.calls = (context.state.calls ?? 0) + 1;
              for (const { port, value } of batch) context.send('out', port + ':' + value * 2);
            }
            export function onEnd(context) { return { calls: context.state.calls }; }
            """);
        Message[] numbers = [.. Enumerable.Range(1, 500).Select(i => Message.Integer(i))];
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./batch.js", null, ["out", "calls"]), [("in", numbers)]);

        Assert.Equal(Enumerable.Range(1, 500).Select(i => $"in:{i * 2}"), run["out"].Select(m => m.AsString()));
        long calls = Assert.Single(run["calls"]).AsInteger();
        Assert.InRange(calls, 1, 500);
    }

    [Fact]
    public async Task OnBracket_sees_each_bracket_and_its_outputs_go_out_before_the_bracket_is_forwarded()
    {
        using var graph = new JsGraph();
        graph.Write("groups.js", """
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process(inputs, context) { context.state.count++; return { out: inputs.in }; }
            export function onBracket(bracket, context) {
              if (bracket.kind === 'open') { context.state.count = 0; return; }
              return { out: `${bracket.value} had ${context.state.count} on ${bracket.port}` };
            }
            """);
        Message[] inputs = [Message.OpenBracket(Message.String("g")), Message.Integer(1), Message.Integer(2), Message.CloseBracket(Message.String("g"))];
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./groups.js", null, ["out"]), [("in", inputs)]);

        Assert.Equal(["<g>", "1", "2", "g had 2 on in", "</g>"], run["out"].Select(Show));
    }

    [Fact]
    public async Task Without_onBracket_brackets_are_forwarded_around_the_outputs()
    {
        using var graph = new JsGraph();
        graph.Write("plain.js", """
            export const actorMetadata = { inports: [{ name: 'in' }], outports: [{ name: 'out' }] };
            export function process(inputs) { return { out: inputs.in + 1 }; }
            """);
        Message[] inputs = [Message.OpenBracket(Message.String("g")), Message.Integer(1), Message.CloseBracket(Message.String("g"))];
        JsRun run = await graph.RunAsync(JavaScriptProcessTests.Graph("./plain.js", null, ["out"]), [("in", inputs)]);

        Assert.Equal(["<g>", "2", "</g>"], run["out"].Select(Show));
    }

    private static string Show(Message message) =>
        message.IsOpenBracket && message.TryGetBracketValue(out Message open) ? $"<{open.AsString()}>"
        : message.IsCloseBracket && message.TryGetBracketValue(out Message close) ? $"</{close.AsString()}>"
        : message.Kind == MessageKind.String ? message.AsString() : message.AsInteger().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
