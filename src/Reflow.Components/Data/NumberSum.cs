using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>
/// A sum that stays an Integer while every term was an Integer and it fits, and becomes a Float otherwise (the rule of
/// math/Sum). The default value is the empty sum, Integer 0.
/// </summary>
internal struct NumberSum
{
    private long _integer;
    private double _float;
    private bool _fractional; // a Float term, or an Integer overflow, made it a Float

    /// <summary>Adds a number (an Integer or a Float; the caller checked).</summary>
    public void Add(in Message number)
    {
        if (number.TryGetInteger(out long term))
        {
            _float += term;
            if (!_fractional)
            {
                long sum = unchecked(_integer + term);
                _fractional = ((_integer ^ sum) & (term ^ sum)) < 0; // overflow: both operands' sign differs from the sum's
                _integer = sum;
            }

            return;
        }

        _float += number.AsFloat();
        _fractional = true;
    }

    /// <summary>Adds another sum.</summary>
    public void Add(in NumberSum other)
    {
        _float += other._float;
        if (!_fractional && !other._fractional)
        {
            long sum = unchecked(_integer + other._integer);
            _fractional = ((_integer ^ sum) & (other._integer ^ sum)) < 0;
            _integer = sum;
            return;
        }

        _fractional = true;
    }

    /// <summary>The sum as a message.</summary>
    public readonly Message ToMessage() => _fractional ? Message.Float(_float) : Message.Integer(_integer);
}
