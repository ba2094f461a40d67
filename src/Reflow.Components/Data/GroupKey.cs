using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>
/// The keys of data/GroupBy, data/CountBy and data/SumBy: a String, number, Boolean or null, which names a field of
/// the Object they emit (Strings as they are, anything else as its JSON: "null", "true", "1.5").
/// </summary>
internal static class GroupKey
{
    /// <summary>What a key must be, for reports.</summary>
    public const string Expected = "a key must be a String, number, Boolean or null";

    /// <summary>Whether <paramref name="key"/> can name a field (a missing path, Flow, counts as null).</summary>
    public static bool IsValid(in Message key) =>
        key.Kind is MessageKind.String or MessageKind.Integer or MessageKind.Float or MessageKind.Boolean or MessageKind.Null or MessageKind.Flow;

    /// <summary>The key as the field name it gives.</summary>
    public static string Name(in Message key) =>
        key.TryGetString(out string? text) ? text : key.IsFlow ? "null" : MessageJson.ToJson(key);

    /// <summary>A missing path (Flow) is null, so both land in one group.</summary>
    public static Message Normalize(in Message key) => key.IsFlow ? Message.Null : key;
}
