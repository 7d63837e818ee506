/*
 * lsp_complete.c - what to type next: textDocument/completion (keywords,
 * names, periods, units, distributions and functions, bounded with
 * isIncomplete) and textDocument/signatureHelp.
 */
#include "lsp_int.h"

/* ---- completion ------------------------------------------------------------ */

enum { CK_FUNCTION = 3, CK_FIELD = 5, CK_CLASS = 7, CK_PROPERTY = 10, CK_UNIT = 11, CK_VALUE = 12,
       CK_KEYWORD = 14, CK_ENUM_MEMBER = 20, CK_EVENT = 23 };

/* At most this many items are returned; a longer list says isIncomplete,
 * and the client asks again as the word grows (a 10,000-objective file
 * would otherwise send 40,000 names on every key). */
#define LSP_MAX_ITEMS 100

typedef struct Completions {
  json_t *items;
  json_t *seen;              /* label -> true */
  const char *prefix;        /* the word being typed: only labels starting with it */
  size_t nprefix;
  json_t *range;             /* the range the chosen item's textEdit replaces */
  bool incomplete;           /* items were left out for the bound */
} Completions;

bool starts_with(const char *s, const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char a = s[i], b = p[i];
    if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
    if (a != b || !a) return false;
  }
  return true;
}

/* An item whose textEdit writes `insert` (or the label) over the word typed. */
static json_t *item(Completions *c, const char *label, int kind, const char *detail, const char *insert) {
  if (!label || !starts_with(insert ? insert : label, c->prefix, c->nprefix) || json_object_get(c->seen, label))
    return NULL;
  if (json_array_size(c->items) >= LSP_MAX_ITEMS) { c->incomplete = true; return NULL; }
  json_object_set_new(c->seen, label, json_true());
  json_t *it = json_pack("{s:s,s:i,s:{s:O,s:s}}", "label", label, "kind", kind, "textEdit", "range", c->range,
                         "newText", insert ? insert : label);
  if (detail) json_object_set_new(it, "detail", json_string(detail));
  json_array_append_new(c->items, it);
  return it;
}

static void kw_items(Completions *c, const char *const *kws) {
  for (int i = 0; kws[i]; i++) item(c, kws[i], CK_KEYWORD, NULL, NULL);
}

enum { WANT_OBJ = 1, WANT_KR = 2, WANT_KPI = 4, WANT_INIT = 8, WANT_PERSP = 16, WANT_UNIT = 32 };

static void name_items(Completions *c, Doc *d, unsigned want) {
  for (int i = 0; i < d->nocc; i++) {
    Occ *o = &d->occ[i];
    if (!o->def || !o->name) continue;
    if (o->dkind == ND_OBJECTIVE && (want & WANT_OBJ))
      item(c, o->name, CK_CLASS, ((Objective *)o->decl)->title.text, NULL);
    else if (o->dkind == ND_KR && (want & WANT_KR))
      item(c, o->name, CK_FIELD, ((KR *)o->decl)->title.text ? ((KR *)o->decl)->title.text : "key result", NULL);
    else if (o->dkind == ND_KPI && (want & WANT_KPI))
      item(c, o->name, CK_PROPERTY, ((KR *)o->decl)->title.text ? ((KR *)o->decl)->title.text : "KPI", NULL);
    else if (o->dkind == ND_INITIATIVE && (want & WANT_INIT))
      item(c, o->name, CK_EVENT, ((Initiative *)o->decl)->title.text, NULL);
    else if (o->dkind == ND_PERSPECTIVE && (want & WANT_PERSP))
      item(c, o->name, CK_ENUM_MEMBER, ((Perspective *)o->decl)->title.text, NULL);
    else if (o->dkind == ND_UNIT && (want & WANT_UNIT))
      item(c, o->name, CK_UNIT, "unit", NULL);
  }
  if (want & WANT_UNIT) {
    item(c, "milestone", CK_UNIT, "done / not done", NULL);
    item(c, "milestone(N)", CK_UNIT, "N steps", "milestone(3)");
    item(c, "boolean", CK_UNIT, "done / not done", NULL);
    item(c, "rating(1..5)", CK_UNIT, "a rating scale", "rating(1..5)");
    item(c, "currency(USD)", CK_UNIT, "money", "currency(USD)");
    for (int i = 0; i < d->nocc; i++)      /* currency codes already in use */
      if (d->occ[i].ns == NS_UNIT && !d->occ[i].def && d->occ[i].name[0] >= 'A' && d->occ[i].name[0] <= 'Z' &&
          strlen(d->occ[i].name) == 3 && !occ_def(d, d->occ[i].name, NS_UNIT))
        item(c, d->occ[i].name, CK_UNIT, "currency", NULL);
  }
}

