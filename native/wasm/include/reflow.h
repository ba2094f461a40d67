/*
 * reflow.h — the guest SDK of Reflow's batch ABI (v1) for C plugins, header-only and freestanding (no libc).
 *
 * Build:  clang-14 --target=wasm32 -O2 -nostdlib -I native/wasm/include -Wl,--no-entry -o plugin.wasm plugin.c
 *
 * Include this header in exactly ONE translation unit of a plugin: it defines the exports `reflow_alloc` and
 * `reflow_error`, and `memcpy`/`memset` (weak; the compiler emits calls to them for struct copies and copy loops,
 * and a freestanding module has no libc to supply them). The plugin adds its own exports with the macros
 * REFLOW_METADATA, REFLOW_INIT and REFLOW_PROCESS below.
 *
 * The ABI (see native/wasm/README.md, "The batch ABI"): the host calls reflow_metadata() once, reflow_alloc(len) for a buffer it
 * writes a batch (or, for reflow_init, the node's settings as one encoded Object message) into, then
 * reflow_process(ptr, len), which returns (out_ptr << 32) | out_len of the output batch, or -1 after a failure
 * (then reflow_error() gives the message). A batch is: u32 count, then count frames of: u8 port, u32 byte length,
 * that many bytes = one message. All integers little-endian.
 *
 * MEMORY AND OWNERSHIP. One bump allocator over the module's linear memory from __heap_base:
 *   - The input buffer (from reflow_alloc) lives as long as the instance. reflow_alloc hands back the same buffer
 *     while it is large enough, so the host may reuse it for later batches.
 *   - The ARENA (reflow_arena_alloc, the output batch, copied error messages) is reset at the start of every
 *     reflow_process and reflow_init call: whatever it holds lives until the NEXT call into the plugin. Without
 *     "keep_instance" every call gets a fresh instance anyway; with it, the reset keeps memory from growing.
 *   - reflow_keep_alloc gives memory that survives the resets (state of a keep_instance plugin). Call it from
 *     reflow_init; called during reflow_process it also pins the call's arena allocations made so far.
 *   - Views handed out by the reader (strings, bytes, values) point INTO the input buffer: valid until the host
 *     writes the next batch, i.e. until reflow_process returns. Copy what must outlive the call.
 *   - Globals are kept between calls only with "keep_instance": true in the metadata.
 */
#ifndef REFLOW_H
#define REFLOW_H

typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned long long uint64_t;
typedef long long int64_t;
typedef __SIZE_TYPE__ size_t;

#define REFLOW_EXPORT(name) __attribute__((export_name(name)))

/* ------------------------------------------------------------------------------------------------------------- */
/* Message kinds: the first byte of every encoded message.                                                       */
/* ------------------------------------------------------------------------------------------------------------- */
enum reflow_kind {
    REFLOW_FLOW = 0, REFLOW_NULL = 1, REFLOW_BOOLEAN = 2, REFLOW_INTEGER = 3, REFLOW_FLOAT = 4, REFLOW_STRING = 5,
    REFLOW_BYTES = 6, REFLOW_ARRAY = 7, REFLOW_OBJECT = 8, REFLOW_ERROR = 9, REFLOW_OPEN_BRACKET = 10,
    REFLOW_CLOSE_BRACKET = 11,
    REFLOW_INVALID = 255 /* returned by reflow_kind for an empty or truncated value */
};

/* The kind's name as the host spells it ("Integer", "String", ...); "Invalid" for an unknown kind. Static text. */
static inline const char *reflow_kind_name(uint32_t kind) {
    static const char *const names[] = {"Flow", "Null", "Boolean", "Integer", "Float", "String", "Bytes", "Array",
                                        "Object", "Error", "OpenBracket", "CloseBracket"};
    return kind < 12 ? names[kind] : "Invalid";
}

/* Length of a NUL-terminated string. */
static inline uint32_t reflow_strlen(const char *s) {
    uint32_t n = 0;
    while (s[n]) n++;
    return n;
}

