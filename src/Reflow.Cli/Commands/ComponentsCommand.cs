using System.CommandLine;
using System.Text.Json;
using Reflow.Actors;
using Reflow.Configuration;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Cli.Commands;

/// <summary><c>reflow components [name]</c>: the registry — every component, or one with its ports and configuration.</summary>
internal static class ComponentsCommand
{
    public static Command Create(CliHost host)
    {
        var name = new Argument<string?>("name") { Description = "A component (core/Repeat) or a namespace prefix (math/); all when omitted.", Arity = ArgumentArity.ZeroOrOne };
        Option<OutputFormat> output = CommonOptions.Output();
        var command = new Command("components", "List the components graphs can use, or describe one: ports (type, required, default), input mode, configuration schema.")
        {
            name, output,
        };
        command.SetAction(parse =>
        {
            ComponentRegistry registry = CliComponents.AddScripting(host.CreateRegistry(host.Out), new ReflowOptions());
            string? wanted = parse.GetValue(name);
            List<ComponentDescription> all = [.. registry.Names.Select(n => registry.FindComponent(n)?.Description ?? registry.FindConfigured(n)).OfType<ComponentDescription>()];
            List<ComponentDescription> chosen = wanted is null ? all
                : all.Where(d => d.Name == wanted).ToList() is { Count: 1 } exact ? exact
                : [.. all.Where(d => d.Name.StartsWith(wanted, StringComparison.OrdinalIgnoreCase))];
            if (chosen.Count == 0)
            {
                string[] close = [.. all.Select(d => d.Name).Where(n => n.Contains(wanted!.Split('/')[^1], StringComparison.OrdinalIgnoreCase))];
                throw new CliUsageException($"There is no component '{wanted}'.{(close.Length > 0 ? " Did you mean: " + string.Join(", ", close) + "?" : " Run 'reflow components' for the list.")}");
            }

            bool detailed = chosen.Count == 1 && wanted is not null;
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                host.Out.WriteLine(Running.RunReport.Json(w => WriteJson(w, chosen)));
            }
            else if (detailed)
            {
                WriteDetail(host.Out, chosen[0]);
            }
            else
            {
                int width = chosen.Max(d => d.Name.Length);
                foreach (ComponentDescription d in chosen)
                {
                    host.Out.WriteLine($"{d.Name.PadRight(width)}  {FirstSentence(d.Description)}");
                }

                host.Out.WriteLine($"\n{chosen.Count} component(s); 'reflow components <name>' shows one's ports and configuration.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteDetail(TextWriter o, ComponentDescription d)
    {
        o.WriteLine(d.Name);
        o.WriteLine("  " + d.Description);
        o.WriteLine($"  input mode: {d.InputMode}{(d.Pool is { } pool ? $"; runs on the {pool} pool" : d.MayBlock ? "; may block (runs on the blocking pool)" : "")}{(d.IsSource ? "; source" : "")}");
        WritePorts(o, "in-ports", d.InPorts);
        WritePorts(o, "out-ports", d.OutPorts);
        if (d.ConfigurationSchema is { } schema)
        {
            o.WriteLine("  configuration (node metadata, JSON Schema):");
            o.WriteLine("    " + Indented(schema).ReplaceLineEndings(Environment.NewLine + "    "));
        }
    }

    private static void WritePorts(TextWriter o, string title, IReadOnlyList<PortDefinition> ports)
    {
        o.WriteLine($"  {title}:{(ports.Count == 0 ? " none" : "")}");
        foreach (PortDefinition p in ports)
        {
            string extra = (p.Addressable ? ", addressable" + (p.MaxIndex is int max ? $" 0-{max}" : "") : "")
                + (p.Required ? ", required" : "") + (p.Default is { } value ? ", default " + MessageJson.ToJson(value) : "");
            o.WriteLine($"    {p.Name} ({p.Type.ToString().ToLowerInvariant()}{extra}){(p.Description.Length > 0 ? " — " + p.Description : "")}");
        }
    }

    private static void WriteJson(Utf8JsonWriter w, List<ComponentDescription> components)
    {
        w.WriteStartArray("components");
        foreach (ComponentDescription d in components)
        {
            w.WriteStartObject();
            w.WriteString("name", d.Name);
            w.WriteString("description", d.Description);
            w.WriteString("inputMode", d.InputMode.ToString());
            w.WriteBoolean("mayBlock", d.MayBlock);
            if (d.Pool is { } pool)
            {
                w.WriteString("pool", pool); // only when the component names one: the output of the others is unchanged
            }
            WritePortsJson(w, "inPorts", d.InPorts);
            WritePortsJson(w, "outPorts", d.OutPorts);
            if (d.ConfigurationSchema is { } schema)
            {
                w.WritePropertyName("configuration");
                using JsonDocument document = JsonDocument.Parse(schema);
                document.WriteTo(w);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WritePortsJson(Utf8JsonWriter w, string name, IReadOnlyList<PortDefinition> ports)
    {
        w.WriteStartArray(name);
        foreach (PortDefinition p in ports)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("type", p.Type.ToString().ToLowerInvariant());
            w.WriteBoolean("required", p.Required);
            w.WriteBoolean("addressable", p.Addressable);
            if (p.MaxIndex is int maxIndex)
            {
                w.WriteNumber("maxIndex", maxIndex);
            }

            if (p.Default is { } value)
            {
                w.WritePropertyName("default");
                MessageJson.Write(w, value);
            }

            w.WriteString("description", p.Description);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>The schema laid out for reading, with its quotes and symbols as they are (not \u escapes).</summary>
    private static string Indented(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string FirstSentence(string text)
    {
        int end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }
}
