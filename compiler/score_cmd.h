/*
 * score_cmd.h - the command line of `bscc score`, and the loading of a
 * strategy, its CSV files and its check-in store, shared by `bscc graph`,
 * `bscc sim` and `bscc checkin`.
 */
#ifndef BSC_SCORE_CMD_H
#define BSC_SCORE_CMD_H

#include "score.h"
#include "diag.h"

typedef struct ScoreInput {
  const char *file;          /* the strategy file */
  const char **data; int ndata;   /* --data files, in order */
  const char *store;         /* --store: a check-in store (docs/store.md), or NULL */
  bool store_unread;         /* bscc checkin: find the store, but do not read it */
  Period as_of;              /* --as-of, kind PER_NONE when not given */
  const char *as_of_text;
  int color;                 /* -1 auto, 0 never, 1 always */
  bool no_prelude;
  const char **allow; int nallow; /* --allow-import folders (freed by score_close) */
  int max_errors;            /* --max-errors, when max_errors_set (else CLI_MAX_ERRORS_DEFAULT) */
  bool max_errors_set;
  /* filled by score_open */
  DiagEngine de;
  Program p;
  ActualSet act;
  char *store_used;          /* the store in effect: --store, else the strategy's `store` (resolved), or NULL */
  bool open;
} ScoreInput;

/* Loads and checks in->file, then the CSV files, then the store (--store,
 * else the one the strategy names, unless store_unread).  When anything is wrong,
 * renders every diagnostic like `bscc check` (stderr) and returns the exit
 * code (1 errors, 2 I/O); returns -1 when the scorecard can be built. */
/* An empty input for a command of argc arguments: colour auto, room for
 * every --data (free in->data after score_close). */
void score_input_init(ScoreInput *in, int argc);
int score_open(ScoreInput *in, const char *cmd);
void score_close(ScoreInput *in);
/* Handles argv[*i] when it is a file or an option shared by score, graph
 * and sim (--data, --store, --as-of, --color, --no-prelude, --max-errors); *handled says whether it
 * was.  Returns -1, or an exit code for a usage error. */
int score_common_opt(ScoreInput *in, const char *cmd, int argc, char **argv, int *i, bool *handled);

/* `bscc score ARGS`: returns the exit status. */
int score_main(int argc, char **argv);

#endif
