namespace Reflow.Scheduling;

/// <summary>The edges of an addressable out-port grouped by index, for emissions to one index.</summary>
internal static class OutPortElements
{
    /// <summary>
    /// The edges of <paramref name="edges"/> by <see cref="Edge.SourceElement"/>: one array per index up to the
    /// highest connected one, each in definition order; an index with no edge gets an empty array.
    /// </summary>
    public static Edge[][] Group(Edge[] edges)
    {
        int width = 0;
        foreach (Edge edge in edges)
        {
            width = Math.Max(width, edge.SourceElement + 1);
        }

        var counts = new int[width];
        foreach (Edge edge in edges)
        {
            if (edge.SourceElement >= 0)
            {
                counts[edge.SourceElement]++;
            }
        }

        var elements = new Edge[width][];
        for (int element = 0; element < width; element++)
        {
            elements[element] = counts[element] == 0 ? [] : new Edge[counts[element]];
            counts[element] = 0;
        }

        foreach (Edge edge in edges)
        {
            if (edge.SourceElement >= 0)
            {
                elements[edge.SourceElement][counts[edge.SourceElement]++] = edge;
            }
        }

        return elements;
    }
}
