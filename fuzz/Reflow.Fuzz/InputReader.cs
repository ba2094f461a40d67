namespace Reflow.Fuzz;

/// <summary>Reads one fuzz input from SharpFuzz's stream.</summary>
internal static class InputReader
{
    /// <summary>AFL's own default maximum input (1 MiB); afl-fuzz never sends more.</summary>
    private const int MaxInputLength = 1024 * 1024;

    [ThreadStatic]
    private static byte[]? _buffer;

    /// <summary>The whole stream, in a buffer reused by this thread (so reading allocates nothing per input).</summary>
    /// <exception cref="InvalidDataException">The stream holds more than 1 MiB.</exception>
    public static ReadOnlySpan<byte> ReadAll(Stream stream)
    {
        byte[] buffer = _buffer ??= new byte[MaxInputLength + 1];
        int length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > MaxInputLength)
        {
            throw new InvalidDataException($"A fuzz input is over {MaxInputLength} bytes: run afl-fuzz without raising its maximum input size.");
        }

        return buffer.AsSpan(0, length);
    }
}
