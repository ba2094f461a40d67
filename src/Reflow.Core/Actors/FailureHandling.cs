namespace Reflow.Actors;

/// <summary>What became of an actor failure (see <see cref="ActorFailure"/>).</summary>
public enum FailureHandling
{
    /// <summary>The graph handled it: the actor threw and its node's <c>error</c> port is connected.</summary>
    Caught,

    /// <summary>Nothing in the graph handled it, and the node's policy does not ignore it: it fails the run.</summary>
    Uncaught,

    /// <summary>Nothing in the graph handled it, but the node's policy ignores it (<see cref="SupervisionPolicy.IgnoreFailures"/>).</summary>
    Ignored,
}
