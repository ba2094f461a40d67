using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>
/// The objects behind the opaque handles C holds. A handle is a slot index and the slot's generation, so a
/// destroyed handle (or one never made here) is recognised and refused instead of dereferenced. Reads take no
/// lock: the slot array only grows, and a slot's entry is replaced whole.
/// </summary>
internal static class HandleTable
{
    private sealed record Entry(object Target, uint Generation);

    private static readonly Lock s_lock = new();
    private static Entry?[] s_slots = new Entry?[64];
    private static uint[] s_generations = new uint[64];
    private static readonly Stack<int> s_free = new();
    private static int s_used;

    public static nint Add(object target)
    {
        lock (s_lock)
        {
            int index;
            if (s_free.Count > 0)
            {
                index = s_free.Pop();
            }
            else
            {
                if (s_used == s_slots.Length)
                {
                    Array.Resize(ref s_generations, s_used * 2);
                    Entry?[] grown = new Entry?[s_used * 2];
                    Array.Copy(s_slots, grown, s_used);
                    Volatile.Write(ref s_slots, grown);
                }

                index = s_used++;
            }

            uint generation = ++s_generations[index];
            Volatile.Write(ref s_slots[index], new Entry(target, generation));
            return (nint)(((long)generation << 32) | (uint)(index + 1));
        }
    }

    public static void Remove(nint handle)
    {
        lock (s_lock)
        {
            if (Find(handle) is not null)
            {
                int index = (int)((uint)(long)handle - 1);
                Volatile.Write(ref s_slots[index], null);
                s_free.Push(index);
            }
        }
    }

    /// <summary>The <typeparamref name="T"/> behind <paramref name="handle"/>; RFL_ERR_ARGUMENT when NULL, destroyed or not a <paramref name="what"/>.</summary>
    public static T Get<T>(nint handle, string what) where T : class =>
        Find(handle) as T ?? throw new RflException(RflStatus.ErrArgument,
            handle == 0 ? $"The {what} handle is NULL." : $"The {what} handle is not a live {what}: destroyed already, or not made by this library.");

    private static object? Find(nint handle)
    {
        long value = handle;
        int index = (int)((uint)value - 1);
        Entry?[] slots = Volatile.Read(ref s_slots);
        if (handle == 0 || (uint)index >= (uint)slots.Length)
        {
            return null;
        }

        Entry? entry = Volatile.Read(ref slots[index]);
        return entry is not null && entry.Generation == (uint)(value >> 32) ? entry.Target : null;
    }
}
