using Reflow.Messages;

namespace Reflow.Actors;

/// <summary>Which messages a port accepts and which ports may be connected: the original system's rules.</summary>
public static class PortTypeRules
{
    /// <summary>Whether a port of type <paramref name="port"/> accepts a message of kind <paramref name="kind"/>.</summary>
    /// <remarks>
    /// <see cref="PortType.Any"/> accepts everything; a <see cref="PortType.Float"/> port also accepts an Integer; every
    /// port accepts brackets, which mark the stream's groups rather than carry its data.
    /// </remarks>
    public static bool Accepts(this PortType port, MessageKind kind) => port switch
    {
        _ when kind is MessageKind.OpenBracket or MessageKind.CloseBracket => true,
        PortType.Any => true,
        PortType.Float => kind is MessageKind.Float or MessageKind.Integer,
        _ => (int)port - 1 == (int)kind,
    };

    /// <summary>
    /// Whether an edge from an out-port of type <paramref name="from"/> to an in-port of type <paramref name="to"/>
    /// is type-correct: either side <see cref="PortType.Any"/>, equal types, or Integer into Float.
    /// </summary>
    public static bool CanConnect(PortType from, PortType to) =>
        from == PortType.Any || to == PortType.Any || from == to || (from == PortType.Integer && to == PortType.Float);

    /// <summary>The port type that carries exactly <paramref name="kind"/>; <see cref="PortType.Any"/> for a bracket (any port carries them).</summary>
    public static PortType ToPortType(this MessageKind kind) =>
        kind is MessageKind.OpenBracket or MessageKind.CloseBracket ? PortType.Any : (PortType)((int)kind + 1);
}
