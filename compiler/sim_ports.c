/*
 * sim_ports.c - the portfolios to compare (sim_ports.h): generated sets,
 * and the portfolio CSV reader, whose every problem is a located E092.
 */
#include "sim_ports.h"
#include "csvio.h"
#include "sema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

SimPortfolio *sim_port_add(SimPortSet *s, const SimModel *m, char *name) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->items = bsc_realloc(s->items, sizeof(SimPortfolio) * (size_t)s->cap);
  }
  SimPortfolio *p = &s->items[s->n++];
  p->name = name;
  p->funded = bsc_calloc((size_t)m->ninits + 1, 1);
  sim_port_base(m, p->funded);
  return p;
}

void sim_ports_free(SimPortSet *s) {
  for (int i = 0; i < s->n; i++) { free(s->items[i].name); free(s->items[i].funded); }
  free(s->items);
}

/* A portfolio's decisions before any is taken: the done initiatives in,
 * the others out (docs/simulation.md §13). */
void sim_port_base(const SimModel *m, unsigned char *f) {
  for (int i = 0; i < m->ninits; i++) f[i] = m->inits[i].fixed;
}

/* "a + b + c", "(none)" */
char *sim_subset_name(const SimModel *m, const unsigned char *f) {
  Buf b;
  buf_init(&b);
  for (int i = 0; i < m->ninits; i++)
    if (f[i] && !m->inits[i].fixed) { if (b.len) buf_puts(&b, " + "); buf_puts(&b, m->inits[i].name); }
  if (!b.len) buf_puts(&b, "(none)");
  return buf_steal(&b);
}


/* True when f funds at most one level of each initiative (docs/language.md
 * §10: the levels of one initiative are one decision). */
bool sim_ports_valid(const SimModel *m, const unsigned char *f) {
  if (m->ngroups == m->ninits) return true;
  unsigned char *seen = bsc_calloc((size_t)m->ngroups + 1, 1);
  bool ok = true;
  for (int i = 0; i < m->ninits && ok; i++)
    if (f[i]) { ok = !seen[m->inits[i].group]; seen[m->inits[i].group] = 1; }
  free(seen);
  return ok;
}

/* Funds decision i in f, and no other level of its initiative. */
void sim_fund(const SimModel *m, unsigned char *f, int i) {
  for (int j = 0; j < m->ninits; j++) if (m->inits[j].group == m->inits[i].group) f[j] = 0;
  f[i] = 1;
}

/* Default: nothing, each initiative (each level) alone, everything (each
 * initiative as written, its 100 % level). */
void sim_ports_default(SimPortSet *s, const SimModel *m) {
  sim_port_add(s, m, bsc_strdup("(none)"));
  for (int i = 0; i < m->ninits; i++) {
    if (m->inits[i].fixed) continue;             /* done: in (none) already */
    SimPortfolio *p = sim_port_add(s, m, bsc_strdup(m->inits[i].name));
    p->funded[i] = 1;
  }
  int groups = 0;              /* the open initiatives, each counted once (not per level) */
  for (int i = 0; i < m->ninits; i++)
    if (!m->inits[i].fixed && (i == 0 || m->inits[i - 1].group != m->inits[i].group)) groups++;
  if (groups > 1) {
    SimPortfolio *p = sim_port_add(s, m, bsc_strdup("(all)"));
    for (int i = 0; i < m->ninits; i++) p->funded[i] = m->inits[i].level == 1.0 && (i == 0 || m->inits[i - 1].group != m->inits[i].group);
  }
}

/* ---- the portfolio CSV: name,initiatives ------------------------------------- */

typedef struct PortRead {
  Program *p;
  const SimModel *m;
  SimPortSet *set;
  int errors;
  Map seen;                  /* interned portfolio name -> 1 + index in firsts */
  Span *firsts; int nfirsts, capfirsts;   /* the row that first gave each name */
  SimPortfolio scratch;         /* a row read after an error: checked, not kept */
  Span header;               /* the header row */
} PortRead;

static int init_index(const SimModel *m, const char *name, size_t n) {
  for (int i = 0; i < m->ninits; i++)
    if (strlen(m->inits[i].name) == n && !strncmp(m->inits[i].name, name, n)) return i;
  return -1;
}

/* Funds, in pf, the initiative named by bytes [s, s+n) of the initiatives
 * field f; ns is where it stands in the file. */
