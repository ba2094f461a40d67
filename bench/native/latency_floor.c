// The machine's floor under issue 23's latency targets: the least end-to-end latency any runtime could show on this
// machine with the latency suites' method, measured with no runtime at all. Two threads and a 1024-slot single-producer
// single-consumer ring: the producer is paced at RATE messages/s and stamps each message with the time it was *due*
// (so time it spends held back counts: no coordinated omission), the consumer records now - due in a log-linear
// histogram (within 0.8 %), as bench/Reflow.Benchmarks/Peers/LatencySuite.cs does. The consumer either spins between
// messages or sleeps 20 µs when the ring is empty ("nap"); neither thread allocates, locks or calls into a runtime, so
// what it shows above a few microseconds is the machine's: preemption, timer slack, the hypervisor.
//
//   cc -O2 -pthread -o latency_floor latency_floor.c && ./latency_floor RATE SECONDS spin|nap
//
// RATE 0: unpaced -- the producer stamps each message with the time it sends it and sends as fast as the ring lets it;
// SECONDS is then a count of millions of messages, and achieved_mps is this machine's own maximum for the two-thread
// hand-off (the latency suites' calibration, with no runtime).
// Prints one line: key=value pairs (rate, seconds, consumer, messages, received, p50_us, p99_us, p999_us, max_us,
// producer_late_ms, achieved_mps); exit 1 if a message was lost (received != messages). bench/latency_floor.py runs it.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { Capacity = 1024, SubBits = 7, Buckets = 64 << SubBits };

// Head and tail on lines of their own: the producer writes one, the consumer the other.
static _Alignas(64) _Atomic long long head; // next slot the producer writes
static _Alignas(64) _Atomic long long tail; // next slot the consumer reads
static _Alignas(64) long long ring[Capacity];
static long long histogram[Buckets];
static long long messages, received, max_late_ns;
static double ns_per_message;
static int nap;

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

// Log-linear: the power of two, then 2^SubBits linear steps within it.
static int bucket_of(long long ns)
{
    if (ns < 1) ns = 1;
    int exponent = 63 - __builtin_clzll((unsigned long long)ns);
    int sub = exponent < SubBits ? 0 : (int)((ns >> (exponent - SubBits)) & ((1 << SubBits) - 1));
    return (exponent << SubBits) + sub;
}

static long long upper_of(int bucket)
{
    int exponent = bucket >> SubBits, sub = bucket & ((1 << SubBits) - 1);
    return exponent < SubBits ? (1LL << exponent) : ((1LL << exponent) | ((long long)(sub + 1) << (exponent - SubBits)));
}

static double percentile_us(double p)
{
    long long want = (long long)(p * (double)received), seen = 0;
    if (want < 1) want = 1;
    for (int i = 0; i < Buckets; i++)
    {
        seen += histogram[i];
        if (seen >= want) return upper_of(i) / 1000.0;
    }
    return 0;
}

static void *produce(void *unused)
{
    (void)unused;
    long long start = now_ns();
    for (long long i = 0; i < messages; i++)
    {
        long long due = ns_per_message > 0 ? start + (long long)(i * ns_per_message) : now_ns(), t;
        while ((t = now_ns()) < due) __builtin_ia32_pause();
        if (t - due > max_late_ns) max_late_ns = t - due;
        while (i - atomic_load_explicit(&tail, memory_order_acquire) >= Capacity) __builtin_ia32_pause(); // full: held back
        ring[i % Capacity] = due;
        atomic_store_explicit(&head, i + 1, memory_order_release);
    }
    return NULL;
}

static void *consume(void *max_out)
{
    struct timespec twenty_us = {0, 20000};
    long long next = 0, max_ns = 0;
    while (next < messages)
    {
        long long published = atomic_load_explicit(&head, memory_order_acquire);
        if (published == next)
        {
            if (nap) nanosleep(&twenty_us, NULL);
            else __builtin_ia32_pause();
            continue;
        }
        for (; next < published; next++)
        {
            long long latency = now_ns() - ring[next % Capacity];
            histogram[bucket_of(latency)]++;
            if (latency > max_ns) max_ns = latency;
            received++;
            atomic_store_explicit(&tail, next + 1, memory_order_release);
        }
    }
    *(long long *)max_out = max_ns; // exact, not a bucket's bound
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[3], "spin") != 0 && strcmp(argv[3], "nap") != 0) || atof(argv[1]) < 0 || atof(argv[2]) <= 0)
    {
        fprintf(stderr, "usage: %s RATE SECONDS spin|nap (RATE messages/s >= 0, 0: unpaced; SECONDS > 0, unpaced: millions of messages)\n", argv[0]);
        return 2;
    }
    double rate = atof(argv[1]), seconds = atof(argv[2]);
    nap = strcmp(argv[3], "nap") == 0;
    messages = rate > 0 ? (long long)(rate * seconds) : (long long)(seconds * 1e6);
    ns_per_message = rate > 0 ? 1e9 / rate : 0;
    long long began = now_ns();
    long long max_ns = 0;
    pthread_t producer, consumer;
    pthread_create(&consumer, NULL, consume, &max_ns);
    pthread_create(&producer, NULL, produce, NULL);
    pthread_join(producer, NULL);
    pthread_join(consumer, NULL);
    double achieved = messages / ((now_ns() - began) / 1e9);
    printf("rate=%.0f seconds=%g consumer=%s messages=%lld received=%lld p50_us=%.3f p99_us=%.1f p999_us=%.1f max_us=%.1f producer_late_ms=%.2f achieved_mps=%.2f\n",
           rate, seconds, argv[3], messages, received, percentile_us(0.5), percentile_us(0.99), percentile_us(0.999),
           max_ns / 1000.0, max_late_ns / 1e6, achieved / 1e6);
    return received == messages ? 0 : 1;
}
