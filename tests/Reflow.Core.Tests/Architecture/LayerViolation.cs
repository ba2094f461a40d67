namespace Reflow.Tests.Architecture;

/// <summary>One reference from a type of a lower layer to a type of a layer it may not use.</summary>
/// <param name="Type">The referencing type (a nested type is named by its outermost type's layer, and shown in full).</param>
/// <param name="Member">The member whose signature, body or attribute holds the reference; "(type)" for the type's own header.</param>
/// <param name="Reference">The full name of the type referenced.</param>
/// <param name="Via">Where the reference sits: base type, interface, field, method signature, method body, attribute, …</param>
public sealed record LayerViolation(string Type, string Member, string Reference, string Via)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type}.{Member} references {Reference} ({Via})";
}
