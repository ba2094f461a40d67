using System.Text;
using CsCheck;

namespace Reflow.Tests.Properties;

/// <summary>
/// Damaged inputs for the "never throws anything but its documented exception" properties: random bytes, and valid
/// inputs with bits flipped, bytes overwritten, spans cut, deleted or duplicated, and bytes or format tokens inserted.
/// </summary>
internal static class Mutations
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xBF, 0xC0, 0xFE, 0xFF, (byte)'{', (byte)'[', (byte)'"', (byte)'\\', (byte)'\n'];

    /// <summary>One edit, given as numbers the generator draws: what to do, where, how much, and with what.</summary>
    private static byte[] Apply(byte[] input, int how, int at, int length, int with, string[] tokens)
    {
        int n = input.Length;
        int i = n == 0 ? 0 : at % n;
        int count = 1 + (length % 16);
        int gap = at % (n + 1); // where an insertion goes: before any byte or after the last
        switch (how % 8)
        {
            case 0 when n > 0: // flip one bit
                byte[] flipped = (byte[])input.Clone();
                flipped[i] ^= (byte)(1 << (with % 8));
                return flipped;
            case 1 when n > 0: // overwrite with a byte readers treat specially
                byte[] overwritten = (byte[])input.Clone();
                overwritten[i] = Interesting[with % Interesting.Length];
                return overwritten;
            case 2: // truncate
                return input[..i];
            case 3: // delete a span
                return [.. input[..i], .. input[Math.Min(n, i + count)..]];
            case 4 when n > 0: // duplicate a span in place
                return [.. input[..Math.Min(n, i + count)], .. input[i..Math.Min(n, i + count)], .. input[Math.Min(n, i + count)..]];
            case 5: // insert random bytes
                var random = new Random(with);
                byte[] inserted = new byte[count];
                random.NextBytes(inserted);
                return [.. input[..gap], .. inserted, .. input[gap..]];
            case 6 when tokens.Length > 0: // insert a token of the format
                return [.. input[..gap], .. Encoding.UTF8.GetBytes(tokens[with % tokens.Length]), .. input[gap..]];
            default: // move a span elsewhere (swap halves at i)
                return [.. input[i..], .. input[..i]];
        }
    }

    /// <summary>A valid input from <paramref name="valid"/> with one to four edits, or random bytes.</summary>
    public static Gen<byte[]> Damaged(Gen<byte[]> valid, params string[] tokens)
    {
        Gen<(int, int, int, int)> edit = Gen.Select(Gen.Int[0, 7], Gen.Int[0, int.MaxValue], Gen.Int[0, 63], Gen.Int[0, int.MaxValue]);
        Gen<byte[]> damaged = Gen.Select(valid, edit.Array[1, 4]).Select((input, edits) =>
            edits.Aggregate(input, (bytes, e) => Apply(bytes, e.Item1, e.Item2, e.Item3, e.Item4, tokens)));
        return Gen.Frequency((6, damaged), (1, Gen.Byte.Array[0, 200]), (1, valid));
    }

    /// <summary>Text read from damaged UTF-8 (invalid sequences become U+FFFD, as when a file is read).</summary>
    public static Gen<string> DamagedText(Gen<string> valid, params string[] tokens) =>
        Damaged(valid.Select(Encoding.UTF8.GetBytes), tokens).Select(Encoding.UTF8.GetString);

    /// <summary>Runs <paramref name="read"/> and lets only <typeparamref name="TDocumented"/> out; anything else fails the test with the input.</summary>
    public static void OnlyThrows<TDocumented>(Action read, Func<string> input)
        where TDocumented : Exception
    {
        try
        {
            read();
        }
        catch (TDocumented ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message), "the error says nothing");
        }
        catch (Exception ex)
        {
            Assert.Fail($"threw {ex.GetType().Name} instead of {typeof(TDocumented).Name} for {input()}:\n{ex}");
        }
    }

    public static string Hex(byte[] bytes) => bytes.Length > 400 ? Convert.ToHexString(bytes, 0, 400) + "…" : Convert.ToHexString(bytes);
}
