using System.Globalization;
using System.Text;
using System.Text.Json;
using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Messages;

namespace Reflow.Components;

/// <summary>
/// Writes the reference of components (Markdown) from their own descriptions: ports, types, defaults and the
/// configuration read from each component's JSON Schema. <c>docs/components.md</c> is this output for the standard
/// library, regenerated and compared by a test so it cannot drift from the code.
/// </summary>
public static class ComponentReference
{
    /// <summary>The reference of the standard library, as committed in <c>docs/components.md</c>.</summary>
    public static string WriteStandardLibrary() => Write(StandardComponents.Create().Select(c => c.Description));

    /// <summary>The reference of <paramref name="components"/>, grouped by namespace in the given order.</summary>
    public static string Write(IEnumerable<ComponentDescription> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var text = new StringBuilder();
        text.Append(Introduction);
        AppendExpressions(text);
        foreach (IGrouping<string, ComponentDescription> group in components.GroupBy(Namespace))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {group.Key}/\n");
            foreach (ComponentDescription component in group)
            {
                AppendComponent(text, component);
            }
        }

        return text.ToString().ReplaceLineEndings("\n");
    }

    private const string Introduction = """
        # Standard components

        <!-- Generated from the components' own descriptions by ComponentReference (tests: ComponentReferenceTests).
             Do not edit: run `REFLOW_UPDATE_DOCS=1 dotnet test tests/Reflow.Components.Tests` to regenerate. -->

        Register them all with `registry.AddStandardComponents()` (namespace `Reflow.Components`). Names are
        `namespace/PascalCase` and stable; port names are lower-case.

        - **Configuration** is the node's metadata in the graph (or the `metadata` of `NetworkBuilder.AddNode`). It is
          checked against the component's JSON Schema when the node starts: a node configured wrongly fails at start
          (counted and reported by the runtime) and reports every message it receives instead of handling it.
        - **Bad input** goes to the component's `error` out-port as an Error message that says what was wrong
          (`component (node): what`). A component without an `error` port throws instead, which the runtime counts,
          reports as an `ActorFailed` event and routes like any actor failure. Messages a component still holds when
          it stops (an incomplete join, a closed gate, a batch when the run was stopped) are reported as an error of the node. Nothing
          is dropped silently.
        - **Addressable ports** (FBP array ports, marked *addressable*) are connected by index: `fork OUT[0] -> IN a`,
          `fork OUT[1] -> IN b` in `.fbp`, `index` in the JSON formats. A connection without an index takes the
          port's next free one.
        - **Time** is the run's clock (`NetworkOptions.TimeProvider`), so a fake clock drives every timer in tests.
        - **Aggregates** (data/CountBy, data/SumBy, data/Top, data/Reduce and data/GroupBy with `over: "stream"`,
          flow/Collect, flow/Window, flow/Take, flow/Skip, flow/First, flow/Last, flow/Distinct, time/Batch) work per
          bracket group: an open bracket is forwarded and starts a fresh group (groups nest; the innermost one
          aggregates, the one around it goes on after it), and a close bracket emits the group's result, then is
          forwarded, so downstream sees open bracket, result, close bracket. Items outside every bracket make the
          whole-stream group, whose result is emitted once when the inputs close (the end of the stream): when an item
          arrived outside the brackets, or when no bracket came at all, so an empty stream still gives its result
          (count 0, `[]`); a stream made only of groups gives one result per group and none for the whole. Brackets on
          a control port (`flush`) are consumed; a close bracket without an open one, or a stream that ends inside a
          group, is reported on `error`. flow/Take and flow/First pass their items at once and then consume and
          discard the rest: the upstream runs to its end, as FBP processes do.

        """;

    private static void AppendExpressions(StringBuilder text)
    {
        text.Append("""

            ## Expressions

            Conditions, keys and computed values (flow/Branch, flow/Filter, flow/Switch, flow/Loop, math/Expression,
            data/Transform, data/Map, data/Reduce, data/GroupBy, data/Sort, state/Accumulator) share one syntax: NCalc's
            (the NCalc library parses and evaluates them) with dotted field paths and Array and Object literals, which
            are rewritten into NCalc's own forms before it parses the text.

            - Variables: `value` is the message; some components add others (`index`, `acc`), listed with them. A
              variable may be followed by a path: `value.user.name`, `value.items.0` (an Array index). A path that does
              not exist is `null`, so `value.missing == null` and `isNull(value.a.b)` are true.
            - Literals: `42`, `1.5`, `1e3`, `'text'` (single quotes, `\'` inside), `true`, `false`, `null`; Arrays
              `[a, b, …]` and Objects `{status: value.code, 'a key': 1, n: [1, 2]}` of any expressions (a key is a
              name or a quoted String, keys are kept in the order written, and a repeated key or a missing `:` is
              refused when the expression is parsed, with its position). They stand for `array(…)` and `object(…)`.
            - Operators: `+ - * / %`, `**` (power), `== != < <= > >=` (also `=`), `&& || !` (also `and or not`),
              `c ? a : b`, `x in (1, 2, 3)`. `/` always divides as Floats; `+ - * %`
              keep two Integers an Integer and an overflow is an error, not a wrap-around. `+` joins text when either
              side is a String.
            - NCalc's functions (case-insensitive): `Abs Acos Asin Atan Ceiling Cos Exp Floor IEEERemainder Ln Log
              Log10 Max Min Pow Round Sign Sin Sqrt Tan Truncate`, `if(c, a, b)`, `in(x, a, b, …)`.
            - Regular expressions (`test`, `match`, `capture`, `regexReplace`) use .NET syntax; `(?i)` at the start
              ignores case. A pattern written as a String literal is compiled once, when the node starts, and a bad
              one fails the node there, naming the pattern and the offset; a pattern computed per message is kept
              compiled in a small cache (the 16 most recently used per expression). One match may take at most
              1 second: past that the evaluation fails (to `error`) instead of hanging the node.
            - The library's functions (names are case-sensitive):

            | function | result |
            |---|---|

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        foreach ((string _, string signature, string does) in ExpressionFunctions.Catalog)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{signature}` | {does} |\n");
        }

        text.Append("\nA failed evaluation (a wrong type, an unknown function, an overflow) is bad input: it goes to `error` with the expression and the value.\n");
    }

    private static void AppendComponent(StringBuilder text, ComponentDescription component)
    {
        text.Append(CultureInfo.InvariantCulture, $"\n### `{component.Name}`\n\n{component.Description}\n");
        var traits = new List<string>();
        if (component.InputMode != InputMode.EachMessage)
        {
            traits.Add($"input mode {component.InputMode}");
        }

        if (component.MayBlock)
        {
            traits.Add("may block: runs on the blocking pool");
        }

        if (component.IsSource)
        {
            traits.Add("a source (no in-ports)");
        }

        if (traits.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n*{string.Join("; ", traits)}*\n");
        }

        if (!component.InPorts.IsEmpty)
        {
            text.Append("\n| in-port | type | required | default | description |\n|---|---|---|---|---|\n");
            foreach (PortDefinition port in component.InPorts)
            {
                string fallback = port.Default is Message value ? $"`{MessageJson.ToJson(value)}`" : "";
                text.Append(CultureInfo.InvariantCulture, $"| `{port.Name}` | {TypeCell(port)} | {(port.Required ? "yes" : "")} | {fallback} | {Cell(port.Description)} |\n");
            }
        }

        if (!component.OutPorts.IsEmpty)
        {
            text.Append("\n| out-port | type | description |\n|---|---|---|\n");
            foreach (PortDefinition port in component.OutPorts)
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{port.Name}` | {TypeCell(port)} | {Cell(port.Description)} |\n");
            }
        }

        if (component.ConfigurationSchema is { } schema)
        {
            AppendConfiguration(text, schema);
        }
    }

    private static void AppendConfiguration(StringBuilder text, string schema)
    {
        using JsonDocument document = JsonDocument.Parse(schema);
        JsonElement root = document.RootElement;
        HashSet<string> required = root.TryGetProperty("required", out JsonElement names)
            ? [.. names.EnumerateArray().Select(n => n.GetString() ?? "")]
            : [];
        if (!root.TryGetProperty("properties", out JsonElement properties))
        {
            return;
        }

        text.Append("\n| configuration | type | required | default | description |\n|---|---|---|---|---|\n");
        foreach (JsonProperty property in properties.EnumerateObject())
        {
            JsonElement entry = property.Value;
            string type = entry.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "" : "any";
            string fallback = entry.TryGetProperty("default", out JsonElement d) ? $"`{d.GetRawText()}`" : "";
            string description = entry.TryGetProperty("description", out JsonElement e) ? e.GetString() ?? "" : "";
            if (entry.TryGetProperty("enum", out JsonElement choices))
            {
                description += $" One of: {string.Join(", ", choices.EnumerateArray().Select(c => $"`{c.GetString()}`"))}.";
            }

            if (entry.TryGetProperty("minimum", out JsonElement minimum))
            {
                description += $" At least {minimum.GetRawText()}.";
            }

            text.Append(CultureInfo.InvariantCulture, $"| `{property.Name}` | {type} | {(required.Contains(property.Name) ? "yes" : "")} | {fallback} | {Cell(description.Trim())} |\n");
        }
    }

    /// <summary>The port's type, and for an addressable port that it is one (with its highest index when it has its own).</summary>
    private static string TypeCell(PortDefinition port) =>
        !port.Addressable ? port.Type.ToString()
        : port.MaxIndex is int max ? $"{port.Type}, addressable (0–{max})"
        : $"{port.Type}, addressable";

    private static string Namespace(ComponentDescription component)
    {
        int slash = component.Name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "(no namespace)" : component.Name[..slash];
    }

    // Markdown table cells: a pipe would end the cell, a newline the row.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
