/* The same running total as counter-host-state, kept through the returned state instead: reads "total" from the
 * input's "state", returns {"outputs": {"out": total}, "state": {"total": total}}. Inputs 1, 2, 3 give 1, 3, 6. */
#include "extism.h"

EXTISM_EXPORT("get_metadata") int32_t get_metadata(void)
{
    ext_output_text("{\"component\":\"counter-returned-state\",\"description\":\"a running total of the Integers on in, kept in the returned state\","
                    "\"inports\":[{\"name\":\"in\",\"description\":\"numbers to add\",\"port_type\":\"Integer\",\"required\":true}],"
                    "\"outports\":[{\"name\":\"out\",\"description\":\"the total so far\",\"port_type\":\"Integer\",\"required\":false}]}");
    return 0;
}

/* The last top-level "state" of the input: the host writes it after payload and config. */
static const char *state_of(const char *input)
{
    const char *last = 0;
    for (const char *at = ext_json_after(input, "state"); at != 0; at = ext_json_after(at, "state")) last = at;
    return last;
}

EXTISM_EXPORT("process") int32_t process(void)
{
    char *input = ext_input(0);
    const char *payload = ext_json_after(input, "payload");
    const char *type = payload ? ext_json_after(payload, "type") : 0;
    if (type == 0 || !ext_equal(type, "\"Integer\"", 9)) return ext_error("counter-returned-state: expected an Integer on 'in'");
    const char *data = ext_json_after(payload, "data");
    const char *end;
    int64_t value = ext_parse_i64(data, &end);
    if (end == data) return ext_error("counter-returned-state: the Integer has no digits");

    const char *state = state_of(input);
    const char *stored = state ? ext_json_after(state, "total") : 0;
    int64_t total = (stored ? ext_parse_i64(stored, &end) : 0) + value;

    ext_text result = {0};
    ext_text_add(&result, "{\"outputs\":{\"out\":{\"type\":\"Integer\",\"data\":");
    ext_text_i64(&result, total);
    ext_text_add(&result, "}},\"state\":{\"total\":");
    ext_text_i64(&result, total);
    ext_text_add(&result, "}}");
    ext_output(result.bytes, result.length);
    return 0;
}
