using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Components.Infrastructure;

/// <summary>
/// The base of the aggregates over a stream (data/CountBy, data/Top, flow/Take, flow/Window, …): it gives each one
/// per-bracket-group behaviour, so a subclass only says how a group starts, takes an item and ends.
/// </summary>
/// <remarks>
/// <para>Design: the open groups form a stack, <c>_open[0]</c> being the whole stream and the last one the innermost
/// bracket group; items on in-port 0 go to the innermost. An open bracket on in-port 0 suspends the current group
/// (<see cref="Suspend"/>), is forwarded, and pushes a fresh group; a close bracket completes the innermost group
/// (<see cref="Complete"/>: it emits the group's result), is forwarded after that result, pops it and resumes the one
/// below (<see cref="Resume"/>). So around each group downstream sees: open bracket, the group's output, close bracket.</para>
/// <para>The whole-stream result is emitted once, in <see cref="Actor.OnInputsClosed"/>, when an item arrived outside
/// every bracket since the last time it was emitted (see <see cref="CompleteCurrent"/>), or when no bracket was seen
/// and it was never emitted: an empty stream still gives its result (count 0, an empty Array), and a stream made only
/// of bracket groups gives one result per group and none for the whole.</para>
/// <para>Brackets on other in-ports (control ports such as <c>flush</c>) are consumed: they say nothing about the
/// items' groups. A close bracket without an open one is reported on <c>error</c> and not forwarded; a stream that
/// ends inside open groups is reported and their partial results are not emitted.</para>
/// <para>Groups are reused (<see cref="Reset"/>), so nesting allocates only up to the deepest level seen.</para>
/// </remarks>
/// <typeparam name="TGroup">The state of one group.</typeparam>
internal abstract class GroupedAggregate<TGroup> : StandardActor
    where TGroup : class
{
    /// <summary>The in-port of the items.</summary>
    protected const int Items = 0;

    private readonly List<TGroup> _open = [];
    private readonly Stack<TGroup> _spare = new();
    private bool _configured;
    private bool _bracketSeen;
    private bool _outsidePending; // an item arrived outside every bracket since the whole-stream result was last emitted
    private bool _outsideEmitted;

    /// <summary>Whether brackets make groups (true, the default); false forwards them and emits nothing at the end.</summary>
    protected bool Grouping { get; set; } = true;

    /// <summary>Whether <see cref="Configure"/> succeeded (a node configured wrongly has no groups).</summary>
    protected bool IsConfigured => _configured;

    /// <summary>The innermost open group (the whole stream's outside every bracket).</summary>
    protected TGroup Current => _open[^1];

    /// <summary>Whether <paramref name="group"/> is the innermost open group.</summary>
    protected bool IsCurrent(TGroup group) => ReferenceEquals(_open[^1], group);

    protected sealed override void Start(ActorContext context)
    {
        Configure(context);
        _open.Add(CreateGroup());
        _configured = true;
    }

    /// <summary>Reads the configuration and resolves out-ports (called once, before any group exists).</summary>
    protected abstract void Configure(ActorContext context);

    /// <summary>A new, empty group.</summary>
    protected abstract TGroup CreateGroup();

    /// <summary>Empties <paramref name="group"/> (cancelling its timers) so it can be used again.</summary>
    protected abstract void Reset(TGroup group);

    /// <summary>Adds an item (on in-port 0) to <paramref name="group"/>. May emit (take, windows).</summary>
    protected abstract void Add(ActorContext context, TGroup group, in Message item);

    /// <summary>Emits the result of <paramref name="group"/>, which has ended; <see cref="Reset"/> follows.</summary>
    protected abstract void Complete(ActorContext context, TGroup group);

    /// <summary>An inner group opens over <paramref name="group"/>, before the open bracket is forwarded. May emit.</summary>
    protected virtual void Suspend(ActorContext context, TGroup group)
    {
    }

    /// <summary><paramref name="group"/> is innermost again, after the inner group's close bracket was forwarded. May emit.</summary>
    protected virtual void Resume(ActorContext context, TGroup group)
    {
    }

    /// <summary>A message on an in-port other than 0 (a control port such as <c>flush</c> or <c>reset</c>).</summary>
    protected virtual void HandleControl(ActorContext context)
    {
    }

    protected override void Handle(ActorContext context)
    {
        if (context.InPortIndex != Items)
        {
            HandleControl(context);
            return;
        }

        if (_open.Count == 1)
        {
            _outsidePending = true;
        }

        Add(context, _open[^1], context.Message);
    }

    /// <summary>Emits the innermost group's result now and empties it (a <c>flush</c>); the group stays open.</summary>
    protected void CompleteCurrent(ActorContext context)
    {
        TGroup group = _open[^1];
        Complete(context, group);
        Reset(group);
        if (_open.Count == 1)
        {
            _outsidePending = false;
            _outsideEmitted = true;
        }
    }

    /// <inheritdoc/>
    public sealed override void OnBracket(ActorContext context)
    {
        if (!_configured || !Grouping)
        {
            context.ForwardBracket();
            return;
        }

        if (context.InPortIndex != Items)
        {
            return; // a control port's groups say nothing about the items'
        }

        _bracketSeen = true;
        if (context.Message.IsOpenBracket)
        {
            Suspend(context, _open[^1]);
            context.ForwardBracket();
            _open.Add(_spare.Count > 0 ? _spare.Pop() : CreateGroup());
            return;
        }

        if (_open.Count == 1)
        {
            Fail(context, "a close bracket arrived without an open one; it is not forwarded");
            return;
        }

        TGroup closed = _open[^1];
        Complete(context, closed);
        Reset(closed);
        _open.RemoveAt(_open.Count - 1);
        _spare.Push(closed);
        context.ForwardBracket();
        Resume(context, _open[^1]);
    }

    /// <inheritdoc/>
    public sealed override void OnInputsClosed(ActorContext context)
    {
        if (!_configured || !Grouping)
        {
            return;
        }

        if (_open.Count > 1)
        {
            Fail(context, $"the stream ended inside {_open.Count - 1} open bracket group(s) (an open bracket without its close bracket); their partial results are not emitted");
            while (_open.Count > 1)
            {
                Reset(_open[^1]);
                _spare.Push(_open[^1]);
                _open.RemoveAt(_open.Count - 1);
            }
        }

        TGroup whole = _open[0];
        if (_outsidePending || (!_bracketSeen && !_outsideEmitted))
        {
            Complete(context, whole);
            _outsidePending = false;
            _outsideEmitted = true;
        }

        Reset(whole);
    }
}
