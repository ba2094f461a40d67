namespace Reflow.Networks;

/// <summary>One edge between two actors, by their indexes; an elastic edge keeps both ends on one worker.</summary>
internal readonly record struct PlacementEdge(int From, int To, bool Elastic);
