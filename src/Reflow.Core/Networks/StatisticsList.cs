namespace Reflow.Networks;

/// <summary>
/// The per-node or per-edge statistics of a finished run, made when first read. A run's counts are copied into
/// plain arrays when it finishes (a few bytes per element, nothing for the GC to trace); the records are built
/// from them on access. A network of a million nodes and two million edges used to allocate three million
/// records at the end of every run, whether anyone read them or not (measured: a sixth of a skynet run).
/// </summary>
/// <remarks>Safe to read from several threads: two readers may build the same element, and either copy is equal.</remarks>
internal sealed class StatisticsList<T>(int count, Func<int, T> create) : IReadOnlyList<T>
    where T : class
{
    private T?[]? _made;

    public int Count => count;

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)count, nameof(index));
            T?[] made = Volatile.Read(ref _made) ?? Interlocked.CompareExchange(ref _made, new T?[count], null) ?? _made!;
            return made[index] ??= create(index);
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
