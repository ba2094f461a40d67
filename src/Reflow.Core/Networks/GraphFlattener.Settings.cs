using System.Text.Json;
using Reflow.Actors;
using Reflow.Graphs;

namespace Reflow.Networks;

// Node settings: typed by each component's configuration schema (text from a .fbp file or a load-time setting becomes
// the integer, number or Boolean the schema asks for; a value that does not fit is a problem with its place), and the
// load-time settings (GraphLoadOptions.Settings) applied by network node id.
internal sealed partial class GraphFlattener
{
    private readonly HashSet<string> _subgraphIds = new(StringComparer.Ordinal);
    private readonly HashSet<NodeSetting> _appliedSettings = [];
    private ILookup<string, NodeSetting>? _settingsByNode;

    /// <summary>The metadata a component node runs with: its own, what it inherits, the load-time settings; all typed.</summary>
    private GraphMetadata Settings(GraphInstance instance, GraphNode node, string id, Component component)
    {
        GraphMetadata metadata = GraphValues.Inherit(node.Metadata, instance.Inherited);
        SettingSchema schema = SettingSchema.For(component.Description);
        _settingsByNode ??= settings.ToLookup(s => s.Node, StringComparer.Ordinal);
        Dictionary<string, NodeSetting>? given = null; // the load-time settings that replaced a value
        foreach (NodeSetting setting in _settingsByNode[id])
        {
            _appliedSettings.Add(setting);
            if (schema.HasSettings && !schema.Knows(setting.Key))
            {
                ReportSetting(setting, $"{component.Description.Name} has no setting '{setting.Key}'; its settings: {string.Join(", ", schema.Settings)}");
                continue;
            }

            metadata = metadata.With(setting.Key, schema.Types(setting.Key) ? JsonValues.String(setting.Value) : SettingSchema.Untyped(setting.Value));
            (given ??= new(StringComparer.Ordinal))[setting.Key] = setting;
        }

        foreach (KeyValuePair<string, JsonElement> entry in metadata)
        {
            NodeSetting? setting = given?.GetValueOrDefault(entry.Key);
            bool inherited = instance.Inherited.ContainsKey(entry.Key);
            bool text = setting is not null || (inherited ? instance.InheritedText.Contains(entry.Key) : instance.Source.TextSettings);
            if (schema.TryType(entry.Key, entry.Value, text, out JsonElement typed, out string? expected))
            {
                metadata = typed.ValueKind == entry.Value.ValueKind ? metadata : metadata.With(entry.Key, typed);
                continue;
            }

            string problem = $"setting '{entry.Key}' of {component.Description.Name} must be {expected}, not {JsonValues.ToJson(entry.Value)}";
            if (setting is not null)
            {
                ReportSetting(setting, problem);
            }
            else
            {
                Report(instance.Graph, GraphLoadProblemCodes.InvalidSetting, SettingLocation(instance, node.Id, entry.Key),
                    problem + (inherited ? $" (inherited from subgraph node '{instance.NodeId}')" : ""));
            }
        }

        return metadata;
    }

    /// <summary>The keys a subgraph placed by <paramref name="node"/> inherits as text: its own when its graph's settings are text, and what it passes on.</summary>
    private static HashSet<string> TextKeys(GraphInstance instance, GraphNode node)
    {
        var text = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonElement> entry in GraphValues.Inherit(node.Metadata, instance.Inherited))
        {
            if (instance.Inherited.ContainsKey(entry.Key) ? instance.InheritedText.Contains(entry.Key) : instance.Source.TextSettings)
            {
                text.Add(entry.Key);
            }
        }

        return text;
    }

    /// <summary>Where a node's setting is: <c>line 3, node 'd'</c> in a <c>.fbp</c> file (the file is named by the caller), else <c>node 'd'</c>.</summary>
    private static string SettingLocation(GraphInstance instance, string nodeId, string key) =>
        instance.Source.TextSettings && instance.Source.Key is string path && FbpSettingLines.Find(path, nodeId, key) is int line
            ? $"line {line}, {NodeLocation(nodeId)}"
            : NodeLocation(nodeId);

    /// <summary>Load-time settings for nodes the network does not have (reported once the whole graph is in).</summary>
    private void ReportUnusedSettings()
    {
        foreach (NodeSetting setting in settings)
        {
            if (_appliedSettings.Contains(setting))
            {
                continue;
            }

            ReportSetting(setting, _subgraphIds.Contains(setting.Node)
                ? $"'{setting.Node}' is a subgraph node; name a node inside it, such as '{setting.Node}/{_nodeIds.FirstOrDefault(n => n.StartsWith(setting.Node + "/", StringComparison.Ordinal))?[(setting.Node.Length + 1)..] ?? "…"}'"
                : $"the network has no node '{setting.Node}'; its nodes: {string.Join(", ", _nodeIds.Take(20))}{(_nodeIds.Count > 20 ? ", …" : "")}");
        }
    }

    private void ReportSetting(NodeSetting setting, string message)
    {
        var problem = new GraphProblem(ProblemSeverity.Error, GraphLoadProblemCodes.InvalidSetting, $"setting {setting.Node}.{setting.Key}={setting.Value}", message);
        if (_reported.Add(problem))
        {
            _problems.Add(problem);
        }
    }
}
