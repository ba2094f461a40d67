namespace Reflow.Distributed;

/// <summary>What a remote edge promises about the messages it carries between two machines.</summary>
public enum DeliveryMode
{
    /// <summary>
    /// On core NATS: fast, in order, never doubled; a message lost on the way (a node or server died) is counted
    /// and reported, not sent again. Written <c>"at-most-once"</c> in a deployment file.
    /// </summary>
    AtMostOnce,

    /// <summary>
    /// On JetStream: every message is kept until the receiver has delivered it, sent again after a failure and
    /// de-duplicated at the receiver, so a sink sees each message once. Written <c>"at-least-once"</c>.
    /// </summary>
    AtLeastOnce,
}
