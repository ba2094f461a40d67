namespace Reflow.Messages;

/// <summary>
/// The per-kind sentinel stored in <c>Message._ref</c> for Boolean, Integer and Float messages, so the
/// value itself fits in <c>_bits</c> and scalars never allocate.
/// </summary>
/// <remarks>
/// Sealed so that <c>_ref is ScalarTag</c> compiles to a single method-table compare, and the three
/// instances are compared by reference on the hot accessors.
/// </remarks>
internal sealed class ScalarTag
{
    public static readonly ScalarTag Boolean = new(MessageKind.Boolean);
    public static readonly ScalarTag Integer = new(MessageKind.Integer);
    public static readonly ScalarTag Float = new(MessageKind.Float);

    public readonly MessageKind Kind;

    private ScalarTag(MessageKind kind) => Kind = kind;

    public override string ToString() => Kind.ToString();
}
