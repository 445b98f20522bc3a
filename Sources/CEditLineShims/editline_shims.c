#include "CEditLineShims.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include "../CEditLine/lunar_editline.h"

/* ---- Line reading -------------------------------------------------------------------------------------------- */

static volatile sig_atomic_t prompt_interrupted;
static char *finished_line;
static int line_finished;

static void on_prompt_sigint(int sig) {
    (void)sig;
    prompt_interrupted = 1;
}

static void on_line(char *line) {
    finished_line = line;
    line_finished = 1;
    rl_callback_handler_remove();
}

char *lunar_readline(const char *prompt, int *status) {
    struct sigaction sa, old;
    sa.sa_handler = on_prompt_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: select() must return EINTR */
    sigaction(SIGINT, &sa, &old);

    prompt_interrupted = 0;
    line_finished = 0;
    finished_line = NULL;
    rl_callback_handler_install(prompt, on_line);
    *status = LUNAR_READ_LINE;
    for (;;) {
        if (prompt_interrupted) {
            /* Drop the line: clear libedit's buffer, move to a fresh line. */
            rl_replace_line("", 0);
            rl_callback_handler_remove();
            fputs("^C\n", stdout);
            fflush(stdout);
            *status = LUNAR_READ_INTERRUPTED;
            break;
        }
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(STDIN_FILENO, &fds);
        int r = select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL);
        if (r < 0) {
            if (errno == EINTR) continue;
            rl_callback_handler_remove();
            *status = LUNAR_READ_ERROR;
            break;
        }
        rl_callback_read_char();
        if (line_finished) {
            *status = finished_line ? LUNAR_READ_LINE : LUNAR_READ_EOF;
            break;
        }
    }
    sigaction(SIGINT, &old, NULL);
    return *status == LUNAR_READ_LINE ? finished_line : NULL;
}

/* ---- Completion ---------------------------------------------------------------------------------------------- */

static lunar_completion_provider completion_provider;
static void *completion_context;
static char **candidates;
static int candidate_count, candidate_capacity;

void lunar_completion_add(const char *candidate) {
    if (candidate_count + 2 > candidate_capacity) {
        candidate_capacity = candidate_capacity ? candidate_capacity * 2 : 16;
        char **grown = realloc(candidates, sizeof(char *) * (size_t)candidate_capacity);
        if (!grown) return;
        candidates = grown;
    }
    candidates[candidate_count++] = strdup(candidate);
}

/* matches[0] is the longest common prefix (what libedit inserts), then the candidates, then NULL. */
static char **collect(const char *line, int start, int end, int *n) {
    candidate_count = 0;
    candidates = NULL;
    candidate_capacity = 0;
    size_t wordlen = (size_t)(end - start);
    char *word = malloc(wordlen + 1);
    if (!word) return NULL;
    memcpy(word, line + start, wordlen);
    word[wordlen] = '\0';
    if (completion_provider) completion_provider(line, word, start, completion_context);
    free(word);
    *n = candidate_count;
    if (candidate_count == 0) {
        free(candidates);
        return NULL;
    }
    char **matches = malloc(sizeof(char *) * (size_t)(candidate_count + 2));
    if (!matches) return NULL;
    size_t common = strlen(candidates[0]);
    for (int i = 1; i < candidate_count; i++) {
        size_t k = 0;
        while (k < common && candidates[i][k] == candidates[0][k]) k++;
        common = k;
    }
    matches[0] = strndup(candidates[0], common);
    if (candidate_count == 1) {
        free(matches[0]);
        matches[0] = candidates[0];
        matches[1] = NULL;
    } else {
        for (int i = 0; i < candidate_count; i++) matches[i + 1] = candidates[i];
        matches[candidate_count + 1] = NULL;
    }
    free(candidates);
    candidates = NULL;
    return matches;
}

static char **attempted_completion(const char *text, int start, int end) {
    (void)text;
    int n = 0;
    rl_attempted_completion_over = 1; /* never fall back to file names */
    return collect(rl_line_buffer, start, end, &n);
}

void lunar_completion_setup(lunar_completion_provider provider, void *context) {
    completion_provider = provider;
    completion_context = context;
    /* '.' and ':' are not word breaks: "string.for" and "obj:me" complete as one word. libedit reads the basic
       set; GNU readline the completer set: set both. */
    static const char breaks[] = " \t\n\"\\'`@$><=;|&{([,+-*/%^~#";
    rl_basic_word_break_characters = breaks;
    rl_completer_word_break_characters = (char *)breaks;
    rl_attempted_completion_function = attempted_completion;
    rl_completion_append_character = '\0';
}

char **lunar_completion_matches_for(const char *line, int start, int end, int *n) {
    *n = 0;
    return collect(line, start, end, n);
}

void lunar_completion_free(char **matches) {
    if (!matches) return;
    for (char **m = matches; *m; m++) free(*m);
    free(matches);
}

/* ---- History ------------------------------------------------------------------------------------------------- */

void lunar_history_setup(int max_entries) {
    using_history();
    stifle_history(max_entries);
}

void lunar_history_add(const char *entry) { add_history(entry); }
int lunar_history_read(const char *path) { return read_history(path); }
int lunar_history_write(const char *path) { return write_history(path); }
