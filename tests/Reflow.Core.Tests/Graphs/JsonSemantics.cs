using System.Text.Json.Nodes;

namespace Reflow.Tests.Graphs;

/// <summary>Compares JSON the way JavaScript sees it: object key order does not matter and numbers are doubles.</summary>
internal static class JsonSemantics
{
    /// <summary>The first difference between two JSON trees as a path and both values, or null when they are equal.</summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (string key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(key) || !a.ContainsKey(key))
                    {
                        return $"{path}.{key}: expected {(e.ContainsKey(key) ? e[key]?.ToJsonString() ?? "null" : "(absent)")}, got {(a.ContainsKey(key) ? a[key]?.ToJsonString() ?? "null" : "(absent)")}";
                    }

                    string? inner = Difference(e[key], a[key], $"{path}.{key}");
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonArray e, JsonArray a):
                for (int i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    if (i >= e.Count || i >= a.Count)
                    {
                        return $"{path}: expected {e.Count} items, got {a.Count}: {a.ToJsonString()}";
                    }

                    string? inner = Difference(e[i], a[i], $"{path}[{i}]");
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonValue e, JsonValue a) when e.GetValueKind() == System.Text.Json.JsonValueKind.Number && a.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                return e.GetValue<double>() == a.GetValue<double>() ? null : $"{path}: expected {e.ToJsonString()}, got {a.ToJsonString()}";
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : $"{path}: expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "null"}";
        }
    }
}
