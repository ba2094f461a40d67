using System.Collections.Immutable;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Reflow.Messages;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// Converts messages to JavaScript values and back without a JSON round-trip, for one engine.
/// </summary>
/// <remarks>
/// <para>To JavaScript: Null → <c>null</c>; Flow → <c>undefined</c>; Boolean, String → themselves; Integer → a number
/// when it is a safe integer (|n| ≤ 2^53 − 1), else a BigInt (exact); Float → a number; Bytes → a new
/// <c>Uint8Array</c> (a copy: a script may change it); Array → an array; Object → a plain object in the message's
/// key order; Error → an <c>Error</c> whose message is the error's text; a bracket's value as its kind says.</para>
/// <para>Back: <c>null</c> → Null; <c>undefined</c> → Flow; booleans and strings → themselves; a number that is an
/// integer in the safe range (not −0) → Integer, any other number → Float; a BigInt in the 64-bit range → Integer;
/// <c>Uint8Array</c>, <c>Uint8ClampedArray</c> and <c>ArrayBuffer</c> → Bytes; arrays → Array (holes are Null);
/// an <c>Error</c> → Error; a <c>Date</c> → its ISO 8601 string; other objects → Object of their own enumerable
/// string-keyed properties (an undefined property is left out, as JSON does). Functions, symbols, Maps, Sets,
/// Promises, other typed arrays and values nested deeper than <see cref="Message.MaxDepth"/> (a cycle) are refused
/// with a <see cref="ScriptException"/> naming the place in the value.</para>
/// </remarks>
internal sealed class JsMessageConverter(Engine engine)
{
    private const long MaxSafeInteger = 9_007_199_254_740_991; // 2^53 - 1: every integer up to it is exact in a double

    private readonly Engine _engine = engine;

    // Where the value being converted sits in the one being sent, one step per level: kept here and spelled out only
    // in an error, so a nested value costs no path text per element.
    private readonly JsPathStep[] _path = new JsPathStep[Message.MaxDepth];
    private bool _converting;

    public JsValue ToJs(in Message message)
    {
        switch (message.Kind)
        {
            case MessageKind.Flow:
                return JsValue.Undefined;
            case MessageKind.Null:
                return JsValue.Null;
            case MessageKind.Boolean:
                return message.AsBoolean() ? JsBoolean.True : JsBoolean.False;
            case MessageKind.Integer:
                long integer = message.AsInteger();
                return integer is >= -MaxSafeInteger and <= MaxSafeInteger ? JsNumber.Create(integer) : new JsBigInt(integer);
            case MessageKind.Float:
                return JsNumber.Create(message.AsFloat());
            case MessageKind.String:
                return JsString.Create(message.AsString());
            case MessageKind.Bytes:
                return _engine.Intrinsics.Uint8Array.Construct(message.AsBytesSpan());
            case MessageKind.Array:
                ImmutableArray<Message> items = message.AsArray();
                var values = new JsValue[items.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = ToJs(items[i]);
                }

                return new JsArray(_engine, values);
            case MessageKind.Object:
                MessageObject entries = message.AsObject();
                var target = new JsObject(_engine);
                for (int i = 0; i < entries.Count; i++)
                {
                    target.FastSetDataProperty(entries.GetKey(i), ToJs(entries.GetValue(i)));
                }

                return target;
            case MessageKind.Error:
                return _engine.Intrinsics.Error.Construct([JsString.Create(message.AsError())], JsValue.Undefined);
            default:
                // Brackets reach scripts through onBracket, as { kind, value }: only their value is converted here.
                return message.TryGetBracketValue(out Message value) ? ToJs(value) : JsValue.Undefined;
        }
    }

    /// <summary>Converts <paramref name="value"/>, which goes to out-port <paramref name="port"/> (named in errors).</summary>
    /// <exception cref="ScriptException">The value has no message form.</exception>
    public Message FromJs(JsValue value, string port)
    {
        if (_converting)
        {
            // A getter of the value being converted sends a value of its own: that one gets its own path.
            return new JsMessageConverter(_engine).FromJs(value, port);
        }

        _converting = true;
        try
        {
            return FromJs(value, port, 0);
        }
        finally
        {
            _converting = false;
        }
    }

