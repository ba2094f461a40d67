using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scripting.Tests.Hosting;

/// <summary>
/// A script language of the tests' own, to show the host's contract is enough for a runtime written outside the
/// library. A <c>.rev</c> script is lines of <c>key: value</c>: <c>name</c>, <c>in</c> and <c>out</c> (port lists),
/// <c>fail</c> (an input that makes the script throw, reported at that line). It emits each string input reversed on
/// every out-port, logs each input, and records what the engine was given.
/// </summary>
internal sealed class ReverseRuntime : ScriptRuntime
{
    /// <summary>What engines saw, for the tests to read: the context of every start (by node id).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, ScriptContext> Started { get; } = new();

    /// <summary>The thread each node last handled a message on.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string?> Threads { get; } = new();

    public override string Language => "reverse";

    public override IReadOnlyList<string> ComponentNames => ["script/reverse"];

    public override IReadOnlyList<string> FileExtensions => [".rev"];

    public override ScriptDeclaration Describe(ScriptSource source)
    {
        Dictionary<string, (string Value, int Line)> keys = Parse(source);
        if (!keys.TryGetValue("in", out var inPorts))
        {
            throw new ScriptException($"{source.DisplayName}:1:1: no 'in:' line declares the in-ports", file: source.DisplayName, line: 1, column: 1);
        }

        return new ScriptDeclaration(
            keys.TryGetValue("name", out var name) ? name.Value : Path.GetFileNameWithoutExtension(source.DisplayName),
            "reverses strings",
            [.. Ports(inPorts.Value)],
            [.. Ports(keys.TryGetValue("out", out var outPorts) ? outPorts.Value : "")]);
    }

    public override ScriptEngine CreateEngine(ScriptSource source, ScriptDeclaration declaration) => new Engine(this, Parse(source));

    private static IEnumerable<PortDefinition> Ports(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => new PortDefinition(p, PortType.Any));

    private static Dictionary<string, (string Value, int Line)> Parse(ScriptSource source)
    {
        var keys = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        string[] lines = source.Text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string[] parts = lines[i].Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2)
            {
                keys[parts[0]] = (parts[1], i + 1);
            }
        }

        return keys;
    }

    private sealed class Engine(ReverseRuntime runtime, Dictionary<string, (string Value, int Line)> keys) : ScriptEngine
    {
        public override void Start(ScriptContext context)
        {
            runtime.Started[context.NodeId] = context;
        }

        public override void Process(ScriptContext context, in ScriptInput input)
        {
            runtime.Threads[context.NodeId] = Thread.CurrentThread.Name;
            string text = input.Message.AsString();
            context.Log($"{input.Port}: {text}");
            if (keys.TryGetValue("fail", out var fail) && fail.Value == text)
            {
                throw new ScriptException($"{context.Source.DisplayName}:{fail.Line}:1: refused '{text}'", $"at fail ({context.Source.DisplayName}:{fail.Line}:1)",
                    context.Source.DisplayName, fail.Line, 1);
            }

            char[] reversed = text.ToCharArray();
            Array.Reverse(reversed);
            for (int i = 0; i < context.Declaration.OutPorts.Count; i++)
            {
                context.Emit(i, Message.String(new string(reversed)));
            }
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
