using System.Buffers;
using System.Runtime.CompilerServices;

namespace Reflow.Messages;

/// <summary>
/// A list for decoders that do not know an element count in advance: it starts in caller-provided
/// (usually stack) storage and spills to <see cref="ArrayPool{T}"/> only when that is full, so a
/// small array or object costs just its final exact-size array.
/// </summary>
internal ref struct ValueListBuilder<T>
{
    private Span<T> _span;
    private T[]? _pooled;
    private int _count;

    public ValueListBuilder(Span<T> initial)
    {
        _span = initial;
        _pooled = null;
        _count = 0;
    }

    public readonly int Count => _count;

    public readonly ReadOnlySpan<T> AsSpan() => _span[.._count];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(T item)
    {
        int count = _count;
        Span<T> span = _span;
        if ((uint)count < (uint)span.Length)
        {
            span[count] = item;
            _count = count + 1;
        }
        else
        {
            AppendOnFull(item);
        }
    }

    public readonly T[] ToArray() => _count == 0 ? [] : _span[.._count].ToArray();

    /// <summary>Returns the pooled array, if any; clears it first when it may hold references.</summary>
    public void Dispose()
    {
        T[]? pooled = _pooled;
        if (pooled is not null)
        {
            _pooled = null;
            ArrayPool<T>.Shared.Return(pooled, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendOnFull(T item)
    {
        T[] grown = ArrayPool<T>.Shared.Rent(Math.Max(16, _span.Length * 2));
        _span.CopyTo(grown);
        Dispose();
        _pooled = grown;
        _span = grown;
        _span[_count++] = item;
    }
}
