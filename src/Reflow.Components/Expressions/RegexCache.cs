using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Reflow.Components.Expressions;

/// <summary>
/// The regular expressions an expression builds from patterns it only knows when it runs (a pattern read from the
/// message): at most <see cref="Capacity"/> of them, the least recently used one making room for a new one, so a
/// pattern that changes with every message costs a compilation each time but never grows the memory. Owned by one
/// expression, hence one actor: not thread-safe.
/// </summary>
internal sealed class RegexCache
{
    private readonly Dictionary<string, (Regex Regex, long LastUse)> _entries;
    private long _clock;

    /// <summary>Creates an empty cache of <paramref name="capacity"/> patterns.</summary>
    public RegexCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new(capacity, StringComparer.Ordinal);
    }

    /// <summary>The most patterns kept.</summary>
    public int Capacity { get; }

    /// <summary>The patterns kept now.</summary>
    public int Count => _entries.Count;

    /// <summary>The regular expression of <paramref name="pattern"/>, built by <paramref name="create"/> on a miss.</summary>
    public Regex GetOrAdd(string pattern, Func<string, Regex> create)
    {
        ref (Regex Regex, long LastUse) entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, pattern);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
        {
            entry.LastUse = ++_clock;
            return entry.Regex;
        }

        return AddOnMiss(pattern, create);
    }

    private Regex AddOnMiss(string pattern, Func<string, Regex> create)
    {
        Regex regex = create(pattern); // first, so a bad pattern evicts nothing
        if (_entries.Count >= Capacity)
        {
            string? oldest = null;
            long oldestUse = long.MaxValue;
            foreach (KeyValuePair<string, (Regex Regex, long LastUse)> entry in _entries)
            {
                if (entry.Value.LastUse < oldestUse)
                {
                    (oldest, oldestUse) = (entry.Key, entry.Value.LastUse);
                }
            }

            _entries.Remove(oldest!);
        }

        _entries.Add(pattern, (regex, ++_clock));
        return regex;
    }
}
