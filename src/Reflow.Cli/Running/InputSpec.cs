using System.Runtime.CompilerServices;
using System.Text.Json;
using Reflow.Messages;

namespace Reflow.Cli.Running;

/// <summary>
/// One <c>--input</c>: <c>port=value</c> (one message), <c>port=@file</c> (one message per line) or <c>port=-</c>
/// (one message per line of standard input, until it ends or the run is interrupted). A value or line that is JSON
/// is that JSON value; anything else is a string, so <c>--input in=hello</c> and a plain text file both work.
/// </summary>
internal sealed record InputSpec(string Port, InputSource Source, string Text)
{
    /// <exception cref="CliUsageException">No <c>=</c>, or an empty port name.</exception>
    public static InputSpec Parse(string argument)
    {
        int equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new CliUsageException($"--input {argument}: expected port=value, port=@file or port=- (for standard input).");
        }

        string port = argument[..equals].Trim();
        string value = argument[(equals + 1)..];
        return value switch
        {
            "-" => new InputSpec(port, InputSource.StandardInput, value),
            _ when value.StartsWith('@') => new InputSpec(port, InputSource.File, value[1..]),
            _ => new InputSpec(port, InputSource.Value, value),
        };
    }

    /// <summary>The message a value or a line stands for.</summary>
    public static Message ToMessage(string text)
    {
        string trimmed = text.Trim();
        if (trimmed.Length > 0 && LooksLikeJson(trimmed))
        {
            try
            {
                return MessageJson.Parse(trimmed);
            }
            catch (Exception ex) when (ex is MessageFormatException or JsonException)
            {
                // Not JSON after all ("1st place", "true story"): the text itself is the value.
            }
        }

        return Message.String(text);
    }

    /// <summary>The messages of this input, in order.</summary>
    public async IAsyncEnumerable<Message> ReadAsync(TextReader standardInput, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        switch (Source)
        {
            case InputSource.Value:
                yield return ToMessage(Text);
                break;
            case InputSource.File:
                if (!File.Exists(Text))
                {
                    throw new CliUsageException($"--input {Port}=@{Text}: the file does not exist.");
                }

                using (var reader = new StreamReader(Text))
                {
                    await foreach (Message message in Lines(reader, cancellationToken).ConfigureAwait(false))
                    {
                        yield return message;
                    }
                }

                break;
            default:
                await foreach (string line in StandardInputLines.ReadAllAsync(standardInput, cancellationToken).ConfigureAwait(false))
                {
                    if (line.Length > 0)
                    {
                        yield return ToMessage(line);
                    }
                }

                break;
        }
    }

    private static async IAsyncEnumerable<Message> Lines(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is string line)
        {
            if (line.Length > 0)
            {
                yield return ToMessage(line);
            }
        }
    }

    private static bool LooksLikeJson(string text) =>
        text[0] is '{' or '[' or '"' or '-' or (>= '0' and <= '9') || text is "true" or "false" or "null";
}
