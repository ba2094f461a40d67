using Reflow.Messages;

namespace Reflow.Benchmarks.Infrastructure;

/// <summary>
/// What a <see cref="ScriptNodePipeline{TFold}"/>'s sink does with each message it receives. Implemented by structs, so
/// that the sink's call is a direct one (the pipeline is generic over the struct), as a hand-written sink's would be.
/// </summary>
public interface IMessageFold
{
    /// <summary>Folds one received message in.</summary>
    void Add(in Message message);
}
