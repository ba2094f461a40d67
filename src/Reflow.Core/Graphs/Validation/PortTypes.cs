using System.Text.Json;

namespace Reflow.Graphs.Validation;

/// <summary>
/// Port types as text, and the original system's rules for which types may be connected.
/// </summary>
/// <remarks>
/// <para>
/// A type is a name — <c>any</c>, <c>flow</c>, <c>event</c>, <c>null</c>, <c>boolean</c>, <c>integer</c>,
/// <c>float</c>, <c>string</c>, <c>bytes</c>, <c>stream</c>, <c>encoded</c>, <c>error</c>, <c>object</c>,
/// <c>array</c> — or a parameterised form: <c>array&lt;T&gt;</c>, <c>option&lt;T&gt;</c>, <c>object&lt;Name&gt;</c>.
/// Names are matched ignoring case, so the runtime's <c>PortType</c> names can be used as they are.
/// </para>
/// <para>
/// The rules (the original's <c>validate_port_types</c>): <c>any</c> matches everything both ways; identical
/// types match; arrays match when their items do (an unparameterised <c>array</c> is an array of <c>any</c>);
/// <c>option&lt;T&gt;</c> matches what <c>T</c> matches, either way; <c>integer</c> may flow into <c>float</c>
/// (not back); <c>stream</c> matches everything; an <c>object</c> without a name matches any object.
/// An IIP's type is inferred from its JSON: <c>null</c>, <c>boolean</c>, <c>integer</c> (an integral number),
/// <c>float</c>, <c>string</c>, <c>array</c>, <c>object</c>; <c>null</c> also fits an <c>option</c>.
/// </para>
/// </remarks>
public static class PortTypes
{
    /// <summary>Whether an out-port of type <paramref name="from"/> may be connected to an in-port of type <paramref name="to"/>.</summary>
    public static bool CanConnect(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return Compatible(Normalise(from), Normalise(to));
    }

    /// <summary>Whether an in-port of type <paramref name="port"/> accepts the IIP <paramref name="value"/>.</summary>
    public static bool Accepts(string port, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(port);
        string type = Normalise(port);
        if (value.ValueKind == JsonValueKind.Null && (type.StartsWith("option<", StringComparison.Ordinal) || type == "null"))
        {
            return true;
        }

        return Compatible(Normalise(InferType(value)), type);
    }

    /// <summary>The type of a JSON value, as the original infers an IIP's type.</summary>
    public static string InferType(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "float",
        JsonValueKind.String => "string",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "any",
    };

    private static string Normalise(string type) => type.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "" => "any",
        "array" => "array<any>",
        var t => t,
    };

    private static bool Compatible(string from, string to)
    {
        if (from == to || from is "any" or "stream" || to is "any" or "stream")
        {
            return true;
        }

        if (Inner(from, "option") is string fromOption)
        {
            return Compatible(fromOption, to);
        }

        if (Inner(to, "option") is string toOption)
        {
            return Compatible(from, toOption);
        }

        if (Inner(from, "array") is string fromItem && Inner(to, "array") is string toItem)
        {
            return Compatible(fromItem, toItem);
        }

        if ((from == "object" && to.StartsWith("object<", StringComparison.Ordinal)) || (to == "object" && from.StartsWith("object<", StringComparison.Ordinal)))
        {
            return true;
        }

        return from == "integer" && to == "float";
    }

    private static string? Inner(string type, string wrapper) =>
        type.Length > wrapper.Length + 2 && type.StartsWith(wrapper + "<", StringComparison.Ordinal) && type[^1] == '>'
            ? Normalise(type[(wrapper.Length + 1)..^1])
            : null;
}
