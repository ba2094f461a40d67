namespace Reflow.Server.Protocol;

/// <summary>
/// A protocol message the runtime refuses: malformed, naming something that does not exist, or not allowed. The
/// dispatcher answers it with an <c>error</c> message on the request's protocol (its text is this message) and goes on:
/// a bad message never closes the connection or stops the server.
/// </summary>
internal sealed class FbpProtocolException(string message, Exception? inner = null) : Exception(message, inner);
