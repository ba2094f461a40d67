using System.Reflection;
using System.Runtime.InteropServices;
using Reflow.Rings;
using Reflow.Scheduling;

namespace Reflow.Tests.Rings;

public sealed class PaddingTests
{
    private const int PaddingSize = 128; // Reflow.Rings.Padding.Size

    /// <summary>The explicitly laid-out types whose hot fields sit between a full padding on each side.</summary>
    private static readonly string[] s_paddedTypes =
    [
        "Reflow.Rings.Sequence",
        "Reflow.Rings.SingleProducerSequencer+ProducerState",
        "Reflow.Rings.WaitStrategy+PublishSignalState",
    ];

    /// <summary>
    /// The explicitly laid-out types cut into lines of <see cref="PaddingSize"/> bytes, each line written by one
    /// side only, with the fields each line must hold (line 0 follows the object header: read-mostly fields).
    /// </summary>
    private static readonly Dictionary<string, string[][]> s_linedTypes = new()
    {
        ["Reflow.Scheduling.Worker"] =
        [
            ["_run", "_ring", "_sequencer", "_barrier", "_consumed", "_local", "_thread", "_index", "_outboxes", "_isStarted", "_abandon", "_actions"], // read by posters (_actions: a live edit's, rarely)
            ["_work", "_handled", "_inlineDepth", "_unflushed", "_eventWindow", "_eventBudgets", "_fresh"], // the owner's counters (the event budgets: watched networks only; fresh children: spawning only)
        ],
        ["Reflow.Scheduling.Edge"] =
        [
            ["_source", "_target", "_hostOutput", "_waitingProducer", "_sourcePort", "_targetPort", "_capacity", "_wakeAt", "_isLocal", "_ended", "_targetElement", "_targetWorker", "_sourceElement", "_id", "_detached", "_traceSlots", "_eventPort"], // read by both ends (_detached: a live edit's, rarely; _traceSlots: traced networks only; _eventPort: watched networks only)
            ["_sent", "_releasedSeen", "_eventSequence", "_eventCountdown", "_eventCovered", "_stalls", "_stallStarted"], // the producer's line (the stall fields: only when it waits)
            ["_released", "_delivered", "_stallTicks"], // the consumer's line (_stallTicks: only when it wakes a waiting producer)
        ],
    };

    public static TheoryData<string> PaddedTypes() => new(s_paddedTypes);

    public static TheoryData<string> LinedTypes() => new(s_linedTypes.Keys);

    [Fact]
    public void The_lists_of_padded_types_name_every_explicitly_laid_out_type_of_the_assembly()
    {
        // Found by reflection over the whole assembly (the compiler's own static-data types aside), so a new padded type fails here until it is listed (and checked).
        string[] found = typeof(Sequence).Assembly.GetTypes()
            .Where(t => t.StructLayoutAttribute?.Value == LayoutKind.Explicit && t.Namespace?.StartsWith("Reflow", StringComparison.Ordinal) == true)
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(s_paddedTypes.Concat(s_linedTypes.Keys).Order(StringComparer.Ordinal), found);
    }

    [Theory]
    [MemberData(nameof(LinedTypes))]
    public void Each_line_holds_exactly_its_fields_and_a_class_ends_with_a_full_padding(string typeName)
    {
        Type type = typeof(Sequence).Assembly.GetType(typeName, throwOnError: true)!;
        string[][] lines = s_linedTypes[typeName];
        FieldInfo[] fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(f => f.Name != "_trailingPadding")
            .ToArray();

        Assert.Equal(lines.SelectMany(l => l).Order(StringComparer.Ordinal), fields.Select(f => f.Name).Order(StringComparer.Ordinal));
        var taken = new List<(int Start, int End, string Name)>();
        foreach (FieldInfo field in fields)
        {
            int offset = field.GetCustomAttribute<FieldOffsetAttribute>()!.Value;
            int end = offset + SizeOf(field.FieldType);
            int line = Array.FindIndex(lines, l => l.Contains(field.Name));
            Assert.True(
                offset >= line * PaddingSize && end <= (line + 1) * PaddingSize,
                $"{typeName}.{field.Name} takes bytes {offset}..{end}: outside its line {line} ({line * PaddingSize}..{(line + 1) * PaddingSize}).");
            Assert.DoesNotContain(taken, t => offset < t.End && t.Start < end); // no two fields share a byte
            taken.Add((offset, end, field.Name));
        }

        FieldInfo? trailing = type.GetField("_trailingPadding", BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.True(trailing is not null, $"{typeName} is a class and needs a _trailingPadding field.");
        Assert.True(
            trailing!.GetCustomAttribute<FieldOffsetAttribute>()!.Value >= lines.Length * PaddingSize,
            $"{typeName}'s _trailingPadding must start a full line after its last line, so the next object stays off it.");
    }

    [Fact]
    public void The_padding_constant_is_the_one_the_tests_check_against()
    {
        Assert.Equal(PaddingSize, Padding.Size);
        Assert.Equal(16, Marshal.SizeOf<OutstandingWork.WorkerShare>()); // the worker's share: balance and reserve
    }

    private static int SizeOf(Type type) =>
        !type.IsValueType ? IntPtr.Size : type == typeof(bool) ? 1 : Marshal.SizeOf(type);

    [Theory]
    [MemberData(nameof(PaddedTypes))]
    public void Hot_fields_have_a_full_padding_on_both_sides(string typeName)
    {
        Type type = typeof(Sequence).Assembly.GetType(typeName, throwOnError: true)!;
        StructLayoutAttribute layout = type.StructLayoutAttribute!;
        FieldInfo[] fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.NotEmpty(fields);

        int end = 0;
        foreach (FieldInfo field in fields.Where(f => f.Name != "_trailingPadding"))
        {
            int offset = field.GetCustomAttribute<FieldOffsetAttribute>()!.Value;
            Assert.True(offset >= PaddingSize, $"{typeName}.{field.Name} starts at {offset}, inside the leading padding.");
            end = Math.Max(end, offset + Marshal.SizeOf(field.FieldType == typeof(bool) ? typeof(byte) : field.FieldType));
        }

        Assert.True(layout.Size >= end + PaddingSize, $"{typeName} is {layout.Size} bytes: less than {PaddingSize} bytes after its last field (ends at {end}).");
        if (type.IsClass)
        {
            // StructLayout.Size is ignored for classes: the trailing padding must be a real field.
            FieldInfo? trailing = fields.SingleOrDefault(f => f.Name == "_trailingPadding");
            Assert.True(trailing is not null, $"{typeName} is a class and needs a _trailingPadding field.");
            Assert.True(trailing!.GetCustomAttribute<FieldOffsetAttribute>()!.Value >= end + PaddingSize - sizeof(long));
        }
    }

    [Fact]
    public void A_sequence_object_really_occupies_both_paddings()
    {
        _ = new Sequence(); // warm up so the measured allocation is the object alone
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sequence = new Sequence(5);
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(5, sequence.Value);
        // Object header and method table (16 bytes), leading padding, the value, trailing padding.
        Assert.True(after - before >= 16 + 2 * PaddingSize + sizeof(long), $"A Sequence took only {after - before} bytes.");
    }
}
