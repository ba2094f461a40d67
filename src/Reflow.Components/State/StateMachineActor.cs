using System.Collections.Immutable;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.State;

/// <summary>state/StateMachine: a finite state machine whose transitions come from the configuration.</summary>
[Component("state/StateMachine", Description = "A finite state machine: starts in 'initial' (emitted on 'state' at start); each event (a String, or an Object with an \"event\" String) follows the first transition {\"from\", \"event\", \"to\"} that matches the current state (\"*\" matches any), emits the new state on 'state' and {\"from\", \"to\", \"event\"} on 'changed'. An event with no transition from the current state goes to 'error' and the state stays.")]
[InPort("event", Description = "An event name (String), or an Object with an \"event\" String.")]
[OutPort("state", PortType.String, Description = "The state at start and after each transition.")]
[OutPort("changed", PortType.Object, Description = "{\"from\", \"to\", \"event\"} for each transition.")]
[OutPort("error", PortType.Error, Description = "An event with no transition from the current state, or input that is not an event.")]
[Config("initial", ConfigType.String, Required = true, Description = "The first state.")]
[Config("transitions", ConfigType.Array, Required = true, Description = "[{\"from\": state or \"*\", \"event\": name, \"to\": state}, …], tried in order.")]
internal sealed class StateMachineActor : StandardActor
{
    private (string From, string Event, string To)[] _transitions = [];
    private string _state = "";
    private OutPort _stateOut;
    private OutPort _changed;

    protected override void Start(ActorContext context)
    {
        _state = context.Configuration.GetString("initial", "");
        context.Configuration.TryGetValue("transitions", out Message transitions);
        ImmutableArray<Message> list = transitions.AsArray();
        _transitions = new (string, string, string)[list.Length];
        for (int i = 0; i < list.Length; i++)
        {
            if (!list[i].TryGetObject(out MessageObject? t) || !Text(t, "from", out string? from) || !Text(t, "event", out string? name) || !Text(t, "to", out string? to))
            {
                throw new ActorConfigurationException(context.NodeId, [$"configuration 'transitions' entry {i} must be {{\"from\", \"event\", \"to\"}} Strings, not {list[i]}"]);
            }

            _transitions[i] = (from, name, to);
        }

        _stateOut = context.OutPort("state");
        _changed = context.OutPort("changed");
        context.Emit(_stateOut, Message.String(_state));
    }

    private static bool Text(MessageObject fields, string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = null;
        return fields.TryGetValue(key, out Message m) && m.TryGetString(out value);
    }

    protected override void Handle(ActorContext context)
    {
        Message input = context.Message;
        if (!input.TryGetString(out string? name) && !(input.TryGetObject(out MessageObject? fields) && Text(fields, "event", out name)))
        {
            Fail(context, $"expects an event name (String) or {{\"event\": String}}, got {input}");
            return;
        }

        foreach ((string from, string @event, string to) in _transitions)
        {
            if (@event == name && (from == "*" || from == _state))
            {
                string previous = _state;
                _state = to;
                context.Emit(_stateOut, Message.String(to));
                context.Emit(_changed, Message.Object(new("from", Message.String(previous)), new("to", Message.String(to)), new("event", Message.String(name))));
                return;
            }
        }

        Fail(context, $"no transition for event '{name}' from state '{_state}'; the state stays '{_state}'");
    }
}
