/* Minimal assertions for the C tests: a failed check prints where and what, and the test exits 1. */
#ifndef REFLOW_TEST_CHECK_H
#define REFLOW_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reflow.h"

#define CHECK(condition)                                                                                  \
    do {                                                                                                  \
        if (!(condition)) {                                                                               \
            fprintf(stderr, "%s:%d: CHECK(%s) failed; rfl_last_error: %s\n", __FILE__, __LINE__, #condition, \
                    rfl_last_error());                                                                    \
            exit(1);                                                                                      \
        }                                                                                                 \
    } while (0)

#define CHECK_STATUS(call, expected)                                                                       \
    do {                                                                                                   \
        rfl_status status_ = (call);                                                                       \
        if (status_ != (expected)) {                                                                       \
            fprintf(stderr, "%s:%d: %s returned %d, expected %d (%s); rfl_last_error: %s\n", __FILE__, __LINE__, \
                    #call, (int)status_, (int)(expected), #expected, rfl_last_error());                   \
            exit(1);                                                                                       \
        }                                                                                                  \
    } while (0)

#define CHECK_OK(call) CHECK_STATUS(call, RFL_OK)

/* The last error contains `text`. */
#define CHECK_ERROR_HAS(text)                                                                               \
    do {                                                                                                    \
        if (!strstr(rfl_last_error(), (text))) {                                                            \
            fprintf(stderr, "%s:%d: rfl_last_error does not contain \"%s\": %s\n", __FILE__, __LINE__, (text),  \
                    rfl_last_error());                                                                      \
            exit(1);                                                                                        \
        }                                                                                                   \
    } while (0)

/* `path` = directory + "/" + name (the graphs folder is the tests' first argument). */
static inline void graph_path(char *path, size_t size, const char *directory, const char *name) {
    snprintf(path, size, "%s/%s", directory, name);
}

#endif
