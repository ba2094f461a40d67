using Reflow.Distributed.Tests.Cluster;
using Reflow.Distributed.Tests.Nats;

namespace Reflow.Distributed.Tests.Security;

/// <summary>
/// The real <c>reflow node</c>: refused by a server with users when REFLOW_NATS_PASSWORD is wrong; joins a TLS-only
/// server with <c>--tls-ca</c>; runs a script <c>reflow run --cluster --deploy</c> ships only with <c>--accept-scripts</c>.
/// </summary>
public sealed class CliSecurityTests
{
    [Fact]
    public async Task Reflow_node_with_a_wrong_password_exits_with_the_refusal()
    {
        await using NatsServer nats = await NatsServer.StartAsync(extraConfiguration: NatsSecurity.Users(("reflow", "the-right-one")));
        var (code, _, error) = await ReflowProcess.RunWithAsync(
            new Dictionary<string, string> { ["REFLOW_NATS_PASSWORD"] = "a-wrong-one" },
            "node", "--nats", nats.Url, "--name", "intruder", "--user", "reflow");
        Assert.NotEqual(0, code);
        Assert.Contains("refused the credentials", error, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-one", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reflow_node_with_the_right_password_and_tls_ca_joins_a_TLS_server_with_users()
    {
        using NatsCertificates certificates = await NatsCertificates.CreateAsync();
        await using NatsServer nats = await NatsServer.StartAsync(
            extraConfiguration: certificates.ServerConfiguration() + NatsSecurity.Users(("reflow", "the-right-one")));
        await using ReflowProcess node = ReflowProcess.StartWith(
            new Dictionary<string, string> { ["REFLOW_NATS_PASSWORD"] = "the-right-one" },
            "node", "--nats", nats.TlsUrl, "--name", "member", "--user", "reflow", "--tls-ca", certificates.CaFile);
        await node.WaitForErrorAsync("joined the cluster");
        Assert.Contains("(TLS)", node.Error, StringComparison.Ordinal);
        await node.InterruptAsync();
        Assert.Equal(0, await node.WaitForExitAsync());
    }

    [Fact]
    public async Task Reflow_run_ships_a_listed_script_to_a_reflow_node_that_accepts_scripts_and_not_to_one_that_does_not()
    {
        string folder = Path.Combine(Path.GetTempPath(), "reflow-cli-scripts-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(folder, "scripts"));
        try
        {
            const string Script = """
                export const actorMetadata = { name: "upper", inports: [{ name: "in", type: "string" }], outports: [{ name: "out", type: "string" }] };
                export function process(inputs) { return { out: inputs.in.toUpperCase() + "!" }; }
                """;
            await File.WriteAllTextAsync(Path.Combine(folder, "scripts", "upper.js"), Script);
            await File.WriteAllTextAsync(Path.Combine(folder, "graph.json"), """
                {
                  "processes": { "upper": { "component": "scripts/upper.js" } },
                  "connections": [ { "data": "shipped by the coordinator", "tgt": { "process": "upper", "port": "in" } } ],
                  "outports": { "out": { "process": "upper", "port": "out" } }
                }
                """);
            await File.WriteAllTextAsync(Path.Combine(folder, "deploy.toml"), $"[scripts]\n\"scripts/upper.js\" = \"{ShippedScriptTests.Hash(Script)}\"\n");
            await using NatsServer nats = await NatsServer.StartAsync();
            string[] run = ["run", Path.Combine(folder, "graph.json"), "--cluster", nats.Url, "--deploy", Path.Combine(folder, "deploy.toml")];

            await using (ReflowProcess refusing = ReflowProcess.Start("node", "--nats", nats.Url, "--name", "careful"))
            {
                await refusing.WaitForErrorAsync("joined the cluster");
                var (code, output, error) = await ReflowProcess.RunAsync(run);
                Assert.True(code != 0, $"exit {code}\n{output}\n{error}");
                Assert.Contains("--accept-scripts", error, StringComparison.Ordinal);
                await refusing.InterruptAsync();
                await refusing.WaitForExitAsync();
            }

            await using ReflowProcess accepting = ReflowProcess.Start("node", "--nats", nats.Url, "--name", "willing", "--accept-scripts");
            await accepting.WaitForErrorAsync("joined the cluster");
            var (accepted, printed, problems) = await ReflowProcess.RunAsync(run);
            Assert.True(accepted == 0, $"exit {accepted}\n--- stdout\n{printed}\n--- stderr\n{problems}\n--- node\n{accepting.Error}");
            Assert.Contains("SHIPPED BY THE COORDINATOR!", printed, StringComparison.Ordinal);

            // The script changed after the deployment was written: refused by the coordinator, nothing sent (exit 2).
            await File.AppendAllTextAsync(Path.Combine(folder, "scripts", "upper.js"), "// changed\n");
            var (changed, _, complaint) = await ReflowProcess.RunAsync(run);
            Assert.Equal(2, changed);
            Assert.Contains("deploy.toml:2 ([scripts] \"scripts/upper.js\")", complaint, StringComparison.Ordinal);
            Assert.Contains("nothing was run", complaint, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
