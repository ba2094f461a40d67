using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace Reflow.Scripting.Python;

/// <summary>
/// The processes that still hold a worker's output pipe after the worker is gone (Linux, from <c>/proc</c>).
/// </summary>
/// <remarks>
/// A blocking read of a worker's stdout ends only when every process holding the pipe's write end has closed it. A
/// process the worker left behind — a child that detached with <c>setsid</c>, or a sandboxed interpreter that outlived a
/// killed bubblewrap — is no longer in the worker's process tree, so <c>Kill(entireProcessTree)</c> cannot reach it, and
/// the node's read (its stop included) would wait forever. Such a process is found by the pipe it holds, which is the
/// one thing it cannot shed without also ending the read.
/// </remarks>
internal static class PipeHolders
{
    /// <summary>The pipe <paramref name="stream"/> reads, as <c>/proc</c> names it (<c>pipe:[inode]</c>), or null where that cannot be known.</summary>
    public static string? Identify(Stream stream)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        SafeHandle? handle = stream switch
        {
            PipeStream pipe => pipe.SafePipeHandle,
            FileStream file => file.SafeFileHandle,
            _ => null,
        };
        if (handle is null || handle.IsInvalid)
        {
            return null;
        }

        string? target = LinkTarget($"/proc/self/fd/{handle.DangerousGetHandle().ToInt64().ToString(CultureInfo.InvariantCulture)}");
        return target is not null && target.StartsWith("pipe:[", StringComparison.Ordinal) ? target : null;
    }

    /// <summary>The processes other than this one that hold <paramref name="pipe"/>.</summary>
    public static List<int> Find(string pipe)
    {
        List<int> holders = Holders(pipe);
        holders.Remove(Environment.ProcessId);
        return holders;
    }

    /// <summary>Kills (SIGKILL) each of <paramref name="pids"/> still running.</summary>
    public static void Kill(List<int> pids)
    {
        foreach (int pid in pids)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // it exited meanwhile, or is not ours to kill
            }
        }
    }

    private static List<int> Holders(string pipe)
    {
        var holders = new List<int>();
        foreach (string proc in SafeEnumerate("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            foreach (string fd in SafeEnumerate(Path.Combine(proc, "fd")))
            {
                if (LinkTarget(fd) == pipe)
                {
                    holders.Add(pid);
                    break;
                }
            }
        }

        return holders;
    }

    private static IEnumerable<string> SafeEnumerate(string directory)
    {
        try
        {
            return Directory.GetFileSystemEntries(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return []; // a process that exited meanwhile, or one whose descriptors are not ours to read
        }
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
