using Reflow.Messages;

namespace Reflow.Actors;

/// <summary>A message that could not be delivered; see <see cref="Networks.Network.DeadLetters"/>.</summary>
/// <param name="NodeId">The node it was addressed to.</param>
/// <param name="InPort">The in-port it was addressed to.</param>
/// <param name="Message">The message.</param>
/// <param name="Reason">Why it was not delivered.</param>
public sealed record DeadLetter(string NodeId, string InPort, Message Message, DeadLetterReason Reason);
