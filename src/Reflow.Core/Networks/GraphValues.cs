using System.Runtime.InteropServices;
using System.Text.Json;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;

namespace Reflow.Networks;

/// <summary>
/// The graph's JSON values as the runtime wants them: IIPs and node metadata as messages (the plain JSON mapping of
/// <see cref="MessageJson"/>), connection metadata as an edge's capacity and elasticity.
/// </summary>
internal static class GraphValues
{
    /// <summary>The connection metadata key that makes an edge elastic (<c>true</c>/<c>false</c>).</summary>
    public const string ElasticKey = "elastic";

    /// <summary>Converts one JSON value; <paramref name="problem"/> says why when it cannot be a message.</summary>
    public static bool TryToMessage(JsonElement value, out Message message, out string? problem)
    {
        try
        {
            // The raw UTF-8 of the element: no string or document in between.
            message = MessageJson.Parse(JsonMarshal.GetRawUtf8Value(value));
            problem = null;
            return true;
        }
        catch (MessageFormatException ex)
        {
            message = default;
            problem = $"the value {JsonValues.ToJson(value)} cannot be a message: {ex.Message}";
            return false;
        }
    }

    /// <summary>A node's metadata as its configuration (entries that cannot be messages are left out: <see cref="Problems"/> reports them).</summary>
    public static MessageObject? ToConfiguration(GraphMetadata metadata)
    {
        if (metadata.IsEmpty)
        {
            return null;
        }

        MessageObject.Builder builder = MessageObject.CreateBuilder(metadata.Count);
        foreach (KeyValuePair<string, JsonElement> entry in metadata)
        {
            if (TryToMessage(entry.Value, out Message value, out _))
            {
                builder.Add(entry.Key, value);
            }
        }

        return builder.ToMessageObject();
    }

    /// <summary>Why the entries of <paramref name="metadata"/> that cannot be messages cannot.</summary>
    public static IEnumerable<string> Problems(GraphMetadata metadata)
    {
        foreach (KeyValuePair<string, JsonElement> entry in metadata)
        {
            if (!TryToMessage(entry.Value, out _, out string? problem))
            {
                yield return $"metadata '{entry.Key}': {problem}";
            }
        }
    }

    /// <summary>
    /// The metadata an inner node of a subgraph runs with: its own, overridden by the subgraph node's
    /// (<paramref name="inherited"/>: an instance configures the definition), except <c>env_vars</c>, whose
    /// variables are merged one by one, and <c>permissions</c>, a grant for the node that carries it only (its relative
    /// paths are the parent graph's, and a grant widened for a subgraph must be written where it is used).
    /// </summary>
    public static GraphMetadata Inherit(GraphMetadata own, GraphMetadata inherited)
    {
        GraphMetadata result = own;
        foreach (KeyValuePair<string, JsonElement> entry in inherited)
        {
            if (entry.Key == NodePermissions.Key)
            {
                continue;
            }

            JsonElement value = entry.Value;
            if (entry.Key == ActorConfiguration.EnvironmentVariablesKey && value.ValueKind == JsonValueKind.Object
                && own.TryGetValue(entry.Key, out JsonElement ownVariables) && ownVariables.ValueKind == JsonValueKind.Object)
            {
                value = GraphMetadata.FromElement(ownVariables).Merge(GraphMetadata.FromElement(value)).ToElement();
            }

            result = result.With(entry.Key, value);
        }

        return result;
    }

    /// <summary>Reads a connection's <c>capacity</c> (a whole number ≥ 1; the network's default when absent) and <c>elastic</c> (a Boolean).</summary>
    public static bool TryReadEdgeSettings(GraphMetadata metadata, out int? capacity, out bool elastic, out string? problem)
    {
        capacity = null;
        elastic = false;
        problem = null;
        if (metadata.TryGetValue(GraphConnection.CapacityKey, out JsonElement value))
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) && number >= 1)
            {
                capacity = number;
            }
            else
            {
                problem = $"the metadata '{GraphConnection.CapacityKey}' must be a whole number from 1 to {int.MaxValue}, not {JsonValues.ToJson(value)}";
            }
        }

        if (metadata.TryGetValue(ElasticKey, out value))
        {
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                elastic = value.GetBoolean();
            }
            else
            {
                string wrong = $"the metadata '{ElasticKey}' must be true or false, not {JsonValues.ToJson(value)}";
                problem = problem is null ? wrong : problem + "; " + wrong;
            }
        }

        return problem is null;
    }
}
