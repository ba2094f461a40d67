using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Reflow.Scheduling;

namespace Reflow.Tests.Scheduling;

/// <summary>
/// The engine's hand-laid-out types (fields placed by <see cref="FieldOffsetAttribute"/> to keep each thread's
/// counters on a cache line of its own) have no two fields on the same bytes. Nothing else checks it: a field added
/// in one partial file at an offset another partial file already used compiled, and the reference it overlapped
/// crashed the process with an access violation (Worker, session 11).
/// </summary>
public sealed class ExplicitLayoutTests
{
    public static TheoryData<string> ExplicitTypes() => [.. ExplicitTypeNames()];

    private static string[] ExplicitTypeNames() =>
        [.. typeof(Worker).Assembly.GetTypes().Where(t => t.IsExplicitLayout && !t.IsGenericTypeDefinition).Select(t => t.FullName!)];

    [Fact]
    public void The_engine_has_explicitly_laid_out_types()
    {
        Assert.Contains(typeof(Worker).FullName!, ExplicitTypeNames());
        Assert.Contains(typeof(Edge).FullName!, ExplicitTypeNames());
    }

    [Theory]
    [MemberData(nameof(ExplicitTypes))]
    public void No_two_fields_share_a_byte(string typeName)
    {
        Type type = typeof(Worker).Assembly.GetType(typeName)!;
        var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Select(f => (f.Name, Offset: f.GetCustomAttribute<FieldOffsetAttribute>()!.Value, Size: SizeOf(f.FieldType)))
            .OrderBy(f => f.Offset)
            .ToArray();

        for (int i = 1; i < fields.Length; i++)
        {
            Assert.True(fields[i - 1].Offset + fields[i - 1].Size <= fields[i].Offset,
                $"{type.Name}: {fields[i - 1].Name} (offset {fields[i - 1].Offset}, {fields[i - 1].Size} bytes) overlaps {fields[i].Name} (offset {fields[i].Offset})");
        }
    }

    private static int SizeOf(Type type) =>
        type.IsValueType
            ? (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!
            : IntPtr.Size;
}
