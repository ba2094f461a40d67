/* Failing C callbacks are node failures under the supervision policy: counted, their texts kept, the host unharmed. */
#define _POSIX_C_SOURCE 199309L
#include <time.h>

#include "check.h"
#include "scale.h"

static int fail_odd(rfl_context *context, int32_t port, const rfl_message *message) {
    (void)port;
    if (message->kind != RFL_INTEGER) return 2;
    if (message->value.integer % 2 != 0) {
        char text[64];
        snprintf(text, sizeof text, "odd value %lld refused", (long long)message->value.integer);
        rfl_context_fail(context, text);
        return 1;
    }
    return rfl_emit(context, 0, message) == RFL_OK ? 0 : 1;
}

static int always_fail(rfl_context *context, int32_t port, const rfl_message *message) {
    (void)context, (void)port, (void)message;
    return 7; /* no text: the library says which value came back */
}

static void register_component(rfl_engine *engine, const char *name, rfl_receive_fn receive) {
    static const char *const in_ports[] = {"in"};
    static const char *const out_ports[] = {"out"};
    rfl_component_def definition;
    memset(&definition, 0, sizeof definition);
    definition.struct_size = sizeof definition;
    definition.name = name;
    definition.in_ports = in_ports;
    definition.in_port_count = 1;
    definition.out_ports = out_ports;
    definition.out_port_count = 1;
    definition.receive = receive;
    CHECK_OK(rfl_component_register(engine, &definition));
}

static rfl_network *load(rfl_engine *engine, const char *component) {
    char text[256];
    snprintf(text, sizeof text, "INPORT=f.IN:in\nOUTPORT=f.OUT:out\nf(%s)\n", component);
    rfl_network *network;
    CHECK_OK(rfl_network_load_text(engine, text, strlen(text), "fbp", NULL, &network));
    return network;
}

static long failed_events;
static long finished_events;

static void on_event(const rfl_event *event, void *user_data) {
    (void)user_data;
    CHECK(event->text != NULL);
    if (event->kind == RFL_EVENT_ACTOR_FAILED) {
        CHECK(event->node && strcmp(event->node, "f") == 0);
        __atomic_add_fetch(&failed_events, 1, __ATOMIC_SEQ_CST);
    }
    if (event->kind == RFL_EVENT_NETWORK_FINISHED) __atomic_add_fetch(&finished_events, 1, __ATOMIC_SEQ_CST);
}

/* Sends 1..count, completes, returns how many came out (each checked to be even and in order). */
static long run_numbers(rfl_network *network, long count) {
    rfl_input *input;
    rfl_output *output;
    CHECK_OK(rfl_network_input(network, "in", &input));
    CHECK_OK(rfl_network_output(network, "out", &output));
    CHECK_OK(rfl_network_start(network));
    for (long i = 1; i <= count; i++) {
        rfl_message message = rfl_integer(i);
        CHECK_OK(rfl_input_send(input, &message, 10000));
    }
    CHECK_OK(rfl_input_complete(input));
    long received = 0;
    long previous = 0;
    rfl_message message;
    rfl_status status;
    while ((status = rfl_output_receive(output, &message, 10000)) == RFL_OK) {
        CHECK(message.kind == RFL_INTEGER && message.value.integer % 2 == 0 && message.value.integer > previous);
        previous = message.value.integer;
        received++;
    }
    CHECK_STATUS(status, RFL_CLOSED);
    return received;
}

static void failing_callback_text_reaches_the_result(rfl_engine *engine) {
    rfl_network *network = load(engine, "test/FailOdd");
    CHECK(run_numbers(network, 10) == 5);
    rfl_run_result result;
    result.struct_size = sizeof result;
    CHECK_OK(rfl_network_wait(network, 30000, &result));
    CHECK(result.failures == 5);
    CHECK(result.uncaught_failures == 5); /* nothing in the graph handles them */
    const char *text;
    CHECK_OK(rfl_network_failure(network, 0, &text));
    CHECK(strstr(text, "odd value 1 refused") != NULL);
    CHECK(strstr(text, "f") != NULL);
    CHECK_OK(rfl_network_failure(network, 4, &text));
    CHECK(strstr(text, "odd value 9 refused") != NULL);
    CHECK_STATUS(rfl_network_failure(network, 5, &text), RFL_ERR_NOT_FOUND);
    rfl_network_destroy(network);
}

static void failing_on_every_message_leaves_the_host_running(rfl_engine *engine, const char *graphs) {
    const long count = 200;
    rfl_network *network = load(engine, "test/AlwaysFail");
    CHECK_OK(rfl_network_on_event(network, on_event, NULL));
    CHECK(run_numbers(network, count) == 0);
    rfl_run_result result;
    result.struct_size = sizeof result;
    CHECK_OK(rfl_network_wait(network, 30000, &result));
    CHECK(result.failures == count);
    CHECK(result.uncaught_failures == count);
    const char *text;
    CHECK_OK(rfl_network_failure(network, 0, &text));
    CHECK(strstr(text, "the receive callback returned 7") != NULL);
    for (int i = 0; i < 1000 && /* up to 10 s for the event thread to catch up */ __atomic_load_n(&finished_events, __ATOMIC_SEQ_CST) == 0; i++) {
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    CHECK(__atomic_load_n(&finished_events, __ATOMIC_SEQ_CST) == 1);
    CHECK(__atomic_load_n(&failed_events, __ATOMIC_SEQ_CST) + result.events_discarded >= count);
    rfl_network_destroy(network);

    /* the same process and engine then run another network, normally */
    char path[1024];
    graph_path(path, sizeof path, graphs, "scale.fbp");
    CHECK_OK(rfl_network_load_file(engine, path, &network));
    rfl_input *input;
    rfl_output *output;
    CHECK_OK(rfl_network_input(network, "values", &input));
    CHECK_OK(rfl_network_output(network, "scaled", &output));
    CHECK_OK(rfl_network_start(network));
    rfl_message message = rfl_integer(4);
    CHECK_OK(rfl_input_send(input, &message, 10000));
    CHECK_OK(rfl_input_complete(input));
    CHECK_OK(rfl_output_receive(output, &message, 10000));
    CHECK(message.kind == RFL_FLOAT && message.value.number == 12.0);
    CHECK_STATUS(rfl_output_receive(output, &message, 10000), RFL_CLOSED);
    CHECK_OK(rfl_network_wait(network, 30000, &result));
    CHECK(result.completed == 1 && result.failures == 0);
    rfl_network_destroy(network);
}

int main(int argc, char **argv) {
    CHECK(argc > 1);
    rfl_engine *engine;
    CHECK_OK(rfl_engine_create(NULL, 0, &engine));
    CHECK_OK(scale_register(engine));
    register_component(engine, "test/FailOdd", fail_odd);
    register_component(engine, "test/AlwaysFail", always_fail);
    failing_callback_text_reaches_the_result(engine);
    failing_on_every_message_leaves_the_host_running(engine, argv[1]);
    rfl_engine_destroy(engine);
    printf("failures: all checks passed\n");
    return 0;
}
