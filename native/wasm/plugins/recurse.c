/* Misbehaves: recurses without end. Each level lives on the WebAssembly stack only (no locals in linear memory), so
 * the host's wasm stack limit stops it: reported as `max_recursion`. (Frames that C keeps in linear memory — arrays,
 * taken addresses — would instead run the shadow stack out of its region, an out-of-bounds memory trap.) */
#define PLUGIN_NAME "recurse"
#define PLUGIN_DESCRIPTION "recurses without end"
#include "misbehave.h"

/* Read at run time, so the compiler can neither prove the recursion endless (and warn) nor turn it into a loop:
 * the read after each call keeps every call a real one. */
static volatile int32_t never = -1;

static int32_t deeper(int32_t depth)
{
    if (depth == never) return 0;
    return deeper(depth + 1) + never;
}

EXTISM_EXPORT("process") int32_t process(void)
{
    return deeper(0) == 0 ? 0 : 1;
}
