using Reflow.Configuration;
using Reflow.Networks;

namespace Reflow.Cli.Running;

/// <summary>
/// The <c>--set</c> assignments of <c>reflow run</c>, told apart by their first segment: a configuration key
/// (<c>actor_system.thread_pool_size=4</c>: the first segment is a configuration table) or a node setting
/// (<c>d.delayMs=5</c>, <c>outer/inner.factor=2</c>: the node's network id, then the key after the last dot). A prefix
/// says which when a name is both: <c>config:supervision.max_retries=3</c>, <c>node:supervision.max_retries=3</c>.
/// </summary>
/// <param name="Configuration">The configuration overrides (<c>key=value</c>), in order.</param>
/// <param name="Nodes">The node settings, in order.</param>
/// <param name="Unqualified">The configuration overrides written without <c>config:</c>; each must not name a node too.</param>
internal sealed record SetAssignments(IReadOnlyList<string> Configuration, IReadOnlyList<NodeSetting> Nodes, IReadOnlyList<string> Unqualified)
{
    public const string NodePrefix = "node:";
    public const string ConfigurationPrefix = "config:";

    /// <summary>No assignment.</summary>
    public static SetAssignments None { get; } = new([], [], []);

    /// <summary>The first segments of the configuration keys: <c>actor_system</c>, <c>supervision</c>, …</summary>
    private static readonly HashSet<string> s_tables =
        [.. ReflowConfiguration.Keys.Select(k => k.Key[..k.Key.IndexOf('.', StringComparison.Ordinal)])];

    /// <summary>Sorts the assignments.</summary>
    /// <exception cref="CliUsageException">A <c>node:</c> assignment is not <c>node.key=value</c>.</exception>
    public static SetAssignments Parse(IEnumerable<string> assignments)
    {
        List<string> configuration = [], unqualified = [];
        List<NodeSetting> nodes = [];
        foreach (string assignment in assignments)
        {
            if (assignment.StartsWith(NodePrefix, StringComparison.Ordinal))
            {
                nodes.Add(ParseNode(assignment, assignment[NodePrefix.Length..]));
            }
            else if (assignment.StartsWith(ConfigurationPrefix, StringComparison.Ordinal))
            {
                configuration.Add(assignment[ConfigurationPrefix.Length..]);
            }
            else if (IsNodeSetting(assignment))
            {
                nodes.Add(ParseNode(assignment, assignment));
            }
            else
            {
                configuration.Add(assignment); // a configuration key, or something the configuration reports as wrong
                unqualified.Add(assignment);
            }
        }

        return new SetAssignments(configuration, nodes, unqualified);
    }

    /// <summary>Fails when an unqualified configuration override also names a node of <paramref name="definition"/>.</summary>
    /// <exception cref="CliUsageException">It does: the user must say which is meant.</exception>
    public void EnsureUnambiguous(NetworkDefinition definition, string graph)
    {
        foreach (string assignment in Unqualified)
        {
            string key = KeyOf(assignment);
            int dot = key.LastIndexOf('.');
            string node = dot > 0 ? key[..dot] : key;
            if (definition.Nodes.Any(n => n.Id == node))
            {
                throw new CliUsageException(
                    $"--set {assignment}: '{node}' is both a configuration table and a node of {graph}; write --set {ConfigurationPrefix}{assignment} " +
                    $"for the configuration or --set {NodePrefix}{assignment} for the node's setting.");
            }
        }
    }

    /// <summary>Not a configuration table first, and <c>something.key=value</c>.</summary>
    private static bool IsNodeSetting(string assignment)
    {
        string key = KeyOf(assignment);
        int firstDot = key.IndexOf('.', StringComparison.Ordinal);
        return assignment.Contains('=', StringComparison.Ordinal) && firstDot > 0 && !s_tables.Contains(key[..firstDot].Trim());
    }

    private static string KeyOf(string assignment)
    {
        int equals = assignment.IndexOf('=', StringComparison.Ordinal);
        return (equals < 0 ? assignment : assignment[..equals]).Trim();
    }

    private static NodeSetting ParseNode(string assignment, string text)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string key = equals < 0 ? "" : text[..equals].Trim();
        int dot = key.LastIndexOf('.');
        return dot > 0 && dot < key.Length - 1
            ? new NodeSetting(key[..dot], key[(dot + 1)..], text[(equals + 1)..])
            : throw new CliUsageException($"--set {assignment}: expected node.key=value, such as d.delayMs=5 (a node in a subgraph: outer/inner.key=value).");
    }
}
