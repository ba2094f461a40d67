/*
 * reflow.h — the C ABI of Reflow for .NET (libreflow.so, compiled with NativeAOT).
 *
 * One header, plain C99, no dependencies beyond <stddef.h> and <stdint.h>. Link with -lreflow.
 *
 * ABI stability: every function, type and constant here is part of ABI version RFL_ABI_VERSION. Structs a host
 * fills in (rfl_component_def) and structs the library fills in (rfl_run_result) start with a `struct_size` field:
 * the host sets it to sizeof(the struct) as it knows it, so fields can be added at the end without breaking old
 * hosts. Enum values never change meaning; new ones are added at the end.
 *
 * ------------------------------------------------------------------------------------------------------------------
 * Errors
 *   Every function that can fail returns an rfl_status. A negative status is an error; rfl_last_error() then
 *   returns its text (UTF-8, NUL-terminated): what went wrong, where (file, line, column, node, port) and what was
 *   expected. The text is thread-local: it belongs to the thread that made the failing call, stays valid until that
 *   thread's next call into the library, and is never freed by the host. Positive statuses (RFL_FULL, RFL_EMPTY,
 *   RFL_TIMEOUT, RFL_CLOSED) are outcomes, not errors, and leave the last error alone.
 *   No .NET exception ever crosses this boundary: anything thrown inside the library becomes a status and a text.
 *
 * Ownership
 *   - Handles (rfl_engine, rfl_network, rfl_input, rfl_output) are created by the library and released by the
 *     matching *_destroy function, once. rfl_input and rfl_output belong to their network and die with it.
 *   - Strings and buffers the host passes in are only read during the call (copied if kept). A message the host
 *     passes to rfl_emit or rfl_input_send may point into host memory that the host reuses right after the call.
 *   - Strings and buffers the library hands out (rfl_message data given to a receive callback or read from an
 *     output, event texts, failure texts) are BORROWED: never freed by the host, valid only as long as each
 *     function documents (typically: until the callback returns, or until the next read on the same output).
 *     Copy what you keep.
 *
 * Threading
 *   - Component callbacks (start, receive, inputs_closed, stop) run on the engine's worker threads. The callbacks
 *     of one node never run at the same time as each other (a node is an actor); different nodes run in parallel.
 *     A callback must not block for long: it holds a worker (mark blocking work with RFL_COMPONENT_MAY_BLOCK).
 *   - rfl_emit and the other rfl_context_* functions may only be called from inside a callback, with the context
 *     that callback was given, on that callback's thread.
 *   - An rfl_input may be written by one thread at a time; an rfl_output read by one thread at a time (order is
 *     per edge, end to end). Different inputs and outputs may be used from different threads at once.
 *   - The event callback is called on one library-owned thread, one event at a time, in the order of publication.
 *   - Everything else (create, load, start, wait, stop, destroy) may be called from any thread, but not on the same
 *     handle from two threads at once, and never from inside a component or event callback on its own network.
 * ------------------------------------------------------------------------------------------------------------------
 */
#ifndef REFLOW_H
#define REFLOW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RFL_ABI_VERSION 1

/* ================================================================================================= status codes */

typedef enum rfl_status {
    RFL_OK = 0,
    RFL_FULL = 1,    /* a non-blocking send found the edge full: nothing was sent, try again later */
    RFL_EMPTY = 2,   /* a non-blocking read found nothing to read yet */
    RFL_TIMEOUT = 3, /* a blocking call's timeout passed: nothing was sent or read */
    RFL_CLOSED = 4,  /* the input is completed or the run is over (send); the output is completed and drained (read) */

    RFL_ERR_ARGUMENT = -1,     /* a NULL handle or pointer, a negative length, a bad struct_size, invalid UTF-8 */
    RFL_ERR_NOT_FOUND = -2,    /* no such exported port, component or file */
    RFL_ERR_GRAPH = -3,        /* the graph does not load or validate: rfl_last_error lists every problem */
    RFL_ERR_CONFIG = -4,       /* the TOML options are invalid (key, line, what was expected) */
    RFL_ERR_STATE = -5,        /* wrong moment: send before start, start twice, register after a load, ... */
    RFL_ERR_KIND = -6,         /* a message of a kind the call cannot take (e.g. JSON text that is not an object) */
    RFL_ERR_DUPLICATE = -7,    /* a component with that name is already registered */
    RFL_ERR_INTERNAL = -100    /* a bug in the library; the text says what was thrown */
} rfl_status;

