using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>
/// A value per key in the order keys first arrived: the state of data/CountBy, data/SumBy and data/GroupBy.
/// Keys compare structurally (<see cref="Message.Equals(Message)"/>: a String key hashes its text, so looking one up
/// allocates nothing); memory grows with the number of distinct keys, not with the items.
/// </summary>
/// <typeparam name="T">The value kept per key.</typeparam>
internal sealed class KeyedTable<T>
{
    private readonly Dictionary<Message, int> _index = [];
    private Message[] _keys = new Message[8];
    private T[] _values = new T[8];

    /// <summary>How many keys.</summary>
    public int Count { get; private set; }

    /// <summary>The value of <paramref name="key"/>, added as <c>default</c> when new (<paramref name="added"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T GetOrAdd(in Message key, out bool added)
    {
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists);
        added = !exists;
        if (added)
        {
            slot = Append(key);
        }

        return ref _values[slot];
    }

    /// <summary>The key at <paramref name="position"/> (order of first arrival).</summary>
    public Message KeyAt(int position) => _keys[position];

    /// <summary>The value at <paramref name="position"/>.</summary>
    public ref T ValueAt(int position) => ref _values[position];

    /// <summary>Forgets every key.</summary>
    public void Clear()
    {
        _index.Clear();
        Array.Clear(_keys, 0, Count);
        Array.Clear(_values, 0, Count);
        Count = 0;
    }

    private int Append(in Message key)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }

        _keys[Count] = key;
        return Count++;
    }
}
