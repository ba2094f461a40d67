using System.Globalization;
using Reflow.Messages;

namespace Reflow.Benchmarks.Python;

/// <summary>
/// B12's workloads and their messages, the same for every row: <c>integer</c> (Integers 0…N−1) and <c>string</c>
/// (short Strings <c>item-&lt;i&gt;</c>) through <c>python/identity.py</c>, and <c>transform</c> (objects
/// <c>{"id": i, "name": "item&lt;i&gt;", "price": i * 1.5}</c>) through <c>python/transform.py</c>, which answers
/// <c>{"id", "name" upper-cased, "total": round(price * 1.2, 2)}</c>. The floor makes the same values in Python from the
/// same formulas (<c>python/b12_floor.py</c>); its checksum, compared with <see cref="Expected"/>, proves they are the same.
/// </summary>
public static class B12Workload
{
    /// <summary>Integer messages through the identity.</summary>
    public const string Integer = "integer";

    /// <summary>Short String messages through the identity.</summary>
    public const string Text = "string";

    /// <summary>Small objects through the transform.</summary>
    public const string Transform = "transform";

    /// <summary>The three workloads.</summary>
    public static IReadOnlyList<string> All { get; } = [Integer, Text, Transform];

    /// <summary>The directory of B12's Python files (<c>bench/python/</c>, copied next to the benchmark assembly).</summary>
    public static string ScriptDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>The script of <paramref name="workload"/>: <c>identity.py</c> or <c>transform.py</c>.</summary>
    public static string ScriptPath(string workload) =>
        Path.Combine(ScriptDirectory, Check(workload) == Transform ? "transform.py" : "identity.py");

    /// <summary>
    /// Writes <paramref name="workload"/>'s script with batching off (<c>"batch": False</c> in its metadata, so the node
    /// gets one message per call) into <paramref name="directory"/> and returns its path: the same function as
    /// <see cref="ScriptPath"/>'s.
    /// </summary>
    public static string UnbatchedScriptPath(string workload, string directory)
    {
        const string On = "\"batch\": True,";
        string source = File.ReadAllText(ScriptPath(workload));
        if (!source.Contains(On, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"B12: {ScriptPath(workload)} has no '{On}' line in its metadata to turn off.");
        }

        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, Path.GetFileNameWithoutExtension(ScriptPath(workload)) + "_unbatched.py");
        File.WriteAllText(path, source.Replace(On, "\"batch\": False,", StringComparison.Ordinal));
        return path;
    }

    /// <summary>Message <paramref name="i"/> of <paramref name="workload"/>.</summary>
    public static Message Input(string workload, int i) => Check(workload) switch
    {
        Integer => Message.Integer(i),
        Text => Message.String("item-" + i.ToString(CultureInfo.InvariantCulture)),
        _ => Message.Object(
            new("id", Message.Integer(i)),
            new("name", Message.String("item" + i.ToString(CultureInfo.InvariantCulture))),
            new("price", Message.Float(i * 1.5))),
    };

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

    /// <summary>The checksum of a correct run of <paramref name="workload"/> over <paramref name="count"/> messages, computed in C#.</summary>
    public static B12Checksum Expected(string workload, int count)
    {
        var sum = new B12Checksum();
        for (int i = 0; i < count; i++)
        {
            if (Check(workload) != Transform)
            {
                sum.Add(Input(workload, i));
                continue;
            }

            sum.Add(Message.Object(
                new("id", Message.Integer(i)),
                new("name", Message.String("ITEM" + i.ToString(CultureInfo.InvariantCulture))),
                new("total", Message.Float(Math.Round(i * 1.5 * 1.2, 2)))));
        }

        return sum;
    }

    private static string Check(string workload) => workload is Integer or Text or Transform
        ? workload
        : throw new ArgumentException($"B12 workload '{workload}': expected '{Integer}', '{Text}' or '{Transform}'.", nameof(workload));
}
