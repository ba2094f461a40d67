/*
 * batch-scale — multiplies each Integer or Float by the node's `factor` setting (an Integer or a Float read once in
 * reflow_init; default 1). An Integer times an Integer factor stays an Integer (wrapping on overflow, as C's
 * unsigned arithmetic does); with a Float on either side the result is a Float. Any other message goes to the
 * `error` out-port as an Error message naming its kind, e.g. "batch-scale: expected Integer or Float, got String".
 *
 * "keep_instance": the factor is read once per node, and the SDK's arena is reset at each call.
 *
 * Settings in a graph:  "scale": {"component": "./batch-scale.wasm", "metadata": {"factor": 3}}
 */
#include "reflow.h"

REFLOW_METADATA("{\"component\":\"BatchScale\","
                "\"description\":\"Multiplies Integer and Float messages by the factor setting (batch ABI).\","
                "\"inports\":[{\"name\":\"in\",\"description\":\"numbers\",\"port_type\":\"Any\",\"required\":true}],"
                "\"outports\":[{\"name\":\"out\",\"description\":\"the scaled numbers\",\"port_type\":\"Any\",\"required\":false},"
                "{\"name\":\"error\",\"description\":\"an Error for each message that is not a number\",\"port_type\":\"Any\",\"required\":false}],"
                "\"config_schema\":{\"type\":\"object\",\"properties\":{\"factor\":{\"type\":\"number\"}}},"
                "\"keep_instance\":true}")

enum { OUT = 0, ERROR = 1 };

static int factor_is_float;
static int64_t factor_int = 1;
static double factor_float = 1.0;

static int init(reflow_value settings) {
    reflow_value factor;
    if (!reflow_object_get(settings, "factor", 6, &factor)) return 0;
    if (reflow_as_int(factor, &factor_int)) { factor_float = (double)factor_int; return 0; }
    if (reflow_as_float(factor, &factor_float)) { factor_is_float = 1; return 0; }
    return reflow_fail("batch-scale: the factor setting must be a number");
}
REFLOW_INIT(init)

/* The text of the Error for a message of `kind`, in `buf` (large enough for the longest kind name). */
static uint32_t wrong_kind(char *buf, uint32_t kind) {
    static const char prefix[] = "batch-scale: expected Integer or Float, got ";
    uint32_t n = sizeof prefix - 1;
    memcpy(buf, prefix, n);
    const char *name = reflow_kind_name(kind);
    for (uint32_t i = 0; name[i]; i++) buf[n++] = name[i];
    return n;
}

static int process(reflow_batch *in) {
    reflow_frame frame;
    int got;
    char text[64];
    while ((got = reflow_batch_next(in, &frame)) == 1) {
        reflow_value v = reflow_frame_value(&frame);
        int64_t i;
        double d;
        if (reflow_as_int(v, &i)) {
            if (factor_is_float) reflow_emit_float(OUT, (double)i * factor_float);
            else reflow_emit_int(OUT, (int64_t)((uint64_t)i * (uint64_t)factor_int));
        } else if (reflow_as_float(v, &d)) {
            reflow_emit_float(OUT, d * factor_float);
        } else {
            reflow_emit_error(ERROR, text, wrong_kind(text, reflow_kind(v)));
        }
    }
    return got; /* 0 at the end of the batch, -1 for a malformed one (message set) */
}
REFLOW_PROCESS(process)
