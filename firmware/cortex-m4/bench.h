/* The timed window. eb_bench_start() and eb_bench_stop() are real, never-inlined functions, so an
 * external tool (edgebench's emulator, a debugger, a logic analyser on a GPIO) can bracket exactly the
 * same instructions by their addresses. On a board they also read the DWT cycle counter. */
#ifndef EB_BENCH_H
#define EB_BENCH_H

#include <stdint.h>

/* Enables the DWT cycle counter (a no-op where there is none). */
void eb_bench_init(void);
void eb_bench_start(void);
void eb_bench_stop(void);
/* Cycles between start and stop by DWT->CYCCNT; 0 when the counter did not run (emulators). */
uint32_t eb_bench_cycles(void);

#endif
