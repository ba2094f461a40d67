using System.Globalization;
using Reflow.Messages;

namespace Reflow.Testing;

/// <summary>
/// Messages as text for assertions and failure reports, and plain .NET values as messages for expectations.
/// </summary>
public static class MessageText
{
    /// <summary>
    /// The message as plain JSON; an open bracket as <c>(</c> and a close one as <c>)</c>, followed by the JSON of the
    /// value it carries, if any (<c>("a"</c>); an Error message as <c>error: text</c>.
    /// </summary>
    public static string Render(Message message)
    {
        if (message.IsBracket)
        {
            string carried = message.TryGetBracketValue(out Message value) ? MessageJson.ToJson(value) : "";
            return (message.IsOpenBracket ? "(" : ")") + carried;
        }

        return message.Kind == MessageKind.Error ? "error: " + message.AsError() : MessageJson.ToJson(message);
    }

    /// <summary>Each message rendered by <see cref="Render(Message)"/>.</summary>
    public static IReadOnlyList<string> Render(IEnumerable<Message> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return [.. messages.Select(Render)];
    }

    /// <summary>
    /// The message a plain value stands for in an expectation: a <see cref="Message"/> as it is; integers as
    /// Integer; <see cref="double"/>, <see cref="float"/> and <see cref="decimal"/> as Float; strings as String;
    /// booleans as Boolean; null as Null.
    /// </summary>
    /// <exception cref="ArgumentException">The value has no message form (its type is named).</exception>
    public static Message ToMessage(object? value) => value switch
    {
        null => Message.Null,
        Message message => message,
        string text => Message.String(text),
        bool flag => Message.Boolean(flag),
        int or long or short or byte or sbyte or ushort or uint => Message.Integer(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        double or float or decimal => Message.Float(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException(
            $"Cannot use a {value.GetType().Name} as an expected message: give a Message, a number, a string, a bool or null.",
            nameof(value)),
    };
}
