/*
 * batch-identity — every input frame forwarded unchanged to out-port 0, without decoding a message: the plugin of
 * benchmark B11's batch ABI run.
 *
 * An input batch and an output batch have the same layout, so the plugin rewrites each frame's port byte to 0 in
 * the input buffer and returns that buffer as its output: no copy, no allocation beyond the input buffer. (With
 * one inport the rewrite changes nothing, but it keeps the plugin right for any inport count.) The general way to
 * forward a frame to another batch is reflow_forward(port, &frame), which copies its bytes.
 *
 * "keep_instance": it holds no state, so one instance serves every batch of a node (no instantiation per batch),
 * and the host writes each batch into the same buffer. "max_batch": 4096 messages per call.
 */
#include "reflow.h"

REFLOW_METADATA("{\"component\":\"BatchIdentity\","
                "\"description\":\"Forwards every message unchanged (batch ABI).\","
                "\"inports\":[{\"name\":\"in\",\"description\":\"any message\",\"port_type\":\"Any\",\"required\":true}],"
                "\"outports\":[{\"name\":\"out\",\"description\":\"the same message\",\"port_type\":\"Any\",\"required\":false}],"
                "\"keep_instance\":true,\"max_batch\":4096}")

REFLOW_EXPORT("reflow_process") int64_t reflow_process(uint32_t ptr, uint32_t len) {
    uint8_t *batch = (uint8_t *)(size_t)ptr;
    if (len < 4) return reflow_fail("batch shorter than its 4-byte count");
    uint32_t count = reflow__u32(batch);
    uint32_t pos = 4;
    for (uint32_t i = 0; i < count; i++) {
        if (len - pos < 5) return reflow_fail("batch frame header past the end of the batch");
        uint32_t n = reflow__u32(batch + pos + 1);
        if (len - pos - 5 < n) return reflow_fail("batch frame length past the end of the batch");
        batch[pos] = 0;
        pos += 5 + n;
    }
    return count ? reflow_pack(batch, pos) : 0;
}
