/* Cortex-M4 start-up: the vector table, the reset handler (copy .data, zero .bss, enable the FPU, paint
 * the stack) and fault handlers that report over semihosting. Symbols come from stm32f4.ld. */
#include <stdint.h>

#include "semihost.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _stack_bottom, _stack_top;
int main(void);
void Reset_Handler(void);

/* The value the stack is painted with; the harness scans for the deepest overwritten word. */
#define EB_STACK_PAINT 0xA5A5A5A5u

#define EB_CPACR (*(volatile uint32_t *)0xE000ED88u)

static void put_hex32(char *dst, uint32_t v) {
  for (int i = 7; i >= 0; --i, v >>= 4) dst[i] = "0123456789abcdef"[v & 15u];
}

/* Reports the fault and the PC stacked on exception entry, then stops. */
static void fault(const char *what, const uint32_t *frame) {
  char line[48] = "EB_FAULT ";
  int n = 9;
  while (*what) line[n++] = *what++;
  line[n++] = ' ';
  line[n++] = 'p';
  line[n++] = 'c';
  line[n++] = '=';
  put_hex32(line + n, frame[6]);
  n += 8;
  line[n++] = '\n';
  line[n] = 0;
  eb_sh_print(line);
  eb_sh_exit(EB_EXIT_FAILURE);
}

/* The handlers find the exception frame on the main stack (the harness never uses the process stack). */
#define EB_FAULT_HANDLER(name, text)                                            \
  void name(void) {                                                             \
    uint32_t *frame;                                                            \
    __asm__ volatile("mrs %0, msp" : "=r"(frame));                              \
    fault(text, frame);                                                         \
  }
EB_FAULT_HANDLER(HardFault_Handler, "hardfault")
EB_FAULT_HANDLER(MemManage_Handler, "memmanage")
EB_FAULT_HANDLER(BusFault_Handler, "busfault")
EB_FAULT_HANDLER(UsageFault_Handler, "usagefault")
EB_FAULT_HANDLER(Default_Handler, "unexpected-interrupt")

/* Entry 0 is the initial stack pointer, the others are handlers: a union keeps both types exact. */
typedef union {
  uint32_t *stack;
  void (*handler)(void);
} eb_vector;

__attribute__((section(".isr_vector"), used)) const eb_vector eb_vector_table[16] = {
    {.stack = &_stack_top},          {.handler = Reset_Handler},      {.handler = Default_Handler},
    {.handler = HardFault_Handler},  {.handler = MemManage_Handler},  {.handler = BusFault_Handler},
    {.handler = UsageFault_Handler}, {.handler = 0},                  {.handler = 0},
    {.handler = 0},                  {.handler = 0},                  {.handler = Default_Handler}, /* SVCall */
    {.handler = Default_Handler},    {.handler = 0},                  {.handler = Default_Handler}, /* PendSV */
    {.handler = Default_Handler}};                                                                  /* SysTick */

void Reset_Handler(void) {
  for (uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t *dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  EB_CPACR |= 0xFu << 20; /* full access to CP10 and CP11: the FPU */
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  /* Paint the free stack below this frame, leaving a small margin. */
  uint32_t *sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  for (uint32_t *p = &_stack_bottom; p < sp - 16;) *p++ = EB_STACK_PAINT;
  eb_sh_exit(main() == 0 ? EB_EXIT_SUCCESS : EB_EXIT_FAILURE);
}

uint32_t eb_stack_high_water_bytes(void) {
  const uint32_t *p = &_stack_bottom;
  while (p < &_stack_top && *p == EB_STACK_PAINT) ++p;
  return (uint32_t)((const uint8_t *)&_stack_top - (const uint8_t *)p);
}
