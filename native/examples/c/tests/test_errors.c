/* The error paths of reflow.h from C: each returns its status with a text that says where and what. */
#include <stdint.h>

#include "check.h"
#include "scale.h"

static rfl_status load_text(rfl_engine *engine, const char *text, rfl_network **network) {
    return rfl_network_load_text(engine, text, strlen(text), NULL, "inline.fbp", network);
}

static void abi_version(void) {
    CHECK(rfl_abi_version() == RFL_ABI_VERSION);
}

static void missing_graph_file(rfl_engine *engine, const char *graphs) {
    char path[1024];
    graph_path(path, sizeof path, graphs, "no-such-graph.fbp");
    rfl_network *network = NULL;
    CHECK_STATUS(rfl_network_load_file(engine, path, &network), RFL_ERR_NOT_FOUND);
    CHECK_ERROR_HAS(path);
    CHECK(network == NULL);
}

static void malformed_graph(rfl_engine *engine) {
    rfl_network *network = NULL;
    /* line 2 does not close its parenthesis */
    CHECK_STATUS(load_text(engine, "a(core/Repeat)\na OUT -> IN b(core/Repeat\n", &network), RFL_ERR_GRAPH);
    CHECK_ERROR_HAS("inline.fbp:2:26:"); /* file:line:column: */
    CHECK_ERROR_HAS("expected \")\"");
}

static void unknown_component(rfl_engine *engine) {
    rfl_network *network = NULL;
    CHECK_STATUS(load_text(engine, "a(native/NoSuchThing)\n", &network), RFL_ERR_GRAPH);
    CHECK_ERROR_HAS("native/NoSuchThing");
}

static void send_before_start(rfl_engine *engine) {
    rfl_network *network;
    CHECK_OK(load_text(engine, "INPORT=a.IN:in\nOUTPORT=a.OUT:out\na(core/Repeat)\n", &network));
    rfl_input *input;
    CHECK_OK(rfl_network_input(network, "in", &input));
    rfl_message message = rfl_integer(1);
    CHECK_STATUS(rfl_input_try_send(input, &message), RFL_ERR_STATE);
    CHECK_ERROR_HAS("not started");
    CHECK_STATUS(rfl_input_send(input, &message, 0), RFL_ERR_STATE);
    CHECK_STATUS(rfl_network_wait(network, 0, NULL), RFL_ERR_STATE);
    CHECK_STATUS(rfl_network_stop(network, NULL), RFL_ERR_STATE);
    CHECK_OK(rfl_network_start(network));
    CHECK_STATUS(rfl_network_start(network), RFL_ERR_STATE);
    CHECK_OK(rfl_input_complete(input));
    CHECK_OK(rfl_network_wait(network, 30000, NULL));
    rfl_network_destroy(network);
}

static void unknown_ports(rfl_engine *engine) {
    rfl_network *network;
    CHECK_OK(load_text(engine, "INPORT=a.IN:in\nOUTPORT=a.OUT:out\na(core/Repeat)\n", &network));
    rfl_input *input;
    rfl_output *output;
    CHECK_STATUS(rfl_network_input(network, "nope", &input), RFL_ERR_NOT_FOUND);
    CHECK_ERROR_HAS("'nope'");
    CHECK_ERROR_HAS("in");
    CHECK_STATUS(rfl_network_output(network, "in", &output), RFL_ERR_NOT_FOUND);
    rfl_network_destroy(network);
}

