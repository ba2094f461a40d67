namespace Reflow.Actors;

/// <summary>What happens to an actor once a failure is final (its retries, if any, are spent).</summary>
public enum FailureAction
{
    /// <summary>Keep the actor and its state; carry on with the next message. The default.</summary>
    Resume,

    /// <summary>Stop the actor and replace it with a fresh one from its component (its state is lost); carry on.</summary>
    Restart,

    /// <summary>Stop the actor: later messages to it go to the dead letters; a stopped source produces no more.</summary>
    Stop,
}
