using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Maths;

/// <summary>
/// math/Sum, math/Average and math/Statistics: running figures over every number received since the start or the
/// last <c>reset</c>, emitted after each number. The mean and variance use Welford's update, which stays accurate
/// over long streams where a sum of squares would lose its digits.
/// </summary>
internal sealed class RunningStatisticsActor(RunningKind kind) : StandardActor
{
    private const int In = 0;

    private long _count;
    private long _integerSum;
    private bool _integral = true; // every input so far was an Integer and the sum fits: the sum stays an Integer
    private double _sum;
    private double _mean;
    private double _m2;
    private double _min;
    private double _max;
    private OutPort _out;

    /// <summary>The description of the component for <paramref name="kind"/>.</summary>
    public static ComponentDescription Describe(RunningKind kind, string does, PortType output) => new(
        "math/" + kind,
        [
            new PortDefinition("in", PortType.Float, "A number."),
            new PortDefinition("reset", PortType.Any, "Starts over (the message itself is ignored)."),
        ],
        [
            new PortDefinition("out", output, "The running figure after each number."),
            new PortDefinition("error", PortType.Error, "Input that is not a number (it is not counted)."),
        ],
        does);

    protected override void Start(ActorContext context) => _out = context.OutPort("out");

    protected override void Handle(ActorContext context)
    {
        if (context.InPortIndex != In)
        {
            (_count, _integerSum, _integral, _sum, _mean, _m2, _min, _max) = (0, 0, true, 0, 0, 0, 0, 0);
            return;
        }

        Message value = context.Message;
        if (!Arithmetic.IsNumber(value))
        {
            FailType(context, "a number (Integer or Float)", value);
            return;
        }

        Add(value);
        context.Emit(_out, kind switch
        {
            RunningKind.Sum => _integral ? Message.Integer(_integerSum) : Message.Float(_sum),
            RunningKind.Average => Message.Float(_mean),
            _ => Summary(),
        });
    }

    private void Add(in Message value)
    {
        double x = Arithmetic.ToDouble(value);
        _count++;
        _sum += x;
        if (_integral)
        {
            _integral = value.TryGetInteger(out long integer) && !Overflows(_integerSum, integer);
            _integerSum = _integral ? _integerSum + integer : 0;
        }

        double delta = x - _mean;
        _mean += delta / _count;
        _m2 += delta * (x - _mean);
        _min = _count == 1 ? x : System.Math.Min(_min, x);
        _max = _count == 1 ? x : System.Math.Max(_max, x);
    }

    private static bool Overflows(long sum, long add) => add > 0 ? sum > long.MaxValue - add : sum < long.MinValue - add;

    private Message Summary()
    {
        double variance = _m2 / _count;
        return Message.Object(
            new("count", Message.Integer(_count)),
            new("sum", _integral ? Message.Integer(_integerSum) : Message.Float(_sum)),
            new("mean", Message.Float(_mean)),
            new("min", Message.Float(_min)),
            new("max", Message.Float(_max)),
            new("variance", Message.Float(variance)),
            new("stddev", Message.Float(System.Math.Sqrt(variance))));
    }
}
