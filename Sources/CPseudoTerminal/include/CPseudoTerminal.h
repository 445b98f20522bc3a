/* CPseudoTerminal: spawn a program on a pseudo-terminal (REPL tests, start-up benchmark). */
#ifndef LUNAR_CPSEUDOTERMINAL_H
#define LUNAR_CPSEUDOTERMINAL_H
#include <sys/types.h>

/** forkpty + execve. Returns the child's pid (master fd in *master_fd), or -1 with errno set. */
pid_t lunar_pty_spawn(const char *path, char *const argv[], char *const envp[], int rows, int cols, int *master_fd);

#endif
