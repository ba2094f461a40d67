using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reflow.Messages;

/// <summary>
/// The immutable payload of an Object message: string keys mapped to messages, in insertion order.
/// </summary>
/// <remarks>
/// <para>
/// Keys are unique (ordinal comparison) and never <see langword="null"/>; the factories reject
/// duplicates with an <see cref="ArgumentException"/> naming the key. Enumeration, <see cref="Keys"/>
/// and <see cref="Values"/> follow insertion order, which the codecs preserve.
/// </para>
/// <para>
/// Lookups scan the keys linearly for small objects (up to 8 entries, where that beats hashing) and
/// use an index built once at construction for larger ones. Equality ignores entry order.
/// </para>
/// </remarks>
[DebuggerDisplay("Count = {Count}")]
public sealed partial class MessageObject : IReadOnlyDictionary<string, Message>, IEquatable<MessageObject>
{
    // Up to this many entries a linear scan of the keys is cheaper than hashing the looked-up key.
    internal const int LinearSearchLimit = 8;

    private readonly string[] _keys;
    private readonly Message[] _values;
    private readonly Dictionary<string, int>? _index;

    /// <summary>Gets the object with no entries.</summary>
    public static MessageObject Empty { get; } = new([], [], null);

    private MessageObject(string[] keys, Message[] values, Dictionary<string, int>? index)
    {
        Debug.Assert(keys.Length == values.Length, "Keys and values must pair up.");
        _keys = keys;
        _values = values;
        _index = index;
    }

    /// <summary>Gets the number of entries.</summary>
    public int Count => _keys.Length;

    /// <summary>Gets the keys in insertion order (no copy).</summary>
    public ImmutableArray<string> Keys => ImmutableCollectionsMarshal.AsImmutableArray(_keys);

    /// <summary>Gets the values in insertion order (no copy).</summary>
    public ImmutableArray<Message> Values => ImmutableCollectionsMarshal.AsImmutableArray(_values);

    IEnumerable<string> IReadOnlyDictionary<string, Message>.Keys => _keys;

    IEnumerable<Message> IReadOnlyDictionary<string, Message>.Values => _values;

    /// <summary>Gets the value stored under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">The object has no such key.</exception>
    public Message this[string key]
    {
        get
        {
            int i = IndexOf(key);
            return i >= 0 ? _values[i] : ThrowHelper.ThrowKeyNotFound(key);
        }
    }

    /// <summary>Creates an object from key/value pairs, keeping their order.</summary>
    /// <param name="entries">The entries.</param>
    /// <returns>The object; <see cref="Empty"/> when there are no entries.</returns>
    /// <exception cref="ArgumentNullException">A key is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Two entries have the same key.</exception>
    [OverloadResolutionPriority(1)]
    public static MessageObject Create(params ReadOnlySpan<KeyValuePair<string, Message>> entries)
    {
        if (entries.IsEmpty)
        {
            return Empty;
        }

        var keys = new string[entries.Length];
        var values = new Message[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            keys[i] = entries[i].Key;
            values[i] = entries[i].Value;
        }

        return CreateChecked(keys, values, nameof(entries));
    }

    /// <summary>Creates an object from key/value pairs, keeping their order.</summary>
    /// <param name="entries">The entries.</param>
    /// <returns>The object; <see cref="Empty"/> when there are no entries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or a key is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Two entries have the same key.</exception>
    public static MessageObject Create(IEnumerable<KeyValuePair<string, Message>> entries)
    {
        if (entries is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(entries));
        }

        if (entries is MessageObject existing)
        {
            return existing;
        }

