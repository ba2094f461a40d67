using System.Diagnostics;

namespace Reflow.Soak;

/// <summary>Reads this process's memory, threads, file descriptors and Python worker children from /proc (Linux).</summary>
internal static class ProcessProbe
{
    /// <summary>A sample as the run sees it (no collection): for peaks while graphs run.</summary>
    public static ResourceSample Now() => new(GC.GetTotalMemory(forceFullCollection: false), Status("VmRSS:") * 1024, (int)Status("Threads:"), Handles(), Workers().Count);

    /// <summary>A sample after a full, compacting collection: what is still live.</summary>
    public static ResourceSample Settled()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Now() with { HeapBytes = GC.GetTotalMemory(forceFullCollection: false) };
    }

    /// <summary>
    /// The Python worker processes of this soak: a reflow_runner command line, and a descendant of this process or
    /// working in its directory (a sandboxed worker whose bubblewrap parent died is re-parented to init, and still ours).
    /// </summary>
    public static IReadOnlyList<Worker> Workers()
    {
        int self = Environment.ProcessId;
        var parents = new Dictionary<int, int>();
        var runners = new List<Worker>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == self)
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
                int open = stat.IndexOf('(', StringComparison.Ordinal), close = stat.LastIndexOf(')');
                string[] rest = stat[(close + 2)..].Split(' ');
                parents[pid] = int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture);
                if (rest[0] != "Z" && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("reflow_runner", StringComparison.Ordinal))
                {
                    string? cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).ResolveLinkTarget(returnFinalTarget: false)?.FullName;
                    runners.Add(new Worker(pid, stat[(open + 1)..close], cwd));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // the process ended while we read it
            }
        }

        string home = AppContext.BaseDirectory.TrimEnd('/');
        return [.. runners.Where(w => IsDescendant(w.Pid, self, parents) || (w.WorkingDirectory?.StartsWith(home, StringComparison.Ordinal) ?? false))];
    }

    private static bool IsDescendant(int pid, int ancestor, Dictionary<int, int> parents)
    {
        for (int hops = 0; hops < 64 && parents.TryGetValue(pid, out int parent); hops++, pid = parent)
        {
            if (parent == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Kills one Python worker with SIGKILL (what <see cref="Process.Kill()"/> sends on Linux); false if none runs.</summary>
    public static bool KillOneWorker(Random random)
    {
        // The interpreter itself, not a bubblewrap sandbox around it: the worker is what a crash or the OOM killer ends.
        List<Worker> interpreters = [.. Workers().Where(w => w.Name.StartsWith("python", StringComparison.Ordinal))];
        if (interpreters.Count == 0)
        {
            return false;
        }

        try
        {
            using Process worker = Process.GetProcessById(interpreters[random.Next(interpreters.Count)].Pid);
            worker.Kill();
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false; // it ended meanwhile
        }
    }

    /// <summary>A Python worker process: its id, its name (comm: python3, bwrap) and working directory.</summary>
    public readonly record struct Worker(int Pid, string Name, string? WorkingDirectory);

    private static int Handles() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    private static long Status(string key)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no '{key}' line: the soak's resource bounds need Linux's /proc.");
    }
}
