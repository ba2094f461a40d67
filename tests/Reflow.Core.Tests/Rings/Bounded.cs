namespace Reflow.Tests.Rings;

/// <summary>
/// Runs test threads with a generous upper bound, so a lost wake-up or a deadlock fails the test with a message
/// instead of hanging the run. The bound is a hang detector, not a speed assertion.
/// </summary>
internal static class Bounded
{
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    /// <summary>Starts one background thread per action, waits for all, and rethrows the first failure.</summary>
    public static void Run(string what, params Action[] actions)
    {
        var failures = new Exception?[actions.Length];
        var threads = new Thread[actions.Length];
        for (int i = 0; i < actions.Length; i++)
        {
            int index = i;
            threads[i] = new Thread(() =>
            {
                try
                {
                    actions[index]();
                }
                catch (Exception ex)
                {
                    failures[index] = ex;
                }
            })
            { IsBackground = true, Name = $"{what} #{i}" };
            threads[i].Start();
        }

        var deadline = DateTime.UtcNow + HangLimit;
        foreach (Thread thread in threads)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            Assert.True(thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero),
                $"{what}: thread '{thread.Name}' did not finish within {HangLimit.TotalSeconds} s (lost wake-up or deadlock).");
        }

        foreach (Exception? failure in failures)
        {
            if (failure is not null)
            {
                throw new Xunit.Sdk.XunitException($"{what} failed on a worker thread: {failure}");
            }
        }
    }

    /// <summary>Starts <paramref name="action"/> on a background thread and returns it, for tests that act on it while it blocks.</summary>
    public static Thread Start(string name, Action action, Action<Exception?> onExit)
    {
        var thread = new Thread(() =>
        {
            Exception? error = null;
            try
            {
                action();
            }
            catch (Exception ex)
            {
                error = ex;
            }

            onExit(error);
        })
        { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    public static void Join(Thread thread) =>
        Assert.True(thread.Join(HangLimit), $"Thread '{thread.Name}' did not finish within {HangLimit.TotalSeconds} s.");

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + HangLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            Thread.Sleep(1);
        }
    }
}
