/*
 * ean13 — checks the EAN-13 barcode of each order line (an Object with a String "ean"). A line whose barcode is 13
 * digits with the right check digit goes on `out` unchanged (forwarded as its bytes, not decoded and re-encoded);
 * any other goes to `rejected` as a String naming the line's "order" and "sku" and what is wrong:
 *   "A-1003 bulb: EAN 3012345678903 has check digit 3, expected 2"
 *   "A-1006 cable: EAN 12345 is not 13 digits"
 *   "A-1009 ?: no EAN (a String \"ean\" is expected)"
 * The check digit makes the weighted sum (weights 1, 3, 1, 3, … from the left) of all 13 digits a multiple of 10.
 * Used by examples/polyglot (a copy of its build is checked in there).
 */
#include "reflow.h"

REFLOW_METADATA("{\"component\":\"ean13\","
                "\"description\":\"Passes the order lines whose EAN-13 check digit is right; names the others on rejected.\","
                "\"inports\":[{\"name\":\"in\",\"description\":\"order lines (Objects with a String ean)\",\"port_type\":\"Object\",\"required\":true}],"
                "\"outports\":[{\"name\":\"out\",\"description\":\"the lines with a valid EAN-13, unchanged\",\"port_type\":\"Object\",\"required\":false},"
                "{\"name\":\"rejected\",\"description\":\"why a line was rejected, naming its order and sku\",\"port_type\":\"String\",\"required\":false}]}")

enum { OUT = 0, REJECTED = 1 };

/* A growable-by-nothing text in the call's arena: the longest message fits in `cap` bytes (checked by the caller). */
typedef struct text { char *p; uint32_t n; } text;

static void add(text *t, const char *s, uint32_t n) {
    memcpy(t->p + t->n, s, n);
    t->n += n;
}

static void add_cstr(text *t, const char *s) { add(t, s, reflow_strlen(s)); }

/* A field of the line as UTF-8 text, or "?" when it is missing or not a String. */
static reflow_str field(reflow_value line, const char *key) {
    reflow_value v;
    reflow_str s;
    if (reflow_object_get(line, key, reflow_strlen(key), &v) && reflow_as_string(v, &s) && !s.utf16) return s;
    reflow_str unknown = {"?", 1, 0};
    return unknown;
}

/* Emits "<order> <sku>: <what>[<ean>]<rest>" on `rejected`. */
static int reject(reflow_value line, const char *what, const reflow_str *ean, const char *rest, char digit, char expected) {
    reflow_str order = field(line, "order"), sku = field(line, "sku");
    uint32_t cap = order.bytes + sku.bytes + (ean ? ean->bytes : 0) + 96;
    text t = {(char *)reflow_arena_alloc(cap), 0};
    if (t.p == 0) return reflow_fail("ean13: out of memory");
    add(&t, order.ptr, order.bytes);
    add_cstr(&t, " ");
    add(&t, sku.ptr, sku.bytes);
    add_cstr(&t, ": ");
    add_cstr(&t, what);
    if (ean) add(&t, ean->ptr, ean->bytes);
    add_cstr(&t, rest);
    if (digit) {
        add(&t, &digit, 1);
        add_cstr(&t, ", expected ");
        add(&t, &expected, 1);
    }
    return reflow_emit_string(REJECTED, t.p, t.n) ? 0 : reflow_fail("ean13: out of memory writing the output batch");
}

static int check(const reflow_frame *frame) {
    reflow_value line = reflow_frame_value(frame);
    reflow_value v;
    reflow_str ean;
    if (!reflow_object_get(line, "ean", 3, &v) || !reflow_as_string(v, &ean) || ean.utf16)
        return reject(line, "no EAN (a String \"ean\" is expected)", 0, "", 0, 0);

    int digits = ean.bytes == 13;
    for (uint32_t i = 0; digits && i < 13; i++) digits = ean.ptr[i] >= '0' && ean.ptr[i] <= '9';
    if (!digits) return reject(line, "EAN ", &ean, " is not 13 digits", 0, 0);

    uint32_t sum = 0;
    for (uint32_t i = 0; i < 12; i++) sum += (uint32_t)(ean.ptr[i] - '0') * (i % 2 ? 3 : 1);
    char expected = (char)('0' + (10 - sum % 10) % 10);
    if (ean.ptr[12] != expected) return reject(line, "EAN ", &ean, " has check digit ", ean.ptr[12], expected);

    return reflow_forward(OUT, frame) ? 0 : reflow_fail("ean13: out of memory writing the output batch");
}

static int process(reflow_batch *in) {
    reflow_frame frame;
    int got;
    while ((got = reflow_batch_next(in, &frame)) == 1) {
        if (check(&frame) != 0) return -1;
    }
    return got; /* 0 at the end of the batch, -1 for a malformed one (message set) */
}
REFLOW_PROCESS(process)
