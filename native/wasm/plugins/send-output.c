/* Splits the String on `in` at spaces and sends each word on `word` at once through __send_output (a plain JSON
 * object {"word": "..."}), during the call; then returns the number of words on `count`. "to be or" gives
 * word "to", "be", "or", then count 3. This file imports __send_output as (i64) -> i64;
 * send-output-no-result.c builds the same plugin with the (i64) -> () form. */
#include "extism.h"

#ifndef PLUGIN_NAME
#define PLUGIN_NAME "send-output"
#endif

EXTISM_EXPORT("get_metadata") int32_t get_metadata(void)
{
    ext_output_text("{\"component\":\"" PLUGIN_NAME "\",\"description\":\"sends each word of a String at once, then their count\","
                    "\"inports\":[{\"name\":\"in\",\"description\":\"a text\",\"port_type\":\"String\",\"required\":true}],"
                    "\"outports\":[{\"name\":\"word\",\"description\":\"each word, sent mid-call\",\"port_type\":\"String\",\"required\":false},"
                    "{\"name\":\"count\",\"description\":\"how many words\",\"port_type\":\"Integer\",\"required\":false}]}");
    return 0;
}

EXTISM_EXPORT("process") int32_t process(void)
{
    char *input = ext_input(0);
    const char *payload = ext_json_after(input, "payload");
    const char *data = payload ? ext_json_after(payload, "data") : 0;
    const char *close = data ? ext_json_string_end(data) : 0;
    if (close == 0) return ext_error(PLUGIN_NAME ": expected a String on 'in'");

    int64_t words = 0;
    const char *p = data + 1;
    while (p < close) {
        while (p < close && *p == ' ') p++;
        const char *start = p;
        while (p < close && *p != ' ') p++;
        if (p == start) break;
        /* The word's bytes are still JSON-escaped as the input was: copied as they are, they stay valid JSON. */
        ext_text sent = {0};
        ext_text_add(&sent, "{\"word\":\"");
        ext_text_bytes(&sent, start, (size_t)(p - start));
        ext_text_add(&sent, "\"}");
        reflow_send_output(ext_block(sent.bytes, sent.length));
        words++;
    }

    ext_text result = {0};
    ext_text_add(&result, "{\"outputs\":{\"count\":{\"type\":\"Integer\",\"data\":");
    ext_text_i64(&result, words);
    ext_text_add(&result, "}},\"state\":null}");
    ext_output(result.bytes, result.length);
    return 0;
}
