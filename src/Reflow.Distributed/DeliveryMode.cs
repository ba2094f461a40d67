namespace Reflow.Distributed;

/// <summary>What a remote edge promises about its messages when a frame or a node is lost.</summary>
public enum DeliveryMode
{
    /// <summary>Each message arrives once or not at all; a lost batch is counted, never resent (core NATS).</summary>
    AtMostOnce,

    /// <summary>Each message arrives at least once on the wire and reaches the network once (JetStream).</summary>
    AtLeastOnce,
}