/* The ABI version this library implements (RFL_ABI_VERSION of the header it was built with). */
uint32_t rfl_abi_version(void);

/* The text of the calling thread's last error ("" when there was none). Borrowed: valid until this thread's next
   call into the library. */
const char *rfl_last_error(void);

/* ===================================================================================================== messages */

/* The kinds of message; the values are those of Reflow.Messages.MessageKind. */
typedef enum rfl_kind {
    RFL_FLOW = 0,          /* a signal with no data */
    RFL_NULL = 1,
    RFL_BOOLEAN = 2,       /* value.boolean: 0 or 1 */
    RFL_INTEGER = 3,       /* value.integer: int64 */
    RFL_FLOAT = 4,         /* value.number: double */
    RFL_STRING = 5,        /* value.data/length: UTF-8 text, not NUL-terminated */
    RFL_BYTES = 6,         /* value.data/length: raw bytes */
    RFL_ARRAY = 7,         /* value.data/length: UTF-8 JSON text of an array (tagged JSON for non-JSON values) */
    RFL_OBJECT = 8,        /* value.data/length: UTF-8 JSON text of an object (tagged JSON for non-JSON values) */
    RFL_ERROR = 9,         /* value.data/length: UTF-8 text of the error */
    RFL_OPEN_BRACKET = 10, /* value.data/length: UTF-8 JSON text of the bracket's value ("null" when none) */
    RFL_CLOSE_BRACKET = 11 /* as RFL_OPEN_BRACKET */
} rfl_kind;

/*
 * A message as C sees it: 16 bytes, passed by pointer, never allocated by the library for the host.
 * Scalars (flow, null, boolean, integer, float) are held in the struct itself. Every other kind points at bytes
 * (value.data, `length` bytes):
 *   - in a message the HOST builds (to emit or send), the bytes are the host's and are copied during the call;
 *   - in a message the LIBRARY hands out (to a receive callback, from rfl_output_receive), the bytes are borrowed:
 *     valid until the callback returns, or until the next read on the same rfl_output. Copy what you keep.
 * Strings are UTF-8 (the engine holds UTF-16; the library converts). Arrays and objects travel as JSON text;
 * rfl_emit/rfl_input_send parse it and fail with RFL_ERR_KIND (and where the JSON is wrong) if it is not an
 * array or object as the kind says.
 */
typedef struct rfl_message {
    int32_t kind;    /* an rfl_kind */
    uint32_t length; /* bytes at value.data, for the kinds that point at bytes; 0 otherwise */
    union {
        int64_t integer;
        double number;
        int32_t boolean;
        const void *data;
    } value;
} rfl_message;

/* Constructors: inline, no call into the library, no allocation. The bytes of text/bytes/JSON stay the caller's. */
static inline rfl_message rfl_flow(void) { rfl_message m; m.kind = RFL_FLOW; m.length = 0; m.value.integer = 0; return m; }
static inline rfl_message rfl_null(void) { rfl_message m; m.kind = RFL_NULL; m.length = 0; m.value.integer = 0; return m; }
static inline rfl_message rfl_boolean(int value) { rfl_message m; m.kind = RFL_BOOLEAN; m.length = 0; m.value.integer = 0; m.value.boolean = value ? 1 : 0; return m; }
static inline rfl_message rfl_integer(int64_t value) { rfl_message m; m.kind = RFL_INTEGER; m.length = 0; m.value.integer = value; return m; }
static inline rfl_message rfl_float(double value) { rfl_message m; m.kind = RFL_FLOAT; m.length = 0; m.value.number = value; return m; }
static inline rfl_message rfl_string(const char *utf8, size_t length) { rfl_message m; m.kind = RFL_STRING; m.length = (uint32_t)length; m.value.data = utf8; return m; }
static inline rfl_message rfl_bytes(const void *bytes, size_t length) { rfl_message m; m.kind = RFL_BYTES; m.length = (uint32_t)length; m.value.data = bytes; return m; }
static inline rfl_message rfl_error(const char *utf8, size_t length) { rfl_message m; m.kind = RFL_ERROR; m.length = (uint32_t)length; m.value.data = utf8; return m; }
/* kind is RFL_ARRAY or RFL_OBJECT; json is UTF-8 JSON text of that shape. */
static inline rfl_message rfl_json(rfl_kind kind, const char *json, size_t length) { rfl_message m; m.kind = (int32_t)kind; m.length = (uint32_t)length; m.value.data = json; return m; }

