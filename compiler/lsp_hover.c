/*
 * lsp_hover.c - textDocument/hover: a name's declaration, and its live
 * score, plan and latest check-in when the program checks clean.
 */
#include "lsp_int.h"

/* ---- hover --------------------------------------------------------------- */

static const char *level_name(Level l) {
  static const char *n[] = { "", "company", "team", "individual" };
  return n[l];
}

static void put_unit_ref(Buf *b, Doc *d, const UnitRef *u) { put_src(b, d, u->span); }

static void put_spec(Buf *b, Doc *d, const KR *k) {
  static const char *cmp[] = { "", "->", ">=", ">", "<=", "<" };
  if (k->spec == SPEC_RANGE && k->baseline && k->target) {
    put_src(b, d, k->baseline->span); buf_puts(b, " -> "); put_src(b, d, k->target->span);
  } else if (k->spec == SPEC_WITHIN && k->baseline && k->target) {   /* stay within */
    put_src(b, d, k->baseline->span); buf_puts(b, " .. "); put_src(b, d, k->target->span);
  } else if (k->spec == SPEC_NONE && k->mode >= KM_QUICKSCORE) {     /* the mode's block is the goal */
    put_src(b, d, k->mode_span);
  } else if (k->spec != SPEC_NONE && k->target) {
    buf_printf(b, "%s ", cmp[k->spec]); put_src(b, d, k->target->span);
    if (k->baseline) { buf_puts(b, " from "); put_src(b, d, k->baseline->span); }
  } else
    buf_puts(b, "done / not done");
}

/* The latest check-in of k in the program's actuals blocks. */
static const Checkin *latest_checkin(Doc *d, const KR *k, const Actuals **in) {
  const Checkin *best = NULL;
  int best_end = INT_MIN;
  for (int fi = 0; fi < d->p->nfiles; fi++) {
    AstFile *f = d->p->files[fi];
    for (int i = 0; f && i < f->ndecls; i++) {
      if (!f->decls[i] || f->decls[i]->kind != ND_ACTUALS) continue;
      const Actuals *a = (const Actuals *)f->decls[i];
      if (a->period.kind == PER_NONE) continue;
      int end = sema_period_end(a->period);
      for (int j = 0; j < a->nitems; j++)
        if (a->items[j].kr.name == k->name.name && end >= best_end) {
          best = &a->items[j]; best_end = end; *in = a;
        }
    }
  }
  return best;
}

/* The latest actual of k from the server's --data files or --store (the
 * .bsc check-ins are latest_checkin's), or NULL. */
static const Actual *latest_data(Doc *d, const KR *k) {
  doc_score(d);
  if (!d->act_used) return NULL;
  const Actual *best = NULL;
  for (int i = 0; i < d->act.n; i++) {
    const Actual *x = &d->act.items[i];
    if (x->m == k && x->csv && (!best || sema_period_end(x->period) >= sema_period_end(best->period))) best = x;
  }
  return best;
}

static void put_score(Buf *b, ScoreCard *sc, const ScoreResult *r) {
  char per[32];
  const char *ps = ast_period_str(&sc->p->arena, sc->periods[sc->as_of]);
  snprintf(per, sizeof per, "%s", ps);
  if (r && r->scope != SCOPE_RUNNING) { buf_printf(b, "score (%s): %s", per, score_scope_name(r->scope)); return; }
  if (!r || !r->has) { buf_printf(b, "score (%s): no data", per); return; }
  buf_printf(b, "score (%s): **%.2f** against the plan's %.2f: %s", per, r->score, r->expected,
             score_status_name(r->status));
}

/* The stated plan of a KR or KPI, and what it plans for the as-of period. */
static void hover_plan(Buf *b, Doc *d, const KR *k, ScoreCard *sc) {
  if (k->has_plan) {
    buf_printf(b, "- plan%s: ", k->plan_step ? " (step)" : "");
    for (int i = 0; i < k->nplan; i++) {
      if (i) buf_puts(b, ", ");
      buf_printf(b, "%s: ", ast_period_str(&d->p->arena, k->plan[i].at));
      put_src(b, d, k->plan[i].value->span);
    }
    buf_putc(b, '\n');
  }
  if (!sc) return;
  const char *per = ast_period_str(&sc->p->arena, sc->periods[sc->as_of]);
  char v[96];
  if (k->h.kind == ND_KPI) {
    if (k->has_plan)
      buf_printf(b, "- threshold in %s: %s\n", per, type_fmt_value(k->type, score_kpi(sc, sc->as_of, k)->threshold, v, sizeof v));
    return;
  }
  const ScoreResult *r = score_kr(sc, sc->as_of, k);
  if (r->has_plan_value)
    buf_printf(b, "- planned for %s: %s\n", per, type_fmt_value(k->type, r->plan_value, v, sizeof v));
}

