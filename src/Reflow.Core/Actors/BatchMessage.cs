using Reflow.Messages;

namespace Reflow.Actors;

/// <summary>One message of a batch handed to <see cref="BatchActor.ReceiveBatch"/>, with where it came in.</summary>
/// <param name="InPortIndex">The index of the in-port it arrived on (its name: <c>context.Component.InPorts[InPortIndex].Name</c>).</param>
/// <param name="InPortElement">The index of the addressable in-port it came in on (<c>IN[2]</c>: 2); -1 for a plain port.</param>
/// <param name="Message">The message.</param>
public readonly record struct BatchMessage(int InPortIndex, int InPortElement, Message Message);
