using Reflow.Messages;

namespace Reflow.Components.Tests;

/// <summary>Streams with brackets, written and read back in tests: "(" an open bracket, ")" a close one.</summary>
internal static class StreamValues
{
    /// <summary>An open bracket.</summary>
    public static Message Open => Message.OpenBracket();

    /// <summary>A close bracket.</summary>
    public static Message Close => Message.CloseBracket();

    /// <summary>Each message as plain JSON, brackets as "(" and ")" (with their value: "(\"a\"").</summary>
    public static string[] Render(IEnumerable<Message> messages) => [.. messages.Select(Render)];

    private static string Render(Message message)
    {
        string value = message.TryGetBracketValue(out Message carried) ? MessageJson.ToJson(carried) : "";
        return message.IsOpenBracket ? "(" + value : message.IsCloseBracket ? ")" + value : MessageJson.ToJson(message);
    }

    /// <summary>A bracket group of <paramref name="parts"/> in a <see cref="Stream"/>.</summary>
    public static Grouped Group(params object[] parts) => new(parts);

    /// <summary>Messages from ints, strings, messages and <see cref="Group"/>s: Stream(1, Group(2, 3), 4).</summary>
    public static Message[] Stream(params object[] parts)
    {
        var messages = new List<Message>();
        foreach (object part in parts)
        {
            switch (part)
            {
                case Grouped inner:
                    messages.Add(Open);
                    messages.AddRange(Stream(inner.Parts));
                    messages.Add(Close);
                    break;
                case Message message:
                    messages.Add(message);
                    break;
                case int number:
                    messages.Add(Message.Integer(number));
                    break;
                case string text:
                    messages.Add(Message.String(text));
                    break;
                default:
                    throw new ArgumentException($"Cannot make a message of {part}.", nameof(parts));
            }
        }

        return [.. messages];
    }

    /// <summary>A bracket group's parts.</summary>
    internal sealed record Grouped(object[] Parts);
}
