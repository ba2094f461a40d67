/*
 * B15, native side: a C callback component in the middle of a Reflow pipeline, driven by a C host through
 * libreflow.so. One round of each case per run (after one warm-up round that is not printed), so bench/native/run.sh
 * can alternate it with the C# side (b15-csharp) round by round on a busy machine.
 *
 *   (a) node:  host --ticks--> [in] b15/Burst (C, 256 integers per tick) --> b15/Pass (C) --> b15/Sink (C, counts
 *              and sums): messages/s through the C pass node, from the first tick to the end of the run. The host's
 *              cost is spread over 256 messages, so this is the pipeline's own rate.
 *   (f) fed:   host --try_send--> [in] b15/Pass (C) --> b15/Sink (C): as (a) with the host sending every message
 *              (try_send, then a blocking send when the edge is full).
 *   (b) host:  host --try_send--> [in] b15/Pass (C) [out] --try_receive--> reader thread : messages/s from the first
 *              send to the last read, and p50/p99 of each message's latency (the integer is its send time in ns,
 *              taken just before the call that sent it; read time taken right after the read).
 *
 * The blocking fallbacks wait with timeout -1, as the C# side's WriteAsync/WaitToReadAsync do: a positive timeout
 * costs the library a CancellationTokenSource (and its timer) per blocking call. They cannot hang: a send returns
 * RFL_CLOSED and a read RFL_CLOSED once the run is over, and the run's wait is bounded (120 s).
 *
 * Usage: b15 MESSAGES_A MESSAGES_B (MESSAGES_A, for (a) and (f), a multiple of 256). Prints "B15 native <case> messages=N seconds=S rate=R [p50_us=.. p99_us=..]".
 * Every run checks its counts (and (a) the sum): a lost or duplicated message fails the benchmark.
 */
#define _POSIX_C_SOURCE 200809L
#include <reflow.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *what, int status) {
    fprintf(stderr, "b15: %s failed (%d): %s\n", what, status, rfl_last_error());
    exit(1);
}

