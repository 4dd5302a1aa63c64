/* DWT->CYCCNT timing around the inference (see bench.h). Emulators do not model the DWT: there the
 * counter reads a constant and the emulator counts instructions between the two functions instead. */
#include "bench.h"

#define EB_DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define EB_DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define EB_DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)

static volatile uint32_t eb_cycles_at_start, eb_cycles_at_stop;

void eb_bench_init(void) {
  EB_DEMCR |= 1u << 24; /* TRCENA: enable the DWT */
  EB_DWT_CYCCNT = 0;
  EB_DWT_CTRL |= 1u;    /* CYCCNTENA */
}

__attribute__((noinline)) void eb_bench_start(void) {
  __asm__ volatile("" ::: "memory");
  eb_cycles_at_start = EB_DWT_CYCCNT;
}

__attribute__((noinline)) void eb_bench_stop(void) {
  eb_cycles_at_stop = EB_DWT_CYCCNT;
  __asm__ volatile("" ::: "memory");
}

uint32_t eb_bench_cycles(void) { return eb_cycles_at_stop - eb_cycles_at_start; }
