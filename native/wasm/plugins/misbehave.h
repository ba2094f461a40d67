/* What the misbehaving plugins share: a get_metadata declaring `in` and `out` (Any) under the plugin's name. */
#include "extism.h"

EXTISM_EXPORT("get_metadata") int32_t get_metadata(void)
{
    ext_output_text("{\"component\":\"" PLUGIN_NAME "\",\"description\":\"" PLUGIN_DESCRIPTION "\","
                    "\"inports\":[{\"name\":\"in\",\"port_type\":\"Any\",\"required\":true}],"
                    "\"outports\":[{\"name\":\"out\",\"port_type\":\"Any\",\"required\":false}]}");
    return 0;
}
