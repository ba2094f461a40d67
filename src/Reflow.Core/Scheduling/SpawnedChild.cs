using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Scheduling;

/// <summary>
/// The run-time side of a <see cref="ChildActor"/>: its cell, the edges its parent sends on, and how many of its edges
/// back to the parent have still to deliver their end marker. Owned by the parent's worker (the child's too).
/// </summary>
internal sealed class SpawnedChild : ChildActor
{
    public SpawnedChild(string id, ComponentDescription component, ActorCell parent, ActorCell cell, Edge[] inEdges, int replyEdges)
        : base(id, component)
    {
        Parent = parent;
        Cell = cell;
        InEdges = inEdges;
        ReplyEdges = replyEdges;
        OpenReplyEdges = replyEdges;
    }

    /// <summary>The cell that spawned it.</summary>
    public ActorCell Parent { get; }

    /// <summary>The child's cell; null once collected, so the parent's handle does not keep it alive.</summary>
    public ActorCell? Cell { get; private set; }

    /// <summary>One edge per in-port of the child, from the parent; empty once collected.</summary>
    public Edge[] InEdges { get; private set; }

    /// <summary>How many edges lead from the child back to the parent (fixed at the spawn).</summary>
    public int ReplyEdges { get; }

    /// <summary>Of <see cref="ReplyEdges"/>, how many have not yet delivered their end marker to the parent.</summary>
    public int OpenReplyEdges { get; set; }

    /// <summary>Its place in the parent's list of live children (see <see cref="CellChildren"/>).</summary>
    public int Slot { get; set; }

    /// <summary>
    /// Until the child's first delivery, what its parent sent it and the end of its input, in order (see
    /// ActorCell.Spawning: a fresh child waits on its worker's stack of fresh children); empty otherwise.
    /// </summary>
    public CellQueue<(Edge Edge, Message Message)> Pending;

    /// <summary>The child has been given its first messages (or never waited for them): sends take the edges' own path.</summary>
    public bool IsStarted { get; set; }

    /// <summary>The parent ended the child's input.</summary>
    public void MarkInputCompleted() => IsInputCompleted = true;

    /// <summary>The child is collected: its cell and edges are let go.</summary>
    public void Release()
    {
        IsInputCompleted = true;
        IsCollected = true;
        Cell = null;
        InEdges = [];
    }
}
