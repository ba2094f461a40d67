using Jint;
using Jint.Native;
using Jint.Runtime.Interop;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// Refuses an <c>ArrayBuffer</c> or typed array larger than the node's memory limit before it is allocated: Jint's
/// memory constraint does not count their buffers, so <c>new Uint8Array(1e9)</c> would otherwise take a gigabyte
/// and be caught only afterwards (by the engine's check of what the whole call allocated).
/// </summary>
/// <remarks>Each constructor is replaced by a proxy whose construct trap checks the requested length; <c>instanceof</c>,
/// <c>BYTES_PER_ELEMENT</c> and subclassing see the original through the proxy.</remarks>
internal static class JsAllocationGuard
{
    private const string Prelude = """
        (limit, refuse) => {
          for (const name of ['ArrayBuffer', 'SharedArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
                              'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array',
                              'BigInt64Array', 'BigUint64Array']) {
            const original = globalThis[name];
            if (typeof original !== 'function') continue;
            const size = original.BYTES_PER_ELEMENT ?? 1;
            const guarded = new Proxy(original, {
              construct(target, args, newTarget) {
                const length = args[0];
                if (typeof length === 'number' && length * size > limit) refuse(name, length * size);
                return Reflect.construct(target, args, newTarget === guarded ? target : newTarget);
              },
            });
            Object.defineProperty(globalThis, name, { value: guarded, writable: true, configurable: true, enumerable: false });
          }
        }
        """;

    public static void Install(Engine engine, ScriptLimits limits)
    {
        if (limits.MemoryBytes is not long limit)
        {
            return;
        }

        var refuse = new ClrFunction(engine, "refuse", (_, args) => throw new ScriptLimitException("memory_limit",
            $"new {args[0]}(...) would allocate {args[1]} bytes, more than the memory limit of {limit} bytes; raise it with the node setting 'memory_limit'"));
        engine.Evaluate(Prelude).Call(JsNumber.Create(limit), refuse);
    }
}
