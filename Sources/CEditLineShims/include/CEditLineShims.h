/*
 * CEditLineShims: libedit glue for the REPL.
 *
 * Reads a line with libedit's callback interface and select(), so that Ctrl-C at the prompt drops the line and
 * returns to the caller instead of killing the process (libedit's blocking readline() cannot be interrupted
 * cleanly). Completion asks a provider (Swift) for candidates and builds the malloc'd match list libedit frees.
 */
#ifndef LUNAR_CEDITLINESHIMS_H
#define LUNAR_CEDITLINESHIMS_H

#define LUNAR_READ_LINE 0
#define LUNAR_READ_EOF 1
#define LUNAR_READ_INTERRUPTED 2
#define LUNAR_READ_ERROR 3

/** Reads one line with editing. Returns a malloc'd line (caller frees) with status LUNAR_READ_LINE, or NULL. */
char *lunar_readline(const char *prompt, int *status);

/** Candidate provider: called with the whole line, the word being completed and its start offset; it calls
    lunar_completion_add for each candidate (full replacement text for the word). */
typedef void (*lunar_completion_provider)(const char *line, const char *word, int start, void *context);
void lunar_completion_setup(lunar_completion_provider provider, void *context);
void lunar_completion_add(const char *candidate);
/** Runs the provider and returns the candidates as libedit would receive them (tests): count written to *n. */
char **lunar_completion_matches_for(const char *line, int start, int end, int *n);
void lunar_completion_free(char **matches);

void lunar_history_setup(int max_entries);
void lunar_history_add(const char *entry);
int lunar_history_read(const char *path);
int lunar_history_write(const char *path);

#endif
