namespace Reflow.Actors;

/// <summary>
/// The type of message a port carries: one of the <see cref="Messages.MessageKind"/>s, or <see cref="Any"/>.
/// </summary>
/// <remarks>The names match the original system's port types, so graph files and plugins can use them as text.</remarks>
public enum PortType
{
    /// <summary>Any message.</summary>
    Any = 0,

    /// <summary>A Flow signal.</summary>
    Flow,

    /// <summary>Null.</summary>
    Null,

    /// <summary>A Boolean.</summary>
    Boolean,

    /// <summary>A 64-bit Integer.</summary>
    Integer,

    /// <summary>A 64-bit Float; an Integer is accepted too.</summary>
    Float,

    /// <summary>A String.</summary>
    String,

    /// <summary>Bytes.</summary>
    Bytes,

    /// <summary>An Array.</summary>
    Array,

    /// <summary>An Object.</summary>
    Object,

    /// <summary>An Error.</summary>
    Error,
}
