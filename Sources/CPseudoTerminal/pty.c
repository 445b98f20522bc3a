#include "CPseudoTerminal.h"

#include <pty.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

pid_t lunar_pty_spawn(const char *path, char *const argv[], char *const envp[], int rows, int cols, int *master_fd) {
    struct winsize ws = {0};
    ws.ws_row = (unsigned short)rows;
    ws.ws_col = (unsigned short)cols;
    pid_t pid = forkpty(master_fd, NULL, NULL, &ws);
    if (pid == 0) {
        execve(path, argv, envp);
        _exit(127);
    }
    return pid;
}
