using Reflow.Messages;
using Reflow.Permissions;

namespace Reflow.Scripting.Python;

/// <summary>The <c>permissions</c> entry of the worker's init frame, which the runner's audit hook enforces.</summary>
internal static class PythonPermissions
{
    private static readonly PermissionKind[] Kinds = [PermissionKind.Read, PermissionKind.Write, PermissionKind.Net, PermissionKind.Env, PermissionKind.Run];

    /// <summary>
    /// <c>{"read": true | ["/abs/path", ...], "write": ..., "net": ["host[:port]"], "env": [names], "run": [programs]}</c>:
    /// true for a kind granted without limits, else the list granted (empty when nothing is).
    /// </summary>
    public static MessageObject ToMessage(PermissionSet grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        MessageObject.Builder builder = MessageObject.CreateBuilder(Kinds.Length);
        foreach (PermissionKind kind in Kinds)
        {
            if (grant.IsUnrestricted(kind))
            {
                builder.Add(PermissionSet.KindName(kind), Message.Boolean(true));
                continue;
            }

            IReadOnlyList<string> granted = grant.Granted(kind);
            var items = new Message[granted.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = Message.String(granted[i]);
            }

            builder.Add(PermissionSet.KindName(kind), Message.Array(items));
        }

        return builder.ToMessageObject();
    }

    /// <summary>Whether <paramref name="grant"/> is everything (every kind without limits): the only grant that may run outside a sandbox.</summary>
    public static bool IsEverything(PermissionSet grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        foreach (PermissionKind kind in Kinds)
        {
            if (!grant.IsUnrestricted(kind))
            {
                return false;
            }
        }

        return true;
    }
}
