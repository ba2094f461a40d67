using System.Threading.Channels;

namespace Reflow.Cli.Tests;

/// <summary>Standard input that a test writes line by line and that never ends until <see cref="Complete"/>: a long-running feed.</summary>
internal sealed class ChannelTextReader : TextReader
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public void WriteLine(string line) => _lines.Writer.TryWrite(line);

    public void Complete() => _lines.Writer.TryComplete();

    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (await _lines.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_lines.Reader.TryRead(out string? line))
            {
                return line;
            }
        }

        return null;
    }

    public override string? ReadLine() => ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
}
