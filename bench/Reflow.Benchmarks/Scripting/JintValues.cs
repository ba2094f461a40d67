using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Reflow.Messages;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// B10's own conversion between messages and Jint values for the Jint-direct row, written the plain way a host would:
/// scalars to JS primitives, objects and arrays to fresh JS objects and arrays, and back (an integral number becomes an
/// Integer, any other number a Float).
/// </summary>
public static class JintValues
{
    private const double MaxSafeInteger = 9007199254740991;

    /// <summary>The JS value of <paramref name="message"/>.</summary>
    public static JsValue ToJs(Engine engine, in Message message)
    {
        switch (message.Kind)
        {
            case MessageKind.Integer:
                return JsNumber.Create(message.AsInteger());
            case MessageKind.Float:
                return JsNumber.Create(message.AsFloat());
            case MessageKind.String:
                return JsString.Create(message.AsString());
            case MessageKind.Boolean:
                return message.AsBoolean() ? JsBoolean.True : JsBoolean.False;
            case MessageKind.Array:
                ImmutableArray<Message> items = message.AsArray();
                var values = new JsValue[items.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = ToJs(engine, items[i]);
                }

                return new JsArray(engine, values);
            case MessageKind.Object:
                MessageObject source = message.AsObject();
                var target = new JsObject(engine);
                for (int i = 0; i < source.Count; i++)
                {
                    target.FastSetDataProperty(source.GetKey(i), ToJs(engine, source.GetValue(i)));
                }

                return target;
            case MessageKind.Null:
                return JsValue.Null;
            default:
                throw new NotSupportedException($"B10 sends no {message.Kind} messages.");
        }
    }

    /// <summary>The message of <paramref name="value"/>.</summary>
    public static Message ToMessage(JsValue value)
    {
        switch (value)
        {
            case JsNumber number:
                double d = number.AsNumber();
                return Math.Floor(d) == d && Math.Abs(d) <= MaxSafeInteger ? Message.Integer((long)d) : Message.Float(d);
            case JsString text:
                return Message.String(text.ToString());
            case JsBoolean flag:
                return Message.Boolean(flag.AsBoolean());
            case JsArray array:
                uint length = array.Length;
                var items = new Message[length];
                for (uint i = 0; i < length; i++)
                {
                    items[i] = ToMessage(array.Get(i));
                }

                return Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(items));
            case ObjectInstance obj:
                MessageObject.Builder builder = MessageObject.CreateBuilder();
                foreach (var property in obj.GetOwnProperties())
                {
                    if (property.Value.Enumerable)
                    {
                        builder.Add(property.Key.ToString(), ToMessage(obj.Get(property.Key)));
                    }
                }

                return Message.Object(builder.ToMessageObject());
            default:
                return value.IsNull() || value.IsUndefined() ? Message.Null : throw new NotSupportedException($"B10 expects no {value.Type} values.");
        }
    }
}
