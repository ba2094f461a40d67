using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Reflow.Messages;

/// <summary>
/// Throw sites for the message types. Keeping the <c>throw</c> (and the string formatting) out of the
/// callers keeps hot accessors small enough to inline, and <see cref="StackTraceHiddenAttribute"/> keeps
/// these frames out of user-visible stack traces.
/// </summary>
[StackTraceHidden]
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static T ThrowKindMismatch<T>(in Message message, MessageKind expected) =>
        throw new InvalidOperationException($"Message is {message.Kind}, not {expected}.");

    [DoesNotReturn]
    public static void ThrowArgumentNull(string paramName) => throw new ArgumentNullException(paramName);

    [DoesNotReturn]
    public static void ThrowArgument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowNullKey(string paramName) =>
        throw new ArgumentNullException(paramName, "Object keys must not be null.");

    [DoesNotReturn]
    public static void ThrowDuplicateKey(string key, string paramName) =>
        throw new ArgumentException($"Duplicate object key \"{key}\": keys of a message object must be unique.", paramName);

    [DoesNotReturn]
    public static Message ThrowKeyNotFound(string key) =>
        throw new KeyNotFoundException($"The message object has no key \"{key}\".");

    [DoesNotReturn]
    public static void ThrowEnumerationNotStarted() =>
        throw new InvalidOperationException("Enumeration has not started or has already finished.");

    [DoesNotReturn]
    public static void ThrowDepthExceeded(string format) =>
        throw new MessageFormatException(
            $"The message is nested deeper than {Message.MaxDepth} arrays/objects, so it cannot be written as {format}.");

    [DoesNotReturn]
    public static void ThrowEndOfEdgeNotWritable(string format) =>
        throw new InvalidOperationException(
            $"The engine's end-of-edge marker cannot be written as {format}: it never leaves the engine, so writing it is a bug in the caller.");

    [DoesNotReturn]
    public static void ThrowBracketNotPlainJson(MessageKind kind) =>
        throw new MessageFormatException(
            $"A bracket ({kind}) has no plain JSON form: it is a stream boundary, not a value; write it in the tagged form "
            + "(MessageJson.WriteTagged, ToTaggedJson), or handle brackets before writing plain JSON.");

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, object? actual, string message) =>
        throw new ArgumentOutOfRangeException(paramName, actual, message);
}