/* Any message as JSON text (tagged JSON for bytes, errors and brackets), written into a library-owned, thread-local
   buffer: *json and *length are borrowed until this thread's next call into the library. */
rfl_status rfl_message_to_json(const rfl_message *message, const char **json, size_t *length);

/* ====================================================================================================== engine */

typedef struct rfl_engine rfl_engine;

/* An engine with options from TOML text (the reflow.toml keys; NULL or "" for the defaults), then REFLOW_*
   environment variables, as the reflow CLI reads them. It knows every standard component. */
rfl_status rfl_engine_create(const char *toml, size_t toml_length, rfl_engine **engine);

/* As rfl_engine_create, the TOML read from a file. */
rfl_status rfl_engine_create_from_file(const char *toml_path, rfl_engine **engine);

/* Stops and destroys every network of the engine still alive (their handles become invalid), then the engine.
   NULL is ignored. */
void rfl_engine_destroy(rfl_engine *engine);

/* ================================================================================================== components */

typedef struct rfl_context rfl_context;

/* Called for each message arriving on in-port `port` (its index in in_ports). Return 0 on success; anything else
   is a failure of the node (its text set with rfl_context_fail, else "the receive callback returned N"), handled
   by the node's supervision policy exactly like a C# actor's exception: retried, restarted, skipped or stopping the
   run. `message` and its bytes are borrowed until the callback returns. */
typedef int (*rfl_receive_fn)(rfl_context *context, int32_t port, const rfl_message *message);

/* start (before the first message), inputs_closed (every in-port is closed and drained), stop (the node ends, also
   after a failure): optional; return values as rfl_receive_fn. */
typedef int (*rfl_node_fn)(rfl_context *context);

#define RFL_COMPONENT_MAY_BLOCK 1u /* its callbacks may block: run them on the blocking pool, not a core worker */

typedef struct rfl_component_def {
    uint32_t struct_size;              /* sizeof(rfl_component_def) */
    const char *name;                  /* e.g. "native/Scale": how graphs name it */
    const char *description;           /* may be NULL */
    const char *const *in_ports;       /* in-port names; a component with none is a source (it emits from start) */
    size_t in_port_count;
    const char *const *out_ports;      /* out-port names */
    size_t out_port_count;
    rfl_receive_fn receive;            /* required when there are in-ports */
    rfl_node_fn start;                 /* optional */
    rfl_node_fn inputs_closed;         /* optional */
    rfl_node_fn stop;                  /* optional */
    void *component_data;              /* given back by rfl_context_component_data; the host keeps it alive */
    uint32_t flags;                    /* RFL_COMPONENT_* */
} rfl_component_def;

/* Registers a component written in C; graphs loaded afterwards by this engine can use it. The definition and its
   strings are copied. RFL_ERR_DUPLICATE if the name is taken (a standard component's name included). */
rfl_status rfl_component_register(rfl_engine *engine, const rfl_component_def *definition);

/* --- inside a callback only, with the callback's own context --- */

/* Sends `message` on out-port `port` (its index in out_ports). Waits while the edge is full only as a C# actor's
   emit does (never blocks the worker: the node is parked and resumed). RFL_ERR_ARGUMENT for a bad port. */