/* After `by` in a KR, `starts`, `during`, `actuals`: the periods of the
 * strategy's horizon (quarters first, then halves and years; months
 * when the cadence is monthly), in time order (sortText). */
static void period_items(Completions *c, Doc *d) {
  const Strategy *st = d->p->strategy;
  if (!st || st->from.kind == PER_NONE || st->to.kind == PER_NONE) return;
  int lo = sema_period_start(st->from), hi = sema_period_end(st->to);
  static const struct { PeriodKind k; int n; const char *rank; } kinds[] = {
    { PER_QUARTER, 4, "1" }, { PER_HALF, 2, "2" }, { PER_YEAR, 1, "3" }, { PER_MONTH, 12, "0" },
  };
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    if (kinds[i].k == PER_MONTH && st->cadence_eff != PER_MONTH) continue;
    for (int y = st->from.year; y <= st->to.year && y - st->from.year < 50; y++)
      for (int sub = kinds[i].k == PER_YEAR ? 0 : 1; sub <= (kinds[i].k == PER_YEAR ? 0 : kinds[i].n); sub++) {
        Period p = { .kind = kinds[i].k, .year = y, .sub = sub };
        if (sema_period_start(p) < lo || sema_period_end(p) > hi) continue;
        const char *label = ast_period_str(&d->p->arena, p);
        json_t *it = item(c, label, CK_VALUE, "period", NULL);
        char key[64];
        snprintf(key, sizeof key, "%s%06d", kinds[i].rank, sema_period_start(p));
        if (it) json_object_set_new(it, "sortText", json_string(key));
      }
  }
}

/* The distributions of `forecast` and of an effect's `by` (language.md
 * 10.1), and the functions of formulas: with their parameters, which
 * signature help shows as they are typed. */
static const struct { const char *name, *params, *doc; bool dist; } callables[] = {
  { "normal", "mean, sd", "normal distribution, in the KR's unit; sd >= 0", true },
  { "lognormal", "mean, sd", "lognormal: mean > 0 and sd of the variable itself", true },
  { "uniform", "low, high", "uniform between low and high (low < high)", true },
  { "triangular", "low, mode, high", "triangular: low <= mode <= high, low < high", true },
  { "pert", "low, mode, high", "a three-point estimate (beta-PERT)", true },
  { "beta", "a, b", "a fraction in 0..1 (percent and ratio KRs); a, b > 0", true },
  { "bernoulli", "p", "done with probability p: the forecast of a milestone", true },
  { "min", "a, b, ...", "the smallest of its arguments", false },
  { "max", "a, b, ...", "the largest of its arguments", false },
  { "abs", "x", "the absolute value", false },
  { "avg", "a, b, ...", "the mean of its arguments", false },
};

static void call_items(Completions *c, bool dist) {
  for (size_t i = 0; i < sizeof callables / sizeof callables[0]; i++) {
    if (callables[i].dist != dist) continue;
    char detail[96];
    snprintf(detail, sizeof detail, "%s(%s)", callables[i].name, callables[i].params);
    item(c, callables[i].name, CK_FUNCTION, detail, NULL);
  }
}

static void dist_items(Completions *c) { call_items(c, true); }
static void fn_items(Completions *c) { call_items(c, false); }

/* After `aligns `: the objectives one may align to, company ones first,
 * then team, then individual (sortText keeps the order in every client),
 * without the objective being edited (aligning to itself is E050). */
static void align_items(Completions *c, Doc *d, uint32_t off) {
  static const char *const rank[] = { "0", "1", "2", "3" };
  for (int lv = LEVEL_COMPANY; lv <= LEVEL_INDIVIDUAL; lv++)
    for (int i = 0; i < d->nocc; i++) {
      Occ *o = &d->occ[i];
      if (!o->def || !o->name || o->dkind != ND_OBJECTIVE) continue;
      Objective *ob = o->decl;
      int l = ob->level_eff ? (int)ob->level_eff : ob->level ? (int)ob->level : LEVEL_COMPANY;
      bool self = ob->h.span.file == d->file && ob->h.span.off <= off && off <= ob->h.span.end;
      if (l != lv || self) continue;
      json_t *it = item(c, o->name, CK_CLASS, ob->title.text, NULL);
      if (it) {
        char key[300];
        snprintf(key, sizeof key, "%s%s", rank[lv], o->name);
        json_object_set_new(it, "sortText", json_string(key));
      }
    }
}

