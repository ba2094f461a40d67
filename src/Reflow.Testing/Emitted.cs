using System.Collections;
using System.Text;
using Reflow.Messages;

namespace Reflow.Testing;

/// <summary>
/// What one out-port emitted, in order, with assertions that explain a difference position by position.
/// </summary>
public sealed class Emitted : IReadOnlyList<Message>
{
    private readonly IReadOnlyList<Message> _messages;

    /// <summary>Wraps the messages <paramref name="port"/> emitted.</summary>
    public Emitted(string port, IReadOnlyList<Message> messages)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(messages);
        Port = port;
        _messages = messages;
    }

    /// <summary>The out-port's name.</summary>
    public string Port { get; }

    /// <inheritdoc/>
    public int Count => _messages.Count;

    /// <inheritdoc/>
    public Message this[int index] => _messages[index];

    /// <summary>Each message as plain JSON (brackets as <c>(</c> and <c>)</c>, see <see cref="MessageText.Render(Message)"/>).</summary>
    public IReadOnlyList<string> Json => MessageText.Render(_messages);

    /// <summary>
    /// Asserts the port emitted exactly <paramref name="expected"/>, in order: messages or plain values
    /// (see <see cref="MessageText.ToMessage"/>), compared with message equality (an Integer 1 is not a Float 1).
    /// </summary>
    /// <exception cref="ReflowAssertionException">A count, a value or the order differs: the message lists both sides.</exception>
    public Emitted ShouldBe(params object?[] expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Message[] wanted = [.. expected.Select(MessageText.ToMessage)];
        int first = FirstDifference(wanted);
        if (first >= 0)
        {
            throw new ReflowAssertionException(Describe(wanted, first));
        }

        return this;
    }

    /// <summary>Asserts the port emitted exactly the messages of the plain JSON texts <paramref name="json"/>, in order.</summary>
    /// <exception cref="ReflowAssertionException">A count, a value or the order differs.</exception>
    public Emitted ShouldBeJson(params string[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ShouldBe([.. json.Select(text => (object)MessageJson.Parse(text))]);
    }

    /// <summary>Asserts the port emitted nothing.</summary>
    /// <exception cref="ReflowAssertionException">It emitted something: the messages are listed.</exception>
    public Emitted ShouldBeEmpty() => ShouldBe();

    /// <summary>
    /// Asserts the port emitted the same messages as <paramref name="expected"/> in any order (each as many times).
    /// </summary>
    /// <exception cref="ReflowAssertionException">A message is missing or extra: both are listed.</exception>
    public Emitted ShouldBeInAnyOrder(params object?[] expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var missing = new List<Message>(expected.Select(MessageText.ToMessage));
        var extra = new List<Message>();
        foreach (Message message in _messages)
        {
            int at = missing.IndexOf(message);
            if (at >= 0)
            {
                missing.RemoveAt(at);
            }
            else
            {
                extra.Add(message);
            }
        }

        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new ReflowAssertionException(
                $"Out-port '{Port}' emitted {Count} message(s), expected {expected.Length} in any order.\n" +
                $"  missing: [{string.Join(", ", MessageText.Render(missing))}]\n" +
                $"  extra:   [{string.Join(", ", MessageText.Render(extra))}]");
        }

        return this;
    }

    /// <inheritdoc/>
    public IEnumerator<Message> GetEnumerator() => _messages.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The port and its messages, one line.</summary>
    public override string ToString() => $"{Port}: [{string.Join(", ", Json)}]";

    private int FirstDifference(Message[] wanted)
    {
        int common = Math.Min(wanted.Length, _messages.Count);
        for (int i = 0; i < common; i++)
        {
            if (wanted[i] != _messages[i])
            {
                return i;
            }
        }

        return wanted.Length == _messages.Count ? -1 : common;
    }

    private string Describe(Message[] wanted, int first)
    {
        var text = new StringBuilder();
        text.Append($"Out-port '{Port}' differs at position {first}: expected {wanted.Length} message(s), got {Count}.\n");
        text.Append("  #    expected                         actual\n");
        int end = Math.Max(wanted.Length, Count);
        int from = Math.Max(0, first - 3);
        int to = Math.Min(end, first + 8);
        for (int i = from; i < to; i++)
        {
            string left = i < wanted.Length ? Shown(wanted[i]) : "(nothing)";
            string right = i < Count ? Shown(_messages[i]) : "(nothing)";
            string mark = i < wanted.Length && i < Count && wanted[i] == _messages[i] ? " " : ">";
            text.Append($"{mark} {i,-4} {left,-32} {right}\n");
        }

        if (to < end)
        {
            text.Append($"  ... {end - to} more position(s)\n");
        }

        text.Append($"  expected: [{string.Join(", ", MessageText.Render(wanted))}]\n");
        text.Append($"  actual:   [{string.Join(", ", Json)}]");
        if (wanted.Length == Count && MessageText.Render(wanted).SequenceEqual(Json))
        {
            text.Append("\n  (the JSON is the same: the kinds differ, e.g. Integer 1 and Float 1)");
        }

        return text.ToString();
    }

    private static string Shown(Message message)
    {
        string json = MessageText.Render(message);
        return (json.Length > 30 ? json[..27] + "..." : json) + $" ({message.Kind})";
    }
}
