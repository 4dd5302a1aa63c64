/* Arm semihosting: the firmware's only I/O. A debugger (real board) or an emulator (edgebench's
 * unicorn emulator, qemu-system-arm -semihosting) services BKPT 0xAB with the operation in r0 and a
 * pointer to its argument block in r1. */
#ifndef EB_SEMIHOST_H
#define EB_SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

enum {
  EB_SYS_OPEN = 0x01,
  EB_SYS_CLOSE = 0x02,
  EB_SYS_WRITE0 = 0x04,
  EB_SYS_READ = 0x06,
  EB_SYS_EXIT = 0x18
};

/* Reasons for EB_SYS_EXIT (ADP_Stopped_*). */
#define EB_EXIT_SUCCESS 0x20026u /* ApplicationExit */
#define EB_EXIT_FAILURE 0x20023u /* RunTimeErrorUnknown */

/* One semihosting call; returns r0. Never inlined, so every call site goes through one BKPT. */
int32_t eb_semihost_call(int32_t op, void *arg);

/* Prints a NUL-terminated string on the host's console. */
void eb_sh_print(const char *s);
/* Opens the host file `path` for binary reading; returns a handle, or -1. */
int32_t eb_sh_open_read(const char *path);
/* Reads exactly `n` bytes into `dst`; returns 0 on success, -1 if the file ended first. */
int eb_sh_read(int32_t handle, void *dst, size_t n);
void eb_sh_close(int32_t handle);
/* Ends the program; does not return. */
void eb_sh_exit(uint32_t reason) __attribute__((noreturn));

#endif