    private Message FromJs(JsValue value, string port, int depth)
    {
        switch (value.Type)
        {
            case Types.Undefined:
                return Message.Flow;
            case Types.Null:
                return Message.Null;
            case Types.Boolean:
                return Message.Boolean(value.AsBoolean());
            case Types.String:
                return Message.String(value.AsString());
            case Types.Number:
                double number = value.AsNumber();
                return IsSafeInteger(number) ? Message.Integer((long)number) : Message.Float(number);
            case Types.BigInt:
                System.Numerics.BigInteger big = ((JsBigInt)value).ToObject() is System.Numerics.BigInteger b ? b : default;
                return big >= long.MinValue && big <= long.MaxValue
                    ? Message.Integer((long)big)
                    : throw Refused(port, depth, $"the BigInt {big} does not fit a 64-bit integer");
            case Types.Object:
                if (depth >= Message.MaxDepth)
                {
                    throw Refused(port, depth, $"it is nested deeper than {Message.MaxDepth} levels (does it contain itself?)");
                }

                return FromObject(value.AsObject(), port, depth);
            default:
                throw Refused(port, depth, $"a {value.Type.ToString().ToLowerInvariant()} has no message form");
        }
    }

    private Message FromObject(ObjectInstance value, string port, int depth)
    {
        if (value is JsArray array)
        {
            uint length = array.Length;
            var items = ImmutableArray.CreateBuilder<Message>((int)length);
            for (uint i = 0; i < length; i++)
            {
                JsValue item = array[i];
                _path[depth] = new JsPathStep(null, (int)i);
                items.Add(item.IsUndefined() ? Message.Null : FromJs(item, port, depth + 1));
            }

            return Message.Array(items.MoveToImmutable());
        }

        if (value.IsCallable())
        {
            throw Refused(port, depth, "a function has no message form");
        }

        if (value.IsUint8Array())
        {
            return Message.FromOwnedBytes(value.AsUint8Array()!);
        }

        if (value.IsUint8ClampedArray())
        {
            return Message.FromOwnedBytes(value.AsUint8ClampedArray()!);
        }

        if (value.IsArrayBuffer())
        {
            return Message.FromOwnedBytes(value.AsArrayBuffer()!);
        }

        if (value is JsTypedArray)
        {
            throw Refused(port, depth, "only Uint8Array is sent as bytes; convert other typed arrays with Array.from(...)");
        }

        if (value.IsDate())
        {
            return Message.String(value.AsDate().ToDateTime().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (value is JsError)
        {
            return Message.Error(TypeConverter.ToString(value.Get("message")));
        }

        if (value is JsMap or JsSet || value.IsPromise() || value.IsRegExp())
        {
            throw Refused(port, depth, $"a {(value is JsMap ? "Map" : value is JsSet ? "Set" : value.IsPromise() ? "Promise" : "RegExp")} has no message form; convert it to an object or array first");
        }

        var builder = MessageObject.CreateBuilder();
        // The keys as a list, not GetOwnProperties(): its enumerator and the pairs it yields cost ~100 B per object more.
        List<JsValue> keys = value.GetOwnPropertyKeys(Types.String);
        for (int i = 0; i < keys.Count; i++)
        {
            JsValue key = keys[i];
            if (!value.GetOwnProperty(key).Enumerable)
            {
                continue;
            }

            string name = key.AsString();
            JsValue item = value.Get(key, value);
            if (!item.IsUndefined())
            {
                _path[depth] = new JsPathStep(name, 0);
                builder.Add(name, FromJs(item, port, depth + 1));
            }
        }

        return Message.Object(builder.ToMessageObject());
    }

    private static bool IsSafeInteger(double number) =>
        number >= -MaxSafeInteger && number <= MaxSafeInteger && Math.Floor(number) == number && !(number == 0 && double.IsNegative(number));

    private ScriptException Refused(string port, int depth, string reason)
    {
        var path = new System.Text.StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            JsPathStep step = _path[i];
            _ = step.Key is null ? path.Append('[').Append(step.Index).Append(']') : path.Append(i == 0 ? "" : ".").Append(step.Key);
        }

        return new($"cannot send the value for out-port '{port}'{(depth == 0 ? "" : $" (at {path})")}: {reason}");
    }
}