/* Packs a pointer and a length the way the ABI returns them: (ptr << 32) | len. */
static inline int64_t reflow_pack(const void *ptr, uint32_t len) {
    return (int64_t)(((uint64_t)(uint32_t)(size_t)ptr << 32) | len);
}

/* ------------------------------------------------------------------------------------------------------------- */
/* libc pieces the compiler may call.                                                                            */
/* ------------------------------------------------------------------------------------------------------------- */
__attribute__((weak, no_builtin("memcpy"))) void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
    while (n >= 8) { uint64_t w; __builtin_memcpy(&w, s, 8); __builtin_memcpy(d, &w, 8); d += 8; s += 8; n -= 8; }
    while (n--) *d++ = *s++;
    return dst;
}

__attribute__((weak, no_builtin("memset"))) void *memset(void *dst, int c, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    while (n--) *d++ = (uint8_t)c;
    return dst;
}

static inline uint32_t reflow__u32(const uint8_t *p) { uint32_t v; __builtin_memcpy(&v, p, 4); return v; }
static inline uint64_t reflow__u64(const uint8_t *p) { uint64_t v; __builtin_memcpy(&v, p, 8); return v; }
static inline void reflow__put32(uint8_t *p, uint32_t v) { __builtin_memcpy(p, &v, 4); }
static inline void reflow__put64(uint8_t *p, uint64_t v) { __builtin_memcpy(p, &v, 8); }

/* ------------------------------------------------------------------------------------------------------------- */
/* Allocation.                                                                                                   */
/* ------------------------------------------------------------------------------------------------------------- */
extern uint8_t __heap_base;

static uint32_t reflow__top;  /* next free byte; 0 before the first allocation */
static uint32_t reflow__base; /* where the arena restarts on reset: above the input buffer and reflow_keep_alloc */
static uint8_t *reflow__in_ptr;
static uint32_t reflow__in_cap;

/* Makes sure linear memory reaches `end`; grows it by whole pages. 0 = the host refused (memory limit). */
static int reflow__reserve(uint32_t end) {
    uint32_t have = (uint32_t)__builtin_wasm_memory_size(0) << 16;
    if (end <= have) return 1;
    uint32_t pages = (end - have + 0xFFFF) >> 16;
    return __builtin_wasm_memory_grow(0, pages) != (size_t)-1;
}

static void *reflow__bump(uint32_t len) {
    if (reflow__top == 0) reflow__top = reflow__base = ((uint32_t)(size_t)&__heap_base + 15u) & ~15u;
    uint32_t at = (reflow__top + 15u) & ~15u;
    uint32_t end = at + len;
    if (end < at || !reflow__reserve(end)) return 0;
    reflow__top = end;
    return (void *)(size_t)at;
}

/* Scratch memory for this call: 16-byte aligned, NOT zeroed, lives until the next call into the plugin.
   0 when the memory limit is reached. */
static inline void *reflow_arena_alloc(uint32_t len) { return reflow__bump(len); }

/* Memory that survives the per-call resets (with keep_instance, for the life of the instance). 0 = out of memory. */
static inline void *reflow_keep_alloc(uint32_t len) {
    void *p = reflow__bump(len);
    if (p) reflow__base = reflow__top;
    return p;
}

/* The ABI's allocator, called by the host between calls: a buffer of >= len bytes for the host to write a batch into.
   The same buffer is returned while it is large enough; a larger request gets a new one of at least twice the size.
   The old one stays intact (the host copies what it already wrote from it). 0 = out of memory. */
