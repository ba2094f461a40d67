using Reflow.Messages;

namespace Reflow.Actors;

/// <summary>One in-port or out-port of a component, as validation and tooling see it.</summary>
/// <param name="Name">The port name actors and graphs use (case-sensitive, no whitespace).</param>
/// <param name="Type">The messages it carries.</param>
/// <param name="Description">What the port is for.</param>
/// <param name="Required">For an in-port: the node cannot run unless the port is connected or has an IIP.</param>
/// <param name="Default">For an in-port: the value delivered at start when nothing else is connected.</param>
/// <remarks>
/// An <see cref="Addressable"/> port is an FBP array port: a graph connects its indexes one by one (<c>OUT[0]</c>,
/// <c>OUT[1]</c> in <c>.fbp</c>, <c>index</c> in the JSON formats), up to <see cref="MaxIndex"/>. A connection that
/// names no index takes the next free one, in the order the connections are written (as NoFlo does).
/// </remarks>
public sealed record PortDefinition(
    string Name,
    PortType Type = PortType.Any,
    string Description = "",
    bool Required = false,
    Message? Default = null)
{
    /// <summary>The port name.</summary>
    public string Name { get; } = ValidateName(Name);

    /// <summary>The port's description (never null).</summary>
    public string Description { get; } = Description ?? "";

    /// <summary>The highest index any addressable port takes; a port without a <see cref="MaxIndex"/> of its own goes up to it.</summary>
    public const int MaxIndexLimit = 65_535;

    /// <summary>The port is addressable (an FBP array port): its connections reach it by index.</summary>
    public bool Addressable { get; init; }

    /// <summary>For an <see cref="Addressable"/> port: the highest index it takes (0 to <see cref="MaxIndexLimit"/>); null for <see cref="MaxIndexLimit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above <see cref="MaxIndexLimit"/>.</exception>
    public int? MaxIndex
    {
        get;
        init
        {
            if (value is int max)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(MaxIndex));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(max, MaxIndexLimit, nameof(MaxIndex));
            }

            field = value;
        }
    }

    /// <summary>The highest index the port takes: <see cref="MaxIndex"/> or <see cref="MaxIndexLimit"/>; -1 for a plain port.</summary>
    public int HighestIndex => Addressable ? MaxIndex ?? MaxIndexLimit : -1;

    internal static string ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A port name must not be empty.", nameof(name));
        }

        foreach (char c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ArgumentException($"The port name '{name}' contains whitespace or a control character.", nameof(name));
            }
        }

        return name;
    }
}
