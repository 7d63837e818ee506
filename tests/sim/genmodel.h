/*
 * genmodel.h - a generator of random but valid .bsc strategy files for the
 * differential tests of the simulation engines (interp.c vs jit.c).
 *
 * gen_model(seed, size) returns malloc'd text: objectives in the four
 * perspectives, aligned team objectives with and without KRs, KRs of every
 * kind (ranges up and down, thresholds with and without a usable `from`,
 * milestones, calculated KRs with + - * / min max avg abs, rates and
 * unit conversions, KPIs, scored in every mode of semantics.md §7.1 or context),
 * forecasts of every distribution kind, phased plans
 * (linear and step, of KRs, milestones and KPI thresholds), measurement
 * frequencies (`every half|year`, `carry N`), own periods (`starts`,
 * `during`, of KRs and objectives), actuals in up to four quarters (and
 * the half and the year they end) and a decision period (GEN_DIRECTIVE),
 * initiatives with absolute, relative, lagged and uncertain effects, and
 * causal links with strengths and lags (zero-lag links only forward
 * between company objectives, so no algebraic loop); from a stream of their
 * own (rp, so that the rest is what it was): formulas over earlier periods
 * and powers (prev, pow), maintained levels and bands (`maintain`), and
 * strategic themes over the objectives.  size 0: random small.
 */
#ifndef BSC_TESTS_GENMODEL_H
#define BSC_TESTS_GENMODEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct GenBuf { char *s; size_t n, cap; } GenBuf;

/* A line of a generated model that says how to simulate it:
 * `// simulate: [--as-of PERIOD] [--hold-unforecast]` (the options of
 * `bscc sim`, so that a failing model can be rerun by hand). */
#define GEN_DIRECTIVE "// simulate:"

/* Reads that line: *as_of (a period, NUL-terminated, into buf[n]; NULL
 * when absent) and *hold. */
__attribute__((unused)) static void gen_directive(const char *text, char *buf, size_t n, const char **as_of, bool *hold) {
  *as_of = NULL;
  *hold = false;
  const char *d = text ? strstr(text, GEN_DIRECTIVE) : NULL;
  if (!d) return;
  const char *eol = strchr(d, '\n');
  size_t len = eol ? (size_t)(eol - d) : strlen(d);
  const char *a = strstr(d, "--as-of ");
  if (a && a < d + len) {
    a += 8;
    size_t k = 0;
    while (k + 1 < n && a[k] && a[k] != ' ' && a[k] != '\n') { buf[k] = a[k]; k++; }
    buf[k] = 0;
    *as_of = buf;
  }
  const char *h = strstr(d, "--hold-unforecast");
  *hold = h && h < d + len;
}

static void gb_printf(GenBuf *b, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
    va_end(ap);
    if (b->s && b->n + (size_t)k < b->cap) { b->n += (size_t)k; return; }
    b->cap = (b->cap + (size_t)k + 1) * 2;
    b->s = realloc(b->s, b->cap);
    if (!b->s) abort();
  }
}

