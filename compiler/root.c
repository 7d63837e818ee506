/*
 * root.c - finding the root file of a .bsc file.
 *
 * A team's file declares objectives that align to the company's and
 * imports nothing: checked alone it has no strategy and undefined names.
 * Its program is that of the strategy file that imports it (its root).
 * The command line (`bscc check`), the language server and, through
 * them, the editors find it by the one rule of root_find().
 */
#include "root.h"
#include "ast.h"
#include "util.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

enum {
  ROOT_UP = 3,               /* folders above the file's own */
  ROOT_TRIES = 64,           /* candidates loaded at most */
  ROOT_MAX_TEXT = 8 << 20    /* a larger candidate is not worth a guess */
};

int root_source_of(const DiagEngine *de, const char *real) {
  for (int i = 0; i < de->nsrcs; i++) {
    const Source *s = diag_source(de, i);
    if (s->builtin) continue;
    char *r = realpath(s->path, NULL);
    bool same = !strcmp(r ? r : s->path, real);
    free(r);
    if (same) return i;
  }
  return -1;
}

bool root_has_strategy(const Program *p) {
  for (int i = 0; i < p->nfiles; i++)
    for (int j = 0; p->files[i] && j < p->files[i]->ndecls; j++)
      if (p->files[i]->decls[j]->kind == ND_STRATEGY) return true;
  return false;
}

static bool ends_with(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && !strcmp(s + n - m, suf);
}

/* Is cand (text: its contents) a strategy file whose program loads real? */
static bool is_root_of(const char *cand, const char *text, size_t len,
                       const char *real, const LoadOptions *lo) {
  DiagEngine de;
  Program p;
  diag_init(&de);
  program_init(&p, &de);
  bool yes = load_program(&p, cand, text, len, lo) && root_has_strategy(&p) &&
             root_source_of(&de, real) >= 0;
  program_free(&p);
  diag_free(&de);
  return yes;
}

/* The first root of real among the .bsc files of dir, in name order. */
static char *root_in(const char *dir, const char *real, const char *base,
                     const LoadOptions *lo, int *tries) {
  struct dirent **names;
  int n = scandir(dir[0] ? dir : "/", &names, NULL, alphasort);
  char *found = NULL;
  for (int i = 0; i < n; i++) {
    const char *name = names[i]->d_name;
    if (!found && *tries < ROOT_TRIES && ends_with(name, ".bsc")) {
      char *cand = bsc_malloc(strlen(dir) + strlen(name) + 2);
      sprintf(cand, "%s/%s", dir, name);
      size_t len;
      /* bounded, regular files only (file_read): a FIFO named x.bsc
       * must not block the server */
      char *text = strcmp(cand, real) ? file_read(cand, ROOT_MAX_TEXT, &len, NULL) : NULL;
      /* cheap filter: it must mention an import and the file's name */
      if (text && strstr(text, "import") && strstr(text, base)) {
        ++*tries;
        if (is_root_of(cand, text, len, real, lo)) found = cand;
      }
      free(text);
      if (found != cand) free(cand);
    }
    free(names[i]);
  }
  if (n >= 0) free(names);
  return found;
}

char *root_find(const char *real, const LoadOptions *lo) {
  const char *base = strrchr(real, '/');
  if (!base || real[0] != '/') return NULL;
  base++;
  char *dir = bsc_strdup(real);
  char *found = NULL;
  int tries = 0;
  for (int up = 0; up <= ROOT_UP && !found; up++) {
    char *slash = strrchr(dir, '/');
    if (!slash) break;
    *slash = 0;                            /* dir is now the parent */
    found = root_in(dir, real, base, lo, &tries);
  }
  free(dir);
  return found;
}
