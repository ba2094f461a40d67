using System.Text.Json;
using Json.Schema;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>data/Validate: checks messages against a JSON Schema (JsonSchema.Net).</summary>
[Component("data/Validate", Description = "Checks each message (as plain JSON) against the JSON Schema 'schema' (draft 2020-12 unless it says otherwise): valid messages go to 'valid'; invalid ones to 'invalid' as {\"value\": message, \"errors\": [\"/path: what\", …]}. A schema that is not valid fails the node at start.")]
[InPort("in", Description = "Any message.")]
[OutPort("valid", Description = "The messages the schema accepts, unchanged.")]
[OutPort("invalid", PortType.Object, Description = "{\"value\": the message, \"errors\": [Strings]} for the others.")]
[OutPort("error", PortType.Error, Description = "A node whose schema is not valid reports every message here.")]
[Config("schema", ConfigType.Object, Required = true, Description = "The JSON Schema.")]
internal sealed class ValidateActor : StandardActor
{
    private JsonSchema _schema = null!;
    private OutPort _valid;
    private OutPort _invalid;

    protected override void Start(ActorContext context)
    {
        context.Configuration.TryGetValue("schema", out Message schema);
        try
        {
            _schema = JsonSchema.FromText(MessageJson.ToJson(schema), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception ex) when (ex is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'schema' is not a valid JSON Schema: {ex.Message}"]);
        }

        _valid = context.OutPort("valid");
        _invalid = context.OutPort("invalid");
    }

    protected override void Handle(ActorContext context)
    {
        Message value = context.Message;
        using JsonDocument document = JsonDocument.Parse(MessageJson.ToUtf8Json(value));
        EvaluationResults results = _schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            context.Emit(_valid, value);
            return;
        }

        context.Emit(_invalid, Message.Object(
            new("value", value),
            new("errors", Message.Array(ConfigurationSchema.Problems(results).Select(Message.String)))));
    }
}
