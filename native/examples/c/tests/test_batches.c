/* The batch functions: rfl_input_try_send_batch fills an edge and stops at RFL_FULL saying how many went, a bad
   message stops a batch at its index; rfl_emit_batch emits many messages in one call, in order, and a bad one fails
   the node after those before it went. */
#include "check.h"

/* n -> n*10, n*10+1, n*10+2 in one rfl_emit_batch; n < 0 -> n, then an unknown kind (the batch stops there) */
static int spread(rfl_context *context, int32_t port, const rfl_message *message) {
    (void)port;
    int64_t n = message->value.integer;
    rfl_message batch[3];
    size_t emitted = 99;
    if (n < 0) {
        batch[0] = rfl_integer(n);
        batch[1] = rfl_integer(0);
        batch[1].kind = 99;
        rfl_status status = rfl_emit_batch(context, 0, batch, 2, &emitted);
        if (status != RFL_ERR_KIND || emitted != 1 || !strstr(rfl_last_error(), "Message 1 of the batch of 2")) {
            rfl_context_fail(context, "rfl_emit_batch did not stop at the bad message as expected");
            return 2;
        }
        rfl_context_fail(context, "a bad message in the batch");
        return 1;
    }
    for (int i = 0; i < 3; i++) batch[i] = rfl_integer(n * 10 + i);
    if (rfl_emit_batch(context, 0, batch, 3, &emitted) != RFL_OK || emitted != 3) return 3;
    if (rfl_emit_batch(context, 0, batch, 0, &emitted) != RFL_OK || emitted != 0) return 4; /* empty: nothing */
    if (rfl_emit_batch(context, 1, batch, 3, &emitted) != RFL_ERR_ARGUMENT || emitted != 0) return 5; /* no port 1 */
    return 0;
}

static const char graph[] = "INPORT=s.IN:in\nOUTPORT=s.OUT:out\ns(test/Spread)\n";
static const char options[] = "[actor_system]\nhost_buffer_size = 4\nmessage_buffer_size = 4\n";

int main(void) {
    rfl_engine *engine;
    CHECK_OK(rfl_engine_create(options, strlen(options), &engine));
    static const char *const in_ports[] = {"in"};
    static const char *const out_ports[] = {"out"};
    rfl_component_def definition;
    memset(&definition, 0, sizeof definition);
    definition.struct_size = sizeof definition;
    definition.name = "test/Spread";
    definition.in_ports = in_ports;
    definition.in_port_count = 1;
    definition.out_ports = out_ports;
    definition.out_port_count = 1;
    definition.receive = spread;
    CHECK_OK(rfl_component_register(engine, &definition));

    rfl_network *network;
    CHECK_OK(rfl_network_load_text(engine, graph, strlen(graph), "fbp", "batches", &network));
    rfl_input *input;
    rfl_output *output;
    CHECK_OK(rfl_network_input(network, "in", &input));
    CHECK_OK(rfl_network_output(network, "out", &output));
    rfl_message batch[100];
    for (int i = 0; i < 100; i++) batch[i] = rfl_integer(i);
    size_t sent = 99;
    CHECK_STATUS(rfl_input_try_send_batch(input, batch, 3, &sent), RFL_ERR_STATE); /* not started */
    CHECK(sent == 0);
    CHECK_OK(rfl_network_start(network));

    /* nobody reads: the edges fill, the batch stops at RFL_FULL and says how many went */
    CHECK_STATUS(rfl_input_try_send_batch(input, batch, 100, &sent), RFL_FULL);
    CHECK(sent >= 1 && sent < 100);
    size_t total = sent;
    /* every integer sent comes out as its three, in order; then the rest of the batch goes in pieces */
    int64_t next = 0;
    rfl_message message;
    while (next < 100) {
        if (total < 100) {
            size_t more = 0;
            rfl_status status = rfl_input_try_send_batch(input, batch + total, 100 - total, &more);
            CHECK(status == RFL_OK || status == RFL_FULL);
            CHECK(status == RFL_FULL || more == 100 - total);
            total += more;
        }
        for (int i = 0; i < 3; i++) {
            CHECK_OK(rfl_output_receive(output, &message, 10000));
            CHECK(message.kind == RFL_INTEGER && message.value.integer == next * 10 + i);
        }
        next++;
    }
    CHECK(total == 100);

    /* bad input: NULL with a count, a bad message at index 2 (the two before it go), a NULL handle, count 0 */
    CHECK_STATUS(rfl_input_try_send_batch(input, NULL, 1, &sent), RFL_ERR_ARGUMENT);
    CHECK_ERROR_HAS("NULL");
    CHECK(sent == 0);
    rfl_message bad[3] = {rfl_integer(500), rfl_integer(501), rfl_integer(0)};
    bad[2].kind = 42;
    CHECK_STATUS(rfl_input_try_send_batch(input, bad, 3, &sent), RFL_ERR_KIND);
    CHECK_ERROR_HAS("Message 2 of the batch of 3");
    CHECK(sent == 2);
    for (int64_t n = 500; n <= 501; n++) {
        for (int i = 0; i < 3; i++) {
            CHECK_OK(rfl_output_receive(output, &message, 10000));
            CHECK(message.kind == RFL_INTEGER && message.value.integer == n * 10 + i);
        }
    }
    CHECK_STATUS(rfl_input_try_send_batch(NULL, batch, 1, &sent), RFL_ERR_ARGUMENT);
    CHECK(sent == 0);
    CHECK_OK(rfl_input_try_send_batch(input, batch, 0, NULL));

    /* a bad message in an emitted batch: the one before it goes, then the node fails (counted, text kept) */
    message = rfl_integer(-7);
    CHECK_OK(rfl_input_send(input, &message, 10000));
    CHECK_OK(rfl_output_receive(output, &message, 10000));
    CHECK(message.kind == RFL_INTEGER && message.value.integer == -7);

    CHECK_OK(rfl_input_complete(input));
    CHECK_STATUS(rfl_input_try_send_batch(input, batch, 1, &sent), RFL_CLOSED);
    CHECK(sent == 0);
    CHECK_STATUS(rfl_output_receive(output, &message, 10000), RFL_CLOSED);
    rfl_run_result result;
    result.struct_size = sizeof result;
    CHECK_OK(rfl_network_wait(network, 30000, &result));
    CHECK(result.failures == 1);
    CHECK(result.dead_letters == 0);
    const char *text;
    CHECK_OK(rfl_network_failure(network, 0, &text));
    CHECK(strstr(text, "a bad message in the batch") != NULL);
    rfl_network_destroy(network);
    rfl_engine_destroy(engine);
    printf("batches: all checks passed\n");
    return 0;
}
