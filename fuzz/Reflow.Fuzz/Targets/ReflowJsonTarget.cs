using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Fuzz.Targets;

/// <summary>Reflow'\''s JSON graphs: <see cref="ReflowJsonFormat.Read"/> may only throw <see cref="GraphFormatException"/>.</summary>
internal sealed class ReflowJsonTarget : FuzzTarget
{
    public override string Name => "reflow-json";

    public override void Check(ReadOnlySpan<byte> input)
    {
        try
        {
            ReflowJsonFormat.Read(FuzzText.Decode(input), "fuzz.json");
        }
        catch (GraphFormatException)
        {
        }
    }
}
