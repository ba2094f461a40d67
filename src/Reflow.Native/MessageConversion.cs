using System.Runtime.CompilerServices;
using System.Text;
using Reflow.Messages;
using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>
/// Messages between C and the engine. Scalars are copied in the struct (no allocation either way); text, bytes
/// and JSON are copied out of the host's memory, or lent to it from a buffer of the reader.
/// </summary>
internal static unsafe class MessageConversion
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The engine's message for a message C built. RFL_ERR_ARGUMENT/RFL_ERR_KIND say what is wrong with it.</summary>
    /// <remarks>
    /// Inlined into every caller for the scalars (one compare per kind, no call, no jump table): they are most of
    /// the traffic of a C node. Everything else, NULL included, goes out of line.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Message FromNative(RflMessage* message)
    {
        if (message is not null)
        {
            int kind = message->Kind;
            if (kind == RflKind.Integer)
            {
                return Message.Integer(message->Integer);
            }

            if (kind == RflKind.Float)
            {
                return Message.Float(message->Number);
            }

            if ((uint)kind <= RflKind.Boolean)
            {
                return kind == RflKind.Boolean ? Message.Boolean(message->Boolean != 0) : kind == RflKind.Flow ? Message.Flow : Message.Null;
            }
        }

        return FromNativeAnyKind(message);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Message FromNativeAnyKind(RflMessage* message)
    {
        if (message is null)
        {
            throw new RflException(RflStatus.ErrArgument, "The message pointer is NULL.");
        }

        switch (message->Kind)
        {
            case RflKind.Flow: return Message.Flow;
            case RflKind.Null: return Message.Null;
            case RflKind.Boolean: return Message.Boolean(message->Boolean != 0);
            case RflKind.Integer: return Message.Integer(message->Integer);
            case RflKind.Float: return Message.Float(message->Number);
            case RflKind.String: return Message.String(Text(message, "string"));
            case RflKind.Error: return Message.Error(Text(message, "error"));
            case RflKind.Bytes: return Message.Bytes(Bytes(message));
            case RflKind.Array: return Json(message, MessageKind.Array);
            case RflKind.Object: return Json(message, MessageKind.Object);
            case RflKind.OpenBracket: return BracketValue(message) is { } open ? Message.OpenBracket(open) : Message.OpenBracket();
            case RflKind.CloseBracket: return BracketValue(message) is { } close ? Message.CloseBracket(close) : Message.CloseBracket();
            default:
                throw new RflException(RflStatus.ErrKind, $"The message kind {message->Kind} is not an rfl_kind (0 to 11).");
        }
    }

    /// <summary>
    /// Fills <paramref name="target"/> for C; text, bytes and JSON are written to <paramref name="buffer"/> and
    /// stay valid until its owner's next write.
    /// </summary>
    /// <remarks>Inlined for integers, floats and flow (see <see cref="FromNative"/>); the other kinds go out of line.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ToNative(in Message message, RflMessage* target, NativeBuffer buffer)
    {
        // TryGet* are reference compares with the kind's tag, cheaper than reading Kind (a type test).
        if (message.TryGetInteger(out long integer))
        {
            target->Kind = RflKind.Integer;
            target->Length = 0;
            target->Integer = integer;
            return;
        }

        if (message.TryGetFloat(out double number))
        {
            target->Kind = RflKind.Float;
            target->Length = 0;
            target->Number = number;
            return;
        }

        if (message.IsFlow)
        {
            target->Kind = RflKind.Flow;
            target->Length = 0;
            target->Integer = 0;
            return;
        }

        ToNativeAnyKind(message, target, buffer);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ToNativeAnyKind(in Message message, RflMessage* target, NativeBuffer buffer)
    {
        target->Kind = (int)message.Kind;
        target->Length = 0;
        target->Integer = 0;
        switch (message.Kind)
        {
            case MessageKind.Flow:
            case MessageKind.Null:
                break;
            case MessageKind.Boolean: target->Boolean = message.AsBoolean() ? 1 : 0; break;
            case MessageKind.Integer: target->Integer = message.AsInteger(); break;
            case MessageKind.Float: target->Number = message.AsFloat(); break;
            case MessageKind.String: Lend(target, buffer, buffer.WriteUtf8(message.AsString())); break;
            case MessageKind.Error: Lend(target, buffer, buffer.WriteUtf8(message.AsError())); break;
            case MessageKind.Bytes: Lend(target, buffer, buffer.Write(message.AsBytesSpan())); break;
            case MessageKind.Array:
            case MessageKind.Object:
                Lend(target, buffer, buffer.Write(MessageJson.ToUtf8Json(message)));
                break;
            case MessageKind.OpenBracket:
            case MessageKind.CloseBracket:
                Lend(target, buffer, message.TryGetBracketValue(out Message value) ? buffer.Write(MessageJson.ToUtf8Json(value)) : buffer.Write("null"u8));
                break;
            default:
                throw new RflException(RflStatus.ErrInternal, $"The engine handed out a message of kind {message.Kind}, which reflow.h does not know.");
        }
    }

    /// <summary>rfl_message_to_json: plain JSON, tagged for the kinds plain JSON would lose (flow, bytes, errors, brackets).</summary>
    public static byte[] ToJson(in Message message) => message.Kind switch
    {
        MessageKind.Flow or MessageKind.Bytes or MessageKind.Error or MessageKind.OpenBracket or MessageKind.CloseBracket => MessageJson.ToUtf8TaggedJson(message),
        _ => MessageJson.ToUtf8Json(message),
    };

    private static void Lend(RflMessage* target, NativeBuffer buffer, int length)
    {
        target->Data = buffer.Pointer;
        target->Length = (uint)length;
    }

    private static ReadOnlySpan<byte> Bytes(RflMessage* message)
    {
        if (message->Length > 0 && message->Data is null)
        {
            throw new RflException(RflStatus.ErrArgument, $"The message has length {message->Length} but its data pointer is NULL.");
        }

        if (message->Length > int.MaxValue)
        {
            throw new RflException(RflStatus.ErrArgument, $"The message length {message->Length} is over the limit of {int.MaxValue} bytes.");
        }

        return message->Length == 0 ? default : new ReadOnlySpan<byte>(message->Data, (int)message->Length);
    }

    private static string Text(RflMessage* message, string what)
    {
        ReadOnlySpan<byte> bytes = Bytes(message);
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new RflException(RflStatus.ErrArgument, $"The {what} message is not valid UTF-8 (byte {e.Index} of {bytes.Length}).");
        }
    }

    private static Message Json(RflMessage* message, MessageKind expected)
    {
        Message parsed = ParseJson(Bytes(message), expected == MessageKind.Array ? "array" : "object");
        return parsed.Kind == expected
            ? parsed
            : throw new RflException(RflStatus.ErrKind, $"The message says {(expected == MessageKind.Array ? "RFL_ARRAY" : "RFL_OBJECT")} but its JSON text is {Article(parsed.Kind)}.");
    }

    private static Message? BracketValue(RflMessage* message)
    {
        ReadOnlySpan<byte> json = Bytes(message);
        if (json.IsEmpty || json.Trim(" \t\r\n"u8).SequenceEqual("null"u8))
        {
            return null;
        }

        return ParseJson(json, "bracket value");
    }

    private static Message ParseJson(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            return MessageJson.Parse(json);
        }
        catch (MessageFormatException e)
        {
            throw new RflException(RflStatus.ErrKind, $"The {what} JSON text is not valid: {e.Message}");
        }
    }

    private static string Article(MessageKind kind) => kind switch
    {
        MessageKind.Array or MessageKind.Object or MessageKind.Integer or MessageKind.Error => "an " + kind.ToString().ToLowerInvariant(),
        _ => "a " + kind.ToString().ToLowerInvariant(),
    };
}
