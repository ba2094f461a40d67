/* Misbehaves: recurses without end. The wasm stack limit stops it (reported as `max_recursion`). */
#define PLUGIN_NAME "recurse"
#define PLUGIN_DESCRIPTION "recurses without end"
#include "misbehave.h"

/* Never equal to a depth: read at run time, so the compiler cannot prove the recursion endless (and warn) nor turn
 * it into a loop; the volatile frame keeps each level's stack. */
static volatile int32_t never = -1;

static int32_t deeper(int32_t depth)
{
    if (depth == never) return 0;
    volatile int32_t frame[16];
    frame[depth & 15] = depth;
    return deeper(depth + 1) + frame[(depth + 1) & 15];
}

EXTISM_EXPORT("process") int32_t process(void)
{
    return deeper(0) == 0 ? 0 : 1;
}