static void hover_kr_line(Buf *b, Doc *d, const KR *k) {
  buf_printf(b, "- `%s`", k->name.name ? k->name.name : "?");
  if (k->h.kind == ND_KPI) buf_puts(b, " (KPI)");
  buf_puts(b, " — ");
  put_unit_ref(b, d, &k->unit);
  buf_putc(b, ' ');
  put_spec(b, d, k);
  Period due = k->due.kind != PER_NONE ? k->due : k->due_eff;
  if (due.kind != PER_NONE && k->h.kind == ND_KR)
    buf_printf(b, " by %s", ast_period_str(&d->p->arena, due));
  buf_putc(b, '\n');
}

static void hover_objective(Buf *b, Doc *d, Objective *o) {
  buf_printf(b, "**objective** `%s`", o->name.name);
  if (o->title.text) buf_printf(b, " — %s", o->title.text);
  buf_puts(b, "\n\n");
  const char *persp = o->persp.name ? o->persp.name : o->persp_eff ? o->persp_eff->name.name : NULL;
  Level lv = o->level != LEVEL_NONE ? o->level : o->level_eff;
  if (persp) buf_printf(b, "- perspective: %s\n", persp);
  if (lv != LEVEL_NONE) {
    buf_printf(b, "- level: %s", level_name(lv));
    if (o->group.text) buf_printf(b, " (%s)", o->group.text);
    buf_putc(b, '\n');
  }
  if (o->owner.text) buf_printf(b, "- owner: %s\n", o->owner.text);
  if (o->aligns.name) buf_printf(b, "- aligns: `%s`\n", o->aligns.name);
  buf_printf(b, "- %s%s\n", o->commit == COMMIT_COMMITTED ? "committed" : "aspirational",
             o->compensation ? ", tied to compensation" : "");
  if (o->weight) { buf_puts(b, "- weight: "); put_src(b, d, o->weight->span); buf_putc(b, '\n'); }
  if (o->starts.kind != PER_NONE)
    buf_printf(b, "- %s %s\n", o->during ? "during" : "starts", ast_period_str(&d->p->arena, o->starts));
  ScoreCard *sc = doc_score(d);
  if (sc) { buf_puts(b, "- "); put_score(b, sc, score_obj(sc, sc->as_of, o)); buf_putc(b, '\n'); }
  if (o->nkrs) {
    buf_puts(b, "\nkey results:\n\n");
    for (int i = 0; i < o->nkrs; i++) hover_kr_line(b, d, o->krs[i]);
  }
  if (o->nkpis) {
    buf_puts(b, "\nKPIs:\n\n");
    for (int i = 0; i < o->nkpis; i++) hover_kr_line(b, d, o->kpis[i]);
  }
}

/* What a measure says besides its goal (docs/language.md §7.5). */
static void hover_measure(Buf *b, Doc *d, const KR *k) {
  if (k->maintain) buf_puts(b, "- maintained: the level is held in every period (met 1, not met 0; no baseline, no plan)\n");
  if (k->margin) { buf_puts(b, "- margin of error (95 %): ± "); put_src(b, d, k->margin->span); buf_putc(b, '\n'); }
  if (k->has_bench) {
    buf_puts(b, "- benchmark");
    if (k->bench_label.text) buf_printf(b, " (%s)", k->bench_label.text);
    buf_puts(b, ": ");
    if (k->bench) put_src(b, d, k->bench->span);
    for (int i = 0; i < k->nbench; i++) {
      if (i) buf_puts(b, ", ");
      buf_printf(b, "%s ", ast_period_str(&d->p->arena, k->bench_pts[i].at));
      put_src(b, d, k->bench_pts[i].value->span);
    }
    buf_puts(b, " (shown beside the actual, not scored)\n");
  }
  if (k->bd) {
    buf_printf(b, "- broken down by %s (%s of", k->bd->dim.name ? k->bd->dim.name : "?", k->bd->rule.name ? k->bd->rule.name : "?");
    for (int i = 0; i < k->bd->n; i++) buf_printf(b, "%s `%s`", i ? "," : "", k->bd->members[i].name.name);
    buf_puts(b, "): check in each as `");
    buf_printf(b, "%s.%s VALUE`\n", k->name.name, k->bd->n ? k->bd->members[0].name.name : "MEMBER");
  }
}

