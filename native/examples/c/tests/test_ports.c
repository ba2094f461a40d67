/* Exported ports from C: a full edge says RFL_FULL and loses nothing, waits time out, completion closes. */
#include "check.h"

static const char graph[] = "INPORT=a.IN:in\nOUTPORT=b.OUT:out\na(core/Repeat) OUT -> IN b(core/Repeat)\n";
static const char options[] = "[actor_system]\nhost_buffer_size = 4\nmessage_buffer_size = 4\n";

int main(void) {
    rfl_engine *engine;
    CHECK_OK(rfl_engine_create(options, strlen(options), &engine));
    rfl_network *network;
    CHECK_OK(rfl_network_load_text(engine, graph, strlen(graph), "fbp", "ports", &network));
    rfl_input *input;
    rfl_output *output;
    CHECK_OK(rfl_network_input(network, "in", &input));
    CHECK_OK(rfl_network_output(network, "out", &output));
    rfl_message message;

    /* nothing to read yet: the non-blocking read says so, the blocking one times out */
    CHECK_STATUS(rfl_output_try_receive(output, &message), RFL_EMPTY);
    CHECK_STATUS(rfl_output_receive(output, &message, 0), RFL_TIMEOUT);
    CHECK_OK(rfl_network_start(network));
    CHECK_STATUS(rfl_output_receive(output, &message, 100), RFL_TIMEOUT);

    /* fill every edge without reading: try_send says RFL_FULL once the edges hold what they can, having sent nothing */
    long sent = 0;
    rfl_status status = RFL_OK;
    for (int attempt = 0; attempt < 100000 && status == RFL_OK; attempt++) {
        message = rfl_integer(sent);
        status = rfl_input_try_send(input, &message);
        if (status == RFL_OK) sent++;
    }
    CHECK_STATUS(status, RFL_FULL);
    CHECK(sent >= 4 && sent <= 1000);
    /* the blocking send gives up in time while it stays full (the actors may still make room for a few first) */
    for (int attempt = 0; attempt < 1000; attempt++) {
        message = rfl_integer(sent);
        status = rfl_input_send(input, &message, 50);
        if (status != RFL_OK) break;
        sent++;
    }
    CHECK_STATUS(status, RFL_TIMEOUT);

    /* everything sent comes out, in order, and room comes back */
    for (long i = 0; i < sent; i++) {
        CHECK_OK(rfl_output_receive(output, &message, 10000));
        CHECK(message.kind == RFL_INTEGER && message.value.integer == i);
    }
    message = rfl_integer(sent);
    CHECK_OK(rfl_input_send(input, &message, 10000));
    CHECK_OK(rfl_output_receive(output, &message, 10000));
    CHECK(message.kind == RFL_INTEGER && message.value.integer == sent);

    /* timed waits one after another: a deadline that passed, then one that did not, then again (each output and
       input reuses its wait state, so a stale deadline must not cut a later wait short or leak into it) */
    for (int64_t i = 0; i < 20; i++) {
        CHECK_STATUS(rfl_output_receive(output, &message, 5), RFL_TIMEOUT);
        message = rfl_integer(1000 + i);
        CHECK_OK(rfl_input_send(input, &message, 10000));
        CHECK_OK(rfl_output_receive(output, &message, 10000));
        CHECK(message.kind == RFL_INTEGER && message.value.integer == 1000 + i);
    }

    /* completion: the input refuses more, the output drains and closes */
    CHECK_OK(rfl_input_complete(input));
    message = rfl_integer(-1);
    CHECK_STATUS(rfl_input_try_send(input, &message), RFL_CLOSED);
    CHECK_STATUS(rfl_input_send(input, &message, 100), RFL_CLOSED);
    CHECK_STATUS(rfl_output_receive(output, &message, 10000), RFL_CLOSED);
    CHECK_STATUS(rfl_output_try_receive(output, &message), RFL_CLOSED);
    rfl_run_result result;
    result.struct_size = sizeof result;
    CHECK_OK(rfl_network_wait(network, 30000, &result));
    CHECK(result.completed == 1);
    CHECK(result.messages == 3 * (sent + 1 + 20)); /* host -> a -> b -> host, nothing lost on the way */
    CHECK(result.dead_letters == 0);
    rfl_network_destroy(network);
    rfl_engine_destroy(engine);
    printf("ports: all checks passed (%ld messages filled the edges)\n", sent);
    return 0;
}
