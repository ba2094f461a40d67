/* Misbehaves: grows its linear memory 1 MiB at a time without end. The host's memory limit (`memory_limit`) makes
 * memory.grow fail; the plugin then traps, which the host reports as the memory limit. */
#define PLUGIN_NAME "grow"
#define PLUGIN_DESCRIPTION "grows its memory without end"
#include "misbehave.h"

EXTISM_EXPORT("process") int32_t process(void)
{
    for (;;) {
        if (__builtin_wasm_memory_grow(0, 16) == (size_t)-1) __builtin_trap();
    }
}
