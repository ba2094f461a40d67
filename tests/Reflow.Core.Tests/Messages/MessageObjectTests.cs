using Reflow.Messages;

namespace Reflow.Tests.Messages;

public class MessageObjectTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]   // the last size that scans linearly
    [InlineData(9)]   // the first size with an index
    [InlineData(100)]
    public void Lookups_find_every_key_and_keep_insertion_order(int count)
    {
        var entries = Enumerable.Range(0, count)
            .Select(i => new KeyValuePair<string, Message>($"key-{count - i}", Message.Integer(i)))
            .ToList();
        MessageObject obj = MessageObject.Create(entries);

        Assert.Equal(count, obj.Count);
        Assert.Equal(entries.Select(e => e.Key), obj.Keys);
        Assert.Equal(entries.Select(e => e.Value), obj.Values);
        Assert.Equal(entries, obj.ToList());
        for (int i = 0; i < count; i++)
        {
            string key = entries[i].Key;
            Assert.Equal(Message.Integer(i), obj[key]);
            Assert.True(obj.TryGetValue(key, out Message value));
            Assert.Equal(Message.Integer(i), value);
            Assert.True(obj.ContainsKey(key));
            Assert.Equal(i, obj.IndexOf(key));
            Assert.Equal(key, obj.GetKey(i));
            Assert.Equal(Message.Integer(i), obj.GetValue(i));
        }

        Assert.False(obj.TryGetValue("missing", out Message missing));
        Assert.True(missing.IsFlow);
        Assert.False(obj.ContainsKey("missing"));
        Assert.Equal(-1, obj.IndexOf("missing"));
        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(() => obj["missing"]);
        Assert.Contains("\"missing\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public void Duplicate_keys_are_rejected_naming_the_key(int count)
    {
        var entries = Enumerable.Range(0, count)
            .Select(i => new KeyValuePair<string, Message>($"k{i}", Message.Null))
            .Append(new KeyValuePair<string, Message>("k1", Message.Flow))
            .ToArray();
        ArgumentException error = Assert.Throws<ArgumentException>(() => MessageObject.Create(entries));
        Assert.Contains("\"k1\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_compared_ordinally()
    {
        MessageObject obj = MessageObject.Create(new("a", Message.Integer(1)), new("A", Message.Integer(2)));
        Assert.Equal(Message.Integer(1), obj["a"]);
        Assert.Equal(Message.Integer(2), obj["A"]);
    }

    [Fact]
    public void Null_keys_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => MessageObject.Create(new KeyValuePair<string, Message>(null!, Message.Null)));
        Assert.Throws<ArgumentNullException>(() => MessageObject.Create((IEnumerable<KeyValuePair<string, Message>>)null!));
        MessageObject obj = MessageObject.Create(new KeyValuePair<string, Message>("a", Message.Null));
        Assert.Throws<ArgumentNullException>(() => obj.TryGetValue(null!, out _));
        Assert.Throws<ArgumentNullException>(() => obj[null!]);
    }

    [Fact]
    public void Empty_is_shared_and_empty()
    {
        Assert.Empty(MessageObject.Empty);
        Assert.Same(MessageObject.Empty, MessageObject.Create());
        Assert.Same(MessageObject.Empty, MessageObject.Create(new List<KeyValuePair<string, Message>>()));
        Assert.Same(MessageObject.Empty, MessageObject.CreateBuilder().ToMessageObject());
    }

    [Fact]
    public void Struct_enumerator_walks_in_order()
    {
        MessageObject obj = MessageObject.Create(new("z", Message.Integer(1)), new("a", Message.Integer(2)));
        var seen = new List<string>();
        foreach (KeyValuePair<string, Message> entry in obj)
        {
            seen.Add(entry.Key);
        }

        Assert.Equal(["z", "a"], seen);

        MessageObject.Enumerator enumerator = obj.GetEnumerator();
        Assert.Throws<InvalidOperationException>(() => enumerator.Current);
        Assert.True(enumerator.MoveNext());
        Assert.True(enumerator.MoveNext());
        Assert.False(enumerator.MoveNext());
        enumerator.Reset();
        Assert.True(enumerator.MoveNext());
        Assert.Equal("z", enumerator.Current.Key);
    }

    [Fact]
    public void Works_through_read_only_dictionary_interface()
    {
        IReadOnlyDictionary<string, Message> dictionary = MessageObject.Create(new("a", Message.Integer(1)), new("b", Message.Integer(2)));
        Assert.Equal(["a", "b"], dictionary.Keys);
        Assert.Equal([Message.Integer(1), Message.Integer(2)], dictionary.Values);
        Assert.Equal(2, dictionary.Count);
        Assert.Equal(Message.Integer(2), dictionary["b"]);
        Assert.Equal(2, dictionary.Count());
    }

    [Fact]
    public void Create_from_a_dictionary_keeps_its_entries()
    {
        var source = new Dictionary<string, Message> { ["a"] = Message.Integer(1), ["b"] = Message.Null };
        MessageObject obj = MessageObject.Create(source);
        Assert.Equal(2, obj.Count);
        Assert.Equal(Message.Integer(1), obj["a"]);
        Assert.Same(obj, MessageObject.Create(obj));
    }

    [Fact]
    public void Builder_adds_in_order_and_rejects_duplicates()
    {
        MessageObject.Builder builder = MessageObject.CreateBuilder();
        for (int i = 0; i < 20; i++)
        {
            builder.Add($"k{i}", Message.Integer(i));
        }

        Assert.Equal(20, builder.Count);
        Assert.True(builder.ContainsKey("k3"));
        Assert.False(builder.ContainsKey("k20"));
        ArgumentException duplicate = Assert.Throws<ArgumentException>(() => builder.Add("k3", Message.Null));
        Assert.Contains("\"k3\"", duplicate.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => builder.Add(null!, Message.Null));

        MessageObject built = builder.ToMessageObject();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"k{i}"), built.Keys);
        Assert.Equal(Message.Integer(19), built["k19"]);

        builder.Add("k20", Message.Null); // still usable; earlier result unaffected
        Assert.Equal(20, built.Count);
        builder.Clear();
        Assert.Equal(0, builder.Count);
        builder.Add("k3", Message.Null);
        Assert.Single(builder.ToMessageObject());
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageObject.CreateBuilder(-1));
    }

    [Fact]
    public void Small_builder_detects_duplicates_too()
    {
        MessageObject.Builder builder = MessageObject.CreateBuilder(2).Add("a", Message.Null).Add("b", Message.Null);
        Assert.Throws<ArgumentException>(() => builder.Add("a", Message.Null));
    }

    [Fact]
    public void To_string_is_compact_json()
    {
        MessageObject obj = MessageObject.Create(new("a", Message.Integer(1)), new("b", Message.String("x")));
        Assert.Equal("{\"a\":1,\"b\":\"x\"}", obj.ToString());
    }
}
