using Reflow.Graphs;
using Reflow.Graphs.Formats;

namespace Reflow.Fuzz.Targets;

/// <summary>NoFlo'\''s JSON graphs: <see cref="NoFloJsonFormat.Read"/> may only throw <see cref="GraphFormatException"/>.</summary>
internal sealed class NoFloJsonTarget : FuzzTarget
{
    public override string Name => "noflo-json";

    public override void Check(ReadOnlySpan<byte> input)
    {
        try
        {
            NoFloJsonFormat.Read(FuzzText.Decode(input), "fuzz.noflo.json");
        }
        catch (GraphFormatException)
        {
        }
    }
}
