namespace Reflow.Server.Workflows;

/// <summary>The kinds of <see cref="WorkflowEvent"/>: the original's <c>WorkflowEventType</c> variants, plus <see cref="Cancelled"/> (which its <c>/ws</c> stream also sent).</summary>
internal enum WorkflowEventType
{
    /// <summary>The network started; data: <c>{"input": …}</c>.</summary>
    Started,

    /// <summary>A node's actor stopped (at the end of the run, or by its supervision policy); carries <c>actor_id</c>.</summary>
    ActorCompleted,

    /// <summary>A node's actor threw; carries <c>actor_id</c> and <c>error</c>.</summary>
    ActorFailed,

    /// <summary>No message was being handled or waiting anywhere (once until something else happens).</summary>
    NetworkIdle,

    /// <summary>The run finished with no failure left unhandled; data: the outputs by exported out-port.</summary>
    Completed,

    /// <summary>The run could not start or had unhandled failures; carries <c>error</c>.</summary>
    Failed,

    /// <summary>A client cancelled the run.</summary>
    Cancelled,
}