static void hover_kr(Buf *b, Doc *d, KR *k) {
  bool kpi = k->h.kind == ND_KPI;
  buf_printf(b, "**%s** `%s`", kpi ? "KPI" : "key result", k->name.name);
  if (k->title.text) buf_printf(b, " — %s", k->title.text);
  buf_puts(b, "\n\n");
  if (k->obj) {
    buf_printf(b, "- objective: `%s`", k->obj->name.name);
    if (k->obj->title.text) buf_printf(b, " (%s)", k->obj->title.text);
    buf_putc(b, '\n');
  } else if (k->persp.name)
    buf_printf(b, "- perspective: %s\n", k->persp.name);
  buf_puts(b, "- unit: "); put_unit_ref(b, d, &k->unit); buf_putc(b, '\n');
  buf_puts(b, "- target: "); put_spec(b, d, k);
  if (k->warn) { buf_puts(b, ", warn at "); put_src(b, d, k->warn->span); }
  buf_putc(b, '\n');
  Period due = k->due.kind != PER_NONE ? k->due : k->due_eff;
  if (!kpi && due.kind != PER_NONE) buf_printf(b, "- due: %s\n", ast_period_str(&d->p->arena, due));
  if (!kpi) {
    buf_puts(b, "- weight: ");
    if (k->weight) put_src(b, d, k->weight->span); else buf_puts(b, "1");
    buf_putc(b, '\n');
  }
  if (k->formula) { buf_puts(b, "- calculated: `= "); put_src(b, d, k->formula->span); buf_puts(b, "`\n"); }
  hover_measure(b, d, k);
  if (k->forecast) { buf_puts(b, "- forecast: `"); put_src(b, d, k->forecast->span); buf_puts(b, "`\n"); }
  if (k->starts.kind != PER_NONE)
    buf_printf(b, "- %s %s\n", k->during ? "during" : "starts", ast_period_str(&d->p->arena, k->starts));
  if (k->freq != PER_NONE || k->carry.present)   /* frequency and staleness (semantics.md §2) */
    buf_printf(b, "- measured %s%s%s; a value is carried %d period%s, then stale\n", ast_period_adj(k->freq_eff),
               k->agg ? ", " : "", ast_agg_word(k->agg), k->carry_n, k->carry_n == 1 ? "" : "s");
  hover_plan(b, d, k, doc_score(d));
  const Actuals *a = NULL;
  const Checkin *c = latest_checkin(d, k, &a);
  ScoreCard *sc = doc_score(d);
  const Actual *x = latest_data(d, k);
  if (x && (!c || sema_period_end(x->period) > sema_period_end(a->period))) {
    char v[96];
    buf_printf(b, "- latest actual: %s (%s, from the check-in data)\n", type_fmt_value(k->type, x->value, v, sizeof v),
               ast_period_str(&d->p->arena, x->period));
  } else if (c && c->value) {
    buf_puts(b, "- latest actual: ");
    put_src(b, d, c->value->span);
    buf_printf(b, " (%s)\n", ast_period_str(&d->p->arena, a->period));
  }
  if (sc && !kpi) {
    const ScoreResult *r = score_kr(sc, sc->as_of, k);
    buf_puts(b, "- ");
    put_score(b, sc, r);
    buf_putc(b, '\n');
  } else if (sc && kpi) {
    const ScoreResult *r = score_kpi(sc, sc->as_of, k);
    if (r->has) buf_printf(b, "- health (%s): %s\n", ast_period_str(&d->p->arena, sc->periods[sc->as_of]),
                           score_health_name(r->health));
  }
}

