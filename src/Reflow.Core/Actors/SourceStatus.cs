namespace Reflow.Actors;

/// <summary>What a <see cref="SourceActor"/> tells the runtime after producing.</summary>
public enum SourceStatus
{
    /// <summary>There is more: call <see cref="SourceActor.Produce"/> again when the out-edges have room.</summary>
    More = 0,

    /// <summary>The source is done; the network can finish once what it emitted has been handled.</summary>
    Done,
}
