using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Maths;

/// <summary>math/Random: a random number per trigger; seeded, it repeats exactly (for tests and replays).</summary>
[Component("math/Random", Description = "Emits a random number for each message on 'trigger': a Float in ['min', 'max'), or with 'integer' an Integer in ['min', 'max'] inclusive. With 'seed', the sequence is the same on every run.")]
[InPort("trigger", Description = "Any message: asks for a number.")]
[OutPort("out", PortType.Float, Description = "The number.")]
[Config("min", ConfigType.Number, DefaultJson = "0", Description = "The lower bound.")]
[Config("max", ConfigType.Number, DefaultJson = "1", Description = "The upper bound (exclusive for Floats, inclusive for Integers).")]
[Config("integer", ConfigType.Boolean, DefaultJson = "false", Description = "Emit Integers.")]
[Config("seed", ConfigType.Integer, Description = "Makes the sequence repeatable.")]
internal sealed class RandomActor : StandardActor
{
    private Random _random = Random.Shared;
    private double _min;
    private double _max;
    private bool _integer;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _min = context.Configuration.GetFloat("min", 0);
        _max = context.Configuration.GetFloat("max", 1);
        _integer = context.Configuration.GetBoolean("integer", false);
        if (_max < _min || (_integer && System.Math.Ceiling(_min) > System.Math.Floor(_max)))
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'min' ({_min}) and 'max' ({_max}) leave no value to draw"]);
        }

        if (context.Configuration.TryGetValue("seed", out Message seed))
        {
            _random = new Random((int)seed.AsInteger());
        }

        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context) =>
        context.Emit(_out, _integer
            ? Message.Integer(_random.NextInt64((long)System.Math.Ceiling(_min), (long)System.Math.Floor(_max) + 1))
            : Message.Float(_min + (_random.NextDouble() * (_max - _min))));
}
