using System.Text.Json;

namespace Reflow.Messages;

public static partial class MessageJson
{
    private static readonly JsonEncodedText TypeProperty = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText DataProperty = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText ErrorProperty = JsonEncodedText.Encode("error");

    // Indexed by MessageKind; pre-encoded so writing a tag is a copy.
    private static readonly JsonEncodedText[] TypeNames =
    [
        JsonEncodedText.Encode(nameof(MessageKind.Flow)),
        JsonEncodedText.Encode(nameof(MessageKind.Null)),
        JsonEncodedText.Encode(nameof(MessageKind.Boolean)),
        JsonEncodedText.Encode(nameof(MessageKind.Integer)),
        JsonEncodedText.Encode(nameof(MessageKind.Float)),
        JsonEncodedText.Encode(nameof(MessageKind.String)),
        JsonEncodedText.Encode(nameof(MessageKind.Bytes)),
        JsonEncodedText.Encode(nameof(MessageKind.Array)),
        JsonEncodedText.Encode(nameof(MessageKind.Object)),
        JsonEncodedText.Encode(nameof(MessageKind.Error)),
        JsonEncodedText.Encode(nameof(MessageKind.OpenBracket)),
        JsonEncodedText.Encode(nameof(MessageKind.CloseBracket)),
    ];

    private static void WriteTaggedCore(Utf8JsonWriter writer, Message message)
    {
        if (message.IsEndOfEdge)
        {
            ThrowHelper.ThrowEndOfEdgeNotWritable("tagged JSON");
        }

        MessageKind kind = message.Kind;
        writer.WriteStartObject();
        writer.WriteString(TypeProperty, TypeNames[(int)kind]);
        switch (kind)
        {
            case MessageKind.Flow:
                break; // Flow has no data, so the property is left out.
            case MessageKind.Error:
                // The type already says Error, so the data is just the text (as upstream Reflow).
                writer.WriteString(DataProperty, message.PayloadString);
                break;
            case MessageKind.OpenBracket:
            case MessageKind.CloseBracket:
                // No value: no data. A value is written tagged, so it keeps its kind exactly (a Bytes or Flow
                // value would not survive the plain form); a bracket's value is never a bracket, so this nests once.
                if (message.TryGetBracketValue(out Message value))
                {
                    writer.WritePropertyName(DataProperty);
                    WriteTaggedCore(writer, value);
                }

                break;
            default:
                writer.WritePropertyName(DataProperty);
                WritePlain(writer, message, 0);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WritePlain(Utf8JsonWriter writer, in Message message, int depth)
    {
        switch (message.Kind)
        {
            case MessageKind.Flow:
            case MessageKind.Null:
                writer.WriteNullValue();
                break;
            case MessageKind.Boolean:
                writer.WriteBooleanValue(message.AsBoolean());
                break;
            case MessageKind.Integer:
                writer.WriteNumberValue(message.AsInteger());
                break;
            case MessageKind.Float:
                WriteFloat(writer, message.AsFloat());
                break;
            case MessageKind.String:
                writer.WriteStringValue(message.PayloadString);
                break;
            case MessageKind.Bytes:
                writer.WriteBase64StringValue(message.PayloadBytes);
                break;
            case MessageKind.Error:
                writer.WriteStartObject();
                writer.WriteString(ErrorProperty, message.PayloadString);
                writer.WriteEndObject();
                break;
            case MessageKind.Array:
                {
                    if (depth >= Message.MaxDepth)
                    {
                        ThrowHelper.ThrowDepthExceeded("JSON");
                    }

                    writer.WriteStartArray();
                    foreach (Message item in message.PayloadArray)
                    {
                        WritePlain(writer, item, depth + 1);
                    }

                    writer.WriteEndArray();
                    break;
                }

            case MessageKind.Object:
                {
                    if (depth >= Message.MaxDepth)
                    {
                        ThrowHelper.ThrowDepthExceeded("JSON");
                    }

                    MessageObject entries = message.PayloadObject;
                    writer.WriteStartObject();
                    for (int i = 0; i < entries.Count; i++)
                    {
                        writer.WritePropertyName(entries.GetKey(i));
                        WritePlain(writer, entries.GetValue(i), depth + 1);
                    }

                    writer.WriteEndObject();
                    break;
                }

            case MessageKind.OpenBracket:
            case MessageKind.CloseBracket:
                ThrowHelper.ThrowBracketNotPlainJson(message.Kind);
                break;
            default:
                // Every kind is handled above; only the engine's end-of-edge marker (_bits -1) has none.
                ThrowHelper.ThrowEndOfEdgeNotWritable("JSON");
                break;
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN"u8 : value > 0 ? "Infinity"u8 : "-Infinity"u8);
            return;
        }

        // Utf8JsonWriter.WriteNumberValue(1.0) writes "1", which would read back as an Integer.
        Span<byte> utf8 = stackalloc byte[FloatText.MaxLength];
        int length = FloatText.FormatUtf8(value, utf8);
        writer.WriteRawValue(utf8[..length], skipInputValidation: true);
    }
}
