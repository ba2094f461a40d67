using Reflow.Actors;
using Reflow.Components.Infrastructure;

namespace Reflow.Components.Flow;

/// <summary>flow/Branch: a message goes to <c>true</c> or <c>false</c> by a condition.</summary>
[Component("flow/Branch", Description = "Sends each message to 'true' or 'false' by the condition (an expression; the message is 'value'). A condition that fails or gives no Boolean sends an Error to 'error'.")]
[InPort("in", Description = "Any message.")]
[OutPort("true", Description = "Messages the condition holds for.")]
[OutPort("false", Description = "Messages the condition does not hold for.")]
[OutPort("error", PortType.Error, Description = "The condition failed for a message (the Error says why).")]
[Config("condition", ConfigType.String, Required = true, Description = "The condition, e.g. \"value.temperature > 30\".")]
internal sealed class BranchActor() : ConditionRouterActor("true", "false");
