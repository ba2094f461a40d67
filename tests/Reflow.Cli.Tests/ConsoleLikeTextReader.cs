namespace Reflow.Cli.Tests;

/// <summary>
/// Standard input that behaves as the console's does when it is a pipe held open: <c>ReadLine</c> blocks until a
/// line is written or the input is completed, and <c>ReadLineAsync</c> blocks just the same (it runs synchronously
/// and ignores its token, as <c>Console.In</c>'s does). Dispose completes it, which frees a thread still blocked in it.
/// </summary>
internal sealed class ConsoleLikeTextReader : TextReader
{
    private readonly System.Collections.Concurrent.BlockingCollection<string> _lines = [];

    public void WriteLine(string line) => _lines.Add(line);

    public void Complete() => _lines.CompleteAdding();

    public override string? ReadLine() => _lines.TryTake(out string? line, Timeout.Infinite) ? line : null;

    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<string?>(cancellationToken) : new ValueTask<string?>(ReadLine());

    public override Task<string?> ReadLineAsync() => Task.FromResult(ReadLine());

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_lines.IsAddingCompleted)
        {
            _lines.CompleteAdding();
        }

        base.Dispose(disposing);
    }
}
