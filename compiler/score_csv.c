/*
 * score_csv.c - `bscc score --format=csv`: one row per node and period up
 * to the as-of period (docs/score.md).
 */
#include "score_out.h"
#include "csvio.h"
#include "types.h"

static void cnum(Buf *b, bool has, double v) { if (has) csvio_put_num(b, v); }
static void csv_feeds(Buf *b, const KR *k);

static void csv_row(Buf *b, const ScoreCard *sc, int per, const char *kind, const char *id, const char *parent,
                    const char *persp, const char *title, const KR *m, const ScoreResult *r, bool scored) {
  char pb[32];
  buf_puts(b, so_period(sc, per, pb, sizeof pb));
  buf_printf(b, ",%s,", kind);
  csvio_put_field(b, id); buf_putc(b, ',');
  csvio_put_field(b, parent); buf_putc(b, ',');
  csvio_put_field(b, persp); buf_putc(b, ',');
  csvio_put_field(b, title); buf_putc(b, ',');
  cnum(b, m && r->has, r->value); buf_putc(b, ',');
  if (m) csvio_put_field(b, type_str(m->type));
  buf_putc(b, ',');
  cnum(b, scored && r->has, r->score); buf_putc(b, ',');
  cnum(b, scored && r->has, r->progress); buf_putc(b, ',');
  cnum(b, scored && r->has, r->expected); buf_putc(b, ',');
  if (scored) buf_puts(b, score_status_name(r->status));
  buf_putc(b, ',');
  if (scored) buf_puts(b, score_track_name(r->track));
  buf_putc(b, ',');
  bool kpi = m && m->h.kind == ND_KPI;
  if (!scored || kpi) buf_puts(b, score_health_name(r->health));
  buf_putc(b, ',');
  cnum(b, scored && r->has && !m, r->coverage);
  buf_putc(b, ',');
  cnum(b, scored && r->has_plan_value, r->plan_value);
  buf_putc(b, ',');
  cnum(b, scored && r->has && r->expected > 0, r->attainment);
  buf_putc(b, ',');
  cnum(b, kpi && r->scope == SCOPE_RUNNING, r->threshold);
  buf_putc(b, ',');
  buf_puts(b, score_scope_name(r->scope));
  buf_putc(b, ',');
  if (m && r->confidence) buf_printf(b, "%d", r->confidence);
  buf_putc(b, ',');
  if (m) csvio_put_field(b, r->note);
  buf_putc(b, ',');
  if (m && r->age > 0) buf_printf(b, "%d", r->age);
  buf_putc(b, ',');
  if (m && !r->has && r->scope == SCOPE_RUNNING) buf_puts(b, so_why_name(r->why));
  buf_putc(b, ',');
  if (kpi) buf_puts(b, so_mode_name(m->mode));
  buf_putc(b, ',');
  cnum(b, kpi && r->has && (m->mode == KM_QUICKSCORE || m->mode == KM_BAND), r->points);
}

/* Whether any measure has a benchmark, a margin or a breakdown: then the
 * rows end with the measure columns (docs/score.md). */
static bool any_extras(const Program *p) {
  const Vec *lists[2] = {&p->krs, &p->kpis};
  for (int l = 0; l < 2; l++) {
    KR *k;
    VEC_EACH(KR *, k, *lists[l]) if (k->has_bench || k->margin_v > 0 || (k->bd && k->bd->ok)) return true;
  }
  return false;
}

/* The measure columns: benchmark, margin, within_margin, gap, ratio. */
static void csv_extras(Buf *b, const KR *m, const ScoreResult *r) {
  buf_putc(b, ',');
  cnum(b, m && r->has_bench, r->bench);
  buf_putc(b, ',');
  cnum(b, m && m->margin_v > 0, m ? m->margin_v : 0);
  buf_putc(b, ',');
  if (m && m->margin_v > 0 && r->has) buf_puts(b, r->within_margin ? "true" : "false");
  buf_putc(b, ',');
  cnum(b, m && r->has && r->members, r->gap);
  buf_putc(b, ',');
  cnum(b, m && r->has && r->members && r->has_ratio, r->ratio);
}