rfl_status rfl_emit(rfl_context *context, int32_t port, const rfl_message *message);

/* Marks the current callback as failed with `text` (UTF-8, NUL-terminated, copied): return non-zero after it. */
void rfl_context_fail(rfl_context *context, const char *text);

/* The node's id in its graph (borrowed until the callback returns). */
const char *rfl_context_node_id(rfl_context *context);

/* The node's configuration (its metadata in the graph) as JSON object text, "{}" when none; borrowed until the
   callback returns. */
rfl_status rfl_context_config(rfl_context *context, const char **json, size_t *length);

/* One pointer per node for the host: NULL until set; kept across callbacks; the host frees what it points to, in
   stop at the latest (stop is always called once start was). */
void *rfl_context_node_data(rfl_context *context);
void rfl_context_set_node_data(rfl_context *context, void *data);

/* The component_data of the definition. */
void *rfl_context_component_data(rfl_context *context);

/* ===================================================================================================== networks */

typedef struct rfl_network rfl_network;
typedef struct rfl_input rfl_input;
typedef struct rfl_output rfl_output;

/* Loads a graph file (.fbp, Reflow JSON or NoFlo JSON, told apart as `reflow run` does) into a network that can run
   once. RFL_ERR_GRAPH with every problem (file, line, column, what was expected) in rfl_last_error. */
rfl_status rfl_network_load_file(rfl_engine *engine, const char *path, rfl_network **network);

/* As rfl_network_load_file from text. format: "fbp", "json" (Reflow or NoFlo JSON, detected) or NULL (detected);
   `name` is used in messages in place of a file name (NULL: "<text>"). */
rfl_status rfl_network_load_text(rfl_engine *engine, const char *text, size_t length, const char *format,
                                 const char *name, rfl_network **network);

/* An exported port of the network by name; the handle lives as long as the network. */
rfl_status rfl_network_input(rfl_network *network, const char *port, rfl_input **input);
rfl_status rfl_network_output(rfl_network *network, const char *port, rfl_output **output);

/* Starts the run. RFL_ERR_STATE if it was started before. */
rfl_status rfl_network_start(rfl_network *network);

/* Sends to an exported in-port. timeout_ms: -1 waits for room as long as it takes, 0 does not wait. RFL_OK when
   sent; RFL_TIMEOUT when no room came in time; RFL_CLOSED when the input is completed or the run is over. */
rfl_status rfl_input_send(rfl_input *input, const rfl_message *message, int32_t timeout_ms);

/* Never waits: RFL_OK, or RFL_FULL while the edge is full (nothing is dropped), or RFL_CLOSED. */
rfl_status rfl_input_try_send(rfl_input *input, const rfl_message *message);

/* No more messages on this input; the run can finish once every input is completed and everything is handled. */
rfl_status rfl_input_complete(rfl_input *input);

/* Reads the next message of an exported out-port, waiting up to timeout_ms (-1: as long as it takes).
   RFL_OK with *message filled (its bytes borrowed until the next read on this output); RFL_TIMEOUT; RFL_CLOSED when
   the port is completed and everything on it was read. */
rfl_status rfl_output_receive(rfl_output *output, rfl_message *message, int32_t timeout_ms);

/* Never waits: RFL_OK, RFL_EMPTY, or RFL_CLOSED. */
rfl_status rfl_output_try_receive(rfl_output *output, rfl_message *message);

/* What a run did. */
typedef struct rfl_run_result {
    uint32_t struct_size;       /* set by the host to sizeof(rfl_run_result) before the call */
    int32_t completed;          /* 1: every message handled; 0: stopped, aborted, or a timeout left it running */
    double elapsed_ms;
    int64_t messages;           /* messages over every edge */
    int64_t errors;             /* Error messages the nodes emitted */
    int64_t failures;           /* node failures (exceptions, failed callbacks), handled or not */
    int64_t uncaught_failures;  /* failures nothing in the graph handled: a host should treat the run as failed */
    int64_t dead_letters;       /* messages that could not be delivered (every reason) */
    int64_t events_discarded;   /* events a slow event callback lost */
} rfl_run_result;