static bool word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* The keyword that opened the innermost `{` still open before off:
 * the first word of that line ("objective", "strategy", ...), or "" at
 * top level.  Skips strings and comments. */
static void enclosing_block(const char *t, size_t off, char *out, size_t n) {
  char stack[16][16];
  int depth = 0;
  char first[16] = "";
  bool line_start = true;
  for (size_t i = 0; i < off; i++) {
    char c = t[i];
    if (c == '\n') { line_start = true; first[0] = 0; continue; }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (c == '/' && i + 1 < off && t[i + 1] == '/') { while (i < off && t[i] != '\n') i++; i--; continue; }
    if (c == '/' && i + 1 < off && t[i + 1] == '*') {
      i += 2;
      while (i + 1 < off && !(t[i] == '*' && t[i + 1] == '/')) i++;
      i++;
      continue;
    }
    if (c == '"') {
      for (i++; i < off && t[i] != '"' && t[i] != '\n'; i++) if (t[i] == '\\') i++;
      if (i < off && t[i] == '\n') i--;
      line_start = false;
      continue;
    }
    if (line_start && word_char((unsigned char)c)) {
      size_t j = i;
      while (j < off && word_char((unsigned char)t[j])) j++;
      snprintf(first, sizeof first, "%.*s", (int)(j - i < 15 ? j - i : 15), t + i);
      i = j - 1;
      line_start = false;
      continue;
    }
    line_start = false;
    if (c == '{') {
      if (depth < 16) snprintf(stack[depth], sizeof stack[depth], "%s", first);
      depth++;
    } else if (c == '}' && depth > 0)
      depth--;
  }
  if (depth > 0 && depth <= 16) snprintf(out, n, "%s", stack[depth - 1]);
  else if (depth > 16) snprintf(out, n, "?");
  else out[0] = 0;
}

/* The last word of s[0..n) (after trailing blanks), into w. */
static void last_word(const char *s, size_t n, char *w, size_t wn) {
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  size_t e = n;
  while (n > 0 && word_char((unsigned char)s[n - 1])) n--;
  snprintf(w, wn, "%.*s", (int)(e - n < wn - 1 ? e - n : wn - 1), s + n);
}

/* `response.` in an actuals block: the members of response's breakdown,
 * the measure named by the word that ends at line[n] (the dot). */
static void member_items(Completions *c, Doc *d, const char *line, size_t n) {
  size_t s = n;
  while (s > 0 && word_char((unsigned char)line[s - 1])) s--;
  if (s == n || !d->p) return;
  char name[128];
  snprintf(name, sizeof name, "%.*s", (int)(n - s < 127 ? n - s : 127), line + s);
  Sym *sy = sema_lookup(d->p, name);
  if (!sy || (sy->kind != SYM_KR && sy->kind != SYM_KPI)) return;
  const KR *k = sy->decl;
  if (!k->bd) return;
  for (int i = 0; i < k->bd->n; i++) item(c, k->bd->members[i].name.name, CK_ENUM_MEMBER, k->bd->dim.name, NULL);
}

/* The line up to bl ends with `/` or `/N` (`USD/`, `cases/1000`): a
 * rate's denominator is typed next. */
static bool after_slash(const char *t, size_t ls, size_t bl) {
  size_t q = bl;
  while (q > ls && ((t[q - 1] >= '0' && t[q - 1] <= '9') || t[q - 1] == '_' || t[q - 1] == '.' || t[q - 1] == 'k' ||
                    t[q - 1] == 'M' || t[q - 1] == ' ')) q--;
  return q > ls && t[q - 1] == '/';
}

