/* Misbehaves: process sets an output that is not JSON. */
#define PLUGIN_NAME "bad-json"
#define PLUGIN_DESCRIPTION "writes a result that is not JSON"
#include "misbehave.h"

EXTISM_EXPORT("process") int32_t process(void)
{
    ext_output_text("{\"outputs\": {\"out\": {\"type\": \"String\", \"data\": \"cut off");
    return 0;
}
