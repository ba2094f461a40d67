/* A C host of Reflow: registers native/Scale, loads native/examples/graphs/scale.fbp, feeds it numbers, prints what
   comes out and the run result. Usage: reflow_example [graph.fbp]. Exit code 0 when the run completed without an
   uncaught failure. */
#include <stdio.h>

#include "reflow.h"
#include "scale.h"

#ifndef REFLOW_EXAMPLE_GRAPH
#define REFLOW_EXAMPLE_GRAPH "scale.fbp"
#endif

static int fail(const char *what, rfl_status status) {
    fprintf(stderr, "%s failed (%d): %s\n", what, (int)status, rfl_last_error());
    return 2;
}

int main(int argc, char **argv) {
    const char *graph = argc > 1 ? argv[1] : REFLOW_EXAMPLE_GRAPH;
    const double values[] = {1, 2.25, -4, 10, 0.3};
    const size_t count = sizeof values / sizeof values[0];

    rfl_engine *engine;
    rfl_status status = rfl_engine_create(NULL, 0, &engine); /* defaults, then REFLOW_* variables */
    if (status != RFL_OK) return fail("rfl_engine_create", status);
    if ((status = scale_register(engine)) != RFL_OK) return fail("scale_register", status);

    rfl_network *network;
    if ((status = rfl_network_load_file(engine, graph, &network)) != RFL_OK) return fail("rfl_network_load_file", status);
    rfl_input *input;
    rfl_output *output;
    if ((status = rfl_network_input(network, "values", &input)) != RFL_OK) return fail("rfl_network_input", status);
    if ((status = rfl_network_output(network, "scaled", &output)) != RFL_OK) return fail("rfl_network_output", status);
    if ((status = rfl_network_start(network)) != RFL_OK) return fail("rfl_network_start", status);

    printf("values:");
    for (size_t i = 0; i < count; i++) {
        rfl_message value = rfl_float(values[i]);
        if ((status = rfl_input_send(input, &value, 5000)) != RFL_OK) return fail("rfl_input_send", status);
        printf(" %g", values[i]);
    }
    printf("\n");
    rfl_input_complete(input);

    printf("scaled:");
    rfl_message result;
    while ((status = rfl_output_receive(output, &result, 10000)) == RFL_OK) {
        if (result.kind == RFL_FLOAT) printf(" %g", result.value.number);
        else printf(" (kind %d)", (int)result.kind);
    }
    printf("\n");
    if (status != RFL_CLOSED) return fail("rfl_output_receive", status);

    rfl_run_result run;
    run.struct_size = sizeof run;
    if ((status = rfl_network_wait(network, 10000, &run)) != RFL_OK) return fail("rfl_network_wait", status);
    printf("run: completed %d, messages %lld, errors %lld, failures %lld, uncaught %lld, dead letters %lld\n",
           run.completed, (long long)run.messages, (long long)run.errors, (long long)run.failures,
           (long long)run.uncaught_failures, (long long)run.dead_letters);

    rfl_network_destroy(network);
    rfl_engine_destroy(engine);
    return run.completed && run.uncaught_failures == 0 ? 0 : 1;
}
