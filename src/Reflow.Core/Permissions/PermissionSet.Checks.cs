using System.Diagnostics.CodeAnalysis;

namespace Reflow.Permissions;

public sealed partial class PermissionSet
{
    private static readonly StringComparison s_envComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Whether reading <paramref name="path"/> is granted (relative: from the current directory).</summary>
    public bool AllowsRead(string path) => TryCheck(PermissionKind.Read, path, out _);

    /// <summary>Whether writing <paramref name="path"/> is granted (relative: from the current directory).</summary>
    public bool AllowsWrite(string path) => TryCheck(PermissionKind.Write, path, out _);

    /// <summary>Whether connecting to <paramref name="host"/> on <paramref name="port"/> is granted (no port: only a grant of the whole host covers it).</summary>
    public bool AllowsNet(string host, int? port = null) =>
        IsUnrestricted(PermissionKind.Net) || (NetTarget.NormaliseHost(host ?? "") is string normal && CoversNet(new NetTarget(normal, port)));

    /// <summary>Whether connecting to the host and port of <paramref name="uri"/> (its scheme's default port when it names none) is granted.</summary>
    public bool AllowsNet(Uri uri) => TryCheckNet(uri, out _);

    /// <summary>Whether reading the environment variable <paramref name="name"/> is granted.</summary>
    public bool AllowsEnv(string name) => TryCheck(PermissionKind.Env, name, out _);

    /// <summary>Whether running <paramref name="program"/> (a name on the PATH, or a path) is granted.</summary>
    public bool AllowsRun(string program) => TryCheck(PermissionKind.Run, program, out _);

    /// <summary>Checks that reading <paramref name="path"/> is granted and returns the path to open (absolute, links resolved).</summary>
    /// <exception cref="PermissionDeniedException">It is not granted; the message names the flag that grants it.</exception>
    public string CheckRead(string path) => CheckPath(PermissionKind.Read, path);

    /// <summary>Checks that writing <paramref name="path"/> is granted and returns the path to open (absolute, links resolved).</summary>
    /// <exception cref="PermissionDeniedException">It is not granted; the message names the flag that grants it.</exception>
    public string CheckWrite(string path) => CheckPath(PermissionKind.Write, path);

    /// <summary>Checks that connecting to the host and port of <paramref name="uri"/> is granted.</summary>
    /// <exception cref="PermissionDeniedException">It is not granted; the message names the flag that grants it.</exception>
    public void CheckNet(Uri uri)
    {
        if (!TryCheckNet(uri, out PermissionDeniedException? denial))
        {
            throw denial;
        }
    }