bool h_completion(Server *S, json_t *params, json_t **res, RpcErr *e) {
  static const char *const top_kw[] = { "import", "strategy", "perspective", "unit", "objective", "kpi",
                                        "initiative", "actuals", "close", "theme", NULL };
  static const char *const obj_kw[] = { "owner", "team", "individual", "level", "aligns", "committed",
                                        "aspirational", "compensation", "weight", "starts", "during", "kr", "kpi", NULL };
  static const char *const strat_kw[] = { "horizon", "cadence", "perspectives", "thresholds", "limit", "fiscal", NULL };
  static const char *const init_kw[] = { "owner", "cost", "supports", "affects", "status", "milestone", "spent",
                                         "complete", NULL };
  /* an initiative's tracking words (language.md §10.2) */
  static const char *const status_kw[] = { "planned", "in_progress", "done", "on_hold", "cancelled", NULL };
  static const char *const ms_kw[] = { "by", "done", "weight", NULL };
  static const char *const cost_kw[] = { "forecast", NULL };
  static const char *const kr_kw[] = { "by", "weight", "from", "warn", "increase", "decrease", "committed",
                                       "aspirational", "compensation", "owner", "in", "forecast", "plan", "starts",
                                       "during", "every", "carry", "per", "feeds", "cascade", "scored", "context",
                                       "maintain", "benchmark", "breakdown", NULL };
  static const char *const plan_kw[] = { "step", NULL };
  static const char *const level_kw[] = { "company", "team", "individual", NULL };
  /* the words after `scored` (semantics.md §7.1), `cascade` (§5.2) and `every` (§2.1) */
  static const char *const mode_kw[] = { "quickscore", "band", "rules", NULL };
  static const char *const cascade_kw[] = { "sum", "mean", "weighted", NULL };
  /* the roll-up rules after `breakdown DIMENSION` (semantics.md §4.2) */
  static const char *const rollup_kw[] = { "sum", "mean", "weighted", "min", "max", NULL };
  static const char *const every_kw[] = { "day", "week", "month", "quarter", "half", "year", NULL };
  static const char *const cadence_kw[] = { "quarter", "month", "half", "year", NULL };
  static const char *const limit_kw[] = { "objectives_per_owner", "krs_per_objective", NULL };
  static const char *const thr_kw[] = { "green", "yellow", NULL };
  static const char *const link_kw[] = { "strength", "lag", NULL };
  static const char *const eff_kw[] = { "by", "relative", "lag", NULL };
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  json_t *ctx = json_object_get(params, "context");
  long tk = 1;
  jint(ctx, "triggerKind", &tk);
  const char *t = d->text;
  int line, ch;
  off_to_pos(&d->lines, off, &line, &ch);
  size_t ls = d->lines.start[line];
  size_t ws = off;                       /* start of the word being typed */
  while (ws > ls && word_char((unsigned char)t[ws - 1])) ws--;
  size_t bl = ws;                        /* the line before it, blanks trimmed */
  while (bl > ls && (t[bl - 1] == ' ' || t[bl - 1] == '\t')) bl--;
  char prev[64], first[64], block[16];
  last_word(t + ls, bl - ls, prev, sizeof prev);
  size_t fs = ls;
  while (fs < bl && (t[fs] == ' ' || t[fs] == '\t')) fs++;
  size_t fe = fs;
  while (fe < bl && word_char((unsigned char)t[fe])) fe++;
  snprintf(first, sizeof first, "%.*s", (int)(fe - fs < 63 ? fe - fs : 63), t + fs);
  enclosing_block(t, ls, block, sizeof block);
  char last = bl > ls ? t[bl - 1] : 0;
  bool at_start = bl == ls;
  bool kr_line = !strcmp(first, "kr") || !strcmp(first, "kpi");
  bool has_colon = kr_line && memchr(t + ls, ':', bl - ls);
  /* `= EXPR` after the unit; the `=` of `>=` and `<=` is a comparison */
  bool formula = false;
  for (size_t q = ls; has_colon && q < bl; q++)
    if (t[q] == '=' && (q == ls || (t[q - 1] != '>' && t[q - 1] != '<'))) formula = true;
  /* a period is typed with its '-' (2025-Q): the word before it decides */
  size_t pws = ws;
  while (pws > ls && (word_char((unsigned char)t[pws - 1]) || t[pws - 1] == '-')) pws--;
  char pprev[64];
  size_t pbl = pws;
  while (pbl > ls && (t[pbl - 1] == ' ' || t[pbl - 1] == '\t')) pbl--;
  last_word(t + ls, pbl - ls, pprev, sizeof pprev);
  bool want_period = ((kr_line || !strcmp(first, "milestone")) && !strcmp(pprev, "by")) || !strcmp(pprev, "starts") || !strcmp(pprev, "during") ||
                     (!strcmp(first, "actuals") && !strcmp(pprev, "actuals"));
  if (want_period) ws = pws;
  /* the word before `prev`: `breakdown district |` asks for a roll-up rule */
  char pprev2[64] = "";
  {
    size_t e2 = bl;
    while (e2 > ls && word_char((unsigned char)t[e2 - 1])) e2--;
    while (e2 > ls && (t[e2 - 1] == ' ' || t[e2 - 1] == '\t')) e2--;
    if (e2 < bl) last_word(t + ls, e2 - ls, pprev2, sizeof pprev2);
  }
  Completions c = { json_array(), json_object(), t + ws, off - ws, jrange(&d->lines, (uint32_t)ws, off), false };
  /* contextual */
  if (want_period) period_items(&c, d);
  else if (!strcmp(prev, "forecast") || (!strcmp(first, "affects") && !strcmp(prev, "by"))) {
    dist_items(&c);
  } else if (formula) {
    fn_items(&c);
    name_items(&c, d, WANT_KR | WANT_KPI);
  } else if (!strcmp(prev, "in") && bl - ls >= 2 && last == 'n') name_items(&c, d, WANT_PERSP);
  else if (!strcmp(prev, "aligns")) align_items(&c, d, off);
  else if (!strcmp(prev, "supports") || (!strcmp(first, "supports") && last == ','))
    name_items(&c, d, WANT_OBJ);
  else if (last == '>' && bl - ls >= 2 && t[bl - 2] == '-' && !kr_line) name_items(&c, d, WANT_OBJ);
  else if (!strcmp(prev, "affects")) name_items(&c, d, WANT_KR | WANT_KPI);
  else if (!strcmp(prev, "status") && !strcmp(block, "initiative")) kw_items(&c, status_kw);
  else if (!strcmp(first, "milestone") && !strcmp(block, "initiative") && !at_start && strcmp(prev, "milestone"))
    kw_items(&c, ms_kw);
  else if (!strcmp(first, "cost") && !strcmp(block, "initiative") && strcmp(prev, "cost")) kw_items(&c, cost_kw);
  else if (!strcmp(prev, "level") && last == 'l') kw_items(&c, level_kw);
  else if (!strcmp(prev, "cadence")) kw_items(&c, cadence_kw);
  else if (!strcmp(prev, "scored") && kr_line) kw_items(&c, mode_kw);
  else if (!strcmp(prev, "cascade") && kr_line) kw_items(&c, cascade_kw);
  else if (kr_line && !strcmp(pprev2, "breakdown")) kw_items(&c, rollup_kw);
  else if (!strcmp(block, "actuals") && ws > ls && t[ws - 1] == '.') member_items(&c, d, t + ls, ws - 1 - ls);
  else if (!strcmp(prev, "every") && kr_line) kw_items(&c, every_kw);
  else if (!strcmp(prev, "limit")) kw_items(&c, limit_kw);
  else if (!strcmp(prev, "plan") && kr_line) kw_items(&c, plan_kw);
  else if (kr_line && last == ':') name_items(&c, d, WANT_UNIT);
  /* a rate's denominator (`kr fuel : USD/`, `unit per_1k = cases/1000 `) and
   * a declared unit's base (`unit minutes = 1/60 `) */
  else if (kr_line && has_colon && !formula && after_slash(t, ls, bl)) name_items(&c, d, WANT_UNIT);
  else if (!strcmp(first, "unit") && memchr(t + ls, '=', bl - ls) && !at_start) name_items(&c, d, WANT_UNIT);
  else if (!strcmp(block, "perspectives")) name_items(&c, d, WANT_PERSP);
  else if (!strcmp(block, "thresholds")) kw_items(&c, thr_kw);
  else if (!strcmp(block, "actuals") && at_start) name_items(&c, d, WANT_KR | WANT_KPI);
  else if (tk == 2) {
    /* typed a trigger character where nothing in particular fits */
  } else if (at_start) {
    if (!strcmp(block, "objective")) kw_items(&c, obj_kw);
    else if (!strcmp(block, "strategy")) kw_items(&c, strat_kw);
    else if (!strcmp(block, "initiative")) kw_items(&c, init_kw);
    else if (!block[0]) { kw_items(&c, top_kw); name_items(&c, d, WANT_OBJ); }
  } else if (kr_line && has_colon) {
    kw_items(&c, kr_kw);
    name_items(&c, d, WANT_KR | WANT_KPI);
  } else if (!strcmp(first, "affects")) {
    kw_items(&c, eff_kw);
    name_items(&c, d, WANT_KR | WANT_KPI);
  } else if (!block[0] && strstr(t + ls, "->") && (size_t)(strstr(t + ls, "->") - t) < bl) {
    kw_items(&c, link_kw);
  } else {
    name_items(&c, d, WANT_OBJ | WANT_KR | WANT_KPI | WANT_INIT);
  }
  json_decref(c.seen);
  json_decref(c.range);
  *res = json_pack("{s:b,s:o}", "isIncomplete", c.incomplete, "items", c.items);
  return true;
}

