/* The life of a C node: a source that emits from start and at the end of its (empty) input, per-node data, a
   blocking component on the blocking pool, a run stopped half way (stop callbacks called, the rest counted), and
   options from a TOML file; a context kept past its node's stop (and a NULL or made-up one) refused, not followed. */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "check.h"

static int stop_calls;
static rfl_context *kept_context; /* the source's context, kept (wrongly) past its stop */

static int source_start(rfl_context *context) {
    long *emitted = malloc(sizeof *emitted);
    CHECK(emitted != NULL);
    *emitted = 0;
    rfl_context_set_node_data(context, emitted);
    kept_context = context;
    for (int64_t i = 1; i <= 5; i++) {
        rfl_message message = rfl_integer(i);
        if (rfl_emit(context, 0, &message) != RFL_OK) return 1;
        (*emitted)++;
    }
    return 0;
}

static int source_inputs_closed(rfl_context *context) {
    const long *emitted = rfl_context_node_data(context);
    char text[64];
    int length = snprintf(text, sizeof text, "%s emitted %ld", rfl_context_node_id(context), *emitted);
    rfl_message message = rfl_string(text, (size_t)length);
    return rfl_emit(context, 0, &message) == RFL_OK ? 0 : 1;
}

static int source_stop(rfl_context *context) {
    free(rfl_context_node_data(context));
    __atomic_add_fetch(&stop_calls, 1, __ATOMIC_SEQ_CST);
    return 0;
}

static int slow_receive(rfl_context *context, int32_t port, const rfl_message *message) {
    (void)port;
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL); /* blocking work: allowed with RFL_COMPONENT_MAY_BLOCK */
    return rfl_emit(context, 0, message) == RFL_OK ? 0 : 1;
}

static int slow_stop(rfl_context *context) {
    (void)context;
    __atomic_add_fetch(&stop_calls, 1, __ATOMIC_SEQ_CST);
    return 0;
}

static void register_components(rfl_engine *engine) {
    static const char *const in_ports[] = {"in"};
    static const char *const out_ports[] = {"out"};
    rfl_component_def definition;
    memset(&definition, 0, sizeof definition);
    definition.struct_size = sizeof definition;
    definition.name = "test/Source";
    definition.out_ports = out_ports;
    definition.out_port_count = 1;
    definition.start = source_start;
    definition.inputs_closed = source_inputs_closed;
    definition.stop = source_stop;
    CHECK_OK(rfl_component_register(engine, &definition));

    memset(&definition, 0, sizeof definition);
    definition.struct_size = sizeof definition;
    definition.name = "test/Slow";
    definition.in_ports = in_ports;
    definition.in_port_count = 1;
    definition.out_ports = out_ports;
    definition.out_port_count = 1;
    definition.receive = slow_receive;
    definition.stop = slow_stop;
    definition.flags = RFL_COMPONENT_MAY_BLOCK;
    CHECK_OK(rfl_component_register(engine, &definition));
}

static void source_runs_on_its_own(rfl_engine *engine) {
    static const char graph[] = "OUTPORT=s.OUT:out\ns(test/Source)\n";
    rfl_network *network;
    CHECK_OK(rfl_network_load_text(engine, graph, strlen(graph), "fbp", NULL, &network));
    rfl_output *output;
    CHECK_OK(rfl_network_output(network, "out", &output));
    CHECK_OK(rfl_network_start(network));
    rfl_message message;
    for (int64_t i = 1; i <= 5; i++) {
        CHECK_OK(rfl_output_receive(output, &message, 10000));
        CHECK(message.kind == RFL_INTEGER && message.value.integer == i);
    }
    CHECK_OK(rfl_output_receive(output, &message, 10000));
    CHECK(message.kind == RFL_STRING && message.length == strlen("s emitted 5"));
    CHECK(memcmp(message.value.data, "s emitted 5", message.length) == 0);
    CHECK_STATUS(rfl_output_receive(output, &message, 10000), RFL_CLOSED);
    rfl_run_result result;
    result.struct_size = sizeof result;
    CHECK_OK(rfl_network_wait(network, 30000, &result));
    CHECK(result.completed == 1 && result.failures == 0);
    CHECK(__atomic_load_n(&stop_calls, __ATOMIC_SEQ_CST) == 1);
    rfl_network_destroy(network);
}

static void contexts_outside_their_node_refused(void) {
    rfl_message message = rfl_integer(1);
    CHECK(kept_context != NULL);
    CHECK_STATUS(rfl_emit(kept_context, 0, &message), RFL_ERR_ARGUMENT); /* its node has stopped */
    CHECK_ERROR_HAS("not a live node's");
    CHECK(rfl_context_node_data(kept_context) == NULL);
    CHECK_ERROR_HAS("not a live node's");
    CHECK_STATUS(rfl_emit(NULL, 0, &message), RFL_ERR_ARGUMENT);
    CHECK_ERROR_HAS("NULL");
    /* made up: slot 3 of generation 0x7fff, and a pointer-looking value */
    CHECK_STATUS(rfl_emit((rfl_context *)(uintptr_t)0x7fff00000003ull, 0, &message), RFL_ERR_ARGUMENT);
    CHECK_STATUS(rfl_emit((rfl_context *)&message, 0, &message), RFL_ERR_ARGUMENT);
    CHECK_ERROR_HAS("not a live node's");
}

static void stopped_half_way(rfl_engine *engine) {
    static const char graph[] = "INPORT=w.IN:in\nOUTPORT=w.OUT:out\nw(test/Slow)\n";
    rfl_network *network;
    CHECK_OK(rfl_network_load_text(engine, graph, strlen(graph), "fbp", NULL, &network));
    rfl_input *input;
    CHECK_OK(rfl_network_input(network, "in", &input));
    CHECK_OK(rfl_network_start(network));
    for (int64_t i = 0; i < 50; i++) { /* a second of work at 20 ms each */
        rfl_message message = rfl_integer(i);
        CHECK_OK(rfl_input_send(input, &message, 10000));
    }
    rfl_run_result result;
    result.struct_size = sizeof result;
    CHECK_OK(rfl_network_stop(network, &result));
    CHECK(result.completed == 0);
    CHECK(result.dead_letters > 0); /* what was not handled is counted, not silently gone */
    CHECK(__atomic_load_n(&stop_calls, __ATOMIC_SEQ_CST) == 2);
    rfl_message message = rfl_integer(99);
    CHECK_STATUS(rfl_input_send(input, &message, 100), RFL_CLOSED);
    CHECK_OK(rfl_network_wait(network, 0, NULL));
    rfl_network_destroy(network);
}

static void options_from_a_file(void) {
    char path[] = "/tmp/reflow-options-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *file = fdopen(fd, "w");
    fputs("[actor_system]\nmessage_buffer_size = 8\n", file);
    fclose(file);
    rfl_engine *engine;
    CHECK_OK(rfl_engine_create_from_file(path, &engine));
    rfl_engine_destroy(engine);
    file = fopen(path, "w");
    fputs("[actor_system]\nno_such_key = 1\n", file);
    fclose(file);
    CHECK_STATUS(rfl_engine_create_from_file(path, &engine), RFL_ERR_CONFIG);
    CHECK_ERROR_HAS("no_such_key");
    remove(path);
}

int main(void) {
    rfl_engine *engine;
    CHECK_OK(rfl_engine_create(NULL, 0, &engine));
    register_components(engine);
    source_runs_on_its_own(engine);
    contexts_outside_their_node_refused();
    stopped_half_way(engine);
    rfl_engine_destroy(engine);
    options_from_a_file();
    printf("lifecycle: all checks passed\n");
    return 0;
}
