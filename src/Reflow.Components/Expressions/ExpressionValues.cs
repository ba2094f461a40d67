using System.Globalization;
using Reflow.Messages;

namespace Reflow.Components.Expressions;

/// <summary>
/// Messages as NCalc sees them and back: Integer ⇄ long, Float ⇄ double, String ⇄ string, Boolean ⇄ bool,
/// Null (and Flow) ⇄ null; Arrays, Objects, Bytes and Errors go in as the message itself, which the library's
/// functions (<c>len</c>, <c>str</c>, …) understand and which comes back out unchanged. Brackets are stream
/// boundaries, not values: an expression that meets one fails with <see cref="ExpressionException"/>.
/// </summary>
internal static class ExpressionValues
{
    /// <summary>The NCalc value of <paramref name="message"/>.</summary>
    public static object? ToObject(in Message message) => message.Kind switch
    {
        MessageKind.Integer => message.AsInteger(),
        MessageKind.Float => message.AsFloat(),
        MessageKind.String => message.AsString(),
        MessageKind.Boolean => message.AsBoolean(),
        MessageKind.Null or MessageKind.Flow => null,
        MessageKind.OpenBracket or MessageKind.CloseBracket =>
            throw new ExpressionException($"{message} is a bracket (a stream boundary, not a value); an expression cannot use it"),
        _ => message,
    };

    /// <summary>The message of an NCalc result.</summary>
    /// <exception cref="ExpressionException">The result is of a type messages cannot carry.</exception>
    public static Message ToMessage(object? value) => value switch
    {
        null => Message.Null,
        Message message => message,
        bool flag => Message.Boolean(flag),
        long number => Message.Integer(number),
        int number => Message.Integer(number),
        short number => Message.Integer(number),
        byte number => Message.Integer(number),
        sbyte number => Message.Integer(number),
        ushort number => Message.Integer(number),
        uint number => Message.Integer(number),
        ulong number when number <= long.MaxValue => Message.Integer((long)number),
        double number => Message.Float(number),
        float number => Message.Float(number),
        decimal number => Message.Float((double)number),
        string text => Message.String(text),
        char c => Message.String(c.ToString()),
        DateTime time => Message.String(time.ToString("O", CultureInfo.InvariantCulture)),
        TimeSpan span => Message.Float(span.TotalMilliseconds),
        _ => throw new ExpressionException($"the result is a {value.GetType().Name}, which no message kind carries"),
    };

    /// <summary>The value as text: a string as itself, anything else as plain JSON.</summary>
    public static string ToText(object? value) => value switch
    {
        null => "null",
        string text => text,
        _ => ToMessage(value) is var message && message.TryGetString(out string? s) ? s : MessageJson.ToJson(message),
    };
}
