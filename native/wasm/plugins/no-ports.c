/* Declares no ports at all, so the host gives it the default ports `in` and `out` (Any). Returns its result the
 * way the Go PDK does: a JSON string holding base64 of {"outputs": {"out": {"type": "String", "data": ...}}}.
 * A String "world" on `in` gives "hello, world"; any other message gives "hello, <its type>". */
#include "extism.h"

EXTISM_EXPORT("get_metadata") int32_t get_metadata(void)
{
    ext_output_text("{\"component\":\"no-ports\",\"description\":\"greets what arrives; declares no ports\"}");
    return 0;
}

static void base64(ext_text *to, const char *bytes, size_t n)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        uint32_t b0 = (uint8_t)bytes[i], b1 = i + 1 < n ? (uint8_t)bytes[i + 1] : 0, b2 = i + 2 < n ? (uint8_t)bytes[i + 2] : 0;
        uint32_t triple = (b0 << 16) | (b1 << 8) | b2;
        char quad[4] = {
            alphabet[(triple >> 18) & 63], alphabet[(triple >> 12) & 63],
            i + 1 < n ? alphabet[(triple >> 6) & 63] : '=', i + 2 < n ? alphabet[triple & 63] : '=',
        };
        ext_text_bytes(to, quad, 4);
    }
}

EXTISM_EXPORT("process") int32_t process(void)
{
    char *input = ext_input(0);
    const char *payload = ext_json_after(input, "payload");
    const char *type = payload ? ext_json_after(payload, "type") : 0;
    const char *type_end = type ? ext_json_string_end(type) : 0;
    if (type_end == 0) return ext_error("no-ports: the input has no tagged message");

    ext_text result = {0};
    ext_text_add(&result, "{\"outputs\":{\"out\":{\"type\":\"String\",\"data\":\"hello, ");
    if (ext_equal(type, "\"String\"", 8)) {
        const char *data = ext_json_after(payload, "data");
        const char *close = data ? ext_json_string_end(data) : 0;
        if (close == 0) return ext_error("no-ports: a String without data");
        ext_text_bytes(&result, data + 1, (size_t)(close - data - 1));
    } else {
        ext_text_bytes(&result, type + 1, (size_t)(type_end - type - 1));
    }
    ext_text_add(&result, "\"}}}");

    ext_text encoded = {0};
    ext_text_add(&encoded, "\"");
    base64(&encoded, result.bytes, result.length);
    ext_text_add(&encoded, "\"");
    ext_output(encoded.bytes, encoded.length);
    return 0;
}
