namespace Reflow.Distributed.Protocol;

/// <summary>One remote edge a part sends or receives on: which exported port of the part network it is, and its settings.</summary>
internal sealed record EdgeAssignment(
    int Id,
    bool Send,
    string Export,
    string From,
    string To,
    int Capacity,
    int MaxBatch,
    int CompressionThreshold,
    DeliveryMode Delivery);