typedef struct GenRng { uint64_t s; } GenRng;
static uint64_t gr_next(GenRng *r) {
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
static int gr_int(GenRng *r, int lo, int hi) { return lo + (int)(gr_next(r) % (uint64_t)(hi - lo + 1)); }
static double gr_unit(GenRng *r) { return (double)(gr_next(r) >> 11) * 0x1.0p-53; }
static bool gr_chance(GenRng *r, double p) { return gr_unit(r) < p; }

enum { GU_COUNT, GU_PERCENT, GU_HOURS, GU_SCORE, GU_WEEKS, GU_MILESTONE, GU_N };

/* novalue: a threshold with no baseline and no forecast; bscc sim refuses
 * formulas over it, so formulas only read measures that have a value. */
/* freq: the months of its frequency when coarser than the quarter (6, 12), else 0 */
typedef struct GenMeas { int unit; int steps; bool calc; bool novalue; int freq; } GenMeas;

/* a value of the unit, printed with its unit word */
static void gen_val(GenBuf *b, int unit, double v) {
  switch (unit) {
  case GU_PERCENT: gb_printf(b, "%g%%", v); break;
  case GU_HOURS: gb_printf(b, "%g hours", v); break;
  case GU_WEEKS: gb_printf(b, "%g weeks", v); break;
  default: gb_printf(b, "%g", v); break;
  }
}

/* one decimal; v is within the generator's small ranges, so (long) is defined */
static double gen_round(double v) { return (double)(long)(v * 10) / 10; }

static void gen_period(GenBuf *b, int i) { gb_printf(b, "%d-Q%d", 2025 + i / 4, i % 4 + 1); }

/* `plan [step] { P: V, ... }` with 1-2 points in periods start .. due-1,
 * planned progress rising from lo (baseline) to hi (target); steps for a
 * milestone(N); a KPI's plan moves either way. */
static void gen_plan(GenBuf *b, GenRng *r, int unit, int steps, bool kpi, double lo, double hi, int start, int due) {
  if (due - start < 1) return;
  int np = due - start >= 2 && gr_chance(r, 0.5) ? 2 : 1;
  int p1 = gr_int(r, start, due - 1 - (np - 1)), p2 = np == 2 ? gr_int(r, p1 + 1, due - 1) : -1;
  gb_printf(b, " plan%s { ", steps || !gr_chance(r, 0.6) ? " step" : "");
  for (int j = 0; j < np; j++) {
    int per = j ? p2 : p1;
    if (j) gb_printf(b, ", ");
    gen_period(b, per);
    gb_printf(b, ": ");
    if (steps) { gb_printf(b, "%d", j ? steps - 1 : 1); continue; }
    double q = kpi ? gr_unit(r) : (j + 1) * (0.2 + 0.3 * gr_unit(r)) / np;
    gen_val(b, unit, gen_round(lo + (hi - lo) * q));
  }
  gb_printf(b, " }");
}

static void gen_forecast(GenBuf *b, GenRng *r, int unit, int steps, double lo, double hi) {
  if (unit == GU_MILESTONE) {
    if (steps == 1) gb_printf(b, " forecast bernoulli(%g)", gen_round(gr_unit(r)));
    else gb_printf(b, " forecast triangular(0, %d, %d)", steps / 2, steps);
    return;
  }
  double a = gen_round(lo + (hi - lo) * gr_unit(r) * 0.5), c = gen_round(a + (hi - lo) * (0.2 + gr_unit(r))), m = gen_round((a + c) / 2);
  if (c <= a) c = a + 1;
  if (m < a || m > c) m = a;
  int k = gr_int(r, 0, 5);
  if (unit == GU_PERCENT && gr_chance(r, 0.2)) k = 6;
  gb_printf(b, " forecast ");
  switch (k) {
  case 0: gb_printf(b, "normal("); gen_val(b, unit, m); gb_printf(b, ", "); gen_val(b, unit, gen_round((c - a) / 4 + 0.1)); gb_printf(b, ")"); break;
  case 1: gb_printf(b, "lognormal("); gen_val(b, unit, m + 1); gb_printf(b, ", "); gen_val(b, unit, gen_round((c - a) / 4 + 0.1)); gb_printf(b, ")"); break;
  case 2: gb_printf(b, "uniform("); gen_val(b, unit, a); gb_printf(b, ", "); gen_val(b, unit, c); gb_printf(b, ")"); break;
  case 3: gb_printf(b, "triangular("); gen_val(b, unit, a); gb_printf(b, ", "); gen_val(b, unit, m); gb_printf(b, ", "); gen_val(b, unit, c); gb_printf(b, ")"); break;
  case 4: case 5: gb_printf(b, "pert("); gen_val(b, unit, a); gb_printf(b, ", "); gen_val(b, unit, m); gb_printf(b, ", "); gen_val(b, unit, c); gb_printf(b, ")"); break;
  case 6: gb_printf(b, "beta(%g, %g)", gen_round(0.3 + 5 * gr_unit(r)), gen_round(0.3 + 5 * gr_unit(r))); break;
  }
}

/* a shift of a measure of `unit` (absolute), or a fraction (relative) */
static void gen_shift(GenBuf *b, GenRng *r, int unit, bool relative) {
  double x = gen_round(1 + 10 * gr_unit(r));
  double sign = gr_chance(r, 0.3) ? -1 : 1;
  if (relative) {
    switch (gr_int(r, 0, 3)) {
    case 0: gb_printf(b, "%g%%", sign * x); break;
    case 1: gb_printf(b, "normal(%g, %g)", sign * x / 100, x / 300); break;
    case 2: gb_printf(b, "pert(0, %g, %g)", x / 200, x / 100); break;
    default: gb_printf(b, "uniform(%g, %g)", -x / 200, x / 100); break;
    }
    return;
  }
  if (unit == GU_MILESTONE) { gb_printf(b, gr_chance(r, 0.5) ? "1" : "bernoulli(0.5)"); return; }
  const char *w = unit == GU_PERCENT ? "pp" : unit == GU_HOURS ? " hours" : unit == GU_WEEKS ? " weeks" : "";
  switch (gr_int(r, 0, 5)) {
  case 0: case 1: gb_printf(b, "%g%s", sign * x, w); break;
  case 2: gb_printf(b, "normal(%g%s, %g%s)", sign * x, w, x / 3, w); break;
  case 3: gb_printf(b, "triangular(0%s, %g%s, %g%s)", w, x / 2, w, x, w); break;
  case 4: gb_printf(b, "lognormal(%g%s, %g%s)", x, w, x / 4, w); break;
  default: gb_printf(b, "pert(%g%s, %g%s, %g%s)", -x / 4, w, x / 2, w, x, w); break;
  }
}

/* A KPI's scoring mode (semantics.md §7.1), from its own stream: */
enum { GK_NONE, GK_HEALTH, GK_RANGE, GK_WITHIN, GK_QUICKSCORE, GK_BAND, GK_RULES, GK_CONTEXT, GK_N };

/* The spec and mode of a KPI of mode `mode` over two distinct values x, y
 * of its unit and the comparison cmp (>=, >, <=, <): `CMP y [warn w]
 * scored`, `x -> y scored`, `lo .. hi scored`, a quickscore, a band,
 * ordered status rules, or context.  Returns whether it has a baseline. */
static bool gen_kpi_spec(GenBuf *b, GenRng *rk, int unit, int mode, double x, double y, const char *cmp) {
  bool up = cmp[0] == '>';
  double lo = x < y ? x : y, hi = x < y ? y : x;
  switch (mode) {
  case GK_HEALTH:
    gb_printf(b, "%s ", cmp);
    gen_val(b, unit, y);
    if (gr_chance(rk, 0.5)) {
      double d = gen_round(y * 0.1) + 0.1;
      gb_printf(b, " warn ");
      gen_val(b, unit, up ? y + d : y - d);
    }
    gb_printf(b, " scored");
    return false;
  case GK_RANGE:
    gen_val(b, unit, x); gb_printf(b, " -> "); gen_val(b, unit, y); gb_printf(b, " scored");
    return true;
  case GK_WITHIN:
    gen_val(b, unit, lo); gb_printf(b, " .. "); gen_val(b, unit, hi); gb_printf(b, " scored");
    return true;
  case GK_QUICKSCORE:
    gb_printf(b, "scored quickscore { red "); gen_val(b, unit, x); gb_printf(b, ", goal "); gen_val(b, unit, y);
    if (y > x && gr_chance(rk, 0.5)) { gb_printf(b, ", stretch "); gen_val(b, unit, y + gen_round((y - x) * gr_unit(rk)) + 0.1); }
    gb_printf(b, " }");
    return false;
  case GK_BAND: {
    if (hi - lo < 0.4) hi = lo + 0.4;
    double q = (hi - lo) / 4;
    gb_printf(b, "scored band { red "); gen_val(b, unit, lo); gb_printf(b, " .. "); gen_val(b, unit, hi);
    gb_printf(b, ", goal "); gen_val(b, unit, lo + q); gb_printf(b, " .. "); gen_val(b, unit, hi - q); gb_printf(b, " }");
    return false;
  }
  case GK_RULES: {
    /* green at y; yellow a step on the other side, as a comparison or a
     * range; sometimes yellow first (first match wins) */
    double d = gen_round((hi - lo) * 0.5) + 0.1, yl = up ? y - d : y + d;
    if (yl < 0) yl = gen_round(y / 2);                    /* a count is never negative */
    bool yfirst = gr_chance(rk, 0.3), yrange = gr_chance(rk, 0.4);
    gb_printf(b, "scored rules { ");
    for (int i = 0; i < 2; i++) {
      if ((i == 0) != yfirst) { gb_printf(b, "green %s ", cmp); gen_val(b, unit, y); }
      else if (yrange) { gb_printf(b, "yellow "); gen_val(b, unit, up ? yl : y); gb_printf(b, " .. "); gen_val(b, unit, up ? y : yl); }
      else { gb_printf(b, "yellow %s ", cmp); gen_val(b, unit, yl); }
      gb_printf(b, ", ");
    }
    gb_printf(b, "red }");
    return false;
  }
  default:
    gb_printf(b, "context");
    return false;
  }
}

/* A link's strength st as written, or (from the stream rl, so that the
 * rest of a model is what it was before drawn strengths existed) a
 * distribution around it: bounded ones within -1..1 (E181), normal ones
 * that the simulation may clamp. */
static void gen_strength(GenBuf *b, GenRng *rl, double st) {
  if (!gr_chance(rl, 0.4)) { gb_printf(b, "%g", st); return; }
  double lo = st - 0.3 < -1 ? -1 : st - 0.3, hi = st + 0.3 > 1 ? 1 : st + 0.3;
  switch (gr_int(rl, 0, 4)) {
  case 0: gb_printf(b, "normal(%g, %g)", st, gen_round(0.05 + 0.3 * gr_unit(rl)) + 0.05); break;
  case 1: gb_printf(b, "uniform(%g, %g)", lo, hi); break;
  case 2: gb_printf(b, "triangular(%g, %g, %g)", lo, st, hi); break;
  case 3: gb_printf(b, "pert(%g, %g, %g)", lo, st, hi); break;
  default: gb_printf(b, "beta(%g, %g)", gen_round(0.5 + 3 * gr_unit(rl)), gen_round(0.5 + 3 * gr_unit(rl))); break;
  }
}

/* After a lag just written: sometimes `..Nq`, a range of whole periods
 * (the low end's unit is q, or the bare 0 of a zero-lag link). */
static void gen_lag_range(GenBuf *b, GenRng *rl, int lo) {
  if (!gr_chance(rl, 0.3)) return;
  gb_printf(b, "..%dq", lo + gr_int(rl, 1, 3));
}

static char *gen_model(uint64_t seed, int size) {
  GenRng rr = { seed * 0x2545F4914F6CDD1DULL + 1 }, *r = &rr;
  GenRng rra = { seed * 0x9E3779B97F4A7C15ULL + 3 }, *ra = &rra;   /* alignment modes */
  GenRng rrk = { seed * 0xD1B54A32D192ED03ULL + 5 }, *rk = &rrk;   /* KPIs' scoring modes */
  GenRng rrl = { seed * 0xA0761D6478BD642FULL + 7 }, *rl = &rrl;   /* drawn strengths and lags */
  GenRng rrp = { seed * 0xA0761D6478BD642FULL + 11 }, *rp = &rrp;   /* prev, pow, maintain, themes */
  GenBuf b = {0};
  int nq = gr_chance(r, 0.7) ? 4 : 8;                 /* quarters in the horizon */
  int w1 = gr_int(r, 5, 40), w2 = gr_int(r, 5, 40), w3 = gr_int(r, 5, 15);
  int w4 = 100 - w1 - w2 - w3;
  gb_printf(&b, "strategy \"Generated %llu\" {\n  horizon 2025-Q1 .. %s\n",
            (unsigned long long)seed, nq == 4 ? "2025-Q4" : "2026-Q4");
  gb_printf(&b, "  perspectives { financial %d%%  customer %d%%  process %d%%  learning %d%% }\n", w1, w2, w3, w4);
  if (gr_chance(r, 0.5)) gb_printf(&b, "  thresholds { green %g  yellow %g }\n", 0.6 + 0.1 * gr_int(r, 0, 3), 0.3 + 0.05 * gr_int(r, 0, 3));
  gb_printf(&b, "  limit objectives_per_owner 1000000\n  limit krs_per_objective 100\n}\n\n");
  static const char *persp[] = { "financial", "customer", "process", "learning" };
  int ncomp = size ? size / 2 + 1 : gr_int(r, 2, 6), nteam = size ? size / 2 : gr_int(r, 0, 6);
  int nobj = ncomp + nteam;
  int cap = 16 + nobj * 8;
  GenMeas *ms = calloc((size_t)cap, sizeof(GenMeas));
  int nm = 0;
  int *parent = calloc((size_t)nobj, sizeof(int));
  int *nkrs = calloc((size_t)nobj, sizeof(int));
  bool *has_by = calloc((size_t)nobj + 1, sizeof(bool));
  for (int o = 0; o < nobj; o++) {
    bool team = o >= ncomp;
    if (team) {                          /* a parent with no KR due early (E042) */
      int cand = 0;
      for (int q = 0; q < o; q++) cand += !has_by[q];
      int pick = cand ? gr_int(r, 0, cand - 1) : 0;
      parent[o] = 0;
      for (int q = 0; q < o; q++) if (!has_by[q] && pick-- == 0) { parent[o] = q; break; }
      if (!cand) { team = false; parent[o] = -1; }   /* none: a company objective */
    } else {
      parent[o] = -1;
    }
    /* a company objective may have no KRs (it rolls up its team's), a team
     * objective too (then it is empty unless aligned to) */
    int k = gr_chance(r, 0.15) ? 0 : gr_int(r, 1, 4);
    if (!team && o < 4) k = k ? k : 1;   /* every perspective non-empty */
    nkrs[o] = k;
    if (team) {
      /* contributions (semantics.md §5.1) from a stream of their own, so
       * that the rest of the model is what it was before they existed: a
       * mode for the first parent, sometimes a second parent */
      static const char *const mode[] = { "", " contributes", " contributes 2", " supports" };
      int m1 = gr_int(ra, 0, 3), p2 = gr_chance(ra, 0.4) ? gr_int(ra, 0, o - 1) : -1, m2 = gr_int(ra, 0, 3);
      if (p2 == parent[o] || (p2 >= 0 && has_by[p2])) p2 = -1;
      gb_printf(&b, "objective o%d \"Team objective %d\" {\n  team \"Team %d\"\n  aligns o%d%s", o, o, o % 3, parent[o], mode[m1]);
      if (p2 >= 0) gb_printf(&b, ", o%d%s", p2, mode[m2]);
      gb_printf(&b, "\n");
    }
    else gb_printf(&b, "objective o%d \"Objective %d\" in %s {\n  owner \"Owner %d\"\n", o, o, persp[o < 4 ? o : gr_int(r, 0, 3)], o);
    int ostart = 0;                      /* its own periods start (an OKR added at a review) */
    if (gr_chance(r, 0.15)) {
      ostart = gr_int(r, 1, nq - 1);
      gb_printf(&b, "  starts ");
      gen_period(&b, ostart);
      gb_printf(&b, "\n");
    }
    if (gr_chance(r, 0.3)) gb_printf(&b, "  committed\n");
    if (gr_chance(r, 0.3)) gb_printf(&b, "  weight %d\n", gr_int(r, 1, 3));
    int nkpi = (gr_chance(r, 0.2) ? 1 : 0) + (gr_chance(rk, 0.4) ? gr_int(rk, 1, 2) : 0);
    for (int j = 0; j < k + nkpi; j++) {
      bool kpi = j >= k;
      int kmode = kpi ? gr_int(rk, 0, GK_N - 1) : GK_NONE;
      int unit = gr_int(r, 0, GU_N - 1);
      if (kpi && unit == GU_MILESTONE) unit = GU_COUNT;
      GenMeas *gm = &ms[nm];
      gm->unit = unit;
      gm->calc = false;
      gm->novalue = false;
      gm->freq = 0;
      bool nobase = false;
      gm->steps = unit == GU_MILESTONE ? (gr_chance(r, 0.5) ? 1 : gr_int(r, 2, 5)) : 0;
      const char *uw = unit == GU_COUNT ? "count" : unit == GU_PERCENT ? "percent" : unit == GU_HOURS ? "hours"
                     : unit == GU_SCORE ? "score" : unit == GU_WEEKS ? "weeks" : NULL;
      gb_printf(&b, "  %s k%d : ", kpi ? "kpi" : "kr", nm);
      double plo = 0, phi = 0;            /* the progress line, when it has one (0, 0: none) */
      double lo = unit == GU_PERCENT ? 5 : unit == GU_WEEKS ? 1 : unit == GU_HOURS ? 4 : 10;
      double hi = unit == GU_PERCENT ? 95 : unit == GU_WEEKS ? 10 : unit == GU_HOURS ? 100 : 200;
      if (unit == GU_MILESTONE) {
        if (gm->steps == 1) gb_printf(&b, "milestone");
        else gb_printf(&b, "milestone(%d)", gm->steps);
      } else {
        gb_printf(&b, "%s ", uw);
        double x = gen_round(lo + (hi - lo) * gr_unit(r)), y = gen_round(lo + (hi - lo) * gr_unit(r));
        if (x == y) y = x + 1;
        int form = kpi ? 1 : gr_int(r, 0, 3);
        static const char *cmp[] = { ">=", ">", "<=", "<" };
        if (form <= 1 && !kpi) { gen_val(&b, unit, x); gb_printf(&b, " -> "); gen_val(&b, unit, y); plo = x; phi = y; }
        else if (kmode != GK_NONE) {
          nobase = !gen_kpi_spec(&b, rk, unit, kmode, x, y, cmp[gr_int(r, 0, 3)]);
        } else {
          nobase = form != 2;
          int c = gr_int(r, 0, 3);
          /* a level held (semantics.md §4.1): one side, sometimes with a
           * warning level, or a band */
          int maint = form == 3 && unit != GU_MILESTONE ? gr_int(rp, 0, 4) : 0;
          if (maint == 1) {
            gb_printf(&b, "maintain ");
            gen_val(&b, unit, x < y ? x : y);
            gb_printf(&b, " .. ");
            gen_val(&b, unit, x < y ? y : x);
          } else {
            gb_printf(&b, "%s%s ", maint ? "maintain " : "", cmp[c]);
            gen_val(&b, unit, y);
          }
          if (maint == 2) {
            double d = gen_round(y * 0.1) + 0.1;
            gb_printf(&b, " warn ");
            gen_val(&b, unit, c < 2 ? y + d : y - d);
          }
          if (form == 2) {
            /* usable baseline: below the threshold for >=, above for <= */
            double base = c < 2 ? (x < y ? x : y - 1) : (x > y ? x : y + 1);
            gb_printf(&b, " from ");
            gen_val(&b, unit, base);
            plo = base; phi = y;
          }
        }
      }
      /* its own periods (within its objective's) and its due period */
      int kstart = ostart, due = nq - 1;
      bool during = false;
      if (!kpi && gr_chance(r, 0.15) && ostart < nq - 1) {
        kstart = gr_int(r, ostart, nq - 1);
        during = gr_chance(r, 0.4);
        gb_printf(&b, during ? " during " : " starts ");
        gen_period(&b, kstart);
        if (during) { due = kstart; has_by[o] = true; }   /* due early: not a parent (E042) */
      }
      if (!kpi && team && !during && kstart <= 3 && gr_chance(r, 0.4)) {
        due = gr_int(r, kstart, 3);
        gb_printf(&b, " by 2025-Q%d", due + 1);
        has_by[o] = true;
      }
      if (!kpi && gr_chance(r, 0.3)) gb_printf(&b, " weight %d", gr_int(r, 1, 3));
      if (kpi && kmode != GK_NONE && kmode != GK_CONTEXT && gr_chance(rk, 0.3)) gb_printf(&b, " weight %d", gr_int(rk, 1, 3));
      /* a phased plan: KRs with a progress line and milestone(N); KPI thresholds */
      if (gr_chance(r, 0.35)) {
        if (unit == GU_MILESTONE && gm->steps > 2) gen_plan(&b, r, unit, gm->steps, false, 0, 0, kstart, due);
        else if (unit != GU_MILESTONE && !kpi && phi != plo) gen_plan(&b, r, unit, 0, false, plo, phi, kstart, due);
        else if (unit != GU_MILESTONE && kpi && kmode <= GK_RANGE) gen_plan(&b, r, unit, 0, true, lo, hi, ostart, nq);
      }
      /* calculated from earlier measures of the same unit, or a forecast */
      int same[64], ns = 0;
      for (int q = 0; q < nm && ns < 64; q++) if (ms[q].unit == unit && unit != GU_MILESTONE && !ms[q].novalue) same[ns++] = q;
      int counts[64], nc = 0;
      for (int q = 0; q < nm && nc < 64; q++) if (ms[q].unit == GU_COUNT && !ms[q].novalue) counts[nc++] = q;
      int weeks = -1;
      for (int q = 0; q < nm; q++) if (ms[q].unit == GU_WEEKS && !ms[q].novalue) weeks = q;
      bool calc = (ns >= 2 && gr_chance(r, 0.35)) || (unit == GU_PERCENT && nc >= 2 && gr_chance(r, 0.3))
               || (unit == GU_HOURS && weeks >= 0 && ns >= 1 && gr_chance(r, 0.4));
      /* how often it is measured: a survey twice a year or yearly (carried
       * by default for one interval), or a quarterly value carried */
      if (!calc && unit != GU_MILESTONE && gr_chance(r, 0.2)) {
        gm->freq = gr_chance(r, 0.5) ? 12 : 6;
        gb_printf(&b, gm->freq == 12 ? " every year" : " every half");
      }
      if (!calc && unit != GU_MILESTONE && gr_chance(r, 0.15)) gb_printf(&b, " carry %d", gr_int(r, 1, 3));
      if (calc && ns >= 2 && (unit != GU_PERCENT || nc < 2 || gr_chance(r, 0.5)) && (unit != GU_HOURS || weeks < 0 || gr_chance(r, 0.5))) {
        int a = same[gr_int(r, 0, ns - 1)], c = same[gr_int(r, 0, ns - 1)], d = same[gr_int(r, 0, ns - 1)];
        gm->calc = true;
        int form = gr_int(r, 0, 9);
        if (unit == GU_PERCENT) form = gr_int(r, 2, 4);     /* a - b would be pp */
        int pf = gr_int(rp, 0, 5), back = gr_int(rp, 1, 4);  /* earlier periods and powers */
        if (pf == 0) gb_printf(&b, " = avg(k%d, prev(k%d, %d))", a, c, back);
        else if (pf == 1) gb_printf(&b, " = k%d * pow(k%d / prev(k%d), 0.5)", a, c, c);
        else if (pf == 2) gb_printf(&b, " = max(k%d, prev(k%d, %dq)) + pow(2, k%d / k%d) * k%d", a, c, back, a, c, d);
        else switch (form) {
        case 0: gb_printf(&b, " = k%d + k%d", a, c); break;
        case 1: gb_printf(&b, " = k%d - k%d", a, c); break;
        case 2: gb_printf(&b, " = min(k%d, k%d, k%d)", a, c, d); break;
        case 3: gb_printf(&b, " = max(k%d, k%d)", a, c); break;
        case 4: gb_printf(&b, " = avg(k%d, k%d, k%d)", a, c, d); break;
        case 5: gb_printf(&b, " = abs(k%d - k%d) + k%d", a, c, d); break;
        case 6: gb_printf(&b, " = (k%d + k%d) / 2", a, c); break;
        case 7: gb_printf(&b, " = -k%d + k%d * 3", a, c); break;
        case 8: gb_printf(&b, " = k%d * (k%d / k%d)", a, c, d); break;
        default: gb_printf(&b, " = max(k%d, k%d * 0.5) - min(k%d, 1", a, c, d); gen_val(&b, unit, 0); gb_printf(&b, ")"); break;
        }
      } else if (calc && unit == GU_PERCENT && nc >= 2) {
        int a = counts[gr_int(r, 0, nc - 1)], c = counts[gr_int(r, 0, nc - 1)], d = counts[gr_int(r, 0, nc - 1)];
        gm->calc = true;
        if (gr_chance(r, 0.5)) gb_printf(&b, " = k%d / (k%d + k%d)", a, c, d);
        else gb_printf(&b, " = k%d / (k%d - k%d)", a, c, d);     /* may divide by zero */
      } else if (calc && unit == GU_HOURS && weeks >= 0 && ns >= 1) {
        gm->calc = true;
        int sc = -1;
        for (int q = 0; q < nm; q++) if (ms[q].unit == GU_SCORE && !ms[q].novalue) sc = q;
        if (sc >= 0 && gr_chance(r, 0.5))   /* a rate: weeks / score is hours per score, times a score hours */
          gb_printf(&b, " = k%d + k%d / k%d * k%d", same[gr_int(r, 0, ns - 1)], weeks, sc, sc);
        else
          gb_printf(&b, " = k%d + k%d", same[gr_int(r, 0, ns - 1)], weeks);   /* weeks -> hours */
      } else if (gr_chance(r, 0.6)) {
        gen_forecast(&b, r, unit, gm->steps, lo, hi);
        nobase = false;
      }
      gm->novalue = nobase && !gm->calc;
      gb_printf(&b, "\n");
      nm++;
    }
    gb_printf(&b, "}\n\n");
  }
  /* links: lagged anywhere, zero-lag only forward between company objectives */
  int nl = gr_int(r, 0, nobj + 2);
  for (int i = 0; i < nl; i++) {
    int a = gr_int(r, 0, nobj - 1), c = gr_int(r, 0, nobj - 1);
    if (a == c) continue;
    bool zero = a < ncomp && c < ncomp && a < c && gr_chance(r, 0.4);
    double st = gen_round(-0.5 + 1.4 * gr_unit(r));
    const char *lag = zero ? "0" : gr_chance(r, 0.7) ? "1q" : gr_chance(r, 0.5) ? "2q" : "5q";
    gb_printf(&b, "o%d -> o%d strength ", a, c);
    gen_strength(&b, rl, st);
    gb_printf(&b, " lag %s", lag);
    gen_lag_range(&b, rl, atoi(lag));
    gb_printf(&b, "\n");
  }
  /* strategic themes over the objectives, with weights */
  int nth = gr_int(rp, 0, 2);
  for (int t = 0; t < nth; t++) {
    gb_printf(&b, "\ntheme th%d \"Theme %d\" {\n", t, t);
    int first = gr_int(rp, 0, nobj - 1), n = gr_int(rp, 1, 3);
    for (int j = 0; j < n && first + j < nobj; j++) {
      gb_printf(&b, "  o%d", first + j);
      if (gr_chance(rp, 0.4)) gb_printf(&b, " %d", gr_int(rp, 2, 3));
      gb_printf(&b, "\n");
    }
    gb_printf(&b, "}\n");
  }
  /* initiatives */
  int ni = gr_int(r, 0, 5);
  for (int i = 0; i < ni && nm > 0; i++) {
    gb_printf(&b, "\ninitiative i%d \"Initiative %d\" {\n  owner \"Owner %d\"\n  cost %d USD\n", i, i, i, gr_int(r, 1, 50) * 10000);
    int ne = gr_int(r, 1, 3);
    for (int e = 0; e < ne; e++) {
      int k = gr_int(r, 0, nm - 1);
      bool rel = ms[k].unit != GU_MILESTONE && gr_chance(r, 0.3);
      gb_printf(&b, "  affects k%d by ", k);
      gen_shift(&b, r, ms[k].unit, rel);
      if (rel) gb_printf(&b, " relative");
      if (gr_chance(r, 0.5)) {
        int lo = gr_int(r, 1, 2);
        gb_printf(&b, " lag %dq", lo);
        gen_lag_range(&b, rl, lo);
      } else if (gr_chance(rl, 0.25)) {
        gb_printf(&b, " lag 0..%dq", gr_int(rl, 1, 2));
      }
      gb_printf(&b, "\n");
    }
    gb_printf(&b, "}\n");
  }
  /* actuals in the first quarters, for any measure but calculated ones
   * and milestones (forecast or not, so that decision periods fix some
   * draws), and a decision period: the default (the latest period with
   * data) or a random one, possibly before the data, possibly the last */
  int nper = gr_chance(r, 0.3) ? 0 : gr_int(r, 1, 4);
  for (int per = 0; per < nper && nm > 0; per++) {
    /* a quarter's rows; the half (2025-H1) and the year (2025) after their last quarter */
    for (int f = 0; f <= 12; f += 6) {
      if ((f == 6 && per != 1 && per != 3) || (f == 12 && per != 3)) continue;
      if (f == 0) gb_printf(&b, "\nactuals %d-Q%d {\n", 2025 + per / 4, per % 4 + 1);
      else if (f == 6) gb_printf(&b, "\nactuals 2025-H%d {\n", per / 2 + 1);
      else gb_printf(&b, "\nactuals 2025 {\n");
      for (int q = 0; q < nm; q++) {
        if (ms[q].calc || ms[q].unit == GU_MILESTONE || ms[q].freq != f || !gr_chance(r, 0.4)) continue;
        gb_printf(&b, "  k%d ", q);
        gen_val(&b, ms[q].unit, gen_round(10 + 50 * gr_unit(r)));
        gb_printf(&b, "\n");
      }
      gb_printf(&b, "}\n");
    }
  }
  if (gr_chance(r, 0.6)) {
    int at = gr_int(r, 0, nq - 1);
    gb_printf(&b, "\n%s --as-of %d-Q%d%s\n", GEN_DIRECTIVE, 2025 + at / 4, at % 4 + 1,
              gr_chance(r, 0.3) ? " --hold-unforecast" : "");
  } else if (gr_chance(r, 0.3)) {
    gb_printf(&b, "\n%s --hold-unforecast\n", GEN_DIRECTIVE);
  }
  free(ms);
  free(parent);
  free(nkrs);
  free(has_by);
  return b.s;
}

#endif

/* bench/gen_company.sh in C: n objectives with 4 KRs each (no forecasts),
 * teams aligned to company objectives, links up the map.  With
 * `uncertain`, every KR gets a forecast and a third of them an initiative
 * effect, so that nothing folds to a constant. */
static char *gen_company(int n, bool uncertain) {
  GenBuf b = {0};
  gb_printf(&b, "strategy \"Generated\" {\n  horizon 2025-Q1 .. 2025-Q4\n"
                "  perspectives { financial 25%%  customer 25%%  process 25%%  learning 25%% }\n"
                "  limit objectives_per_owner 1000000\n}\n");
  static const char *P[] = { "learning", "process", "customer", "financial" };
  int nc = (n / 16) * 4;
  if (nc < 4) nc = 4;
  for (int i = 0; i < n; i++) {
    if (i < nc) gb_printf(&b, "objective o%d \"Objective %d\" in %s {\n  owner \"Owner %d\"\n", i, i, P[i % 4], i % 997);
    else gb_printf(&b, "objective o%d \"Team objective %d\" {\n  team \"Team %d\"  aligns o%d\n", i, i, i % 499, i % nc);
    for (int k = 0; k < 4; k++) {
      switch (k) {
      case 0: gb_printf(&b, "  kr k%d_%d : percent %d%% -> %d%% by 2025-Q4", i, k, 10 + k, 20 + k); break;
      case 1: gb_printf(&b, "  kr k%d_%d : hours %d -> %d", i, k, 72, 24 + k); break;
      case 2: gb_printf(&b, "  kr k%d_%d : count 0 -> %d weight 2", i, k, 10 + k); break;
      default: gb_printf(&b, "  kr k%d_%d : score 60 -> %d", i, k, 70 + k); break;
      }
      if (uncertain) {
        switch ((i + k) % 4) {
        case 0: gb_printf(&b, k == 0 ? " forecast normal(18%%, 3%%)" : k == 1 ? " forecast normal(40, 10)" : k == 2 ? " forecast normal(8, 2)" : " forecast normal(68, 3)"); break;
        case 1: gb_printf(&b, k == 0 ? " forecast uniform(12%%, 22%%)" : k == 1 ? " forecast uniform(24, 60)" : k == 2 ? " forecast uniform(4, 12)" : " forecast uniform(60, 75)"); break;
        case 2: gb_printf(&b, k == 0 ? " forecast triangular(10%%, 15%%, 25%%)" : k == 1 ? " forecast triangular(20, 40, 70)" : k == 2 ? " forecast triangular(2, 8, 14)" : " forecast triangular(60, 66, 76)"); break;
        default: gb_printf(&b, k == 0 ? " forecast pert(10%%, 16%%, 24%%)" : k == 1 ? " forecast pert(20, 36, 70)" : k == 2 ? " forecast pert(2, 9, 14)" : " forecast pert(60, 68, 76)"); break;
        }
      }
      gb_printf(&b, "\n");
    }
    gb_printf(&b, "}\n");
    if (i < nc && (i % 4) < 3 && i + 1 < nc && i + 1 < n) gb_printf(&b, "o%d -> o%d strength 0.5 lag 1q\n", i, i + 1);
  }
  if (uncertain) {
    int ni = n / 8 + 1;
    for (int j = 0; j < ni; j++) {
      gb_printf(&b, "initiative i%d \"Initiative %d\" {\n  cost %d USD\n", j, j, 10000 + j);
      for (int e = 0; e < 3; e++) {
        int o = (j * 3 + e) % n;
        gb_printf(&b, "  affects k%d_%d by %s lag %dq\n", o, 2, e == 1 ? "normal(2, 1)" : "3", e);
      }
      gb_printf(&b, "}\n");
    }
  }
  return b.s;
}