static void fund(PortRead *c, SimPortfolio *pf, const char *s, size_t n, Span ns) {
  int ii = init_index(c->m, s, n);
  int other = -1;
  for (int j = 0; ii >= 0 && j < c->m->ninits; j++)
    if (j != ii && pf->funded[j] && c->m->inits[j].group == c->m->inits[ii].group) other = j;
  if (ii >= 0 && !pf->funded[ii] && other < 0) { pf->funded[ii] = 1; return; }
  if (ii >= 0 && c->m->inits[ii].fixed) return;   /* done: in every portfolio anyway */
  c->errors++;
  CsvShown si, sp;
  csvio_shown(s, n, &si);
  csvio_shown(pf->name, strlen(pf->name), &sp);
  if (ii >= 0 && other >= 0) {
    Diag *d = diag_report(c->p->de, E092, ns, "portfolio `%s` funds `%s` and `%s`, two levels of one initiative", sp.s, si.s,
                          c->m->inits[other].name);
    diag_label(d, "a second level");
    diag_help(d, "fund one level of each initiative: the levels are alternatives");
    return;
  }
  if (ii >= 0) {
    Diag *d = diag_report(c->p->de, E092, ns, "initiative `%s` is listed twice in portfolio `%s`", si.s, sp.s);
    diag_label(d, "listed twice");
    return;
  }
  Initiative *in;                               /* a cancelled one is not in the model (simulation.md §13) */
  VEC_EACH(Initiative *, in, c->p->initiatives)
    if (in->status == INIT_CANCELLED && in->name.name && strlen(in->name.name) == n && !strncmp(in->name.name, s, n)) {
      Diag *d = diag_report(c->p->de, E092, ns, "initiative `%s` in portfolio `%s` is cancelled", si.s, sp.s);
      diag_label(d, "cancelled: in no portfolio");
      diag_help(d, "drop it from the portfolio, or set its status back to planned to weigh it again");
      return;
    }
  Diag *d = diag_report(c->p->de, E092, ns, "unknown initiative `%s` in portfolio `%s`", si.s, sp.s);
  diag_label(d, "not an initiative of this strategy");
  char *nm = bsc_malloc(n + 1);
  memcpy(nm, s, n);
  nm[n] = 0;
  Closest near = closest_init(nm, 2);
  for (int i = 0; i < c->m->ninits; i++) closest_try(&near, c->m->inits[i].name);
  if (near.best) diag_help(d, "did you mean `%s`?", near.best);
  free(nm);
}

static bool port_row(void *ctx, const CsvRow *r) {
  PortRead *c = ctx;
  Span sp = r->span;
  if (r->index == 0) {
    c->header = sp;
    if (r->nfields < 2 || strcmp(r->f[0].text, "name") || strcmp(r->f[1].text, "initiatives")) {
      Diag *d = diag_report(c->p->de, E092, sp, "the header of a portfolio file must be `name,initiatives`");
      diag_label(d, "not the expected header");
      diag_help(d, "write `name,initiatives` as the first line, then one portfolio per row: `cautious,feedback_loop;elderly_mode`");
      c->errors++;
    }
    return true;
  }
  if (r->nfields != 2) {
    Diag *d = diag_report(c->p->de, E092, sp, "a portfolio row needs 2 fields, found %d", r->nfields);
    diag_label(d, "expected `name,initiatives`");
    diag_help(d, "separate initiatives with `;`, not `,`, or quote the field");
    c->errors++;
    return true;
  }
  const char *name = r->f[0].text;
  const char *key = intern(c->p->in, name, strlen(name));
  intptr_t prev = (intptr_t)map_get(&c->seen, key);
  if (prev) {
    CsvShown sn;
    Diag *d = diag_report(c->p->de, E092, sp, "portfolio `%s` is given twice", csvio_shown(name, r->f[0].len, &sn));
    diag_label(d, "second `%s`", sn.s);
    diag_note(d, c->firsts[prev - 1], "first given here");
    c->errors++;
    return true;
  }
  if (c->nfirsts == c->capfirsts) {
    c->capfirsts = c->capfirsts ? c->capfirsts * 2 : 16;
    c->firsts = bsc_realloc(c->firsts, sizeof *c->firsts * (size_t)c->capfirsts);
  }
  c->firsts[c->nfirsts++] = sp;
  map_put(&c->seen, key, (void *)(intptr_t)c->nfirsts);
  /* once the file has an error nothing is simulated: a row is still
   * checked, in a scratch portfolio, but not kept (a million bad rows
   * keep only their names, to find one given twice) */
  SimPortfolio *pf = &c->scratch;
  if (!c->errors) pf = sim_port_add(c->set, c->m, bsc_strdup(name));
  else { pf->name = (char *)name; memset(pf->funded, 0, (size_t)c->m->ninits); sim_port_base(c->m, pf->funded); }
  pf->span = sp;
  /* the initiatives, separated by `;` */
  const CsvField *f = &r->f[1];
  const char *text = diag_source(c->p->de, sp.file)->text;
  const char *from = text + f->span.off;      /* where the next name is looked for */
  for (const char *s = f->text; *s;) {
    while (*s == ' ' || *s == ';') s++;
    const char *e = s;
    while (*e && *e != ';') e++;
    size_t n = (size_t)(e - s);
    while (n > 0 && s[n - 1] == ' ') n--;
    if (n > 0) {
      /* point at the name in the field when it is there as written (not
       * behind a doubled quote), past the names before it */
      Span ns = f->span;
      const char *hit = NULL;
      for (const char *q = from; q + n <= text + f->span.end && !hit; q++)
        if (!memcmp(q, s, n)) hit = q;
      if (hit) { ns.off = (uint32_t)(hit - text); ns.end = ns.off + (uint32_t)n; from = hit + n; }
      fund(c, pf, s, n, ns);
    }
    s = e;
  }
  return true;
}

