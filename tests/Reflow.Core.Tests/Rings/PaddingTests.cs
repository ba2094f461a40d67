using System.Reflection;
using System.Runtime.InteropServices;
using Reflow.Rings;

namespace Reflow.Tests.Rings;

public sealed class PaddingTests
{
    private const int PaddingSize = 128; // Reflow.Rings.Padding.Size

    /// <summary>Every explicitly laid-out type in Reflow.Rings, with the hot fields each one pads.</summary>
    private static readonly string[] s_paddedTypes =
    [
        "Reflow.Rings.Sequence",
        "Reflow.Rings.SingleProducerSequencer+ProducerState",
        "Reflow.Rings.WaitStrategy+PublishSignalState",
    ];

    public static TheoryData<string> PaddedTypes() => new(s_paddedTypes);

    [Fact]
    public void The_list_of_padded_types_is_complete()
    {
        string[] found = typeof(Sequence).Assembly.GetTypes()
            .Where(t => t.Namespace == "Reflow.Rings" && t.StructLayoutAttribute?.Value == LayoutKind.Explicit)
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(s_paddedTypes.Order(StringComparer.Ordinal), found);
    }

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