/* A measure's rows, then one row per member of its breakdown (kind
 * `member`, id `measure.member`, its parent the measure). */
static void csv_measure(Buf *b, const ScoreCard *sc, int per, const KR *k, const ScoreResult *r, bool scored, bool extras) {
  bool kpi = k->h.kind == ND_KPI;
  csv_row(b, sc, per, kpi ? "kpi" : "kr", ast_kname(k), k->obj ? ast_oname(k->obj) : NULL,
          k->persp_eff ? k->persp_eff->name.name : NULL, k->title.text, k, r, scored);
  if (kpi) buf_putc(b, ',');
  else csv_feeds(b, k);
  if (extras) csv_extras(b, k, r);
  buf_putc(b, '\n');
  if (!k->bd || !k->bd->ok) return;
  Buf id;
  buf_init(&id);
  for (int i = 0; i < k->bd->n; i++) {
    char pb[32];
    id.len = 0;
    buf_printf(&id, "%s.%s", ast_kname(k), k->bd->members[i].name.name);
    buf_printf(b, "%s,member,", so_period(sc, per, pb, sizeof pb));
    csvio_put_field(b, id.data);
    buf_putc(b, ',');
    csvio_put_field(b, ast_kname(k));
    buf_putc(b, ',');
    csvio_put_field(b, k->persp_eff ? k->persp_eff->name.name : NULL);
    buf_printf(b, ",%s,", k->bd->dim.name);
    cnum(b, r->has && r->members, r->members ? r->members[i] : 0);
    buf_putc(b, ',');
    csvio_put_field(b, type_str(k->type));
    buf_puts(b, ",,,,,,,,,,,");                /* score .. threshold: a member is not scored */
    buf_puts(b, score_scope_name(r->scope));
    buf_puts(b, ",,,,,,,,,,,,\n");
  }
  buf_free(&id);
}

/* The `alignment` column of an objective: each parent, how it counts
 * there and with which weight: "grow contributes 2; loyal supports 1". */
static void csv_alignment(Buf *b, const ScoreCard *sc, const Objective *o) {
  Buf t;
  buf_init(&t);
  for (int i = 0; i < o->nparents; i++) {
    const Align *a = &o->parents[i];
    if (!a->obj) continue;
    char w[48];
    buf_printf(&t, "%s%s %s %s", t.len ? "; " : "", ast_oname(a->obj), score_align_name(sc, a), type_fmt_num(a->weight_v, w, sizeof w));
  }
  buf_putc(b, ',');
  csvio_put_field(b, t.data);
  buf_free(&t);
}

/* The `alignment` column of a key result: the key results it feeds,
 * "feeds revenue; feeds bookings" (semantics.md §5.2). */
static void csv_feeds(Buf *b, const KR *k) {
  Buf t;
  buf_init(&t);
  for (int i = 0; i < k->nfeeds; i++)
    if (k->feeds[i].target) buf_printf(&t, "%sfeeds %s", t.len ? "; " : "", ast_kname(k->feeds[i].target));
  buf_putc(b, ',');
  csvio_put_field(b, t.data);
  buf_free(&t);
}

/* Initiatives, in the as-of period only (their milestones' state is
 * known now, not per period), in the columns of docs/score.md: value the
 * spend, unit its currency, progress the percent complete, plan_value the
 * budget, attainment spend / budget, status the initiative's status, note
 * the milestones ("1/3 done, 1 late; next golive 2025-Q4"). */
