using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Json.Schema;
using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Components.Infrastructure;

/// <summary>
/// The JSON Schema of a component's configuration, written from its <see cref="ConfigAttribute"/>s, and the check
/// of a node's configuration against it (JsonSchema.Net) when the node starts.
/// </summary>
internal static class ConfigurationSchema
{
    // One parsed schema per schema text: every node of a component shares it (building one is the costly part).
    private static readonly ConcurrentDictionary<string, JsonSchema> s_parsed = new(StringComparer.Ordinal);

    /// <summary>The schema of <paramref name="actorType"/>'s configuration; null when it declares none.</summary>
    public static string? For(Type actorType)
    {
        ConfigAttribute[] entries = [.. actorType.GetCustomAttributes<ConfigAttribute>()];
        return entries.Length == 0 ? null : Write(entries);
    }

    private static string Write(ConfigAttribute[] entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "object");
            json.WriteStartObject("properties");
            foreach (ConfigAttribute entry in entries)
            {
                json.WriteStartObject(entry.Name);
                if (entry.Type != ConfigType.Any)
                {
                    json.WriteString("type", entry.Type.ToString().ToLowerInvariant());
                }

                if (entry.Description.Length > 0)
                {
                    json.WriteString("description", entry.Description);
                }

                if (entry.DefaultJson is not null)
                {
                    json.WritePropertyName("default");
                    json.WriteRawValue(entry.DefaultJson);
                }

                if (!string.IsNullOrEmpty(entry.OneOf))
                {
                    json.WriteStartArray("enum");
                    foreach (string value in entry.OneOf.Split('|'))
                    {
                        json.WriteStringValue(value);
                    }

                    json.WriteEndArray();
                }

                if (entry.HasMinimum)
                {
                    json.WriteNumber("minimum", entry.Minimum);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            string[] required = [.. entries.Where(e => e.Required).Select(e => e.Name)];
            if (required.Length > 0)
            {
                json.WriteStartArray("required");
                foreach (string name in required)
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Checks a node's configuration against its component's schema.</summary>
    /// <exception cref="ActorConfigurationException">The configuration does not match; every problem is listed.</exception>
    public static void Validate(ActorContext context)
    {
        string? schemaText = context.Component.ConfigurationSchema;
        if (schemaText is null)
        {
            return;
        }

        JsonSchema schema = s_parsed.GetOrAdd(schemaText, static text => JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));
        using JsonDocument document = JsonDocument.Parse(MessageJson.ToUtf8Json(Message.Object(context.Configuration.Values)));
        EvaluationResults results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!results.IsValid)
        {
            throw new ActorConfigurationException(context.NodeId, Problems(results));
        }
    }

    /// <summary>The errors of a failed evaluation, each with where it is ("/path: what").</summary>
    public static List<string> Problems(EvaluationResults results)
    {
        var problems = new List<string>();
        Collect(results, problems);
        if (problems.Count == 0)
        {
            problems.Add("the value does not match the schema");
        }

        return problems;
    }

    private static void Collect(EvaluationResults results, List<string> problems)
    {
        if (results.Errors is { Count: > 0 } errors)
        {
            string location = results.InstanceLocation.ToString();
            foreach (KeyValuePair<string, string> error in errors)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{(location.Length == 0 ? "/" : location)}: {error.Value}"));
            }
        }

        if (results.Details is { } details)
        {
            foreach (EvaluationResults detail in details)
            {
                Collect(detail, problems);
            }
        }
    }
}