/* ---- signature help ------------------------------------------------------- */

static const struct { const char *name, *params, *doc; } unit_calls[] = {
  { "rating", "lo..hi", "a rating scale from lo to hi" },
  { "currency", "CODE", "money in a currency (ISO 4217 code)" },
  { "milestone", "N", "a milestone of N steps" },
};

/* The signature {label, documentation, parameters} of name(params): each
 * parameter's label as [start, end] in the label. */
static json_t *signature(const char *name, const char *ps, const char *doc, int *np) {
  char label[128];
  int k = snprintf(label, sizeof label, "%s(", name);
  json_t *params = json_array();
  const char *p = ps;
  *np = 0;
  while (*p) {
    const char *q = strstr(p, ", ");
    size_t n = q ? (size_t)(q - p) : strlen(p);
    json_array_append_new(params, json_pack("{s:[i,i]}", "label", k, k + (int)n));
    k += snprintf(label + k, sizeof label - (size_t)k, "%.*s%s", (int)n, p, q ? ", " : "");
    (*np)++;
    p = q ? q + 2 : p + n;
  }
  snprintf(label + k, sizeof label - (size_t)k, ")");
  return json_pack("{s:s,s:s,s:o}", "label", label, "documentation", doc, "parameters", params);
}

/* textDocument/signatureHelp: inside the parentheses of a distribution
 * (`forecast pert(`), a formula function (`= max(`) or a unit
 * (`rating(`), its parameters and the one being typed (commas at the
 * same depth, on the cursor's line). */
