using System.Runtime.CompilerServices;

namespace Reflow.Scheduling;

/// <summary>
/// A FIFO kept inside its owner (a mutable struct field, used by reference): no object of its own, and no array
/// until the first item. An actor cell has two of them that stay empty for almost every actor almost all the
/// time; as <see cref="Queue{T}"/> objects they cost ~80 bytes per idle actor.
/// </summary>
/// <remarks>Single-threaded (the cell's worker); never copy it (the copy would share the array, not the counts).</remarks>
internal struct CellQueue<T>
{
    private T[]? _items;
    private int _head;
    private int _count;

    public readonly int Count => _count;

    public void Enqueue(in T item)
    {
        if (_items is null || _count == _items.Length)
        {
            Grow();
        }

        _items![(_head + _count) % _items.Length] = item;
        _count++;
    }

    public bool TryPeek(out T item)
    {
        if (_count == 0)
        {
            item = default!;
            return false;
        }

        item = _items![_head];
        return true;
    }

    public bool TryDequeue(out T item)
    {
        if (_count == 0)
        {
            item = default!;
            return false;
        }

        item = _items![_head];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            _items[_head] = default!; // the queue must not keep a handled message alive
        }

        _head = (_head + 1) % _items.Length;
        _count--;
        return true;
    }

    public T Dequeue() => TryDequeue(out T item) ? item : throw new InvalidOperationException("The queue is empty.");

    private void Grow()
    {
        var items = new T[_items is null ? 4 : _items.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            items[i] = _items![(_head + i) % _items.Length];
        }

        _items = items;
        _head = 0;
    }
}