/* Reads a portfolio CSV; problems go to the diagnostics engine.  Returns
 * false when the file cannot be read. */
bool sim_ports_csv(Program *p, const SimModel *m, SimPortSet *set, const char *path, int *errors, FileErr *e) {
  size_t len;
  char *text = file_read(path, FILE_MAX_TEXT, &len, e);
  if (!text) return false;
  int file = diag_add_source(p->de, path, text, len, false);
  PortRead c = { .p = p, .m = m, .set = set };
  c.scratch.funded = bsc_calloc((size_t)m->ninits + 1, 1);
  int rows = csvio_read(p->de, file, E092, "portfolio file", port_row, &c);
  if (rows < 0) c.errors++;
  if (rows == 0) {
    Diag *d = diag_report(p->de, E092, (Span){file, 0, 0}, "the portfolio file is empty");
    diag_label(d, "no header");
    diag_help(d, "a portfolio file starts with the header `name,initiatives`, then one portfolio per row");
    c.errors++;
  }
  /* a header alone would simulate nothing and say nothing (a good header:
   * a bad one is an error already) */
  if (rows == 1 && !c.errors) {
    Diag *d = diag_report(p->de, E092, c.header, "the portfolio file has a header but no portfolio");
    diag_label(d, "only this header");
    diag_help(d, "add one portfolio per row after the header, e.g. `cautious,feedback_loop;elderly_mode`");
    c.errors++;
  }
  map_free(&c.seen);
  free(c.firsts);
  free(c.scratch.funded);
  *errors += c.errors;
  return true;
}

void sim_ports_subsets(SimPortSet *s, const SimModel *m, double budget) {
  int n = m->ninits;
  unsigned char *f = bsc_calloc((size_t)n + 1, 1);
  uint32_t fixed = 0;
  for (int i = 0; i < n; i++) if (m->inits[i].fixed) fixed |= 1u << i;
  for (uint32_t mask = 0; mask < (1u << n); mask++) {
    if ((mask & fixed) != fixed) continue;       /* a done initiative is in every one */
    for (int i = 0; i < n; i++) f[i] = (mask >> i) & 1;
    if (sim_port_cost(m, f) > budget || !sim_ports_valid(m, f)) continue;
    SimPortfolio *p = sim_port_add(s, m, sim_subset_name(m, f));
    memcpy(p->funded, f, (size_t)n);
  }
  free(f);
}


/* The index in s of the portfolio funding exactly f, or -1. */
int sim_find_subset(const SimPortSet *s, const SimModel *m, const unsigned char *f) {
  for (int i = 0; i < s->n; i++)
    if (!memcmp(s->items[i].funded, f, (size_t)m->ninits)) return i;
  return -1;
}
