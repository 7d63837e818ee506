/*
 * test_measures.c - maintain goals, breakdowns, benchmarks and margins of
 * error (docs/semantics.md §4.1-4.4), by the numbers worked there.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "actuals.h"
#include "score.h"
#include "sema.h"
#include "scored.h"

#define HEAD                                                                 \
  "strategy \"S\" {\n  horizon 2025 .. 2027\n  cadence year\n"              \
  "  perspectives { financial 100% }\n}\n"

/* The objective `f` holding `body`, then `rest` (check-ins). */
static T *run(const char *body, const char *rest) {
  char *text = NULL;
  cr_assert(asprintf(&text, "%sobjective f \"F\" in financial {\n%s\n}\n%s\n", HEAD, body, rest) > 0);
  return scored(text);
}

static const ScoreResult *kr(T *t, const char *name, int per) {
  Sym *s = sema_lookup(&t->p, name);
  cr_assert(s && s->kind == SYM_KR, "no KR %s", name);
  return score_kr(t->sc, per, s->decl);
}

Test(measures, maintain_healthy_warning_breached) {
  T *t = run("  kr up : percent maintain >= 99.9% warn 99.95% committed",
             "actuals 2025 { up 99.97% }\nactuals 2026 { up 99.92% }\nactuals 2027 { up 99.8% }");
  const ScoreResult *a = kr(t, "up", 0), *b = kr(t, "up", 1), *c = kr(t, "up", 2);
  cr_expect(a->score == 1.0 && a->expected == 1.0 && a->status == STATUS_GREEN);
  cr_expect(b->score == 0.4 && b->expected == 1.0 && b->status == STATUS_YELLOW, "warning scores the yellow line");
  cr_expect(c->score == 0.0 && c->status == STATUS_RED);
  done(t);
}

Test(measures, maintain_band_as_printed) {
  T *t = run("  kr infl : percent maintain 1.5% .. 2.5%",
             "actuals 2025 { infl 2.5% }\nactuals 2026 { infl 2.5000001% }\nactuals 2027 { infl 1.49% }");
  cr_expect(kr(t, "infl", 0)->score == 1.0);
  cr_expect(kr(t, "infl", 1)->score == 1.0, "prints 2.5%%: within");
  cr_expect(kr(t, "infl", 2)->score == 0.0);
  done(t);
}

Test(measures, breakdown_rules) {
  T *t = run("  kr s : count 0 -> 100 breakdown d sum { a, b, c }\n"
             "  kr m : days 12 -> 6 breakdown d mean { a, b, c }\n"
             "  kr w : days 12 -> 6 breakdown d weighted { a 120_000, b 95_000, c 60_000, e 45_000 }\n"
             "  kr lo : days 12 -> 6 breakdown d min { a, b }\n"
             "  kr hi : days 12 -> 6 breakdown d max { a, b }",
             "actuals 2025 { s.a 10, s.b 20, s.c 30, m.a 9, m.b 8.5, m.c 10,"
             " w.a 8, w.b 9, w.c 11, w.e 13, lo.a 0, lo.b 4, hi.a 3, hi.b 5 }");
  cr_expect(kr(t, "s", 0)->value == 60.0 && kr(t, "s", 0)->parts == 3);
  cr_expect(kr(t, "m", 0)->value == 27.5 / 3);
  const ScoreResult *w = kr(t, "w", 0);
  cr_expect(w->value == 9.5625 && w->progress == 0.40625, "%.17g %.17g", w->value, w->progress);
  cr_expect(w->gap == 5.0 && w->has_ratio && w->ratio == 1.625);
  cr_expect(w->members && w->members[3] == 13.0);
  cr_expect(kr(t, "lo", 0)->value == 0.0 && !kr(t, "lo", 0)->has_ratio, "no ratio when the least is 0");
  cr_expect(kr(t, "hi", 0)->value == 5.0 && kr(t, "hi", 0)->gap == 2.0);
  cr_expect(!kr(t, "s", 1)->has, "no member in 2026: no value");
  done(t);
}

Test(measures, benchmark_holds_from_its_point) {
  T *t = run("  kr sat : percent 62% -> 70% benchmark \"Peers\" { 2026: 65% }\n"
             "  kr c : percent 62% -> 70% benchmark 64%", "actuals 2025 { sat 63%, c 63% }");
  cr_expect(!kr(t, "sat", 0)->has_bench, "none before the first point");
  cr_expect(kr(t, "sat", 1)->has_bench && kr(t, "sat", 1)->bench == 65.0);
  cr_expect(kr(t, "sat", 2)->has_bench && kr(t, "sat", 2)->bench == 65.0, "held after it");
  cr_expect(kr(t, "c", 0)->has_bench && kr(t, "c", 0)->bench == 64.0);
  done(t);
}

Test(measures, within_margin_of_the_plan) {
  T *t = run("  kr sat : percent 62% -> 70% ± 3pp\n  kr far : percent 62% -> 70% ± 1pp",
             "actuals 2026 { sat 66%, far 66% }");
  const ScoreResult *r = kr(t, "sat", 1);
  cr_expect(r->within_margin && r->score == 0.5, "|66 - 67.33| <= 3");
  cr_expect(!kr(t, "far", 1)->within_margin, "|66 - 67.33| > 1");
  cr_expect(kr(t, "far", 1)->score == 0.5, "the margin changes no score");
  done(t);
}
