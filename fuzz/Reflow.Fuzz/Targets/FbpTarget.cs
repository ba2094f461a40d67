using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Fuzz.Targets;

/// <summary>The .fbp DSL: <see cref="FbpFormat.Read"/> may only throw <see cref="GraphFormatException"/>.</summary>
internal sealed class FbpTarget : FuzzTarget
{
    public override string Name => "fbp";

    public override void Check(ReadOnlySpan<byte> input)
    {
        try
        {
            FbpFormat.Read(FuzzText.Decode(input), "fuzz.fbp");
        }
        catch (GraphFormatException)
        {
        }
    }
}
