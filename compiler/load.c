/*
 * load.c - the loader: reads the main file, the prelude and every import,
 * and parses each once.
 *
 * Files are parsed depth first and appended to Program.files after their
 * imports, so a file's dependencies always come before it (the prelude
 * first of all).  A file imported twice is loaded once; a file that
 * imports itself, directly or not, is an E005.
 */
#include "program.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The embedded standard library (generated from stdlib/ by grammar/embed.sh). */
struct bsc_stdlib_file { const char *name; const char *text; size_t len; };
extern const struct bsc_stdlib_file stdlib_files[];

#define LOAD_MAX_DEPTH 64
#define LOAD_MAX_BYTES FILE_MAX_TEXT

typedef enum { ST_LOADING, ST_DONE } LoadState;

typedef struct Loaded {
  char *key;                 /* canonical path, or "std/NAME" */
  int file;                  /* source index */
  LoadState state;
  Span via;                  /* the import that loaded it */
} Loaded;

typedef struct Loader {
  Program *p;
  const LoadOptions *opt;
  Loaded *files; int nfiles, cap;
  Vec files_out;             /* AstFile* in load order */
  char *root;                /* the main file's folder (a real path), or NULL */
} Loader;

void program_init(Program *p, DiagEngine *de) {
  memset(p, 0, sizeof *p);
  arena_init(&p->arena);
  arena_init(&p->kr_arena);
  arena_init(&p->expr_arena);
  p->in = intern_new(&p->arena);
  p->de = de;
  p->main_file = -1;
}

void program_free(Program *p) {
  arena_free(&p->arena);
  arena_free(&p->kr_arena);
  arena_free(&p->expr_arena);
}

static Loaded *find(Loader *L, const char *key) {
  for (int i = 0; i < L->nfiles; i++)
    if (!strcmp(L->files[i].key, key)) return &L->files[i];
  return NULL;
}

static Loaded *add(Loader *L, const char *key, int file, Span via) {
  if (L->nfiles == L->cap) {
    L->cap = L->cap ? L->cap * 2 : 8;
    L->files = realloc(L->files, sizeof(Loaded) * (size_t)L->cap);
    if (!L->files) abort();
  }
  Loaded *l = &L->files[L->nfiles++];
  l->key = strdup(key);
  if (!l->key) abort();
  l->file = file;
  l->state = ST_LOADING;
  l->via = via;
  return l;
}

/* The canonical name of a file, so that two spellings of one path are
 * loaded once.  Falls back to the path as written. */
static char *canonical(const char *path) {
  char *r = realpath(path, NULL);
  return r ? r : strdup(path);
}

static const struct bsc_stdlib_file *stdlib_find(const char *name) {
  for (int i = 0; stdlib_files[i].name; i++)
    if (!strcmp(stdlib_files[i].name, name)) return &stdlib_files[i];
  return NULL;
}

static void load_file(Loader *L, Loaded *self, int depth);

/* Why the file `path` (imported at `via`, or named on the command line)
 * cannot be read. */
static void read_error(DiagEngine *de, const char *path, Span via, const FileErr *fe) {
  if (fe->status == FILE_TOO_BIG) {
    Diag *d = diag_report(de, E003, via, "`%s` is larger than %zu MiB", path, LOAD_MAX_BYTES >> 20);
    if (via.file >= 0) diag_label(d, "imported here");
    diag_help(d, "split the strategy into several files joined with `import`");
    return;
  }
  char why[96];
  Diag *d = diag_report(de, E004, via, "cannot read `%s`: %s", path, file_err_text(fe, why, sizeof why));
  if (via.file >= 0) diag_label(d, "imported here");
  if (fe->status == FILE_NOT_REGULAR)
    diag_help(d, "a strategy file is a regular file: a directory, FIFO or device cannot be %s",
              via.file >= 0 ? "imported" : "read");
  else if (via.file >= 0)
    diag_help(d, "import paths are relative to the importing file's directory");
}

