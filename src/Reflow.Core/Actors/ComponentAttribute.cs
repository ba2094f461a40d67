namespace Reflow.Actors;

/// <summary>Names and describes an <see cref="Actor"/> class registered with <see cref="Component.FromActor{TActor}"/>.</summary>
/// <param name="name">The stable component name, e.g. <c>math/Add</c>; the class name when the attribute is absent.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ComponentAttribute(string name) : Attribute
{
    /// <summary>The component name.</summary>
    public string Name { get; } = name;

    /// <summary>What the component does.</summary>
    public string Description { get; init; } = "";

    /// <summary>When the runtime calls the actor.</summary>
    public InputMode InputMode { get; init; }

    /// <summary>The actor may block: it runs on the isolated blocking pool.</summary>
    public bool MayBlock { get; init; }

    /// <summary>The execution pool the actors run on by default (<see cref="ComponentDescription.Pool"/>).</summary>
    public string? Pool { get; init; }

    /// <summary>A JSON Schema for the node configuration.</summary>
    public string? ConfigurationSchema { get; init; }
}
