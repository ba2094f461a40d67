using Jint;
using Jint.Runtime;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;
using Reflow.Scripting.JavaScript;

namespace Reflow.Scripting.Tests.JavaScript.HostApi;

/// <summary>
/// Runs a piece of JavaScript the way a script node will: inside a node of a real network, with a
/// <see cref="ScriptContext"/> over the node's <see cref="ActorContext"/> (its permissions, base directory and limits)
/// and the host API installed on a Jint engine with the stack overflow guard. The script is the body of an async
/// function; the node emits <c>ok:&lt;JSON of the result&gt;</c> or <c>error:&lt;name&gt;: &lt;message&gt;</c> for a
/// rejection, or <c>uncaught:&lt;message&gt;</c> when the engine throws out of the script.
/// </summary>
internal static class HostApiRun
{
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="body"/> in a node whose grant is <paramref name="networkGrant"/> (the network's) or <paramref name="nodeGrant"/> (its own).</summary>
    public static async Task<string> RunAsync(
        string body, PermissionSet networkGrant, PermissionSet? nodeGrant = null, ScriptLimits? limits = null, string? baseDirectory = null, bool wrap = true)
    {
        string script = wrap
            ? $$"""
              (async () => {
              {{body}}
              })().then(v => 'ok:' + JSON.stringify(v), e => 'error:' + (e && e.name) + ': ' + (e && e.message))
              """
            : body;
        var description = new ComponentDescription("test/host-api", outPorts: [new PortDefinition("out")], mayBlock: true);
        Component component = Component.FromFactory(description, () => new HostApiActor(script, limits ?? ScriptLimits.Default));
        var builder = new NetworkBuilder().AddNode("script", component).ExportOutPort("out", "script", "out");
        if (nodeGrant is not null)
        {
            builder.Permit("script", nodeGrant);
        }

        if (baseDirectory is not null)
        {
            builder.SetBaseDirectory("script", baseDirectory);
        }

        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 1, Permissions = networkGrant });
        Task<NetworkRunResult> run = network.RunAsync();
        var results = new List<string>();
        await foreach (Message message in network.Output("out").ReadAllAsync().WithCancellation(new CancellationTokenSource(HangLimit).Token))
        {
            results.Add(message.AsString());
        }

        NetworkRunResult result = await run.WaitAsync(HangLimit);
        Assert.Equal(0, result.FailureCount);
        return Assert.Single(results);
    }

    private sealed class HostApiActor(string script, ScriptLimits limits) : Actor
    {
        public override void OnStart(ActorContext context)
        {
            var source = new ScriptSource("test/host-api", script, null, "node 'script' (inline source)", null);
            var declaration = new ScriptDeclaration("host-api", "the host API under test", [], [new PortDefinition("out")]);
            var scriptContext = new ScriptContext(context, source, declaration, context.Permissions, limits);
            using var engine = new Engine(options =>
            {
                options.Constraints.StackOverflowGuard = true;
                options.LimitRecursion(limits.MaxRecursion);
            });
            JsHostApi.Install(engine, scriptContext);
            string outcome;
            try
            {
                outcome = engine.Evaluate(script).UnwrapIfPromise().ToString();
            }
            catch (JavaScriptException ex)
            {
                outcome = "uncaught:" + ex.Message;
            }

            context.Emit("out", Message.String(outcome));
        }

        public override void Receive(ActorContext context)
        {
        }
    }
}
