using Reflow.Permissions;

namespace Reflow.Scripting.Python;

internal sealed partial class PythonSandbox
{
    // What the dynamic loader, time and Python's site need from /etc; nothing that names the machine or its users.
    private static readonly string[] SystemEtc = ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/alternatives"];

    // Name resolution and TLS: visible only with a net grant.
    private static readonly string[] NetworkEtc =
        ["/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/gai.conf", "/etc/host.conf", "/etc/services", "/etc/protocols",
         "/etc/ssl", "/etc/ca-certificates", "/etc/pki"];

    private static readonly string[] SystemRoots = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    /// <summary>
    /// Adds the mounts, in an order where a later one may refine an earlier one: the system (or the whole tree when
    /// read or write is unrestricted), /proc, /dev and a private /tmp, the interpreter, venv and runner, then the granted
    /// paths, parents before children, each read-write when a write grant covers it. Returns whether the worker got a
    /// private <c>/tmp</c> (its scratch space: see <see cref="PythonCommand.PrivateDirectories"/>).
    /// </summary>
    private static bool AddFileSystem(List<string> args, PythonInterpreter interpreter, PermissionSet grant, string runnerDirectory, string? venv, bool net)
    {
        bool readAll = grant.IsUnrestricted(PermissionKind.Read) || Granted(grant, PermissionKind.Read).Contains("/");
        bool writeAll = grant.IsUnrestricted(PermissionKind.Write) || Granted(grant, PermissionKind.Write).Contains("/");
        if (writeAll)
        {
            args.AddRange(["--bind", "/", "/"]);
        }
        else if (readAll)
        {
            args.AddRange(["--ro-bind", "/", "/"]);
        }
        else
        {
            args.AddRange(["--ro-bind", "/usr", "/usr"]);
            foreach (string root in SystemRoots)
            {
                AddSystemRoot(args, root);
            }

            var etc = new List<string>(SystemEtc) { $"/etc/python{interpreter.Version.Major}.{interpreter.Version.Minor}" };
            if (net)
            {
                etc.AddRange(NetworkEtc);
            }

            foreach (string file in etc)
            {
                args.AddRange(["--ro-bind-try", file, file]);
            }
        }

        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        if (!readAll && !writeAll)
        {
            // With read or write unrestricted, the host's /tmp is part of the grant and stays visible.
            args.AddRange(["--tmpfs", "/tmp"]);
        }

        if (!readAll && !writeAll)
        {
            var bound = new List<string> { "/usr" };
            string?[] own =
            [
                interpreter.Prefix, interpreter.BasePrefix, Path.GetDirectoryName(interpreter.Executable), Path.GetDirectoryName(RealPath(interpreter.Executable)),
                interpreter.StandardLibrary, interpreter.PlatformLibrary, venv, runnerDirectory,
            ];
            foreach (string? directory in own.Concat(interpreter.SiteDirectories))
            {
                if (directory is { Length: > 0 } && Path.IsPathRooted(directory) && !bound.Any(b => IsUnder(directory, b)))
                {
                    string full = Path.GetFullPath(directory);
                    bound.Add(full);
                    args.AddRange(["--ro-bind-try", full, full]);
                }
            }
        }

        if (writeAll)
        {
            return false;
        }

        var paths = new List<string>(Granted(grant, PermissionKind.Write));
        if (!readAll)
        {
            paths.AddRange(Granted(grant, PermissionKind.Read));
        }

        // Parents first: a child's mount then refines its parent's (a write grant inside a read grant stays writable).
        foreach (string path in paths.Distinct(StringComparer.Ordinal).OrderBy(p => p.Count(c => c == '/')).ThenBy(p => p, StringComparer.Ordinal))
        {
            args.AddRange([grant.AllowsWrite(path) ? "--bind-try" : "--ro-bind-try", path, path]);
        }

        return !readAll;
    }

    private static IReadOnlyList<string> Granted(PermissionSet grant, PermissionKind kind) =>
        grant.IsUnrestricted(kind) ? [] : grant.Granted(kind);

    /// <summary>/lib and the like: a symbolic link (merged /usr) is made again as a link, a directory is bound.</summary>
    private static void AddSystemRoot(List<string> args, string root)
    {
        var info = new DirectoryInfo(root);
        if (info.LinkTarget is string target)
        {
            args.AddRange(["--symlink", target, root]);
        }
        else if (info.Exists)
        {
            args.AddRange(["--ro-bind", root, root]);
        }
    }

    private static string RealPath(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static bool IsUnder(string path, string directory) =>
        path == directory || path.StartsWith(directory.EndsWith('/') ? directory : directory + "/", StringComparison.Ordinal);
}