REFLOW_EXPORT("reflow_alloc") uint32_t reflow_alloc(uint32_t len) {
    if (reflow__in_ptr && len <= reflow__in_cap) return (uint32_t)(size_t)reflow__in_ptr;
    if (reflow__top) reflow__top = reflow__base; /* the last call's arena is dead: its output has been read */
    uint32_t cap = len < 4096 ? 4096 : len;
    if (cap < reflow__in_cap * 2) cap = reflow__in_cap * 2;
    uint8_t *p = (uint8_t *)reflow_keep_alloc(cap);
    if (!p) return 0;
    reflow__in_ptr = p;
    reflow__in_cap = cap;
    return (uint32_t)(size_t)p;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Failure.                                                                                                      */
/* ------------------------------------------------------------------------------------------------------------- */
static const char *reflow__err_ptr;
static uint32_t reflow__err_len;

/* Records the failure message (copied into the arena; a too-long message or no memory keeps the pointer given)
   and returns -1, so `return reflow_fail_n(...)` ends a REFLOW_PROCESS/REFLOW_INIT body as a failure. */
static int reflow_fail_n(const char *msg, uint32_t len) {
    char *copy = (char *)reflow__bump(len);
    if (copy) { memcpy(copy, msg, len); msg = copy; }
    reflow__err_ptr = msg;
    reflow__err_len = len;
    return -1;
}

/* As reflow_fail_n for a NUL-terminated message. */
static inline int reflow_fail(const char *msg) { return reflow_fail_n(msg, reflow_strlen(msg)); }

/* The ABI's error export: (ptr << 32) | len of the last failure's UTF-8 message; 0 when there was none. */
REFLOW_EXPORT("reflow_error") int64_t reflow_error(void) {
    return reflow__err_ptr ? reflow_pack(reflow__err_ptr, reflow__err_len) : 0;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Reading: the input batch, its frames and the messages in them.                                                */
/* ------------------------------------------------------------------------------------------------------------- */

/* A cursor over one encoded message: `p` is its kind byte, `len` the bytes available from there (the rest of the
   frame, or of the enclosing array/object): every accessor checks against it. Points into the input buffer. */
typedef struct reflow_value { const uint8_t *p; uint32_t len; } reflow_value;

/* One frame of the input batch: the inport index (metadata order), and the message (`msg`, `len` bytes). */
typedef struct reflow_frame { uint32_t port; const uint8_t *msg; uint32_t len; } reflow_frame;

/* An iterator over a batch. */
typedef struct reflow_batch { const uint8_t *data; uint32_t len; uint32_t count; uint32_t index; uint32_t pos; } reflow_batch;

/* Opens a batch of `len` bytes at `ptr`. 0 = ok, -1 = shorter than its count (failure message set). */
static inline int reflow_batch_open(reflow_batch *b, const void *ptr, uint32_t len) {
    b->data = (const uint8_t *)ptr; b->len = len; b->index = 0; b->pos = 4; b->count = 0;
    if (len < 4) return reflow_fail("batch shorter than its 4-byte count");
    b->count = reflow__u32(b->data);
    return 0;
}

/* The next frame: 1 = `f` filled, 0 = no more frames, -1 = a frame runs past the batch (failure message set). */
static inline int reflow_batch_next(reflow_batch *b, reflow_frame *f) {
    if (b->index >= b->count) return 0;
    if (b->len - b->pos < 5) return reflow_fail("batch frame header past the end of the batch");
    const uint8_t *h = b->data + b->pos;
    uint32_t n = reflow__u32(h + 1);
    if (b->len - b->pos - 5 < n) return reflow_fail("batch frame length past the end of the batch");
    f->port = h[0]; f->msg = h + 5; f->len = n;
    b->pos += 5 + n;
    b->index++;
    return 1;
}

/* The message of a frame as a value cursor. */
static inline reflow_value reflow_frame_value(const reflow_frame *f) { reflow_value v = {f->msg, f->len}; return v; }

/* A value's kind byte (enum reflow_kind), REFLOW_INVALID when empty. */
static inline uint32_t reflow_kind(reflow_value v) { return v.len ? v.p[0] : REFLOW_INVALID; }

/* Integer: 1 = *out set; 0 = not an Integer (or truncated). */
static inline int reflow_as_int(reflow_value v, int64_t *out) {
    if (v.len < 9 || v.p[0] != REFLOW_INTEGER) return 0;
    *out = (int64_t)reflow__u64(v.p + 1);
    return 1;
}

/* Float: 1 = *out set; 0 = not a Float. */
static inline int reflow_as_float(reflow_value v, double *out) {
    if (v.len < 9 || v.p[0] != REFLOW_FLOAT) return 0;
    uint64_t bits = reflow__u64(v.p + 1);
    __builtin_memcpy(out, &bits, 8);
    return 1;
}

/* Integer or Float as a double: 1 = *out set; 0 = neither. */
static inline int reflow_as_number(reflow_value v, double *out) {
    int64_t i;
    if (reflow_as_int(v, &i)) { *out = (double)i; return 1; }
    return reflow_as_float(v, out);
}

/* Boolean: 1 = *out set (0 or 1); 0 = not a Boolean. */
static inline int reflow_as_bool(reflow_value v, int *out) {
    if (v.len < 2 || v.p[0] != REFLOW_BOOLEAN) return 0;
    *out = v.p[1] != 0;
    return 1;
}

/* A text view. `bytes` bytes at `ptr`: UTF-8 unless `utf16` is set (then `bytes`/2 UTF-16 code units, the form the
   host writes only for text that is not valid Unicode, e.g. a lone surrogate). Not NUL-terminated. */
typedef struct reflow_str { const char *ptr; uint32_t bytes; int utf16; } reflow_str;

/* Reads a MemoryPack string at `p` (n bytes available). Returns the bytes it takes, 0 = malformed. */
static inline uint32_t reflow__text(const uint8_t *p, uint32_t n, reflow_str *out) {
    if (n < 4) return 0;
    int32_t h = (int32_t)reflow__u32(p);
    if (h >= 0) {
        uint64_t bytes = (uint64_t)(uint32_t)h * 2;
        if (bytes > n - 4) return 0;
        out->ptr = (const char *)p + 4; out->bytes = (uint32_t)bytes; out->utf16 = h != 0;
        return 4 + (uint32_t)bytes;
    }
    if (h == -1 || n < 8) return 0; /* -1 is MemoryPack's null string */
    uint32_t bytes = (uint32_t)~h;
    if (bytes > n - 8) return 0;
    out->ptr = (const char *)p + 8; out->bytes = bytes; out->utf16 = 0;
    return 8 + bytes;
}

/* String (or, with reflow_as_error_text, Error): 1 = *out set; 0 = another kind or malformed. Check out->utf16. */
static inline int reflow_as_string(reflow_value v, reflow_str *out) {
    return v.len >= 1 && v.p[0] == REFLOW_STRING && reflow__text(v.p + 1, v.len - 1, out) != 0;
}
static inline int reflow_as_error_text(reflow_value v, reflow_str *out) {
    return v.len >= 1 && v.p[0] == REFLOW_ERROR && reflow__text(v.p + 1, v.len - 1, out) != 0;
}

/* Bytes: 1 = *ptr / *len set (a view into the input); 0 = not Bytes. */
static inline int reflow_as_bytes(reflow_value v, const uint8_t **ptr, uint32_t *len) {
    if (v.len < 5 || v.p[0] != REFLOW_BYTES) return 0;
    uint32_t n = reflow__u32(v.p + 1);
    if (n > v.len - 5) return 0;
    *ptr = v.p + 5; *len = n;
    return 1;
}

/* The encoded size of the message at v (to step over it), 0 = malformed or nested deeper than 64. */
static uint32_t reflow__size(const uint8_t *p, uint32_t n, uint32_t depth) {
    if (n < 1 || depth > 64) return 0;
    reflow_str s;
    uint32_t used, count, i, k;
    switch (p[0]) {
    case REFLOW_FLOW: case REFLOW_NULL: return 1;
    case REFLOW_BOOLEAN: return n >= 2 ? 2 : 0;
    case REFLOW_INTEGER: case REFLOW_FLOAT: return n >= 9 ? 9 : 0;
    case REFLOW_STRING: case REFLOW_ERROR: k = reflow__text(p + 1, n - 1, &s); return k ? 1 + k : 0;
    case REFLOW_BYTES:
        if (n < 5) return 0;
        count = reflow__u32(p + 1);
        return count <= n - 5 ? 5 + count : 0;
    case REFLOW_ARRAY: case REFLOW_OBJECT:
        if (n < 5) return 0;
        count = reflow__u32(p + 1);
        used = 5;
        for (i = 0; i < count; i++) {
            if (p[0] == REFLOW_OBJECT) {
                k = reflow__text(p + used, n - used, &s);
                if (!k) return 0;
                used += k;
            }
            k = reflow__size(p + used, n - used, depth + 1);
            if (!k) return 0;
            used += k;
        }
        return used;
    case REFLOW_OPEN_BRACKET: case REFLOW_CLOSE_BRACKET:
        if (n < 2) return 0;
        if (p[1] == 0) return 2;
        k = reflow__size(p + 2, n - 2, depth + 1);
        return k ? 2 + k : 0;
    default: return 0;
    }
}

/* The number of bytes the value's message takes (0 = malformed). */
static inline uint32_t reflow_value_size(reflow_value v) { return reflow__size(v.p, v.len, 0); }

/* An iterator over the elements of an Array or the entries of an Object. */
typedef struct reflow_iter { const uint8_t *p; uint32_t len; uint32_t remaining; int object; } reflow_iter;

/* Opens an Array (or Object): 1 = `it` ready, *count set (may be null); 0 = another kind. */
static inline int reflow_array(reflow_value v, reflow_iter *it, uint32_t *count) {
    if (v.len < 5 || (v.p[0] != REFLOW_ARRAY && v.p[0] != REFLOW_OBJECT)) return 0;
    it->p = v.p + 5; it->len = v.len - 5; it->remaining = reflow__u32(v.p + 1); it->object = v.p[0] == REFLOW_OBJECT;
    if (count) *count = it->remaining;
    return 1;
}
static inline int reflow_object(reflow_value v, reflow_iter *it, uint32_t *count) {
    return v.len >= 1 && v.p[0] == REFLOW_OBJECT && reflow_array(v, it, count);
}

/* The next element (Array) or entry (Object; `key` set, may be null for arrays): 1 = got one, 0 = no more,
   -1 = malformed. */
static inline int reflow_iter_next(reflow_iter *it, reflow_str *key, reflow_value *value) {
    if (it->remaining == 0) return 0;
    if (it->object) {
        reflow_str k;
        uint32_t used = reflow__text(it->p, it->len, &k);
        if (!used) return -1;
        if (key) *key = k;
        it->p += used; it->len -= used;
    }
    uint32_t size = reflow__size(it->p, it->len, 1);
    if (!size) return -1;
    value->p = it->p; value->len = size;
    it->p += size; it->len -= size; it->remaining--;
    return 1;
}

/* Looks up `key` (UTF-8, keylen bytes) in an Object: 1 = *out set; 0 = not an Object or no such key. */
static inline int reflow_object_get(reflow_value obj, const char *key, uint32_t keylen, reflow_value *out) {
    reflow_iter it;
    reflow_str k;
    if (!reflow_object(obj, &it, 0)) return 0;
    while (reflow_iter_next(&it, &k, out) == 1) {
        if (k.utf16 || k.bytes != keylen) continue;
        uint32_t i = 0;
        while (i < keylen && k.ptr[i] == key[i]) i++;
        if (i == keylen) return 1;
    }
    return 0;
}

/* A bracket's value: 1 = *out set; 0 = not a bracket, or a bracket with no value. */
static inline int reflow_bracket_value(reflow_value v, reflow_value *out) {
    if (v.len < 3 || (v.p[0] != REFLOW_OPEN_BRACKET && v.p[0] != REFLOW_CLOSE_BRACKET) || v.p[1] != 1) return 0;
    out->p = v.p + 2; out->len = v.len - 2;
    return 1;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Writing: the output batch.                                                                                    */
/* ------------------------------------------------------------------------------------------------------------- */
static uint8_t *reflow__out;     /* the output batch (count at [0..4)), in the arena */
static uint32_t reflow__out_len; /* bytes written */
static uint32_t reflow__out_cap;
static uint32_t reflow__frame_at; /* offset of the open frame's header; 0 = none open */
static int reflow__oom;

/* Room for `more` bytes after the written ones. Grows in place while the output is the arena's last block. */
static int reflow__room(uint32_t more) {
    uint32_t need = reflow__out_len + more;
    if (need < more) { reflow__oom = 1; return 0; }
    if (need <= reflow__out_cap) return 1;
    uint32_t cap = reflow__out_cap * 2;
    if (cap < need) cap = need;
    uint32_t start = (uint32_t)(size_t)reflow__out;
    if (start + reflow__out_cap == reflow__top) {
        if (!reflow__reserve(start + cap)) { reflow__oom = 1; return 0; }
        reflow__top = start + cap;
    } else {
        uint8_t *moved = (uint8_t *)reflow__bump(cap);
        if (!moved) { reflow__oom = 1; return 0; }
        memcpy(moved, reflow__out, reflow__out_len);
        reflow__out = moved;
    }
    reflow__out_cap = cap;
    return 1;
}

/* Appends raw bytes to the open frame. The building block of the writers below. 0 = out of memory. */
static inline int reflow_put_raw(const void *bytes, uint32_t len) {
    if (!reflow__room(len)) return 0;
    memcpy(reflow__out + reflow__out_len, bytes, len);
    reflow__out_len += len;
    return 1;
}

static inline int reflow__put_kind_and(uint8_t kind, const void *payload, uint32_t len) {
    if (!reflow__room(1 + len)) return 0;
    reflow__out[reflow__out_len] = kind;
    memcpy(reflow__out + reflow__out_len + 1, payload, len);
    reflow__out_len += 1 + len;
    return 1;
}

/* Starts a frame to out-port `port` (outport index, metadata order); write exactly one message with the reflow_put_*
   functions, then reflow_frame_end. 0 = out of memory. */
static inline int reflow_frame_begin(uint32_t port) {
    if (!reflow__room(5)) return 0;
    reflow__frame_at = reflow__out_len;
    reflow__out[reflow__out_len] = (uint8_t)port;
    reflow__out_len += 5;
    return 1;
}

/* Ends the open frame: patches its length and counts it. */
static inline int reflow_frame_end(void) {
    if (reflow__oom || !reflow__frame_at) return 0;
    reflow__put32(reflow__out + reflow__frame_at + 1, reflow__out_len - reflow__frame_at - 5);
    reflow__put32(reflow__out, reflow__u32(reflow__out) + 1);
    reflow__frame_at = 0;
    return 1;
}

/* Value writers (inside a frame, an array or an object). Each returns 1, or 0 when out of memory. */
static inline int reflow_put_flow(void) { uint8_t k = REFLOW_FLOW; return reflow_put_raw(&k, 1); }
static inline int reflow_put_null(void) { uint8_t k = REFLOW_NULL; return reflow_put_raw(&k, 1); }
static inline int reflow_put_bool(int b) { uint8_t v = b != 0; return reflow__put_kind_and(REFLOW_BOOLEAN, &v, 1); }
static inline int reflow_put_int(int64_t v) { return reflow__put_kind_and(REFLOW_INTEGER, &v, 8); }
static inline int reflow_put_float(double v) { return reflow__put_kind_and(REFLOW_FLOAT, &v, 8); }

/* UTF-16 code units of valid UTF-8: one per byte that is not a continuation byte, two for a 4-byte sequence. */
static inline uint32_t reflow_utf16_length(const char *utf8, uint32_t len) {
    const uint8_t *p = (const uint8_t *)utf8;
    uint32_t units = 0;
    for (uint32_t i = 0; i < len; i++) units += ((p[i] & 0xC0) != 0x80) + (p[i] >= 0xF0);
    return units;
}

/* A MemoryPack string in its UTF-8 form (empty text is written as the 4-byte zero header, as the host does). The
   SDK does not validate the UTF-8: the host rejects invalid text with the frame's offset. */
static inline int reflow_put_text(const char *utf8, uint32_t len) {
    uint8_t h[8];
    if (len == 0) { reflow__put32(h, 0); return reflow_put_raw(h, 4); }
    reflow__put32(h, ~len);
    reflow__put32(h + 4, reflow_utf16_length(utf8, len));
    return reflow_put_raw(h, 8) && reflow_put_raw(utf8, len);
}

/* String / Error messages from UTF-8 text. */
static inline int reflow_put_string(const char *utf8, uint32_t len) {
    uint8_t k = REFLOW_STRING; return reflow_put_raw(&k, 1) && reflow_put_text(utf8, len);
}
static inline int reflow_put_error(const char *utf8, uint32_t len) {
    uint8_t k = REFLOW_ERROR; return reflow_put_raw(&k, 1) && reflow_put_text(utf8, len);
}

/* Bytes. */
static inline int reflow_put_bytes(const void *bytes, uint32_t len) {
    uint8_t h[5] = {REFLOW_BYTES};
    reflow__put32(h + 1, len);
    return reflow_put_raw(h, 5) && reflow_put_raw(bytes, len);
}

/* An Array of `count` elements: write exactly `count` values after it. */
static inline int reflow_put_array(uint32_t count) { return reflow__put_kind_and(REFLOW_ARRAY, &count, 4); }
/* An Object of `count` entries: write exactly `count` pairs of reflow_put_key + one value. Keys must be distinct. */
static inline int reflow_put_object(uint32_t count) { return reflow__put_kind_and(REFLOW_OBJECT, &count, 4); }
static inline int reflow_put_key(const char *utf8, uint32_t len) { return reflow_put_text(utf8, len); }
/* A bracket; with has_value set, write its one (non-bracket) value after it. */
static inline int reflow_put_bracket(int open, int has_value) {
    uint8_t h[2] = {open ? REFLOW_OPEN_BRACKET : REFLOW_CLOSE_BRACKET, has_value != 0};
    return reflow_put_raw(h, 2);
}
/* A value read from the input, copied as it is encoded (no decoding). */
static inline int reflow_put_value(reflow_value v) {
    uint32_t n = reflow_value_size(v);
    if (n) return reflow_put_raw(v.p, n);
    reflow_fail("reflow_put_value: the value is not a valid message");
    reflow__oom = 1;
    return 0;
}

/* One-call emitters: a whole frame with one message to out-port `port`. 1 = written, 0 = out of memory. */
static inline int reflow_emit_flow(uint32_t port) { return reflow_frame_begin(port) && reflow_put_flow() && reflow_frame_end(); }
static inline int reflow_emit_null(uint32_t port) { return reflow_frame_begin(port) && reflow_put_null() && reflow_frame_end(); }
static inline int reflow_emit_bool(uint32_t port, int b) { return reflow_frame_begin(port) && reflow_put_bool(b) && reflow_frame_end(); }
static inline int reflow_emit_int(uint32_t port, int64_t v) { return reflow_frame_begin(port) && reflow_put_int(v) && reflow_frame_end(); }
static inline int reflow_emit_float(uint32_t port, double v) { return reflow_frame_begin(port) && reflow_put_float(v) && reflow_frame_end(); }
static inline int reflow_emit_string(uint32_t port, const char *utf8, uint32_t len) {
    return reflow_frame_begin(port) && reflow_put_string(utf8, len) && reflow_frame_end();
}
static inline int reflow_emit_error(uint32_t port, const char *utf8, uint32_t len) {
    return reflow_frame_begin(port) && reflow_put_error(utf8, len) && reflow_frame_end();
}
static inline int reflow_emit_bytes(uint32_t port, const void *bytes, uint32_t len) {
    return reflow_frame_begin(port) && reflow_put_bytes(bytes, len) && reflow_frame_end();
}

/* Forwards an input frame's message unchanged (copied, not decoded) to out-port `port`. */
static inline int reflow_forward(uint32_t port, const reflow_frame *f) {
    if (!reflow__room(5 + f->len)) return 0;
    uint8_t *d = reflow__out + reflow__out_len;
    d[0] = (uint8_t)port;
    reflow__put32(d + 1, f->len);
    memcpy(d + 5, f->msg, f->len);
    reflow__out_len += 5 + f->len;
    reflow__put32(reflow__out, reflow__u32(reflow__out) + 1);
    return 1;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Call plumbing: what REFLOW_PROCESS and REFLOW_INIT expand to.                                                  */
/* ------------------------------------------------------------------------------------------------------------- */

/* Resets the arena and starts an empty output batch sized for about `hint` bytes. Called on entry of each call. */
static inline void reflow_call_begin(uint32_t hint) {
    if (reflow__top == 0) reflow__bump(0);
    reflow__top = reflow__base;
    reflow__err_ptr = 0; reflow__err_len = 0;
    reflow__oom = 0; reflow__frame_at = 0;
    reflow__out_len = 0; reflow__out_cap = 0;
    reflow__out = (uint8_t *)reflow__bump(0);
    if (reflow__room(4 + hint)) { reflow__put32(reflow__out, 0); reflow__out_len = 4; }
}

/* The value reflow_process returns: the packed output batch (length 0 when nothing was emitted), or -1 when
   `status` is non-zero or a writer ran out of memory. */
static inline int64_t reflow_call_end(int status) {
    if (status == 0 && reflow__oom) status = reflow__err_ptr ? -1 : reflow_fail("out of memory writing the output batch");
    if (status != 0) {
        if (!reflow__err_ptr) reflow_fail("the plugin failed without a message");
        return -1;
    }
    if (reflow__out_len <= 4 || reflow__u32(reflow__out) == 0) return 0;
    return reflow_pack(reflow__out, reflow__out_len);
}

/*
 * REFLOW_METADATA("{...}") — exports reflow_metadata returning the JSON text (a string literal), e.g.
 *   REFLOW_METADATA("{\"component\":\"Scale\",\"description\":\"...\","
 *                   "\"inports\":[{\"name\":\"in\",\"port_type\":\"Any\"}],\"outports\":[...],\"max_batch\":4096}")
 */
#define REFLOW_METADATA(json)                                                                                     \
    static const char reflow__metadata[] = json;                                                                  \
    REFLOW_EXPORT("reflow_metadata") int64_t reflow_metadata(void) {                                              \
        return reflow_pack(reflow__metadata, sizeof reflow__metadata - 1);                                        \
    }

/*
 * REFLOW_PROCESS(fn) — exports reflow_process calling `int fn(reflow_batch *in)` after resetting the arena and opening
 * the batch. fn reads frames with reflow_batch_next, writes with reflow_emit_* / reflow_forward / reflow_frame_*,
 * and returns 0, or reflow_fail(...) (-1) to fail the node with that message.
 */
#define REFLOW_PROCESS(fn)                                                                                        \
    REFLOW_EXPORT("reflow_process") int64_t reflow_process(uint32_t ptr, uint32_t len) {                          \
        reflow_batch in__;                                                                                        \
        reflow_call_begin(len);                                                                                   \
        if (reflow_batch_open(&in__, (const void *)(size_t)ptr, len) != 0) return reflow_call_end(-1);            \
        return reflow_call_end(fn(&in__));                                                                        \
    }

/*
 * REFLOW_INIT(fn) — exports reflow_init calling `int fn(reflow_value settings)` with the node's settings (an Object;
 * read with reflow_object_get). Return 0, or reflow_fail(...) to refuse to start. Keep what you read in globals.
 */
#define REFLOW_INIT(fn)                                                                                           \
    REFLOW_EXPORT("reflow_init") int32_t reflow_init(uint32_t ptr, uint32_t len) {                                \
        reflow_value settings__ = {(const uint8_t *)(size_t)ptr, len};                                            \
        reflow_call_begin(0);                                                                                     \
        if (fn(settings__) == 0) return 0;                                                                        \
        if (!reflow__err_ptr) reflow_fail("reflow_init failed without a message");                                \
        return 1;                                                                                                 \
    }

#endif /* REFLOW_H */
