using Reflow.Messages;

namespace Reflow.Components.Tests;

/// <summary>Short ways to write messages in tests.</summary>
internal static class Values
{
    /// <summary>The message of a plain JSON text.</summary>
    public static Message Msg(string json) => MessageJson.Parse(json);

    /// <summary>Integer messages.</summary>
    public static Message[] Integers(params long[] values) => [.. values.Select(Message.Integer)];

    /// <summary>Float messages.</summary>
    public static Message[] Floats(params double[] values) => [.. values.Select(Message.Float)];

    /// <summary>String messages.</summary>
    public static Message[] Strings(params string[] values) => [.. values.Select(Message.String)];

    /// <summary>The plain JSON of each message.</summary>
    public static string[] ToJson(IEnumerable<Message> messages) => [.. messages.Select(MessageJson.ToJson)];
}