/* Reads a file into the diag engine.  Returns the source index or -1
 * after reporting why (at `via`, the import, or with no location). */
static int read_source(Loader *L, const char *path, Span via) {
  DiagEngine *de = L->p->de;
  if (!strncmp(path, "std/", 4) && !L->opt->stdlib_dir) {
    const struct bsc_stdlib_file *sf = stdlib_find(path);
    if (!sf) return -1;
    char *text = malloc(sf->len + 1);
    if (!text) abort();
    memcpy(text, sf->text, sf->len + 1);
    return diag_add_source(de, path, text, sf->len, true);
  }
  char *full = NULL;
  if (!strncmp(path, "std/", 4)) {
    full = malloc(strlen(L->opt->stdlib_dir) + strlen(path) + 2);
    if (!full) abort();
    sprintf(full, "%s/%s", L->opt->stdlib_dir, path + 4);
  }
  size_t len;
  char *text = NULL;
  FileErr fe = { FILE_OK };
  if (L->opt->overlay && !full) {
    char *canon = canonical(path);
    const char *o = L->opt->overlay(L->opt->overlay_ctx, canon, &len);
    free(canon);
    if (o) {
      text = malloc(len + 1);
      if (!text) abort();
      memcpy(text, o, len);
      text[len] = 0;
    }
  }
  if (!text) text = file_read(full ? full : path, LOAD_MAX_BYTES, &len, &fe);
  free(full);
  if (!text) {
    read_error(de, path, via, &fe);
    return -1;
  }
  return diag_add_source(de, path, text, len, false);
}

/* Is the real path `real` inside the folder tree `dir` (a real path)? */
static bool under(const char *real, const char *dir) {
  size_t n = strlen(dir);
  if (n && dir[n - 1] == '/') n--;           /* "/" */
  return !strncmp(real, dir, n) && (real[n] == '/' || real[n] == 0);
}

/* Imports are confined to the main file's folder tree and the allowed
 * folders, after `..` and symlinks are resolved: a strategy file from
 * someone else must not make bscc (or an editor's language server) quote
 * an arbitrary file in its diagnostics.  Returns false after an E006. */
static bool import_allowed(Loader *L, const char *real, Import *im) {
  if (L->root && under(real, L->root)) return true;
  for (int i = 0; i < L->opt->nallow; i++) {
    char *a = realpath(L->opt->allow[i], NULL);
    bool in = a && under(real, a);
    free(a);
    if (in) return true;
  }
  DiagEngine *de = L->p->de;
  const char *main_path = L->p->main_file >= 0 ? diag_source(de, L->p->main_file)->path : "the main file";
  Diag *d = diag_report(de, E006, im->path.span, "`%s` is outside the project's folder", im->path.text);
  diag_label(d, "this file is not inside the folder of `%s`", main_path);
  diag_help(d, "move the file into that folder, or allow its folder with `--allow-import=DIR`");
  return false;
}

