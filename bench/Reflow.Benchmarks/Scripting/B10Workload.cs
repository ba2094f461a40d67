using Reflow.Messages;

namespace Reflow.Benchmarks.Scripting;

/// <summary>
/// B10's two workloads and their messages: <c>identity</c> (Integer messages 0…N−1 through
/// <c>js/identity.mjs</c>) and <c>transform</c> (objects <c>{id, name, price, tags[]}</c> through
/// <c>js/transform.mjs</c>, which answers <c>{id, label, total, n}</c>). Every engine gets the same messages: the
/// C# rows from <see cref="Inputs"/>, Node.js from the same formulas in <c>js/b10-node.mjs</c> (its checksum, compared
/// with <see cref="B10Checksum.Expected"/>, proves they are the same).
/// </summary>
public static class B10Workload
{
    /// <summary>Integers through the identity function.</summary>
    public const string Identity = "identity";

    /// <summary>Objects through the small JSON transform.</summary>
    public const string Transform = "transform";

    private static readonly string[] s_names = ["sensor", "valve", "pump", "meter", "relay", "gauge", "probe", "switch"];
    private static readonly string[] s_tags = ["red", "green", "blue"];

    /// <summary>The two workloads.</summary>
    public static IReadOnlyList<string> All { get; } = [Identity, Transform];

    /// <summary>The directory of the JavaScript files (copied next to the benchmark assembly).</summary>
    public static string ScriptDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Scripting", "js");

    /// <summary>The script file of <paramref name="workload"/>; <paramref name="batch"/> picks the <c>processBatch</c> variant.</summary>
    public static string ScriptPath(string workload, bool batch = false) =>
        Path.Combine(ScriptDirectory, Check(workload) + (batch ? "-batch" : "") + ".mjs");

    /// <summary>Message <paramref name="i"/> of <paramref name="workload"/>.</summary>
    public static Message Input(string workload, int i)
    {
        if (Check(workload) == Identity)
        {
            return Message.Integer(i);
        }

        var tags = new Message[TagCount(i)];
        for (int t = 0; t < tags.Length; t++)
        {
            tags[t] = Message.String(s_tags[t]);
        }

        return Message.Object(
            new("id", Message.Integer(i)),
            new("name", Message.String(Name(i))),
            new("price", Message.Float(Price(i))),
            new("tags", Message.Array(tags)));
    }

    /// <summary>The <paramref name="count"/> messages of <paramref name="workload"/>, made once before any timing.</summary>
    public static Message[] Inputs(string workload, int count)
    {
        var messages = new Message[count];
        for (int i = 0; i < count; i++)
        {
            messages[i] = Input(workload, i);
        }

        return messages;
    }

    internal static string Name(int i) => s_names[i % s_names.Length] + "-" + (i % 100).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static double Price(int i) => (i % 1000) / 4.0 + 0.5;

    internal static int TagCount(int i) => i % 4;

    private static string Check(string workload) => workload is Identity or Transform
        ? workload
        : throw new ArgumentException($"B10 workload '{workload}': expected '{Identity}' or '{Transform}'.", nameof(workload));
}
