using System.Runtime.InteropServices;
using System.Text;
using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>NUL-terminated UTF-8 strings from C, checked.</summary>
internal static unsafe class Utf8
{
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Required(byte* text, string what) =>
        Optional(text, what) ?? throw new RflException(RflStatus.ErrArgument, $"{what} is NULL.");

    public static string? Optional(byte* text, string what) =>
        text is null ? null : Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text), what);

    /// <summary>Text with a length: NULL only when the length is 0 (then "").</summary>
    public static string Counted(byte* text, nuint length, string what)
    {
        if (length == 0)
        {
            return "";
        }

        if (text is null)
        {
            throw new RflException(RflStatus.ErrArgument, $"{what} is NULL but its length is {length}.");
        }

        if (length > int.MaxValue)
        {
            throw new RflException(RflStatus.ErrArgument, $"{what} is {length} bytes: over the limit of {int.MaxValue}.");
        }

        return Decode(new ReadOnlySpan<byte>(text, (int)length), what);
    }

    private static string Decode(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return s_strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new RflException(RflStatus.ErrArgument, $"{what} is not valid UTF-8 (byte {e.Index} of {bytes.Length}).");
        }
    }
}