#define CHECK(call)                                                                                                    \
    do {                                                                                                               \
        rfl_status status_ = (call);                                                                                   \
        if (status_ != RFL_OK) die(#call, status_);                                                                    \
    } while (0)

/* ------------------------------------------------------------------------------------------------ components */

static int pass_receive(rfl_context *context, int32_t port, const rfl_message *message) {
    (void)port;
    return rfl_emit(context, 0, message) == RFL_OK ? 0 : 1;
}

#define BURST 256

/* Each tick k becomes the integers k*256 .. k*256+255. */
static int burst_receive(rfl_context *context, int32_t port, const rfl_message *message) {
    (void)port;
    int64_t first = message->value.integer * BURST;
    for (int64_t i = 0; i < BURST; i++) {
        rfl_message value = rfl_integer(first + i);
        if (rfl_emit(context, 0, &value) != RFL_OK) return 1;
    }
    return 0;
}

/* The sink is one node per run and its callbacks never overlap: plain globals, reset before each run. */
static int64_t sink_count;
static int64_t sink_sum;

static int sink_receive(rfl_context *context, int32_t port, const rfl_message *message) {
    (void)context;
    (void)port;
    sink_count++;
    sink_sum += message->value.integer;
    return 0;
}

static void register_components(rfl_engine *engine) {
    static const char *const in[] = {"in"};
    static const char *const out[] = {"out"};
    rfl_component_def pass = {0};
    pass.struct_size = sizeof pass;
    pass.name = "b15/Pass";
    pass.in_ports = in;
    pass.in_port_count = 1;
    pass.out_ports = out;
    pass.out_port_count = 1;
    pass.receive = pass_receive;
    CHECK(rfl_component_register(engine, &pass));

    rfl_component_def burst = pass;
    burst.name = "b15/Burst";
    burst.receive = burst_receive;
    CHECK(rfl_component_register(engine, &burst));

    rfl_component_def sink = {0};
    sink.struct_size = sizeof sink;
    sink.name = "b15/Sink";
    sink.in_ports = in;
    sink.in_port_count = 1;
    sink.receive = sink_receive;
    CHECK(rfl_component_register(engine, &sink));
}

/* ------------------------------------------------------------------------------------------------------ host */

static const char graph_a[] = "INPORT=burst.in:in\nburst(b15/Burst) out -> in pass(b15/Pass) out -> in sink(b15/Sink)\n";
static const char graph_f[] = "INPORT=pass.in:in\npass(b15/Pass) out -> in sink(b15/Sink)\n";
static const char graph_b[] = "INPORT=pass.in:in\nOUTPORT=pass.out:out\npass(b15/Pass)\n";

/* try_send, then a blocking send while the edge is full; stamped (a send time in ns) or numbered. */
static void send_all(rfl_input *input, int64_t messages, int stamped) {
    for (int64_t i = 0; i < messages; i++) {
        rfl_message message = rfl_integer(stamped ? now_ns() : i);
        rfl_status status = rfl_input_try_send(input, &message);
        if (status == RFL_FULL) {
            if (stamped) message.value.integer = now_ns();
            status = rfl_input_send(input, &message, -1);
        }
        if (status != RFL_OK) die("sending", status);
    }
    CHECK(rfl_input_complete(input));
}

static rfl_network *load(rfl_engine *engine, const char *graph) {
    rfl_network *network = NULL;
    CHECK(rfl_network_load_text(engine, graph, strlen(graph), "fbp", "b15.fbp", &network));
    return network;
}

static void finish(rfl_network *network, const char *which) {
    rfl_run_result result;
    memset(&result, 0, sizeof result);
    result.struct_size = sizeof result;
    CHECK(rfl_network_wait(network, 120000, &result));
    if (!result.completed || result.failures != 0 || result.dead_letters != 0) {
        fprintf(stderr, "b15: run %s: completed %d, failures %lld, dead letters %lld\n", which, result.completed,
                (long long)result.failures, (long long)result.dead_letters);
        exit(1);
    }
    rfl_network_destroy(network);
}

/* (a) with ticks (messages / 256 of them), (f) with every message sent by the host. */
static double case_a(rfl_engine *engine, int64_t messages, int ticks) {
    rfl_network *network = load(engine, ticks ? graph_a : graph_f);
    rfl_input *input = NULL;
    CHECK(rfl_network_input(network, "in", &input));
    sink_count = 0;
    sink_sum = 0;
    CHECK(rfl_network_start(network));
    int64_t start = now_ns();
    send_all(input, ticks ? messages / BURST : messages, 0);
    finish(network, ticks ? "a" : "f");
    double seconds = (double)(now_ns() - start) / 1e9;
    if (sink_count != messages || sink_sum != messages * (messages - 1) / 2) {
        fprintf(stderr, "b15: (%s) the sink got %lld messages summing to %lld, expected %lld\n", ticks ? "a" : "f",
                (long long)sink_count, (long long)sink_sum, (long long)messages);
        exit(1);
    }
    return seconds;
}

typedef struct reader_args {
    rfl_output *output;
    int64_t expected;
    int64_t *latencies;
    int64_t count;
    int64_t last_read;
} reader_args;

static void *read_all(void *arg) {
    reader_args *r = arg;
    for (;;) {
        rfl_message message;
        rfl_status status = rfl_output_try_receive(r->output, &message);
        if (status == RFL_EMPTY) status = rfl_output_receive(r->output, &message, -1);
        if (status == RFL_CLOSED) return NULL;
        if (status != RFL_OK) die("reading", status);
        int64_t read = now_ns();
        if (r->count == r->expected) {
            fprintf(stderr, "b15: (b) more messages came out than went in\n");
            exit(1);
        }
        r->latencies[r->count++] = read - message.value.integer;
        r->last_read = read;
    }
}

static int by_value(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static double case_b(rfl_engine *engine, int64_t messages, double *p50_us, double *p99_us) {
    rfl_network *network = load(engine, graph_b);
    rfl_input *input = NULL;
    reader_args reader = {0};
    CHECK(rfl_network_input(network, "in", &input));
    CHECK(rfl_network_output(network, "out", &reader.output));
    reader.expected = messages;
    reader.latencies = malloc(sizeof(int64_t) * (size_t)messages);
    if (reader.latencies == NULL) die("malloc", 0);
    CHECK(rfl_network_start(network));
    pthread_t thread;
    if (pthread_create(&thread, NULL, read_all, &reader) != 0) die("pthread_create", 0);
    int64_t start = now_ns();
    send_all(input, messages, 1);
    pthread_join(thread, NULL);
    finish(network, "b");
    if (reader.count != messages) {
        fprintf(stderr, "b15: (b) read %lld messages of %lld\n", (long long)reader.count, (long long)messages);
        exit(1);
    }
    qsort(reader.latencies, (size_t)messages, sizeof(int64_t), by_value);
    *p50_us = (double)reader.latencies[messages / 2] / 1e3;
    *p99_us = (double)reader.latencies[messages * 99 / 100] / 1e3;
    free(reader.latencies);
    return (double)(reader.last_read - start) / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s MESSAGES_A MESSAGES_B\n", argv[0]);
        return 2;
    }
    int64_t messages_a = atoll(argv[1]), messages_b = atoll(argv[2]);
    if (messages_a < BURST || messages_a % BURST != 0 || messages_b < 100) {
        fprintf(stderr, "b15: MESSAGES_A a multiple of %d, MESSAGES_B at least 100\n", BURST);
        return 2;
    }
    rfl_engine *engine = NULL;
    CHECK(rfl_engine_create(NULL, 0, &engine));
    register_components(engine);

    double p50, p99;
    case_a(engine, messages_a, 1); /* warm-up rounds: not printed */
    case_a(engine, messages_a, 0);
    case_b(engine, messages_b, &p50, &p99);

    double seconds = case_a(engine, messages_a, 1);
    printf("B15 native a messages=%lld seconds=%.4f rate=%.0f\n", (long long)messages_a, seconds, messages_a / seconds);
    seconds = case_a(engine, messages_a, 0);
    printf("B15 native f messages=%lld seconds=%.4f rate=%.0f\n", (long long)messages_a, seconds, messages_a / seconds);
    seconds = case_b(engine, messages_b, &p50, &p99);
    printf("B15 native b messages=%lld seconds=%.4f rate=%.0f p50_us=%.2f p99_us=%.2f\n", (long long)messages_b, seconds,
           messages_b / seconds, p50, p99);
    rfl_engine_destroy(engine);
    return 0;
}
