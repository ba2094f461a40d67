using System.Runtime.CompilerServices;

namespace Reflow.Messages;

/// <summary>Eight elements of inline (stack) storage to seed a <see cref="ValueListBuilder{T}"/>.</summary>
[InlineArray(8)]
internal struct InlineBuffer8<T>
{
    private T _element0;
}
