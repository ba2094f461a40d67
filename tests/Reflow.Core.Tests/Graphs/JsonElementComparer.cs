using System.Text.Json;

namespace Reflow.Tests.Graphs;

/// <summary>Compares JSON elements by value, for Assert.Equal.</summary>
internal sealed class JsonElementComparer : IEqualityComparer<JsonElement>
{
    public static JsonElementComparer Instance { get; } = new();

    public bool Equals(JsonElement x, JsonElement y) => JsonElement.DeepEquals(x, y);

    public int GetHashCode(JsonElement obj) => obj.ValueKind.GetHashCode();
}
