using System.Text;

namespace Reflow.Cli.Tests;

/// <summary>A <see cref="StringWriter"/> a test can wait on: <see cref="WaitForLinesAsync"/> completes once enough written lines match.</summary>
internal sealed class ObservedWriter : StringWriter
{
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly StringBuilder _line = new();
    private readonly List<string> _lines = [];

    public override void Write(char value)
    {
        base.Write(value);
        lock (_gate)
        {
            if (value == '\n')
            {
                _lines.Add(_line.ToString().TrimEnd('\r'));
                _line.Clear();
                Check();
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        foreach (char c in value ?? "")
        {
            Write(c);
        }
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <summary>Completes when <paramref name="count"/> lines matching <paramref name="match"/> have been written; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForLinesAsync(Func<string, bool> match, int count, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((match, count, done));
            Check();
        }

        await done.Task.WaitAsync(timeout);
    }

    private void Check()
    {
        foreach ((Func<string, bool> match, int count, TaskCompletionSource done) in _waiters)
        {
            if (_lines.Count(match) >= count)
            {
                done.TrySetResult();
            }
        }
    }
}
