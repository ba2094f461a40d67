using System.CommandLine;
using Reflow.Configuration;
using Reflow.Distributed.Cluster;
using Reflow.Graphs;
using Reflow.Networks;

namespace Reflow.Cli.Commands;

/// <summary>
/// <c>reflow node --nats URL --name a</c>: joins a cluster and runs the parts of distributed runs placed on it, until
/// Ctrl-C or SIGTERM (then it stops its parts and leaves). What a component name means is decided here, by this
/// node's registry, configuration and <c>--allow-*</c> grants: only graphs (data) arrive from a coordinator, and script
/// files its deployment lists with their hashes when the node runs with <c>--accept-scripts</c>.
/// </summary>
internal static class NodeCommand
{
    public static Command Create(CliHost host)
    {
        var nats = new Option<string>("--nats")
        {
            Description = "The NATS servers, comma-separated (nats://host:4222; tls://host:4222 for TLS).",
            DefaultValueFactory = _ => "nats://127.0.0.1:4222",
        };
        var name = new Option<string>("--name")
        {
            Description = "This node's name in the cluster (letters, digits, '-', '_'; unique among live nodes); deployments place graph nodes by it.",
            Required = true,
        };
        var labels = new Option<string[]>("--label")
        {
            Description = "A label this node advertises, key=value (repeatable).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var acceptScripts = new Option<bool>("--accept-scripts")
        {
            Description = "Run script files a coordinator ships with a part (its deployment's [scripts], checked by SHA-256); they run under this node's --allow-* grants and configuration. Off by default: such parts are refused.",
        };
        var heartbeat = new Option<string?>("--heartbeat") { Description = "How often the node renews its membership entry (default 1s); it is taken as dead after three missed." };
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var permissions = new PermissionFlags();
        var connection = new ClusterConnectionFlags();
        var command = new Command("node", "Join a Reflow cluster on NATS and run the parts of distributed runs placed on this node, until Ctrl-C. Exit 0 after leaving cleanly, 1 when the cluster cannot be joined, 2 on bad usage.")
        {
            nats, name, labels, heartbeat, acceptScripts, config, set,
        };
        foreach (Option option in permissions.Options.Concat(connection.Options))
        {
            command.Options.Add(option);
        }

        command.SetAction(async parse =>
        {
            // The node's own directory stands where a graph's would: the standard components may read and write there.
            ReflowOptions options = permissions.Apply(parse, CommonOptions.LoadConfiguration(parse, config, set, host), Path.Combine(Directory.GetCurrentDirectory(), "node"));
            TimeSpan beat = ParseDuration(parse.GetValue(heartbeat), "--heartbeat") ?? TimeSpan.FromSeconds(1);
            TextWriter error = TextWriter.Synchronized(host.Error);
            TextWriter output = TextWriter.Synchronized(host.Out);
            var node = new ClusterNode(new ClusterNodeOptions
            {
                Name = NodeName(parse.GetRequiredValue(name)),
                Connection = connection.Build(parse, parse.GetRequiredValue(nats), host),
                Labels = Labels(parse.GetValue(labels) ?? []),
                AcceptScripts = parse.GetValue(acceptScripts),
                HeartbeatInterval = beat,
                MemberTimeout = beat * 3,
                CreateNetwork = (graph, directory) => CreateNetwork(host, output, options, graph, directory),
                OnEvent = e => error.WriteLine("reflow node: " + e),
            });
            await using (node.ConfigureAwait(false))
            {
                using IDisposable? signals = host.ListenToSignals ? host.Interrupts.ListenToProcessSignals() : null;
                await node.RunAsync(host.Interrupts.Drain).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Network CreateNetwork(CliHost host, TextWriter output, ReflowOptions options, Graph graph, string? directory)
    {
        ComponentRegistry registry = CliComponents.AddScripting(host.CreateRegistry(output), options);
        GraphLoadOptions load = options.ToGraphLoadOptions() with { BaseDirectory = directory ?? Directory.GetCurrentDirectory() };
        NetworkDefinition definition = GraphNetworkLoader.Load(graph, registry, load);
        options.EnsureWithinLimits(definition);
        return options.CreateNetwork(definition, $"{graph.Name ?? "part"}#{Environment.ProcessId}.part");
    }

    private static string NodeName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? name
            : throw new CliUsageException($"--name {name}: use 1 to 64 letters, digits, '-' and '_'.");

    private static Dictionary<string, string> Labels(string[] labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string label in labels)
        {
            int equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"--label {label}: expected key=value.");
            }

            result[label[..equals]] = label[(equals + 1)..];
        }

        return result;
    }

    internal static TimeSpan? ParseDuration(string? text, string option) =>
        text is null ? null
        : ReflowConfiguration.TryParseDuration(text, out TimeSpan value) && value > TimeSpan.Zero ? value
        : throw new CliUsageException($"{option} {text}: expected a duration such as 500ms, 1s or 5m.");
}
