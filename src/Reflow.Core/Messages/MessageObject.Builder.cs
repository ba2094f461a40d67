namespace Reflow.Messages;

public sealed partial class MessageObject
{
    /// <summary>
    /// Collects entries for a <see cref="MessageObject"/> one at a time, rejecting duplicate keys as
    /// they are added. Not thread-safe.
    /// </summary>
    public sealed class Builder
    {
        private readonly List<string> _keys;
        private readonly List<Message> _values;

        // Created once the builder outgrows a linear duplicate check.
        private HashSet<string>? _seen;

        internal Builder(int capacity)
        {
            if (capacity < 0)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(capacity), capacity, "Capacity must not be negative.");
            }

            _keys = new List<string>(capacity);
            _values = new List<Message>(capacity);
        }

        /// <summary>Gets the number of entries added so far.</summary>
        public int Count => _keys.Count;

        /// <summary>Adds an entry after the ones already added.</summary>
        /// <param name="key">The key; must not already be present.</param>
        /// <param name="value">The value.</param>
        /// <returns>This builder, to chain calls.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
        /// <exception cref="ArgumentException"><paramref name="key"/> was already added.</exception>
        public Builder Add(string key, Message value)
        {
            if (key is null)
            {
                ThrowHelper.ThrowNullKey(nameof(key));
            }

            if (ContainsKey(key))
            {
                ThrowHelper.ThrowDuplicateKey(key, nameof(key));
            }

            _seen?.Add(key);
            _keys.Add(key);
            _values.Add(value);
            return this;
        }

        /// <summary>Gets whether <paramref name="key"/> was already added.</summary>
        /// <param name="key">The key.</param>
        /// <returns><see langword="true"/> if the key is present.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
        public bool ContainsKey(string key)
        {
            if (key is null)
            {
                ThrowHelper.ThrowArgumentNull(nameof(key));
            }

            if (_seen is not null)
            {
                return _seen.Contains(key);
            }

            if (_keys.Count < LinearSearchLimit)
            {
                return _keys.Contains(key);
            }

            _seen = new HashSet<string>(_keys, StringComparer.Ordinal);
            return _seen.Contains(key);
        }

        /// <summary>Creates an object holding the entries added so far; the builder stays usable.</summary>
        /// <returns>The object.</returns>
        public MessageObject ToMessageObject()
        {
            if (_keys.Count == 0)
            {
                return Empty;
            }

            // Keys are already known to be unique and non-null, so only the lookup index is built.
            string[] keys = _keys.ToArray();
            return new MessageObject(keys, _values.ToArray(), TryBuildIndex(keys, out _));
        }

        /// <summary>Removes every entry so the builder can be reused.</summary>
        public void Clear()
        {
            _keys.Clear();
            _values.Clear();
            _seen = null;
        }
    }
}
