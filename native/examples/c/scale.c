/* native/Scale: each Integer or Float times the node's `factor` (its graph setting, 1 when absent), as a Float.
   Anything else fails the node for that message, with a text saying what came. */
#include "scale.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scale_node {
    double factor;
} scale_node;

/* The node's factor from its configuration JSON: {"factor":3} from a JSON graph, {"factor":"3"} from a .fbp file
   (whose settings are text for a component without a settings schema); 1 when absent. A real component would use a
   JSON parser; the example keeps to the C library. */
static double read_factor(const char *json, size_t length) {
    char text[256];
    size_t n = length < sizeof text - 1 ? length : sizeof text - 1;
    memcpy(text, json, n);
    text[n] = '\0';
    const char *key = strstr(text, "\"factor\":");
    if (!key) return 1.0;
    const char *value = key + strlen("\"factor\":");
    return strtod(*value == '"' ? value + 1 : value, NULL);
}

static int scale_start(rfl_context *context) {
    const char *json;
    size_t length;
    if (rfl_context_config(context, &json, &length) != RFL_OK) {
        rfl_context_fail(context, rfl_last_error());
        return 1;
    }
    scale_node *node = malloc(sizeof *node);
    if (!node) {
        rfl_context_fail(context, "native/Scale: out of memory");
        return 1;
    }
    node->factor = read_factor(json, length);
    rfl_context_set_node_data(context, node); /* freed in stop */
    return 0;
}

static int scale_receive(rfl_context *context, int32_t port, const rfl_message *message) {
    (void)port;
    const scale_node *node = rfl_context_node_data(context);
    double value;
    if (message->kind == RFL_INTEGER) {
        value = (double)message->value.integer;
    } else if (message->kind == RFL_FLOAT) {
        value = message->value.number;
    } else {
        char text[128];
        snprintf(text, sizeof text, "native/Scale takes numbers: node %s got a message of kind %d",
                 rfl_context_node_id(context), (int)message->kind);
        rfl_context_fail(context, text);
        return 1;
    }
    rfl_message scaled = rfl_float(value * node->factor);
    return rfl_emit(context, 0, &scaled) == RFL_OK ? 0 : 1;
}

static int scale_stop(rfl_context *context) {
    free(rfl_context_node_data(context));
    rfl_context_set_node_data(context, NULL);
    return 0;
}

rfl_status scale_register(rfl_engine *engine) {
    static const char *const in_ports[] = {"in"};
    static const char *const out_ports[] = {"out"};
    rfl_component_def definition;
    memset(&definition, 0, sizeof definition);
    definition.struct_size = sizeof definition;
    definition.name = "native/Scale";
    definition.description = "Multiplies each number by the node's factor.";
    definition.in_ports = in_ports;
    definition.in_port_count = 1;
    definition.out_ports = out_ports;
    definition.out_port_count = 1;
    definition.receive = scale_receive;
    definition.start = scale_start;
    definition.stop = scale_stop;
    return rfl_component_register(engine, &definition);
}