/* Waits up to timeout_ms (-1: as long as it takes) for the run to finish. RFL_OK with *result filled, or
   RFL_TIMEOUT (still running). result may be NULL. */
rfl_status rfl_network_wait(rfl_network *network, int32_t timeout_ms, rfl_run_result *result);

/* Stops the run without waiting for the rest of the messages: every node's stop callback is called; messages not
   yet handled are dead-lettered (counted). Fills *result (may be NULL). */
rfl_status rfl_network_stop(rfl_network *network, rfl_run_result *result);

/* The text of kept failure `index` (0-based, at most NetworkRunResult.FailuresKept of them) once the run is over:
   node, port, message, what was thrown or the callback's text. Borrowed until the network is destroyed.
   RFL_ERR_NOT_FOUND past the last one. */
rfl_status rfl_network_failure(rfl_network *network, size_t index, const char **text);

/* Stops the run if it is still going, then frees the network and its inputs and outputs. NULL is ignored. */
void rfl_network_destroy(rfl_network *network);

/* ======================================================================================================= events */

/* The kinds of network event; the values are those of Reflow.Actors.NetworkEventKind. */
typedef enum rfl_event_kind {
    RFL_EVENT_NETWORK_STARTED = 0,
    RFL_EVENT_ACTOR_STARTED = 1,
    RFL_EVENT_ACTOR_FAILED = 2,
    RFL_EVENT_ACTOR_RETRYING = 3,
    RFL_EVENT_ACTOR_RESTARTED = 4,
    RFL_EVENT_CIRCUIT_OPENED = 5,
    RFL_EVENT_ACTOR_STOPPED = 6,
    RFL_EVENT_DEAD_LETTER = 7,
    RFL_EVENT_MESSAGE_SENT = 8,
    RFL_EVENT_IDLE = 9,
    RFL_EVENT_DEADLOCK = 10,
    RFL_EVENT_NETWORK_FINISHED = 11,
    RFL_EVENT_ACTOR_LOG = 12
} rfl_event_kind;

typedef struct rfl_event {
    int32_t kind;            /* an rfl_event_kind */
    const char *node;        /* the node concerned, or NULL */
    const char *edge;        /* the edge id for message events, or NULL */
    const char *text;        /* what happened, readable (never NULL) */
    int64_t sequence;        /* the message's number on its edge, for message events */
    double timestamp_ms;     /* since the network started */
} rfl_event;

/* Called for each network event; `event` and its strings are borrowed until the callback returns. */
typedef void (*rfl_event_fn)(const rfl_event *event, void *user_data);

/* Subscribes `callback` to the network's events (before start: every event; after: from then on). One callback per
   network; NULL unsubscribes. A slow callback loses the oldest events (counted in events_discarded), never slows the
   workers. */
rfl_status rfl_network_on_event(rfl_network *network, rfl_event_fn callback, void *user_data);

/* --- batches (added in ABI version 1, additive): one call into the library for many messages ---
   Each crossing between C and the library costs a switch of the calling thread's GC mode; a batch pays it once. */

/* As rfl_emit for messages[0], messages[1], ... messages[count - 1], in order, on out-port `port`. Stops at the first
   message that cannot go and returns its status (rfl_last_error names its index); *emitted (NULL if not wanted) gets
   how many were emitted, those before the stop. RFL_OK when all were; count 0 emits nothing. */
rfl_status rfl_emit_batch(rfl_context *context, int32_t port, const rfl_message *messages, size_t count,
                          size_t *emitted);

/* As rfl_input_try_send for messages[0..count - 1] in order, never waiting. Stops at the first that does not go:
   RFL_FULL (the edge is full: send the rest later), RFL_CLOSED, or an error for a bad message (rfl_last_error names
   its index). *sent (NULL if not wanted) gets how many were sent, those before the stop. RFL_OK when all were. */
rfl_status rfl_input_try_send_batch(rfl_input *input, const rfl_message *messages, size_t count, size_t *sent);

#ifdef __cplusplus
}
#endif

#endif /* REFLOW_H */
