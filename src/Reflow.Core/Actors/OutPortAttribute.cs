namespace Reflow.Actors;

/// <summary>Declares an out-port on an <see cref="Actor"/> class; ports get indices in declaration order.</summary>
/// <param name="name">The port name.</param>
/// <param name="type">The messages it emits.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OutPortAttribute(string name, PortType type = PortType.Any) : Attribute
{
    /// <summary>The port name.</summary>
    public string Name { get; } = name;

    /// <summary>The messages it emits.</summary>
    public PortType Type { get; } = type;

    /// <summary>What the port is for.</summary>
    public string Description { get; init; } = "";
}
