/*
 * extism.h — the Extism-compatible JSON ABI for freestanding C plugins (clang --target=wasm32 -nostdlib).
 *
 * Written for Reflow from the ABI as the host implements it (docs/wasm.md): the kernel of extism:host/env works on
 * blocks of HOST-side memory named by i64 offsets (made by alloc, sized by length), never on the guest's linear
 * memory, so every byte crosses with load_* / store_*. The helpers below copy between the two.
 *
 * No libc: the helpers are self-contained (byte copies, a bump allocator over the guest heap, integer <-> text, a
 * naive JSON key finder enough for the host's compact JSON). Build with -mbulk-memory so the compiler's own copies
 * become memory.copy instead of calls to a memcpy that does not exist here.
 *
 * Exports a plugin defines: EXTISM_EXPORT("get_metadata") int32_t get_metadata(void) and
 * EXTISM_EXPORT("process") int32_t process(void); both return 0 on success.
 */
#ifndef REFLOW_EXTISM_H
#define REFLOW_EXTISM_H

typedef __UINT8_TYPE__ uint8_t;
typedef __INT32_TYPE__ int32_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __SIZE_TYPE__ size_t;

/* A host-side memory offset: 0 means "no block". */
typedef uint64_t extism_ptr;

#define EXTISM_EXPORT(name) __attribute__((export_name(name)))
#define EXTISM_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define EXTISM_ENV(name) EXTISM_IMPORT("extism:host/env", name)

/* ---- extism:host/env: the kernel ---- */
EXTISM_ENV("alloc") extism_ptr extism_alloc(uint64_t length);
EXTISM_ENV("free") void extism_free(extism_ptr block);
EXTISM_ENV("length") uint64_t extism_length(extism_ptr block);
EXTISM_ENV("length_unsafe") uint64_t extism_length_unsafe(extism_ptr block);
EXTISM_ENV("load_u8") uint32_t extism_load_u8(extism_ptr at);
EXTISM_ENV("load_u64") uint64_t extism_load_u64(extism_ptr at);
EXTISM_ENV("store_u8") void extism_store_u8(extism_ptr at, uint32_t value);
EXTISM_ENV("store_u64") void extism_store_u64(extism_ptr at, uint64_t value);
EXTISM_ENV("input_length") uint64_t extism_input_length(void);
EXTISM_ENV("input_load_u8") uint32_t extism_input_load_u8(uint64_t at);
EXTISM_ENV("input_load_u64") uint64_t extism_input_load_u64(uint64_t at);
EXTISM_ENV("input_offset") extism_ptr extism_input_offset(void);
EXTISM_ENV("output_set") void extism_output_set(extism_ptr block, uint64_t length);
EXTISM_ENV("error_set") void extism_error_set(extism_ptr block);
EXTISM_ENV("config_get") extism_ptr extism_config_get(extism_ptr key);
EXTISM_ENV("var_get") extism_ptr extism_var_get(extism_ptr key);
EXTISM_ENV("var_set") void extism_var_set(extism_ptr key, extism_ptr value);
EXTISM_ENV("log_info") void extism_log_info(extism_ptr text);
EXTISM_ENV("log_debug") void extism_log_debug(extism_ptr text);
EXTISM_ENV("log_warn") void extism_log_warn(extism_ptr text);
EXTISM_ENV("log_error") void extism_log_error(extism_ptr text);

/* ---- extism:host/user: the host functions of the original Reflow ----
 * PDKs differ in the signatures; the host binds each module by what it imports. Define
 * EXTISM_SEND_OUTPUT_NO_RESULT / EXTISM_SET_STATE_WITH_RESULT before including to import the other form. */
#ifdef EXTISM_SEND_OUTPUT_NO_RESULT
EXTISM_IMPORT("extism:host/user", "__send_output") void reflow_send_output(extism_ptr outputs_json);
#else
EXTISM_IMPORT("extism:host/user", "__send_output") uint64_t reflow_send_output(extism_ptr outputs_json);
#endif
/* The JSON value stored under the key, as a new block ("null" when unset). */
EXTISM_IMPORT("extism:host/user", "__get_state") extism_ptr reflow_get_state(extism_ptr key);
#ifdef EXTISM_SET_STATE_WITH_RESULT
EXTISM_IMPORT("extism:host/user", "__set_state") uint64_t reflow_set_state(extism_ptr key, extism_ptr value_json);
#else
EXTISM_IMPORT("extism:host/user", "__set_state") void reflow_set_state(extism_ptr key, extism_ptr value_json);
#endif

/* ---- guest-side helpers ---- */

static inline size_t ext_strlen(const char *text)
{
    size_t n = 0;
    while (text[n] != 0) n++;
    return n;
}

static inline void ext_copy(void *to, const void *from, size_t n)
{
    uint8_t *d = (uint8_t *)to;
    const uint8_t *s = (const uint8_t *)from;
    for (size_t i = 0; i < n; i++) d[i] = s[i];
}

static inline int ext_equal(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) if (a[i] != b[i]) return 0;
    return 1;
}

/* A bump allocator over the guest heap (from the linker's __heap_base, growing memory as needed). Nothing is
 * freed: every call of an Extism plugin runs in a fresh instance, so the heap starts empty each time. */
extern uint8_t __heap_base;
static uint8_t *ext_heap_top;