static void load_import(Loader *L, int from, Import *im, int depth) {
  DiagEngine *de = L->p->de;
  const char *rel = im->path.text;
  if (!rel || !*rel) {
    Diag *d = diag_report(de, E004, im->path.span, "empty import path");
    diag_label(d, "names no file");
    return;
  }
  char *path;
  bool builtin = !strncmp(rel, "std/", 4);
  if (builtin || rel[0] == '/') path = strdup(rel);
  else {
    char *dir = path_dir(diag_source(de, from)->path);
    path = malloc(strlen(dir) + strlen(rel) + 1);
    if (!path) abort();
    sprintf(path, "%s%s", dir, rel);
    free(dir);
  }
  /* A file that does not exist is an E004 below, wherever it would be. */
  char *real = builtin ? NULL : realpath(path, NULL);
  char *key = real ? real : strdup(path);
  if (real && !import_allowed(L, real, im)) goto out;
  Loaded *l = find(L, key);
  if (l && l->state == ST_DONE) { im->file = l->file; goto out; }
  if (l) {
    Diag *d = diag_report(de, E005, im->path.span, "import cycle: `%s` imports itself", rel);
    diag_label(d, "this import closes the cycle");
    /* Walk the chain of importers back to the start of the cycle. */
    for (int i = L->nfiles - 1; i >= 0 && &L->files[i] != l; i--)
      if (L->files[i].state == ST_LOADING && L->files[i].via.file >= 0)
        diag_note(d, L->files[i].via, "`%s` is imported here", diag_source(de, L->files[i].file)->path);
    diag_help(d, "move what both files need into a third file that both import");
    goto out;
  }
  if (depth >= LOAD_MAX_DEPTH) {
    diag_report(de, E003, im->path.span, "imports nested more than %d deep", LOAD_MAX_DEPTH);
    goto out;
  }
  int file = read_source(L, path, im->path.span);
  if (file < 0) {
    if (builtin) {
      Diag *d = diag_report(de, E004, im->path.span, "no standard library file `%s`", rel);
      diag_label(d, "not in the standard library");
      Closest near = closest_init(rel, 3);
      Buf all;
      buf_init(&all);
      for (int i = 0; stdlib_files[i].name; i++) {
        closest_try(&near, stdlib_files[i].name);
        buf_printf(&all, "%s`%s`", i ? ", " : "", stdlib_files[i].name);
      }
      if (near.best) diag_help(d, "did you mean `%s`?", near.best);
      else diag_help(d, "the standard library has %s (the prelude is imported implicitly)", all.data ? all.data : "");
      buf_free(&all);
    }
    goto out;
  }
  im->file = file;
  load_file(L, add(L, key, file, im->path.span), depth + 1);
out:
  free(path);
  free(key);
}

static void load_file(Loader *L, Loaded *self, int depth) {
  int file = self->file;
  AstFile *f = L->opt->parse ? L->opt->parse(L->opt->parse_ctx, L->p, file) : NULL;
  if (!f) f = parse_source(L->p, file);
  for (int i = 0; i < f->ndecls; i++)
    if (f->decls[i]->kind == ND_IMPORT)
      load_import(L, file, (Import *)f->decls[i], depth);
  /* `self` may have moved: load_import can grow L->files. */
  for (int i = 0; i < L->nfiles; i++)
    if (L->files[i].file == file) L->files[i].state = ST_DONE;
  vec_push(&L->p->arena, &L->files_out, f);
}

bool load_program(Program *p, const char *path, const char *text, size_t len,
                  const LoadOptions *opt) {
  static const LoadOptions defaults = {0};
  Loader L = { .p = p, .opt = opt ? opt : &defaults };
  Span none = { -1, 0, 0 };
  bool ok = true;
  if (!L.opt->no_prelude) {
    int pf = read_source(&L, "std/prelude.bsc", none);
    if (pf >= 0) load_file(&L, add(&L, "std/prelude.bsc", pf, none), 0);
  }
  int mf;
  if (text) {
    char *copy = malloc(len + 1);
    if (!copy) abort();
    memcpy(copy, text, len);
    copy[len] = 0;
    mf = diag_add_source(p->de, path, copy, len, false);
  } else
    mf = read_source(&L, path, none);
  if (mf < 0) ok = false;
  else {
    p->main_file = mf;
    char *dir = path_dir(path);
    L.root = realpath(*dir ? dir : ".", NULL);
    free(dir);
    char *key = canonical(path);
    load_file(&L, add(&L, key, mf, none), 0);
    free(key);
  }
  p->nfiles = L.files_out.len;
  p->files = arena_alloc(&p->arena, sizeof(AstFile *) * (size_t)(p->nfiles + 1));
  for (int i = 0; i < p->nfiles; i++) p->files[i] = L.files_out.items[i];
  for (int i = 0; i < L.nfiles; i++) free(L.files[i].key);
  free(L.files);
  free(L.root);
  return ok;
}
