using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Tests.Graphs;

/// <summary>
/// The .fbp reader allocates in proportion to its input, within the bound the fuzz harness holds every parser to
/// (8 MB + 256 bytes per input character): AFL++ found files of ~30 000 characters that made it allocate 17 and 59 MB
/// (fuzz/regressions/fbp). Counted on this thread, so the figure is exact.
/// </summary>
public sealed class FbpAllocationTests
{
    private const long Fixed = 8 << 20;
    private const long PerCharacter = 256;

    public static TheoryData<string, string> Inputs() => new()
    {
        { "commas in node metadata", "A(B:x=1,label=a" + new string(',', 30_000) + ") OUT -> IN C(D)" },
        { "distinct keys in node metadata", "A(B:" + string.Join(',', Enumerable.Range(0, 5_000).Select(i => $"k{i}=v")) + ") OUT -> IN C(D)" },
        { "empty lines", "# @name g\n" + new string('\n', 30_000) + "A(B) OUT -> IN C(D)" },
        { "empty lines before a bad component", new string('\n', 30_000) + "(_ne a b(B)" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Allocation_stays_within_the_bound(string what, string text)
    {
        Read(text); // JIT and caches first
        long before = GC.GetAllocatedBytesForCurrentThread();
        Read(text);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated <= Fixed + (PerCharacter * text.Length), $"{what}: {allocated:N0} bytes for {text.Length:N0} characters");
    }

    [Fact]
    public void Repeated_metadata_keys_keep_their_first_place_and_last_value()
    {
        Graph graph = FbpFormat.Read("A(B:x=1,label=a,b,y=2z,label=c,x=3,routes2=r=s,) OUT -> IN C(D)", "m.fbp");

        Assert.Equal(
            GraphMetadata.Parse("""{"x": 3, "label": "c", "routes": "", "y": 2, "routes2": "r"}"""),
            graph.GetNode("A")!.Metadata);
    }

    private static void Read(string text)
    {
        try
        {
            FbpFormat.Read(text, "big.fbp");
        }
        catch (GraphFormatException)
        {
        }
    }
}
