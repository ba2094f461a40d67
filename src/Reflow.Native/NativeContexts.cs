using System.Runtime.CompilerServices;
using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>
/// The rfl_context values of live C nodes: a slot index and the slot's generation, like <see cref="HandleTable"/>,
/// but typed, so the lookup on every rfl_emit is an array read and a compare, with no type test and no GCHandle.
/// A NULL, stale (node stopped) or foreign context is refused, never dereferenced. Reads take no lock: the slot
/// array only grows, and each slot is written whole.
/// </summary>
internal static class NativeContexts
{
    private static readonly Lock s_lock = new();
    private static NativeActor?[] s_actors = new NativeActor?[64];
    private static uint[] s_generations = new uint[64];
    private static readonly Stack<int> s_free = new();
    private static int s_used;

    /// <summary>A new context for <paramref name="actor"/>, valid until <see cref="Remove"/>.</summary>
    public static nint Add(NativeActor actor)
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
                if (s_used == s_actors.Length)
                {
                    Array.Resize(ref s_generations, s_used * 2);
                    NativeActor?[] grown = new NativeActor?[s_used * 2];
                    Array.Copy(s_actors, grown, s_used);
                    Volatile.Write(ref s_actors, grown);
                }

                index = s_used++;
            }

            uint generation = ++s_generations[index];
            actor.ContextGeneration = generation;
            Volatile.Write(ref s_actors[index], actor);
            return (nint)(((long)generation << 32) | (uint)(index + 1));
        }
    }

    public static void Remove(nint context)
    {
        lock (s_lock)
        {
            if (Find(context) is not null)
            {
                int index = (int)((uint)(long)context - 1);
                Volatile.Write(ref s_actors[index], null);
                s_free.Push(index);
            }
        }
    }

    /// <summary>The node of <paramref name="context"/>; RFL_ERR_ARGUMENT when it is NULL or not a live node's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NativeActor Get(nint context) => Find(context) ?? throw Refused(context);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static NativeActor? Find(nint context)
    {
        long value = context;
        int index = (int)((uint)value - 1);
        NativeActor?[] actors = Volatile.Read(ref s_actors);
        if ((uint)index >= (uint)actors.Length)
        {
            return null; // NULL (index -1) lands here too
        }

        NativeActor? actor = Volatile.Read(ref actors[index]);
        return actor is not null && actor.ContextGeneration == (uint)(value >> 32) ? actor : null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RflException Refused(nint context) => new(RflStatus.ErrArgument, context == 0
        ? "The context is NULL."
        : "The context is not a live node's: use the context a callback was given, during that callback.");
}