static inline void *ext_alloc(size_t n)
{
    if (ext_heap_top == 0) ext_heap_top = &__heap_base;
    uint8_t *block = (uint8_t *)(((size_t)ext_heap_top + 7) & ~(size_t)7);
    size_t end = (size_t)block + n;
    size_t have = __builtin_wasm_memory_size(0) * 65536;
    if (end > have) {
        size_t pages = (end - have + 65535) / 65536;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) return 0;
    }
    ext_heap_top = (uint8_t *)end;
    return block;
}

/* Copies n guest bytes into a new kernel block. */
static inline extism_ptr ext_block(const void *bytes, size_t n)
{
    extism_ptr block = extism_alloc(n);
    const uint8_t *s = (const uint8_t *)bytes;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        ext_copy(&word, s + i, 8);
        extism_store_u64(block + i, word);
    }
    for (; i < n; i++) extism_store_u8(block + i, s[i]);
    return block;
}

static inline extism_ptr ext_block_text(const char *text) { return ext_block(text, ext_strlen(text)); }

/* Copies a kernel block into a new guest buffer, NUL-terminated; *length gets its length. */
static inline char *ext_read_block(extism_ptr block, size_t *length)
{
    size_t n = block == 0 ? 0 : (size_t)extism_length(block);
    char *text = (char *)ext_alloc(n + 1);
    if (text == 0) return 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word = extism_load_u64(block + i);
        ext_copy(text + i, &word, 8);
    }
    for (; i < n; i++) text[i] = (char)extism_load_u8(block + i);
    text[n] = 0;
    if (length) *length = n;
    return text;
}

/* The call's input (the JSON the host wrote) as a NUL-terminated guest buffer. */
static inline char *ext_input(size_t *length)
{
    size_t n = (size_t)extism_input_length();
    char *text = (char *)ext_alloc(n + 1);
    if (text == 0) return 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word = extism_input_load_u64(i);
        ext_copy(text + i, &word, 8);
    }
    for (; i < n; i++) text[i] = (char)extism_input_load_u8(i);
    text[n] = 0;
    if (length) *length = n;
    return text;
}

static inline void ext_output(const char *bytes, size_t n) { extism_output_set(ext_block(bytes, n), n); }

static inline void ext_output_text(const char *text) { ext_output(text, ext_strlen(text)); }

/* Fails the call with the message; returns 1 so `return ext_error("...")` reads naturally. */
static inline int32_t ext_error(const char *message)
{
    extism_error_set(ext_block_text(message));
    return 1;
}

/* ---- text ---- */

/* A growable text in guest memory (bump-allocated; old buffers are simply left behind). */
typedef struct { char *bytes; size_t length; size_t capacity; } ext_text;

static inline void ext_text_bytes(ext_text *t, const char *bytes, size_t n)
{
    if (t->length + n + 1 > t->capacity) {
        size_t capacity = (t->capacity == 0 ? 256 : t->capacity * 2) + n;
        char *grown = (char *)ext_alloc(capacity);
        if (grown == 0) __builtin_trap();
        ext_copy(grown, t->bytes, t->length);
        t->bytes = grown;
        t->capacity = capacity;
    }
    ext_copy(t->bytes + t->length, bytes, n);
    t->length += n;
    t->bytes[t->length] = 0;
}

static inline void ext_text_add(ext_text *t, const char *text) { ext_text_bytes(t, text, ext_strlen(text)); }

static inline void ext_text_i64(ext_text *t, int64_t value)
{
    char digits[24];
    size_t n = 0;
    uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    do { digits[sizeof digits - 1 - n++] = (char)('0' + magnitude % 10); magnitude /= 10; } while (magnitude != 0);
    if (value < 0) digits[sizeof digits - 1 - n++] = '-';
    ext_text_bytes(t, digits + sizeof digits - n, n);
}

/* Parses an optional '-' and decimal digits at text; *end (when given) gets the first byte after them.
 * Returns 0 with *end == text when there are no digits. */
static inline int64_t ext_parse_i64(const char *text, const char **end)
{
    const char *p = text;
    int negative = *p == '-';
    if (negative) p++;
    if (*p < '0' || *p > '9') { if (end) *end = text; return 0; }
    uint64_t value = 0;
    while (*p >= '0' && *p <= '9') value = value * 10 + (uint64_t)(*p++ - '0');
    if (end) *end = p;
    return negative ? -(int64_t)value : (int64_t)value;
}

/* The value after the first "key": in json[from..], past whitespace; 0 when absent. A plain text search: enough
 * for the host's compact JSON when the key cannot occur inside a string before the wanted one. */
static inline const char *ext_json_after(const char *json, const char *key)
{
    size_t k = ext_strlen(key);
    for (const char *p = json; *p != 0; p++) {
        if (*p == '"' && ext_equal(p + 1, key, k) && p[k + 1] == '"') {
            const char *q = p + k + 2;
            while (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t') q++;
            if (*q == ':') {
                q++;
                while (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t') q++;
                return q;
            }
        }
    }
    return 0;
}

/* The end of the JSON string starting at its opening quote (the position of the closing quote), or 0. */
static inline const char *ext_json_string_end(const char *open)
{
    if (*open != '"') return 0;
    for (const char *p = open + 1; *p != 0; p++) {
        if (*p == '\\' && p[1] != 0) p++;
        else if (*p == '"') return p;
    }
    return 0;
}

#endif
