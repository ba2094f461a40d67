namespace Reflow.Messages;

/// <summary>The kind of value a <see cref="Message"/> carries.</summary>
/// <remarks>
/// The numeric values are part of the binary format (<see cref="MessageFormatter"/> writes them as the
/// kind byte), so they must never be renumbered.
/// </remarks>
public enum MessageKind
{
    /// <summary>A signal with no data; <c>default(Message)</c> is a Flow message.</summary>
    Flow = 0,

    /// <summary>The absence of a value (JSON <c>null</c>).</summary>
    Null,

    /// <summary>A <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>A 64-bit signed integer.</summary>
    Integer,

    /// <summary>A 64-bit IEEE 754 floating-point number.</summary>
    Float,

    /// <summary>A UTF-16 string.</summary>
    String,

    /// <summary>An immutable sequence of bytes.</summary>
    Bytes,

    /// <summary>An immutable ordered list of messages.</summary>
    Array,

    /// <summary>An immutable, insertion-ordered map from string keys to messages (<see cref="MessageObject"/>).</summary>
    Object,

    /// <summary>An error description (a string) travelling as data.</summary>
    Error,

    /// <summary>
    /// The start of a group of messages (an FBP open bracket), optionally carrying a value such as the group's
    /// name. Components forward brackets unless they handle them (see <c>Actor.OnBracket</c>).
    /// </summary>
    OpenBracket,

    /// <summary>The end of the group the matching <see cref="OpenBracket"/> started, optionally carrying a value.</summary>
    CloseBracket,
}
