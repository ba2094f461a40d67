using Reflow.Actors;
using Reflow.Components.Infrastructure;

namespace Reflow.Components.Flow;

/// <summary>flow/Filter: messages that pass a condition go on; the others go to <c>failed</c>, never lost.</summary>
[Component("flow/Filter", Description = "Passes the messages the condition holds for (an expression; the message is 'value') to 'passed'; the rest go to 'failed'.")]
[InPort("in", Description = "Any message.")]
[OutPort("passed", Description = "Messages the condition holds for.")]
[OutPort("failed", Description = "Messages it does not hold for.")]
[OutPort("error", PortType.Error, Description = "The condition failed for a message (the Error says why).")]
[Config("condition", ConfigType.String, Required = true, Description = "The condition, e.g. \"len(value.tags) > 0\".")]
internal sealed class FilterActor() : ConditionRouterActor("passed", "failed");
