namespace Reflow.Components.Infrastructure;

/// <summary>
/// Declares one entry of a component's configuration (the node's metadata in the graph). The standard library
/// turns these into the component's <see cref="Actors.ComponentDescription.ConfigurationSchema"/> (a JSON Schema),
/// validates every node's configuration against it when the node starts, and lists them in <c>docs/components.md</c>.
/// </summary>
/// <param name="name">The metadata key.</param>
/// <param name="type">Its JSON type.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConfigAttribute(string name, ConfigType type) : Attribute
{
    /// <summary>The metadata key.</summary>
    public string Name { get; } = name;

    /// <summary>Its JSON type.</summary>
    public ConfigType Type { get; } = type;

    /// <summary>What it does.</summary>
    public string Description { get; init; } = "";

    /// <summary>The node cannot start without it.</summary>
    public bool Required { get; init; }

    /// <summary>The value used when it is absent, as plain JSON (documentation; the actor applies it).</summary>
    public string? DefaultJson { get; init; }

    /// <summary>The allowed values (strings), separated by <c>|</c>; empty when any value of the type is allowed.</summary>
    public string? OneOf { get; init; }

    /// <summary>The smallest allowed number, when <see cref="HasMinimum"/>.</summary>
    public double Minimum { get; init; } = double.NaN;

    /// <summary>Whether <see cref="Minimum"/> applies.</summary>
    public bool HasMinimum => !double.IsNaN(Minimum);
}