static void csv_initiatives(Buf *b, const ScoreCard *sc, int per) {
  if (!sc->inits_tracked) return;
  char pb[32];
  for (int i = 0; i < sc->ninits; i++) {
    const InitResult *r = &sc->inits[i];
    const Initiative *in = r->in;
    const Type *money = in->cost && in->cost->type && in->cost->type->kind == TY_CURRENCY ? in->cost->type
                      : in->spent && in->spent->type && in->spent->type->kind == TY_CURRENCY ? in->spent->type : NULL;
    buf_printf(b, "%s,initiative,", so_period(sc, per, pb, sizeof pb));
    csvio_put_field(b, in->name.name);
    buf_putc(b, ',');
    if (in->nsupports && in->supported && in->supported[0]) csvio_put_field(b, ast_oname(in->supported[0]));
    buf_puts(b, ",,");
    csvio_put_field(b, in->title.text);
    buf_putc(b, ',');
    cnum(b, r->has_spent, r->spent);
    buf_putc(b, ',');
    if (money) csvio_put_field(b, money->code);
    buf_puts(b, ",,");
    cnum(b, r->has_percent, r->percent);
    buf_puts(b, ",,");
    buf_puts(b, score_init_status_name(in->status, false));
    buf_puts(b, ",,,,");
    cnum(b, r->has_budget, r->budget);
    buf_putc(b, ',');
    cnum(b, r->has_used, r->used);
    buf_puts(b, ",,,,");
    Buf t;
    buf_init(&t);
    so_ms_summary(&t, r);
    if (r->next) { buf_puts(&t, t.len ? "; next " : "next "); so_milestone(&t, r->next); }
    if (r->over) buf_puts(&t, t.len ? "; over budget" : "over budget");
    csvio_put_field(b, t.data);
    buf_free(&t);
    buf_puts(b, ",,,,,\n");
  }
}

void score_render_csv(Buf *b, const ScoreCard *sc) {
  Program *p = sc->p;
  bool extras = any_extras(p);
  buf_puts(b, "period,kind,id,parent,perspective,title,value,unit,score,progress,expected,status,track,health,coverage,"
              "plan_value,attainment,threshold,scope,confidence,note,age,no_data,mode,points,alignment");
  buf_puts(b, extras ? ",benchmark,margin,within_margin,gap,ratio\n" : "\n");
  const char *tail = extras ? ",,,,,,\n" : ",\n";   /* no alignment, no measure columns */
  for (int per = 0; per <= sc->as_of; per++) {
    csv_row(b, sc, per, "total", "scorecard", NULL, NULL, p->strategy->title.text, NULL, score_total(sc, per), true);
    buf_puts(b, tail);
    for (int i = p->perspectives.len - 1; i >= 0; i--) {
      Perspective *ps = p->perspectives.items[i];
      csv_row(b, sc, per, "perspective", ps->name.name, NULL, ps->name.name, ps->title.text, NULL,
              score_persp(sc, per, ps), true);
      buf_puts(b, tail);
    }
    Theme *th;
    VEC_EACH(Theme *, th, p->themes) {
      csv_row(b, sc, per, "theme", th->name.name, NULL, NULL, th->title.text, NULL, score_theme(sc, per, th), true);
      buf_puts(b, tail);
    }
    Objective *o;
    VEC_EACH(Objective *, o, p->objectives) {
      csv_row(b, sc, per, "objective", ast_oname(o), o->parent ? ast_oname(o->parent) : NULL,
              o->persp_eff ? o->persp_eff->name.name : NULL, o->title.text, NULL, score_obj(sc, per, o), true);
      csv_alignment(b, sc, o);
      buf_puts(b, extras ? ",,,,,\n" : "\n");
    }
    KR *k;
    VEC_EACH(KR *, k, p->krs) csv_measure(b, sc, per, k, score_kr(sc, per, k), true, extras);
    if (per == sc->as_of) csv_initiatives(b, sc, per);
    VEC_EACH(KR *, k, p->kpis) csv_measure(b, sc, per, k, score_kpi(sc, per, k), score_kpi_scored(k), extras);
  }
}

