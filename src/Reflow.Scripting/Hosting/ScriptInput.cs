using Reflow.Messages;

namespace Reflow.Scripting;

/// <summary>One message for a script: the in-port it arrived on (index and name), the index of an addressable port (-1 otherwise), and the message.</summary>
/// <param name="InPort">The in-port's index in the declaration.</param>
/// <param name="Port">The in-port's name.</param>
/// <param name="Index">The index of an addressable in-port the message arrived at; -1 for a plain port.</param>
/// <param name="Message">The message.</param>
public readonly record struct ScriptInput(int InPort, string Port, int Index, Message Message);
