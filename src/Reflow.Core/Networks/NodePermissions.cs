using System.Text.Json;
using Reflow.Permissions;

namespace Reflow.Networks;

/// <summary>
/// A node's own grant, from its <c>permissions</c> metadata: Deno-style flags as one string
/// (<c>"--allow-read=./data --allow-net=api.example.com:443"</c>, the form a <c>.fbp</c> file can write) or as an
/// array of them, or an object of lists (<c>{"read": ["./data"], "net": ["api.example.com:443"]}</c>, <c>"*"</c>
/// for a whole kind, <c>"all": true</c> for everything). Relative paths start at the graph file's directory.
/// </summary>
internal static class NodePermissions
{
    /// <summary>The metadata key.</summary>
    public const string Key = "permissions";

    public static bool TryRead(JsonElement value, string? baseDirectory, out PermissionSet permissions, out string? problem)
    {
        permissions = PermissionSet.None;
        problem = null;
        try
        {
            permissions = value.ValueKind switch
            {
                JsonValueKind.String => PermissionSet.FromFlags(value.GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), baseDirectory),
                JsonValueKind.Array => PermissionSet.FromFlags(value.EnumerateArray().Select(Text), baseDirectory),
                JsonValueKind.Object => FromObject(value, baseDirectory),
                _ => throw new ArgumentException("expected Deno-style flags (\"--allow-read=./data --allow-net=example.com\") or an object of lists ({\"read\": [\"./data\"]})"),
            };
            return true;
        }
        catch (ArgumentException ex)
        {
            problem = $"setting 'permissions': {ex.Message.Split(" (Parameter", 2)[0]}";
            return false;
        }
    }

    private static PermissionSet FromObject(JsonElement value, string? baseDirectory)
    {
        PermissionSet permissions = PermissionSet.None;
        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (property.Name == "all")
            {
                permissions = property.Value.ValueKind == JsonValueKind.True ? PermissionSet.All
                    : property.Value.ValueKind == JsonValueKind.False ? permissions
                    : throw new ArgumentException($"'all' must be true or false, not {property.Value.GetRawText()}");
                continue;
            }

            PermissionKind kind = property.Name switch
            {
                "read" => PermissionKind.Read,
                "write" => PermissionKind.Write,
                "net" => PermissionKind.Net,
                "env" => PermissionKind.Env,
                "run" => PermissionKind.Run,
                _ => throw new ArgumentException($"'{property.Name}' is not a permission: expected read, write, net, env, run or all"),
            };
            IReadOnlyList<string> entries = property.Value.ValueKind switch
            {
                JsonValueKind.Array => [.. property.Value.EnumerateArray().Select(Text)],
                JsonValueKind.String => PermissionSet.SplitList(property.Value.GetString()!),
                _ => throw new ArgumentException($"'{property.Name}' must be a list of entries or \"*\", not {property.Value.GetRawText()}"),
            };
            permissions = entries.Contains("*") ? permissions.WithAll(kind) : permissions.With(kind, entries, baseDirectory);
        }

        return permissions;
    }

    private static string Text(JsonElement entry) => entry.ValueKind == JsonValueKind.String
        ? entry.GetString()!
        : throw new ArgumentException($"expected a string, not {entry.GetRawText()}");
}
