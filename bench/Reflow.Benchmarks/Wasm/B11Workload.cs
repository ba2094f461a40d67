using System.Globalization;
using Reflow.Messages;

namespace Reflow.Benchmarks.Wasm;

/// <summary>
/// B11's messages: <c>integer</c> (Integer messages 0…N−1) and <c>string</c> (short String messages <c>item-&lt;i&gt;</c>,
/// 6–11 ASCII characters), made once before any timing.
/// </summary>
public static class B11Workload
{
    /// <summary>Integer messages.</summary>
    public const string Integer = "integer";

    /// <summary>Short String messages.</summary>
    public const string Text = "string";

    /// <summary>The two workloads.</summary>
    public static IReadOnlyList<string> All { get; } = [Integer, Text];

    /// <summary>Message <paramref name="i"/> of <paramref name="workload"/>.</summary>
    public static Message Input(string workload, int i) => workload switch
    {
        Integer => Message.Integer(i),
        Text => Message.String("item-" + i.ToString(CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"B11 workload '{workload}': expected '{Integer}' or '{Text}'.", nameof(workload)),
    };

    /// <summary>The <paramref name="count"/> messages of <paramref name="workload"/>.</summary>
    public static Message[] Inputs(string workload, int count)
    {
        var messages = new Message[count];
        for (int i = 0; i < count; i++)
        {
            messages[i] = Input(workload, i);
        }

        return messages;
    }
}
