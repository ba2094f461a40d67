/* send-output with __send_output imported as (i64) -> () (the other PDK family's signature): the host binds both. */
#define EXTISM_SEND_OUTPUT_NO_RESULT
#define PLUGIN_NAME "send-output-no-result"
#include "send-output.c"
