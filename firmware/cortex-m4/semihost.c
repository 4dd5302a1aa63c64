/* Arm semihosting calls (see semihost.h). */
#include "semihost.h"

#include <string.h>

__attribute__((noinline)) int32_t eb_semihost_call(int32_t op, void *arg) {
  register int32_t r0 __asm__("r0") = op;
  register void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void eb_sh_print(const char *s) { eb_semihost_call(EB_SYS_WRITE0, (void *)s); }

int32_t eb_sh_open_read(const char *path) {
  uint32_t args[3] = {(uint32_t)(uintptr_t)path, 1u /* mode "rb" */, (uint32_t)strlen(path)};
  return eb_semihost_call(EB_SYS_OPEN, args);
}

int eb_sh_read(int32_t handle, void *dst, size_t n) {
  uint32_t args[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)dst, (uint32_t)n};
  return eb_semihost_call(EB_SYS_READ, args) == 0 ? 0 : -1; /* SYS_READ returns the bytes NOT read */
}

void eb_sh_close(int32_t handle) {
  uint32_t args[1] = {(uint32_t)handle};
  eb_semihost_call(EB_SYS_CLOSE, args);
}

void eb_sh_exit(uint32_t reason) {
  for (;;) eb_semihost_call(EB_SYS_EXIT, (void *)(uintptr_t)reason);
}
