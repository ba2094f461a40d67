using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Data;
using Reflow.Components.Expressions;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Flow;

/// <summary>flow/Switch: a message goes to the case port whose value equals its key, or to <c>default</c>.</summary>
[Component("flow/Switch", Description = "Computes each message's key (an expression; 'value' by default) and sends the message to 'caseN' where N is the position (1-8) of the first entry of 'cases' equal to the key (numbers by value), or to 'default'.")]
[InPort("in", Description = "Any message.")]
[OutPort("case1", Description = "Messages whose key equals cases[0].")]
[OutPort("case2", Description = "… cases[1].")]
[OutPort("case3", Description = "… cases[2].")]
[OutPort("case4", Description = "… cases[3].")]
[OutPort("case5", Description = "… cases[4].")]
[OutPort("case6", Description = "… cases[5].")]
[OutPort("case7", Description = "… cases[6].")]
[OutPort("case8", Description = "… cases[7].")]
[OutPort("default", Description = "Messages whose key matches no case.")]
[OutPort("error", PortType.Error, Description = "The key expression failed for a message.")]
[Config("cases", ConfigType.Array, Required = true, Description = "1 to 8 values, e.g. [\"red\", \"green\"]; entry i routes to 'case{i+1}'.")]
[Config("key", ConfigType.String, DefaultJson = "\"value\"", Description = "The expression whose result is compared with the cases, e.g. \"value.color\".")]
internal sealed class SwitchActor : StandardActor
{
    private const int MaxCases = 8;

    private MessageExpression _key = null!;
    private ImmutableArray<Message> _cases;
    private OutPort _default;

    protected override void Start(ActorContext context)
    {
        _key = ParseExpression(context, "key", "value", "value");
        context.Configuration.TryGetValue("cases", out Message cases);
        _cases = cases.AsArray();
        if (_cases.Length is 0 or > MaxCases)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'cases' must list 1 to {MaxCases} values, not {_cases.Length}"]);
        }

        _default = context.OutPort("default");
    }

    protected override void Handle(ActorContext context)
    {
        _key.Set(0, context.Message);
        if (!TryEvaluate(context, _key, out Message key))
        {
            return;
        }

        for (int i = 0; i < _cases.Length; i++)
        {
            if (MessageComparer.AreEqual(key, _cases[i]))
            {
                context.Emit(new OutPort(i), context.Message); // case ports are declared first, case1 at index 0
                return;
            }
        }

        context.Emit(_default, context.Message);
    }
}
