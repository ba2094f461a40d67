namespace Reflow.Native;

/// <summary>
/// rfl_last_error: the text of the calling thread's last failing call, in a buffer of that thread. The buffer
/// lives as long as the thread (a few bytes per thread that ever failed a call).
/// </summary>
internal static unsafe class LastError
{
    [ThreadStatic]
    private static NativeBuffer? t_buffer;

    public static void Set(string text) => (t_buffer ??= new NativeBuffer()).WriteUtf8(text);

    public static byte* Get()
    {
        NativeBuffer? buffer = t_buffer;
        if (buffer is null || buffer.Pointer is null)
        {
            fixed (byte* empty = "\0"u8)
            {
                return empty; // a u8 literal is data of the image: it never moves
            }
        }

        return buffer.Pointer;
    }
}
