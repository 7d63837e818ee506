/*
 * lsp_scan.c - where the top-level declarations of a .bsc text start, for
 * the language server's incremental parse (lsp_chunk.c, docs/lsp.md).
 *
 * A cheap pass over the bytes that knows only what can hide a brace or a
 * line start: strings (which end at their line, as in the lexer), line
 * comments and block comments.  A declaration starts at a line that begins,
 * in its first column and outside any braces, with a word that only a
 * declaration begins with.  When it cannot be sure (a brace closed that
 * was never opened, braces left open, an unterminated string or block
 * comment) it gives up, and the caller parses the whole text.
 */
#include "lsp_int.h"

static const char *const decl_words[] = {
  "actuals", "close", "import", "initiative", "kpi", "kr", "objective",
  "perspective", "strategy", "theme", "unit",
};

/* Does a declaration start at t (the first column of a line)?  The word
 * must be followed by a blank, a quote, a brace or the end: `unitx` is a
 * name, and a byte of a longer (non-ASCII) name is never taken as an end. */
static bool starts_decl(const char *t, size_t n) {
  for (size_t i = 0; i < sizeof decl_words / sizeof decl_words[0]; i++) {
    size_t k = strlen(decl_words[i]);
    if (k > n || memcmp(t, decl_words[i], k)) continue;
    if (k == n) return true;
    char c = t[k];
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '{';
  }
  return false;
}

/* The scan from `from` (a declaration's start, or 0): the state there is
 * always the same (outside braces, comments and strings, at a line
 * start), so an earlier scan's starts before it hold, and once the scan
 * reaches one of the earlier scan's starts past the edit (rs), all the
 * later ones hold too, moved by the edit's change of length. */
int chunk_rescan(const char *t, size_t n, size_t from, const ScanResync *rs, uint32_t **starts) {
  int cap = 256, nst = 0, depth = 0;
  uint32_t *st = bsc_malloc(sizeof *st * (size_t)cap);
  st[nst++] = (uint32_t)from;
  bool line_start = true;
  size_t i = from;
  while (i < n) {
    if (line_start && depth == 0 && i > from && starts_decl(t + i, n - i)) {
      if (rs && i >= rs->after) {        /* back on the earlier scan's track? */
        int64_t o = (int64_t)i - rs->delta;
        int lo = 0, hi = rs->nold - 1;
        while (lo <= hi) {
          int mid = (lo + hi) / 2;
          if ((int64_t)rs->old[mid] < o) lo = mid + 1;
          else if ((int64_t)rs->old[mid] > o) hi = mid - 1;
          else {
            st = bsc_realloc(st, sizeof *st * (size_t)(nst + rs->nold - mid));
            for (int k = mid; k < rs->nold; k++) st[nst++] = (uint32_t)((int64_t)rs->old[k] + rs->delta);
            *starts = st;
            return nst;
          }
        }
      }
      if (nst == cap) st = bsc_realloc(st, sizeof *st * (size_t)(cap *= 2));
      st[nst++] = (uint32_t)i;
    }
    line_start = false;
    char c = t[i];
    if (c == '\n') { line_start = true; i++; }
    else if (c == '/' && i + 1 < n && t[i + 1] == '/') {
      const char *e = memchr(t + i, '\n', n - i);
      i = e ? (size_t)(e - t) : n;
    } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      const char *e = memmem(t + i + 2, n - i - 2, "*/", 2);
      if (!e) goto unsure;
      i = (size_t)(e - t) + 2;
    } else if (c == '"') {
      for (i++; i < n && t[i] != '"' && t[i] != '\n'; i++)
        if (t[i] == '\\' && i + 1 < n && t[i + 1] != '\n') i++;
      if (i >= n || t[i] != '"') goto unsure;
      i++;
    } else {
      if (c == '{') depth++;
      else if (c == '}' && --depth < 0) goto unsure;
      i++;
    }
  }
  if (depth != 0) goto unsure;
  *starts = st;
  return nst;
unsure:
  free(st);
  *starts = NULL;
  return -1;
}

int chunk_scan(const char *t, size_t n, uint32_t **starts) {
  return chunk_rescan(t, n, 0, NULL, starts);
}
