/* native/Scale: a component written in C that multiplies each number by its node's `factor` setting. */
#ifndef REFLOW_EXAMPLE_SCALE_H
#define REFLOW_EXAMPLE_SCALE_H

#include "reflow.h"

/* Registers native/Scale (in-port "in", out-port "out") with the engine. */
rfl_status scale_register(rfl_engine *engine);

#endif
