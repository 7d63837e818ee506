/*
 * fuzz_actuals.c - libFuzzer target: the CSV reader of actuals (`bscc
 * score --data FILE`) on arbitrary bytes, against a fixed model
 * (tests/score/data/rules.bsc: KRs of every kind, check-ins in Q1 and Q2).
 *
 * Oracle:
 *   - every diagnostic points inside the CSV file (row and column), and so
 *     does every note;
 *   - an accepted row is made only of bytes that were read: no NUL byte
 *     inside it (a reader that stops at a NUL would take `15<NUL>0` for 15);
 *   - the accepted values round-trip: written back as `period,kr,value`
 *     (shortest decimal) and read again, they give no diagnostic and the
 *     same measures, periods and values, bit for bit;
 *   - the scorecard can be computed with them.
 */
#include <string.h>
#include "fuzz.h"
#include "actuals.h"
#include "csvio.h"

static char *model;
static size_t model_len;

/* The accepted CSV values of s from index `from` on, as a CSV file. */
static void write_back(const ActualSet *s, int from, Buf *b) {
  buf_puts(b, "period,kr,value\n");
  char pb[32];
  for (int i = from; i < s->n; i++) {
    const Actual *a = &s->items[i];
    csvio_put_field(b, actuals_period_str(a->period, pb, sizeof pb));
    buf_putc(b, ',');
    csvio_put_field(b, a->m->name.name);
    buf_putc(b, ',');
    csvio_put_num(b, a->value);
    buf_putc(b, '\n');
  }
}

static void round_trip(FzProg *f, const ActualSet *s, int from) {
  Buf b;
  buf_init(&b);
  write_back(s, from, &b);
  ActualSet s2;
  actuals_init(&s2);
  int d0 = f->de.ndiags;
  actuals_load_csv_text(&f->p, &s2, "roundtrip.csv", b.data, b.len);
  FZ_CHECK(f->de.ndiags == d0, "the accepted rows, written back, are refused: %s\n%s", f->de.diags[d0].msg, b.data);
  FZ_CHECK(s2.n == s->n - from, "%d rows accepted, %d after the round trip", s->n - from, s2.n);
  for (int i = 0; i < s2.n; i++) {
    const Actual *x = &s->items[from + i], *y = &s2.items[i];
    FZ_CHECK(x->m == y->m && x->period.kind == y->period.kind && x->period.year == y->period.year &&
             x->period.sub == y->period.sub, "row %d reads back as another measure or period", i + 1);
    FZ_CHECK(!memcmp(&x->value, &y->value, sizeof x->value), "`%s` was %.17g, reads back as %.17g", x->m->name.name,
             x->value, y->value);
  }
  actuals_free(&s2);
  buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!model) model = fz_read("tests/score/data/rules.bsc", &model_len);
  FzProg f;
  fz_load(&f, "rules.bsc", model, model_len);
  FZ_CHECK(f.clean, "the fixed model does not check clean");
  ActualSet s;
  actuals_init(&s);
  actuals_add_program(&f.p, &s);
  int n0 = s.n, d0 = f.de.ndiags, file = f.de.nsrcs;
  actuals_load_csv_text(&f.p, &s, "fuzz.csv", (const char *)data, size);
  fz_check_spans(&f.de, d0, file);
  const Source *src = diag_source(&f.de, file);
  for (int i = n0; i < s.n; i++) {
    Span sp = s.items[i].span;
    FZ_CHECK(s.items[i].csv && sp.file == file && sp.end <= src->len, "an accepted row has no place in the file");
    FZ_CHECK(!memchr(src->text + sp.off, 0, sp.end - sp.off), "an accepted row (`%s` at byte %u) holds a NUL byte",
             s.items[i].m->name.name, sp.off);
  }
  if (s.n > n0) round_trip(&f, &s, n0);     /* (a file of no rows may be refused: nothing to compare) */
  ScoreOptions o = {0};
  o.actuals = &s;
  const char *why = NULL;
  ScoreCard *sc = score_eval(&f.p, &o, &why);
  score_free(sc);
  fz_render(&f.de);
  actuals_free(&s);
  fz_prog_free(&f);
  return 0;
}
