namespace Reflow.Graphs;

/// <summary>
/// Undo and redo for one graph: a journal that subscribes to <see cref="Graph.Changed"/> and records each
/// change, or each transaction's changes, as one step.
/// </summary>
/// <remarks>
/// Undoing applies a step's changes backwards, each inverted; the graph raises them like any edit, so views
/// stay in step, but the journal does not record them. A new edit after an undo discards what could have been
/// redone. Dispose the history to stop recording.
/// </remarks>
public sealed class GraphHistory : IDisposable
{
    private readonly Graph _graph;
    private readonly int _maxSteps;
    private readonly LinkedList<List<GraphChange>> _undo = new();
    private readonly Stack<List<GraphChange>> _redo = new();
    private List<GraphChange>? _open;
    private bool _replaying;

    /// <summary>Starts recording the changes of <paramref name="graph"/>.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="maxSteps">How many steps to keep; the oldest are forgotten past it.</param>
    public GraphHistory(Graph graph, int maxSteps = 1000)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSteps);
        _graph = graph;
        _maxSteps = maxSteps;
        graph.Changed += OnChanged;
    }

    /// <summary>Whether there is a step to undo.</summary>
    public bool CanUndo => _undo.Count > 0;

    /// <summary>Whether there is a step to redo.</summary>
    public bool CanRedo => _redo.Count > 0;

    /// <summary>How many steps can be undone.</summary>
    public int UndoCount => _undo.Count;

    /// <summary>How many steps can be redone.</summary>
    public int RedoCount => _redo.Count;

    /// <summary>Undoes the last step.</summary>
    /// <exception cref="InvalidOperationException">There is nothing to undo, or a transaction is open.</exception>
    public void Undo()
    {
        CheckIdle(CanUndo, "undo");
        List<GraphChange> step = _undo.Last!.Value;
        _undo.RemoveLast();
        Replay(step, backwards: true);
        _redo.Push(step);
    }

    /// <summary>Redoes the last undone step.</summary>
    /// <exception cref="InvalidOperationException">There is nothing to redo, or a transaction is open.</exception>
    public void Redo()
    {
        CheckIdle(CanRedo, "redo");
        List<GraphChange> step = _redo.Pop();
        Replay(step, backwards: false);
        _undo.AddLast(step);
    }

    /// <summary>Forgets every step.</summary>
    public void Clear()
    {
        _undo.Clear();
        _redo.Clear();
    }

    /// <summary>Stops recording.</summary>
    public void Dispose() => _graph.Changed -= OnChanged;

    private void CheckIdle(bool possible, string what)
    {
        if (_graph.InTransaction)
        {
            throw new InvalidOperationException($"Cannot {what} while a transaction is open.");
        }

        if (!possible)
        {
            throw new InvalidOperationException($"There is nothing to {what}.");
        }
    }

    private void Replay(List<GraphChange> step, bool backwards)
    {
        _replaying = true;
        try
        {
            // One transaction, so a view (or another journal) sees the replay as one step too.
            using (_graph.Transaction(backwards ? "undo" : "redo"))
            {
                for (int i = 0; i < step.Count; i++)
                {
                    _graph.Apply(backwards ? step[step.Count - 1 - i].Inverse() : step[i]);
                }
            }
        }
        finally
        {
            _replaying = false;
        }
    }

    private void OnChanged(GraphChange change)
    {
        if (_replaying)
        {
            return;
        }

        switch (change.Kind)
        {
            case GraphChangeKind.TransactionStarted:
                _open = [];
                return;
            case GraphChangeKind.TransactionEnded:
                List<GraphChange> step = _open ?? [];
                _open = null;
                if (step.Count > 0)
                {
                    Record(step);
                }

                return;
            default:
                if (_open is not null)
                {
                    _open.Add(change);
                }
                else
                {
                    Record([change]);
                }

                return;
        }
    }

    private void Record(List<GraphChange> step)
    {
        _redo.Clear();
        _undo.AddLast(step);
        if (_undo.Count > _maxSteps)
        {
            _undo.RemoveFirst();
        }
    }
}
