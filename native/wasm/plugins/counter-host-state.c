/* Adds each Integer arriving on `in` to a running total kept in the node's state under "total" through the host
 * functions __get_state / __set_state, and sends the new total on `out`. Inputs 1, 2, 3 give 1, 3, 6. */
#include "extism.h"

EXTISM_EXPORT("get_metadata") int32_t get_metadata(void)
{
    ext_output_text("{\"component\":\"counter-host-state\",\"description\":\"a running total of the Integers on in, kept with __get_state/__set_state\","
                    "\"inports\":[{\"name\":\"in\",\"description\":\"numbers to add\",\"port_type\":\"Integer\",\"required\":true}],"
                    "\"outports\":[{\"name\":\"out\",\"description\":\"the total so far\",\"port_type\":\"Integer\",\"required\":false}]}");
    return 0;
}

EXTISM_EXPORT("process") int32_t process(void)
{
    char *input = ext_input(0);
    const char *payload = ext_json_after(input, "payload");
    const char *type = payload ? ext_json_after(payload, "type") : 0;
    if (type == 0 || !ext_equal(type, "\"Integer\"", 9)) return ext_error("counter-host-state: expected an Integer on 'in'");
    const char *data = ext_json_after(payload, "data");
    const char *end;
    int64_t value = ext_parse_i64(data, &end);
    if (end == data) return ext_error("counter-host-state: the Integer has no digits");

    extism_ptr key = ext_block_text("total");
    char *stored = ext_read_block(reflow_get_state(key), 0);
    int64_t total = ext_parse_i64(stored, &end) + value; /* "null" (unset) parses as no digits: 0 */

    ext_text json = {0};
    ext_text_i64(&json, total);
    reflow_set_state(key, ext_block(json.bytes, json.length));

    ext_text result = {0};
    ext_text_add(&result, "{\"outputs\":{\"out\":{\"type\":\"Integer\",\"data\":");
    ext_text_i64(&result, total);
    ext_text_add(&result, "}},\"state\":null}");
    ext_output(result.bytes, result.length);
    return 0;
}