static void null_and_destroyed_handles(rfl_engine *engine) {
    rfl_network *network;
    rfl_input *input;
    CHECK_STATUS(rfl_network_start(NULL), RFL_ERR_ARGUMENT);
    CHECK_ERROR_HAS("NULL");
    CHECK_STATUS(rfl_network_load_file(engine, NULL, &network), RFL_ERR_ARGUMENT);
    CHECK_STATUS(rfl_network_load_file(NULL, "x.fbp", &network), RFL_ERR_ARGUMENT);
    CHECK_OK(load_text(engine, "INPORT=a.IN:in\nOUTPORT=a.OUT:out\na(core/Repeat)\n", &network));
    CHECK_OK(rfl_network_input(network, "in", &input));
    rfl_network_destroy(network);
    CHECK_STATUS(rfl_network_start(network), RFL_ERR_ARGUMENT); /* destroyed: refused, not dereferenced */
    CHECK_ERROR_HAS("destroyed");
    rfl_message message = rfl_integer(1);
    CHECK_STATUS(rfl_input_try_send(input, &message), RFL_ERR_ARGUMENT); /* died with its network */
    CHECK_STATUS(rfl_network_start((rfl_network *)(uintptr_t)input), RFL_ERR_ARGUMENT);
    rfl_network_destroy(NULL);
    rfl_engine_destroy(NULL);
}

static void components(rfl_engine *engine) {
    CHECK_OK(scale_register(engine));
    CHECK_STATUS(scale_register(engine), RFL_ERR_DUPLICATE);
    CHECK_ERROR_HAS("native/Scale");

    rfl_component_def definition;
    memset(&definition, 0, sizeof definition);
    definition.struct_size = sizeof definition;
    definition.name = "core/Repeat"; /* a standard component's name */
    CHECK_STATUS(rfl_component_register(engine, &definition), RFL_ERR_DUPLICATE);
    definition.struct_size = 8;
    definition.name = "native/Small";
    CHECK_STATUS(rfl_component_register(engine, &definition), RFL_ERR_ARGUMENT);
    CHECK_ERROR_HAS("struct_size");
    static const char *const in_ports[] = {"in"};
    definition.struct_size = sizeof definition;
    definition.in_ports = in_ports;
    definition.in_port_count = 1; /* in-ports, no receive callback */
    CHECK_STATUS(rfl_component_register(engine, &definition), RFL_ERR_ARGUMENT);
    CHECK_ERROR_HAS("receive");
}

static void register_after_load(const char *graphs) {
    rfl_engine *engine;
    CHECK_OK(rfl_engine_create(NULL, 0, &engine));
    CHECK_OK(scale_register(engine));
    char path[1024];
    graph_path(path, sizeof path, graphs, "scale.fbp");
    rfl_network *network;
    CHECK_OK(rfl_network_load_file(engine, path, &network));
    rfl_component_def definition;
    memset(&definition, 0, sizeof definition);
    definition.struct_size = sizeof definition;
    definition.name = "native/Late";
    CHECK_STATUS(rfl_component_register(engine, &definition), RFL_ERR_STATE);
    rfl_engine_destroy(engine); /* destroys the network too */
    CHECK_STATUS(rfl_network_start(network), RFL_ERR_ARGUMENT);
}

static void bad_options(void) {
    rfl_engine *engine = NULL;
    const char *toml = "[actor_system]\nmessage_buffer_size = \"many\"\n";
    CHECK_STATUS(rfl_engine_create(toml, strlen(toml), &engine), RFL_ERR_CONFIG);
    CHECK_ERROR_HAS("message_buffer_size");
    CHECK(engine == NULL);
    CHECK_STATUS(rfl_engine_create_from_file("/no/such/reflow.toml", &engine), RFL_ERR_NOT_FOUND);
    CHECK_ERROR_HAS("/no/such/reflow.toml");
}

int main(int argc, char **argv) {
    CHECK(argc > 1);
    abi_version();
    rfl_engine *engine;
    CHECK_OK(rfl_engine_create(NULL, 0, &engine));
    components(engine);
    missing_graph_file(engine, argv[1]);
    malformed_graph(engine);
    unknown_component(engine);
    send_before_start(engine);
    unknown_ports(engine);
    null_and_destroyed_handles(engine);
    rfl_engine_destroy(engine);
    register_after_load(argv[1]);
    bad_options();
    printf("errors: all checks passed\n");
    return 0;
}