static void hover_initiative(Buf *b, Doc *d, Initiative *in) {
  buf_printf(b, "**initiative** `%s`", in->name.name);
  if (in->title.text) buf_printf(b, " — %s", in->title.text);
  buf_puts(b, "\n\n");
  if (in->owner.text) buf_printf(b, "- owner: %s\n", in->owner.text);
  if (in->status_word.name) buf_printf(b, "- status: %s\n", in->status_word.name);
  if (in->cost) { buf_puts(b, "- cost: "); put_src(b, d, in->cost->span); buf_putc(b, '\n'); }
  if (in->cost_forecast) { buf_puts(b, "- cost forecast: "); put_src(b, d, in->cost_forecast->span); buf_putc(b, '\n'); }
  if (in->spent) { buf_puts(b, "- spent to date: "); put_src(b, d, in->spent->span); buf_putc(b, '\n'); }
  /* what the scorecard computes of it (semantics.md §20), as of its as-of period */
  ScoreCard *sc = doc_score(d);
  const InitResult *r = NULL;
  for (int i = 0; sc && i < sc->ninits; i++) if (sc->inits[i].in == in) r = &sc->inits[i];
  if (r && r->has_percent)
    buf_printf(b, "- complete (%s): %.4g%% (%s)\n", ast_period_str(&d->p->arena, sc->periods[sc->as_of]),
               r->percent * 100, score_pct_source_name(r->source));
  else if (in->complete) { buf_puts(b, "- complete: "); put_src(b, d, in->complete->span); buf_putc(b, '\n'); }
  for (int i = 0; i < in->nmilestones; i++) {
    const Milestone *m = &in->milestones[i];
    char pb[32];
    bool late = r && !m->done && m->due_i >= 0 && m->due_i <= sc->as_of && in->status != INIT_DONE &&
                in->status != INIT_CANCELLED;
    buf_printf(b, "- milestone `%s` by %s: %s\n", m->name.name ? m->name.name : "?",
               actuals_period_str(m->due, pb, sizeof pb), m->done ? "done" : late ? "late" : "open");
  }
  for (int i = 0; i < in->nsupports; i++) buf_printf(b, "- supports `%s`\n", in->supports[i].name);
  for (int i = 0; i < in->neffects; i++) {
    buf_printf(b, "- affects `%s` by ", in->effects[i].kr.name);
    if (in->effects[i].by) put_src(b, d, in->effects[i].by->span);
    if (in->effects[i].relative) buf_puts(b, " (relative)");
    buf_putc(b, '\n');
  }
}

static bool hover_def(Buf *b, Doc *d, Occ *def) {
  switch (def->dkind) {
  case ND_OBJECTIVE: hover_objective(b, d, def->decl); return true;
  case ND_KR: case ND_KPI: hover_kr(b, d, def->decl); return true;
  case ND_INITIATIVE: hover_initiative(b, d, def->decl); return true;
  case ND_PERSPECTIVE: {
    Perspective *ps = def->decl;
    buf_printf(b, "**perspective** `%s`", ps->name.name);
    if (ps->title.text) buf_printf(b, " — %s", ps->title.text);
    buf_puts(b, "\n\n");
    if (ps->rank) { buf_puts(b, "- rank: "); put_src(b, d, ps->rank->span); buf_putc(b, '\n'); }
    if (ps->used) buf_printf(b, "- weight: %g%%\n", ps->weight_v * 100);
    return true;
  }
  case ND_UNIT: {
    UnitDecl *u = def->decl;
    buf_printf(b, "**unit** `%s`", u->name.name);
    if (u->base.name) {     /* the definition as written: `= 1/60 hours`, `= cases/1000 people` */
      Span def_span = u->factor ? u->factor->span : u->base.span;
      def_span.end = u->per.unit.name ? u->per.span.end : u->base.span.end;
      buf_puts(b, " = ");
      put_src(b, d, def_span);
      if (u->per.unit.name) {
        buf_printf(b, "\n\na rate: %s per ", u->base.name);
        if (u->per.has_n) { put_src(b, d, u->per.n_span); buf_putc(b, ' '); }
        buf_puts(b, u->per.unit.name);
      }
    } else if (u->bad) buf_puts(b, " (its definition has an error)");
    else buf_puts(b, " (a base unit)");
    if (is_builtin(d, def->span.file)) buf_puts(b, "\n\nfrom the standard prelude");
    buf_putc(b, '\n');
    return true;
  }
  }
  return false;
}

bool h_hover(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  Occ *o = occ_at(d, off);
  *res = json_null();
  if (!o) return true;
  Buf b; buf_init(&b);
  if (o->ns == NS_FILE) {
    const Source *s = diag_source(d->de, o->file);
    buf_printf(&b, "**import** `%s`", s ? s->path : o->name);
  } else {
    Occ *def = o->def ? o : occ_def(d, o->name, o->ns);
    if (!def || !hover_def(&b, d, def)) {
      if (o->ns == NS_UNIT) {
        if (!strcmp(o->name, "%")) buf_puts(&b, "**unit** `%` — percent");
        else if (!strcmp(o->name, "milestone") || !strcmp(o->name, "boolean"))
          buf_printf(&b, "**unit** `%s` — done / not done (built in)", o->name);
        else buf_printf(&b, "**unit** `%s` — a currency or built-in unit", o->name);
      } else {
        buf_free(&b);
        return true;
      }
    }
  }
  json_decref(*res);
  *res = json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value", jtext(b.data ? b.data : "", b.len),
                   "range", jrange(&d->lines, o->span.off, o->span.end));
  buf_free(&b);
  return true;
}
