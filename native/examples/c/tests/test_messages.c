/* Every kind of message round-trips between C and the engine, through an exported edge and through a C callback,
   with non-ASCII text kept byte for byte; wrong messages are refused with a reason. */
#include "check.h"

static int echo(rfl_context *context, int32_t port, const rfl_message *message) {
    (void)port;
    return rfl_emit(context, 0, message) == RFL_OK ? 0 : 1;
}

static const char text[] = "Grüße, 世界 🌍";
static const unsigned char bytes[] = {0, 1, 2, 0xfe, 0xff, 0, 'x'};
static const char object[] = "{\"name\":\"Zoë\",\"tags\":[\"日本\",1,2.5,true,null]}";
static const char array[] = "[1,\"ü\",{\"a\":[]}]";
static const char failure[] = "échec: ça ne va pas";
static const char group[] = "\"gruppe-ä\"";

static rfl_message sample(int index) {
    switch (index) {
        case 0: return rfl_flow();
        case 1: return rfl_null();
        case 2: return rfl_boolean(1);
        case 3: return rfl_integer(-9007199254740993LL);
        case 4: return rfl_float(-0.125);
        case 5: return rfl_string(text, strlen(text));
        case 6: return rfl_bytes(bytes, sizeof bytes);
        case 7: return rfl_json(RFL_ARRAY, array, strlen(array));
        case 8: return rfl_json(RFL_OBJECT, object, strlen(object));
        case 9: return rfl_error(failure, strlen(failure));
        case 10: { rfl_message m = rfl_json(RFL_ARRAY, group, strlen(group)); m.kind = RFL_OPEN_BRACKET; return m; }
        default: { rfl_message m = rfl_json(RFL_ARRAY, group, strlen(group)); m.kind = RFL_CLOSE_BRACKET; return m; }
    }
}

static void check_same(const rfl_message *sent, const rfl_message *got) {
    CHECK(got->kind == sent->kind);
    switch (sent->kind) {
        case RFL_FLOW: case RFL_NULL: break;
        case RFL_BOOLEAN: CHECK(got->value.boolean == sent->value.boolean); break;
        case RFL_INTEGER: CHECK(got->value.integer == sent->value.integer); break;
        case RFL_FLOAT: CHECK(got->value.number == sent->value.number); break;
        default:
            CHECK(got->length == sent->length);
            CHECK(memcmp(got->value.data, sent->value.data, sent->length) == 0);
    }
}

static void round_trip(rfl_engine *engine, const char *graph) {
    rfl_network *network;
    CHECK_OK(rfl_network_load_text(engine, graph, strlen(graph), NULL, NULL, &network));
    rfl_input *input;
    rfl_output *output;
    CHECK_OK(rfl_network_input(network, "in", &input));
    CHECK_OK(rfl_network_output(network, "out", &output));
    CHECK_OK(rfl_network_start(network));
    for (int i = 0; i < 12; i++) {
        rfl_message message = sample(i);
        CHECK_OK(rfl_input_send(input, &message, 10000));
    }
    CHECK_OK(rfl_input_complete(input));
    for (int i = 0; i < 12; i++) {
        rfl_message got;
        CHECK_OK(rfl_output_receive(output, &got, 10000));
        rfl_message sent = sample(i);
        check_same(&sent, &got);
    }
    rfl_message got;
    CHECK_STATUS(rfl_output_receive(output, &got, 10000), RFL_CLOSED);
    rfl_run_result result;
    result.struct_size = sizeof result;
    CHECK_OK(rfl_network_wait(network, 30000, &result));
    CHECK(result.completed == 1 && result.failures == 0);
    rfl_network_destroy(network);
}

static void to_json(void) {
    const char *json;
    size_t length;
    static const char plain[] = "Grüße, 世界"; /* JSON text keeps these as they are */
    rfl_message message = rfl_string(plain, strlen(plain));
    CHECK_OK(rfl_message_to_json(&message, &json, &length));
    CHECK(length == strlen(plain) + 2 && json[0] == '"' && memcmp(json + 1, plain, strlen(plain)) == 0);
    message = rfl_string(text, strlen(text)); /* outside the BMP: escaped as a UTF-16 pair, as System.Text.Json writes it */
    CHECK_OK(rfl_message_to_json(&message, &json, &length));
    CHECK(strstr(json, "\\uD83C\\uDF0D\"") != NULL);
    message = rfl_json(RFL_OBJECT, object, strlen(object));
    CHECK_OK(rfl_message_to_json(&message, &json, &length));
    CHECK(length == strlen(object) && memcmp(json, object, length) == 0);
    message = rfl_bytes(bytes, 3);
    CHECK_OK(rfl_message_to_json(&message, &json, &length));
    CHECK(strstr(json, "\"Bytes\"") != NULL && strstr(json, "AAEC") != NULL); /* tagged, base64 */
}

static void refused(void) {
    const char *json;
    size_t length;
    rfl_message message = rfl_json(RFL_ARRAY, object, strlen(object));
    CHECK_STATUS(rfl_message_to_json(&message, &json, &length), RFL_ERR_KIND);
    CHECK_ERROR_HAS("RFL_ARRAY");
    message = rfl_json(RFL_OBJECT, "{\"a\":", 5);
    CHECK_STATUS(rfl_message_to_json(&message, &json, &length), RFL_ERR_KIND);
    static const char invalid[] = {'a', (char)0xc3, 'b'};
    message = rfl_string(invalid, sizeof invalid);
    CHECK_STATUS(rfl_message_to_json(&message, &json, &length), RFL_ERR_ARGUMENT);
    CHECK_ERROR_HAS("UTF-8");
    message = rfl_integer(1);
    message.kind = 42;
    CHECK_STATUS(rfl_message_to_json(&message, &json, &length), RFL_ERR_KIND);
    message = rfl_string(NULL, 3);
    CHECK_STATUS(rfl_message_to_json(&message, &json, &length), RFL_ERR_ARGUMENT);
}

int main(void) {
    rfl_engine *engine;
    CHECK_OK(rfl_engine_create(NULL, 0, &engine));
    static const char *const ports[] = {"in", "out"};
    rfl_component_def definition;
    memset(&definition, 0, sizeof definition);
    definition.struct_size = sizeof definition;
    definition.name = "test/Echo";
    definition.in_ports = ports;
    definition.in_port_count = 1;
    definition.out_ports = ports + 1;
    definition.out_port_count = 1;
    definition.receive = echo;
    CHECK_OK(rfl_component_register(engine, &definition));
    round_trip(engine, "INPORT=a.IN:in\nOUTPORT=a.OUT:out\na(core/Repeat)\n");
    round_trip(engine, "INPORT=a.IN:in\nOUTPORT=b.OUT:out\na(core/Repeat) OUT -> IN e(test/Echo) OUT -> IN b(core/Repeat)\n");
    to_json();
    refused();
    rfl_engine_destroy(engine);
    printf("messages: all checks passed\n");
    return 0;
}
