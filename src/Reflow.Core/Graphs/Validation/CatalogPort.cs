namespace Reflow.Graphs.Validation;

/// <summary>One port of a component, as validation sees it.</summary>
/// <param name="Name">The port name the component declares.</param>
/// <param name="Type">Its type, as <see cref="PortTypes"/> spells it (<c>any</c>, <c>integer</c>, <c>array&lt;string&gt;</c>, …).</param>
/// <param name="Required">For an in-port: it must be connected, be sent an IIP, be exported or have a default.</param>
/// <param name="HasDefault">For an in-port: the component sends itself a default value when nothing else does.</param>
public sealed record CatalogPort(string Name, string Type = "any", bool Required = false, bool HasDefault = false)
{
    /// <summary>The port is addressable (an array port): connections may name an index, <c>OUT[2]</c>.</summary>
    public bool Addressable { get; init; }

    /// <summary>For an <see cref="Addressable"/> port: the highest index it takes; null for no limit of its own.</summary>
    public int? MaxIndex { get; init; }
}
