/* Misbehaves: divides by zero, a WebAssembly trap (i32.div_s). */
#define PLUGIN_NAME "trap"
#define PLUGIN_DESCRIPTION "divides by zero"
#include "misbehave.h"

EXTISM_EXPORT("process") int32_t process(void)
{
    /* Both read at run time, so the division stays an i32.div_s (1 / x alone becomes a comparison). */
    volatile int32_t numerator = 1, zero = 0;
    return numerator / zero;
}
