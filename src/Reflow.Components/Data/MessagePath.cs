using System.Collections.Immutable;
using System.Globalization;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>
/// A path into a message: field names and array indices separated by dots (<c>address.city</c>, <c>items.0.name</c>).
/// Reading follows Objects by key and Arrays by index; writing returns a new message (messages are immutable), with
/// the Objects on the way created when missing.
/// </summary>
internal sealed class MessagePath
{
    private readonly string[] _segments;

    private MessagePath(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; the empty path is the message itself.</summary>
    /// <exception cref="ArgumentException">A segment is empty (<c>a..b</c>).</exception>
    public static MessagePath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return new MessagePath(text, []);
        }

        string[] segments = text.Split('.');
        if (segments.Any(s => s.Length == 0))
        {
            throw new ArgumentException($"The path '{text}' has an empty segment.", nameof(text));
        }

        return new MessagePath(text, segments);
    }

    /// <summary>The value at the path, if every step exists.</summary>
    public bool TryGet(in Message root, out Message value) => TryGet(root, 0, out value);

    /// <summary>The value at the path below its first <paramref name="skip"/> segments.</summary>
    public bool TryGet(in Message root, int skip, out Message value)
    {
        value = root;
        for (int i = skip; i < _segments.Length; i++)
        {
            if (!TryStep(value, _segments[i], out value))
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    /// <summary>A copy of <paramref name="root"/> with <paramref name="value"/> at the path.</summary>
    /// <exception cref="InvalidOperationException">A step is not an Object (or an Array with that index); the message says where.</exception>
    public Message Set(in Message root, in Message value) => Set(root, 0, value);

    /// <summary>A copy of <paramref name="root"/> without the entry at the path; <paramref name="removed"/> says whether there was one.</summary>
    public Message Remove(in Message root, out bool removed)
    {
        if (_segments.Length == 0)
        {
            throw new InvalidOperationException("The empty path names the whole message, which cannot be removed from itself.");
        }

        MessagePath parent = new(Text, _segments[..^1]);
        if (!parent.TryGet(root, out Message container) || !container.TryGetObject(out MessageObject? fields) || !fields.ContainsKey(_segments[^1]))
        {
            removed = false;
            return root;
        }

        MessageObject.Builder builder = MessageObject.CreateBuilder(fields.Count - 1);
        foreach (KeyValuePair<string, Message> field in fields)
        {
            if (field.Key != _segments[^1])
            {
                builder.Add(field.Key, field.Value);
            }
        }

        removed = true;
        return parent.Set(root, Message.Object(builder.ToMessageObject()));
    }

    private Message Set(in Message current, int depth, in Message value)
    {
        if (depth == _segments.Length)
        {
            return value;
        }

        string segment = _segments[depth];
        if (current.TryGetArray(out ImmutableArray<Message> items))
        {
            if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= items.Length)
            {
                throw new InvalidOperationException($"'{Prefix(depth)}' is an Array of {items.Length}; '{segment}' is not an index in it.");
            }

            return Message.Array(items.SetItem(index, Set(items[index], depth + 1, value)));
        }

        MessageObject fields;
        if (current.TryGetObject(out MessageObject? existing))
        {
            fields = existing;
        }
        else if (current.IsNull || current.IsFlow)
        {
            fields = MessageObject.Empty; // a missing step becomes an Object
        }
        else
        {
            throw new InvalidOperationException($"'{Prefix(depth)}' is {current.Kind}, so it has no field '{segment}'.");
        }

        fields.TryGetValue(segment, out Message child); // Flow when absent: created below
        Message updated = Set(child, depth + 1, value);
        MessageObject.Builder builder = MessageObject.CreateBuilder(fields.Count + 1);
        bool replaced = false;
        foreach (KeyValuePair<string, Message> field in fields)
        {
            bool match = field.Key == segment;
            replaced |= match;
            builder.Add(field.Key, match ? updated : field.Value);
        }

        if (!replaced)
        {
            builder.Add(segment, updated);
        }

        return Message.Object(builder.ToMessageObject());
    }

    private string Prefix(int depth) => depth == 0 ? "(the message)" : string.Join('.', _segments[..depth]);

    /// <summary>One step: an Object's field or an Array's element.</summary>
    public static bool TryStep(in Message current, string segment, out Message value)
    {
        if (current.TryGetObject(out MessageObject? fields))
        {
            return fields.TryGetValue(segment, out value);
        }

        if (current.TryGetArray(out ImmutableArray<Message> items)
            && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < items.Length)
        {
            value = items[index];
            return true;
        }

        value = default;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