bool h_signature(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  *res = json_null();
  const char *t = d->text;
  int line, ch;
  off_to_pos(&d->lines, off, &line, &ch);
  size_t ls = d->lines.start[line], i = off;
  int depth = 0, commas = 0;
  while (i > ls) {
    char c = t[--i];
    if (c == ')') depth++;
    else if (c == '(' && depth-- == 0) break;
    else if (c == ',' && depth == 0) commas++;
    if (i == ls) return true;            /* no open parenthesis on the line */
  }
  if (t[i] != '(' || depth >= 0) return true;
  size_t ne = i;
  while (ne > ls && (t[ne - 1] == ' ' || t[ne - 1] == '\t')) ne--;
  size_t nb = ne;
  while (nb > ls && word_char((unsigned char)t[nb - 1])) nb--;
  char name[32];
  if (ne == nb || ne - nb >= sizeof name) return true;
  snprintf(name, sizeof name, "%.*s", (int)(ne - nb), t + nb);
  json_t *sig = NULL;
  int np = 0;
  bool variadic = false;
  for (size_t k = 0; !sig && k < sizeof callables / sizeof callables[0]; k++)
    if (!strcmp(callables[k].name, name)) {
      sig = signature(name, callables[k].params, callables[k].doc, &np);
      variadic = strstr(callables[k].params, "...") != NULL;
    }
  for (size_t k = 0; !sig && k < sizeof unit_calls / sizeof unit_calls[0]; k++)
    if (!strcmp(unit_calls[k].name, name)) sig = signature(name, unit_calls[k].params, unit_calls[k].doc, &np);
  if (!sig) return true;
  int active = commas;
  if (variadic && active >= np - 1) active = np - 2;   /* a, b, ...: every later one is like b */
  if (active >= np) active = np - 1;
  json_decref(*res);
  *res = json_pack("{s:[o],s:i,s:i}", "signatures", sig, "activeSignature", 0, "activeParameter", active);
  return true;
}
