namespace Reflow.Actors;

/// <summary>
/// A resolved out-port: the handle an actor emits through, so the hot path indexes an array instead of looking
/// up a name. Get it from <see cref="ActorContext.OutPort(string)"/>, usually once in <see cref="Actor.OnStart"/>.
/// </summary>
/// <param name="Index">The port's index in <see cref="ComponentDescription.OutPorts"/>.</param>
public readonly record struct OutPort(int Index);
