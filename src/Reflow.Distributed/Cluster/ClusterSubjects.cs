namespace Reflow.Distributed.Cluster;

/// <summary>The NATS subjects and the bucket of the control plane, in one place so both sides agree.</summary>
internal static class ClusterSubjects
{
    /// <summary>The JetStream key-value bucket of live nodes: one key per node name, refreshed every heartbeat.</summary>
    public const string MembersBucket = "reflow_nodes";

    /// <summary>Requests to one node: prepare, start, stop, abandon and status of its parts.</summary>
    public static string NodeControl(string node) => "reflow.node." + node + ".control";

    /// <summary>Status a run's parts publish to its coordinator (progress and the final result).</summary>
    public static string RunStatus(string runId) => "reflow.run." + runId + ".status";

    /// <summary>Whether <paramref name="name"/> can be a node name: a NATS subject token and a KV key.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