        KeyValuePair<string, Message>[] buffer = entries.ToArray();
        return Create(buffer.AsSpan());
    }

    /// <summary>Creates a builder that adds entries one at a time.</summary>
    /// <param name="capacity">The expected number of entries.</param>
    /// <returns>A new builder.</returns>
    public static Builder CreateBuilder(int capacity = 0) => new(capacity);

    /// <summary>Takes ownership of arrays a decoder has just filled; returns null on a duplicate key.</summary>
    internal static MessageObject? TryCreateOwned(string[] keys, Message[] values, out string? duplicateKey)
    {
        if (keys.Length == 0)
        {
            duplicateKey = null;
            return Empty;
        }

        Dictionary<string, int>? index = TryBuildIndex(keys, out duplicateKey);
        return duplicateKey is null ? new MessageObject(keys, values, index) : null;
    }

    private static MessageObject CreateChecked(string[] keys, Message[] values, string paramName)
    {
        foreach (string key in keys)
        {
            if (key is null)
            {
                ThrowHelper.ThrowNullKey(paramName);
            }
        }

        Dictionary<string, int>? index = TryBuildIndex(keys, out string? duplicate);
        if (duplicate is not null)
        {
            ThrowHelper.ThrowDuplicateKey(duplicate, paramName);
        }

        return new MessageObject(keys, values, index);
    }

    // Builds the lookup index for large objects, and finds a duplicate key for objects of any size.
    private static Dictionary<string, int>? TryBuildIndex(string[] keys, out string? duplicateKey)
    {
        duplicateKey = null;
        if (keys.Length <= LinearSearchLimit)
        {
            for (int i = 1; i < keys.Length; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (string.Equals(keys[i], keys[j]))
                    {
                        duplicateKey = keys[i];
                        return null;
                    }
                }
            }

            return null;
        }

        var index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++)
        {
            if (!index.TryAdd(keys[i], i))
            {
                duplicateKey = keys[i];
                return null;
            }
        }

        return index;
    }

    /// <summary>Gets the position of <paramref name="key"/> in insertion order.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The index of the entry, or -1 if the object has no such key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public int IndexOf(string key)
    {
        if (key is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(key));
        }

        if (_index is not null)
        {
            return _index.TryGetValue(key, out int found) ? found : -1;
        }

        string[] keys = _keys;
        for (int i = 0; i < keys.Length; i++)
        {
            if (string.Equals(keys[i], key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Gets whether the object has an entry for <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> if the key is present.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Gets the value stored under <paramref name="key"/>, if any.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or <c>default</c> (Flow) when the key is absent.</param>
    /// <returns><see langword="true"/> if the key is present.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryGetValue(string key, out Message value)
    {
        int i = IndexOf(key);
        if (i >= 0)
        {
            value = _values[i];
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Gets the key of the entry at <paramref name="index"/> in insertion order.</summary>
    /// <param name="index">The position, from 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The key.</returns>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public string GetKey(int index) => _keys[index];

    /// <summary>Gets the value of the entry at <paramref name="index"/> in insertion order.</summary>
    /// <param name="index">The position, from 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The value.</returns>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public Message GetValue(int index) => _values[index];

    /// <summary>Returns an enumerator over the entries in insertion order (does not allocate).</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, Message>> IEnumerable<KeyValuePair<string, Message>>.GetEnumerator() => GetBoxedEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetBoxedEnumerator();

    private IEnumerator<KeyValuePair<string, Message>> GetBoxedEnumerator()
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            yield return new KeyValuePair<string, Message>(_keys[i], _values[i]);
        }
    }

    /// <summary>
    /// Compares two objects: equal when they have the same keys with equal values, in any order.
    /// </summary>
    /// <param name="other">The object to compare with.</param>
    /// <returns><see langword="true"/> if the objects are equal.</returns>
    public bool Equals([NotNullWhen(true)] MessageObject? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Count != Count)
        {
            return false;
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        string[] keys = _keys;
        Message[] values = _values;
        string[] otherKeys = other._keys;
        Message[] otherValues = other._values;
        for (int i = 0; i < keys.Length; i++)
        {
            // Objects from the same producer usually share the key order, so try the same position
            // before looking the key up.
            int j = string.Equals(keys[i], otherKeys[i]) ? i : other.IndexOf(keys[i]);
            if (j < 0 || !values[i].Equals(otherValues[j]))
            {
                return false;
            }
        }

        // Same count, unique keys, and every key of this object found in the other: same key sets.
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MessageObject);

    /// <summary>Returns a hash code that does not depend on entry order, consistent with <see cref="Equals(MessageObject)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => GetHashCode(0);

    internal int GetHashCode(int depth)
    {
        // A sum is commutative, so the order of entries does not change it.
        int sum = 0;
        bool withValues = depth < Message.HashDepthLimit;
        for (int i = 0; i < _keys.Length; i++)
        {
            int entry = withValues
                ? HashCode.Combine(_keys[i], _values[i].GetHashCode(depth + 1))
                : _keys[i].GetHashCode();
            sum = unchecked(sum + entry);
        }

        return HashCode.Combine(_keys.Length, sum);
    }

    /// <summary>Returns the object as compact JSON-like text, for diagnostics (truncated when long).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => MessageText.Format(Message.Object(this), includeKind: false);

    /// <summary>Enumerates the entries of a <see cref="MessageObject"/> in insertion order.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, Message>>
    {
        private readonly MessageObject _owner;
        private int _index;

        internal Enumerator(MessageObject owner)
        {
            _owner = owner;
            _index = -1;
        }

        /// <summary>Gets the entry at the current position.</summary>
        public readonly KeyValuePair<string, Message> Current
        {
            get
            {
                if ((uint)_index >= (uint)_owner._keys.Length)
                {
                    ThrowHelper.ThrowEnumerationNotStarted();
                }

                return new(_owner._keys[_index], _owner._values[_index]);
            }
        }

        readonly object IEnumerator.Current => Current;

        /// <summary>Advances to the next entry.</summary>
        /// <returns><see langword="false"/> when there are no more entries.</returns>
        public bool MoveNext()
        {
            int next = _index + 1;
            if (next < _owner._keys.Length)
            {
                _index = next;
                return true;
            }

            _index = _owner._keys.Length;
            return false;
        }

        /// <summary>Moves back to before the first entry.</summary>
        public void Reset() => _index = -1;

        /// <summary>Does nothing; the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }
    }
}
