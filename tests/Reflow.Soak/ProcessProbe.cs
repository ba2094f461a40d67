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

    /// <summary>The Python worker processes (their command line names reflow_runner) whose parent is this process.</summary>
    public static IReadOnlyList<int> Workers()
    {
        int self = Environment.ProcessId;
        var found = new List<int>();
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
                string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (rest[0] != "Z" && int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) == self &&
                    File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("reflow_runner", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // the process ended while we read it
            }
        }

        return found;
    }

    /// <summary>Kills one Python worker with SIGKILL (what <see cref="Process.Kill()"/> sends on Linux); false if none runs.</summary>
    public static bool KillOneWorker(Random random)
    {
        IReadOnlyList<int> workers = Workers();
        if (workers.Count == 0)
        {
            return false;
        }

        try
        {
            using Process worker = Process.GetProcessById(workers[random.Next(workers.Count)]);
            worker.Kill();
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false; // it ended meanwhile
        }
    }

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
