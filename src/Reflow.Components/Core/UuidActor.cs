using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Core;

/// <summary>core/Uuid: a new UUID per trigger.</summary>
[Component("core/Uuid", Description = "Emits a new UUID as text for each message on 'trigger': version 4 (random) or 7 (time-ordered, from the run's clock), lower-case with hyphens, after 'prefix'.")]
[InPort("trigger", Description = "Any message: asks for a UUID.")]
[OutPort("out", PortType.String, Description = "The UUID.")]
[Config("version", ConfigType.Integer, DefaultJson = "4", Minimum = 4, Description = "4 (random) or 7 (time-ordered).")]
[Config("prefix", ConfigType.String, DefaultJson = "\"\"", Description = "Text before the UUID.")]
internal sealed class UuidActor : StandardActor
{
    private bool _timeOrdered;
    private string _prefix = "";
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        long version = context.Configuration.GetInteger("version", 4);
        if (version is not (4 or 7))
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'version' must be 4 or 7, not {version}"]);
        }

        _timeOrdered = version == 7;
        _prefix = context.Configuration.GetString("prefix", "");
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        Guid id = _timeOrdered ? Guid.CreateVersion7(context.TimeProvider.GetUtcNow()) : Guid.NewGuid();
        context.Emit(_out, Message.String(_prefix + id.ToString("D")));
    }
}
