using Reflow.Messages;

namespace Reflow.Actors;

/// <summary>One in-port or out-port of a component, as validation and tooling see it.</summary>
/// <param name="Name">The port name actors and graphs use (case-sensitive, no whitespace).</param>
/// <param name="Type">The messages it carries.</param>
/// <param name="Description">What the port is for.</param>
/// <param name="Required">For an in-port: the node cannot run unless the port is connected or has an IIP.</param>
/// <param name="Default">For an in-port: the value delivered at start when nothing else is connected.</param>
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