    /// <summary>Checks that connecting to <paramref name="host"/> on <paramref name="port"/> is granted.</summary>
    /// <exception cref="PermissionDeniedException">It is not granted; the message names the flag that grants it.</exception>
    public void CheckNet(string host, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!AllowsNet(host, port))
        {
            string normal = NetTarget.NormaliseHost(host) ?? host;
            throw new PermissionDeniedException(PermissionKind.Net, new NetTarget(normal, port).ToString());
        }
    }

    /// <summary>Checks that reading the environment variable <paramref name="name"/> is granted.</summary>
    /// <exception cref="PermissionDeniedException">It is not granted; the message names the flag that grants it.</exception>
    public void CheckEnv(string name) => Check(PermissionKind.Env, name);

    /// <summary>Checks that running <paramref name="program"/> is granted.</summary>
    /// <exception cref="PermissionDeniedException">It is not granted; the message names the flag that grants it.</exception>
    public void CheckRun(string program) => Check(PermissionKind.Run, program);

    /// <summary>Reads the environment variable <paramref name="name"/> (null when unset) once reading it is granted.</summary>
    /// <exception cref="PermissionDeniedException">It is not granted; the message names the flag that grants it.</exception>
    public string? GetEnvironmentVariable(string name)
    {
        CheckEnv(name);
        return Environment.GetEnvironmentVariable(name);
    }

    /// <summary>Checks that <paramref name="kind"/> is granted for <paramref name="target"/> (a path, <c>host:port</c>, a name, a program).</summary>
    /// <exception cref="PermissionDeniedException">It is not granted; the message names the flag that grants it.</exception>
    public void Check(PermissionKind kind, string target)
    {
        if (!TryCheck(kind, target, out PermissionDeniedException? denial))
        {
            throw denial;
        }
    }

    /// <summary>
    /// Whether <paramref name="kind"/> is granted for <paramref name="target"/> (a path, <c>host</c> or <c>host:port</c>,
    /// a variable name, a program); when it is not, <paramref name="denial"/> is the exception to throw or report. A
    /// target that cannot be read (an invalid path or host) is denied, naming it as given.
    /// </summary>
    public bool TryCheck(PermissionKind kind, string target, [NotNullWhen(false)] out PermissionDeniedException? denial)
    {
        ArgumentNullException.ThrowIfNull(target);
        denial = null;
        switch (kind)
        {
            case PermissionKind.Read or PermissionKind.Write:
                return TryCheckPath(kind, target, out _, out denial);
            case PermissionKind.Net:
                NetTarget net;
                try
                {
                    net = NetTarget.Parse(target);
                }
                catch (ArgumentException)
                {
                    denial = IsUnrestricted(kind) ? null : new PermissionDeniedException(kind, target);
                    return denial is null;
                }

                if (IsUnrestricted(kind) || CoversNet(net))
                {
                    return true;
                }

                denial = new PermissionDeniedException(kind, net.ToString());
                return false;
            case PermissionKind.Env:
                if (IsUnrestricted(kind) || _env.Any(e => e.EndsWith('*') ? target.StartsWith(e[..^1], s_envComparison) : string.Equals(e, target, s_envComparison)))
                {
                    return true;
                }

                denial = new PermissionDeniedException(kind, target);
                return false;
            case PermissionKind.Run:
                return TryCheckRun(target, out denial);
            default:
                throw UnknownKind(kind);
        }
    }

    /// <summary>Whether connecting to <paramref name="uri"/>'s host and port is granted (see <see cref="TryCheck"/>).</summary>
    public bool TryCheckNet(Uri uri, [NotNullWhen(false)] out PermissionDeniedException? denial)
    {
        ArgumentNullException.ThrowIfNull(uri);
        denial = null;
        if (IsUnrestricted(PermissionKind.Net))
        {
            return true;
        }

        string host = uri.IsAbsoluteUri ? uri.IdnHost : "";
        var target = new NetTarget(NetTarget.NormaliseHost(host) ?? host, uri.IsAbsoluteUri && uri.Port >= 0 ? uri.Port : null);
        if (target.Host.Length > 0 && CoversNet(target))
        {
            return true;
        }

        denial = new PermissionDeniedException(PermissionKind.Net, target.ToString());
        return false;
    }

    private bool CoversNet(NetTarget target)
    {
        foreach (NetTarget grant in _net)
        {
            if (grant.Covers(target))
            {
                return true;
            }
        }

        return false;
    }

    private string CheckPath(PermissionKind kind, string path)
    {
        if (!TryCheckPath(kind, path, out string? canonical, out PermissionDeniedException? denial))
        {
            throw denial;
        }

        return canonical;
    }

    private bool TryCheckPath(PermissionKind kind, string path, [NotNullWhen(true)] out string? canonical,
        [NotNullWhen(false)] out PermissionDeniedException? denial)
    {
        denial = null;
        string full;
        try
        {
            full = Path.GetFullPath(path);
            canonical = CanonicalPath.Resolve(path);
        }
        catch (ArgumentException)
        {
            canonical = null;
            denial = new PermissionDeniedException(kind, path);
            return false;
        }

        if (IsUnrestricted(kind))
        {
            return true;
        }

        foreach (string grant in kind == PermissionKind.Read ? _read : _write)
        {
            if (CanonicalPath.IsUnder(canonical, grant))
            {
                return true;
            }
        }

        denial = new PermissionDeniedException(kind, canonical, full);
        return false;
    }

    private bool TryCheckRun(string program, [NotNullWhen(false)] out PermissionDeniedException? denial)
    {
        denial = null;
        if (IsUnrestricted(PermissionKind.Run))
        {
            return true;
        }

        string target = program.Trim();
        if (IsPath(target))
        {
            try
            {
                target = CanonicalPath.Resolve(target);
            }
            catch (ArgumentException)
            {
                denial = new PermissionDeniedException(PermissionKind.Run, program);
                return false;
            }
        }

        StringComparison comparison = IsPath(target) ? CanonicalPath.Comparison : s_envComparison;
        if (target.Length > 0 && _run.Any(r => string.Equals(r, target, comparison)))
        {
            return true;
        }

        denial = new PermissionDeniedException(PermissionKind.Run, target.Length > 0 ? target : program);
        return false;
    }
}
