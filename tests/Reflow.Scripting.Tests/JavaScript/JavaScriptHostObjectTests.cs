using Reflow.Components;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.JavaScript;

namespace Reflow.Scripting.Tests.JavaScript;

/// <summary>.NET reaches scripts only as the host registers it (<see cref="JavaScriptRuntimeOptions.HostObjects"/>).</summary>
public sealed class JavaScriptHostObjectTests
{
    /// <summary>A host service a script may call: thread-safe, as the option asks.</summary>
    public sealed class Rates
    {
        public double Of(string currency) => currency switch { "EUR" => 1.1, "GBP" => 1.25, _ => 1.0 };
    }

    private static async Task<(List<Message> Out, NetworkRunResult Result)> Run(JavaScriptRuntimeOptions options, string script)
    {
        using var graph = new JsGraph();
        graph.Write("convert.js", script);
        string path = graph.Write("graph.json", JavaScriptProcessTests.Graph("./convert.js", null, ["out"]));
        ComponentRegistry registry = new ComponentRegistry().AddStandardComponents().AddScriptRuntime(new JavaScriptRuntime(options));
        await using Network network = Network.Create(GraphNetworkLoader.LoadFile(path, registry));
        Task<NetworkRunResult> run = network.RunAsync();
        await network.SendAsync("in", Message.String("EUR"));
        await network.SendAsync("in", Message.String("GBP"));
        network.CompleteInput("in");
        var received = new List<Message>();
        using var cancel = new CancellationTokenSource(JsGraph.HangLimit);
        await foreach (Message message in network.Output("out").ReadAllAsync(cancel.Token))
        {
            received.Add(message);
        }

        return (received, await run.WaitAsync(JsGraph.HangLimit));
    }

    private const string Declaration = "export const actorMetadata = { inports: [{ name: 'in', type: 'string' }], outports: [{ name: 'out' }] };\n";

    [Fact]
    public async Task A_registered_object_is_a_global_the_script_can_call()
    {
        var options = new JavaScriptRuntimeOptions { HostObjects = new Dictionary<string, object> { ["rates"] = new Rates() } };

        (List<Message> output, NetworkRunResult result) = await Run(options, Declaration + "export function process(i) { return { out: rates.Of(i.in) * 100 }; }");

        Assert.Equal(0, result.FailureCount);
        Assert.Equal([110.00000000000001, 125], output.Select(m => m.Kind == MessageKind.Integer ? m.AsInteger() : m.AsFloat()));
    }

    [Fact]
    public async Task Without_registration_scripts_reach_no_dotnet_at_all()
    {
        (List<Message> output, NetworkRunResult result) = await Run(JavaScriptRuntimeOptions.Default, Declaration + """
            export function process(i) {
              return { out: [typeof rates, typeof importNamespace, typeof System, typeof clrHelper, typeof host].join(',') };
            }
            """);

        Assert.Equal(0, result.FailureCount);
        Assert.All(output, m => Assert.Equal("undefined,undefined,undefined,undefined,undefined", m.AsString()));
    }
}
