/*
 * types.c - unit types: declared units and their dimensions, built-in
 * forms, conversion, and the arithmetic rules of docs/language.md §5.
 */
#include "types.h"

#include <stdlib.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

static size_t amap_slot(const AMap *m, const char *key) {
  uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
  size_t i = (size_t)(h >> 17) & (m->cap - 1);
  while (m->ents[i].key && m->ents[i].key != key) i = (i + 1) & (m->cap - 1);
  return i;
}

void *amap_get(const AMap *m, const char *key) {
  if (!m->cap || !key) return NULL;
  size_t i = amap_slot(m, key);
  return m->ents[i].key ? m->ents[i].val : NULL;
}

/* Rehashes into ncap slots (a power of two); the old array stays in the arena. */
static void amap_resize(Arena *a, AMap *m, size_t ncap) {
  AMap n = {0};
  n.cap = ncap;
  n.ents = arena_alloc(a, n.cap * sizeof *n.ents);
  for (size_t i = 0; i < m->cap; i++)
    if (m->ents[i].key) {
      n.ents[amap_slot(&n, m->ents[i].key)] = m->ents[i];
      n.len++;
    }
  *m = n;
}

void amap_reserve(Arena *a, AMap *m, size_t n) {
  size_t cap = m->cap ? m->cap : 64;
  while ((n + 1) * 2 > cap) cap *= 2;
  if (cap > m->cap) amap_resize(a, m, cap);
}

void amap_put(Arena *a, AMap *m, const char *key, void *val) {
  if (!key) return;
  if ((m->len + 1) * 2 > m->cap) amap_resize(a, m, m->cap ? m->cap * 2 : 64);
  size_t i = amap_slot(m, key);
  if (!m->ents[i].key) { m->ents[i].key = key; m->len++; }
  m->ents[i].val = val;
}

void type_table_init(TypeTable *tt, Arena *a, Interner *in) {
  memset(tt, 0, sizeof *tt);
  tt->arena = a;
  tt->in = in;
  tt->error.kind = TY_ERROR;
  tt->error.name = "<error>";
  tt->number.kind = TY_NUMBER;
  tt->number.name = "number";
  tt->boolean.kind = TY_MILESTONE;
  tt->boolean.name = "boolean";
  tt->boolean.steps = 1;
  tt->boolean.boolean = true;
}

static void remember_well_known(TypeTable *tt, Type *t) {
  const char *n = t->name;
  if (!strcmp(n, "percent")) tt->percent = t;
  else if (!strcmp(n, "ratio")) tt->ratio = t;
  else if (!strcmp(n, "pp")) tt->pp = t;
  else if (!strcmp(n, "count")) tt->count = t;
  else if (!strcmp(n, "hours")) tt->hours = t;
}

static Type *new_unit(TypeTable *tt, const char *name) {
  Type *t = arena_alloc(tt->arena, sizeof *t);
  t->kind = TY_UNIT;
  t->name = intern(tt->in, name, strlen(name));
  amap_put(tt->arena, &tt->units, t->name, t);
  vec_push(tt->arena, &tt->unit_list, t);
  remember_well_known(tt, t);
  return t;
}

void type_declare_invalid(TypeTable *tt, const char *name) {
  amap_put(tt->arena, &tt->units, intern(tt->in, name, strlen(name)), &tt->error);
}

Type *type_declare_base(TypeTable *tt, const char *name) {
  Type *t = new_unit(tt, name);
  t->base = t;
  t->scale = t->div = 1;
  return t;
}

Type *type_declare_derived(TypeTable *tt, const char *name, double factor, Type *base) {
  return type_declare_ratio(tt, name, factor, 1, base);
}

Type *type_declare_ratio(TypeTable *tt, const char *name, double n, double d, Type *base) {
  Type *t = new_unit(tt, name);
  if (base && base->kind == TY_UNIT) {
    t->base = base->base;
    t->scale = n * base->scale;
    t->div = d * base->div;
  } else {           /* defensive: a derived unit of an invalid base is its own base */
    t->base = t;
    t->scale = t->div = 1;
  }
  return t;
}

/* ---- rates ------------------------------------------------------------- */

bool type_is_rate(const Type *t) {
  return t && t->kind == TY_UNIT && t->base && t->base->num;
}

/* The dimension a unit stands for in a rate: a declared unit's base, a
 * currency itself; NULL for what cannot be part of a rate. */
static Type *dim_id(Type *t) {
  if (!t) return NULL;
  if (t->kind == TY_UNIT) return t->base;
  if (t->kind == TY_CURRENCY) return t;
  return NULL;
}

/* The scale and divisor of t into its dimension (1 and 1 for a currency). */
static void unit_sd(const Type *t, double *s, double *d) {
  *s = t->kind == TY_UNIT ? t->scale : 1;
  *d = t->kind == TY_UNIT ? t->div : 1;
}

/* A value of t in its dimension's base unit. */
static void to_base(const Type *t, double *v) {
  if (t->kind == TY_UNIT && t != t->base) *v = *v * t->scale / t->div;
}

static Type *rate_get(TypeTable *tt, Type *num, Type *den, double per, Type *base) {
  Type *t;
  VEC_EACH(Type *, t, tt->rates)
    if (t->num == num && t->den == den && t->per == per) return t;
  t = arena_alloc(tt->arena, sizeof *t);
  t->kind = TY_UNIT;
  t->num = num;
  t->den = den;
  t->per = per;
  char pb[32];
  t->name = per == 1 ? arena_printf(tt->arena, "%s/%s", num->name, den->name)
                     : arena_printf(tt->arena, "%s/%s %s", num->name, type_fmt_num(per, pb, sizeof pb), den->name);
  if (base) {
    double ns, nd, ds, dd;
    unit_sd(num, &ns, &nd);
    unit_sd(den, &ds, &dd);
    t->base = base;
    t->scale = ns * dd;                  /* (v num/per den) = v * ns/nd / (per * ds/dd) base */
    t->div = nd * per * ds;
  } else {
    t->base = t;
    t->scale = t->div = 1;
  }
  vec_push(tt->arena, &tt->rates, t);
  return t;
}

static const char *rate_refusal(const TypeTable *tt, const Type *num, const Type *den, double per) {
  if (!dim_id((Type *)num)) return "the first unit of a rate must be a quantity or a currency";
  if (!dim_id((Type *)den)) return "a rate is per a quantity or a currency";
  if (type_is_rate(num) || type_is_rate(den)) return "a rate of a rate is not a unit";
  if (type_is_fraction(tt, den)) return "a rate cannot be per a percent or a ratio";
  if (tt->count && den->kind == TY_UNIT && den->base == tt->count->base)
    return "a value per item is in the first unit itself (`USD / count` is `USD`)";
  if (!(per > 0) || !isfinite(per)) return "the count of a rate must be a positive number";
  return NULL;
}

Type *type_rate(TypeTable *tt, Type *num, Type *den, double per, const char **why) {
  const char *no = num && den ? rate_refusal(tt, num, den, per) : "unknown unit";
  if (why) *why = no;
  if (no) return NULL;
  Type *nb = dim_id(num), *db = dim_id(den);
  Type *base = rate_get(tt, nb, db, 1, NULL);
  return num == nb && den == db && per == 1 ? base : rate_get(tt, num, den, per, base);
}

static const char *skip_sp(const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  return s;
}

Type *type_parse(TypeTable *tt, const char *text) {
  if (!text) return NULL;
  const char *slash = strchr(text, '/');
  if (!slash) return type_lookup(tt, text);
  char num[128], den[128];
  const char *a = skip_sp(text), *z = slash;
  while (z > a && (z[-1] == ' ' || z[-1] == '\t')) z--;
  if (z == a || (size_t)(z - a) >= sizeof num) return NULL;
  memcpy(num, a, (size_t)(z - a));
  num[z - a] = 0;
  const char *p = skip_sp(slash + 1);
  double per = 1;
  if (*p >= '0' && *p <= '9') {
    char *end;
    per = strtod(p, &end);
    double m = amount_magnitude(end, 1, false);
    if (m && (end[1] == ' ' || end[1] == '\t')) { per *= m; end++; }
    p = skip_sp(end);
  }
  size_t n = strlen(p);
  while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
  if (n == 0 || n >= sizeof den || memchr(p, '/', n)) return NULL;
  memcpy(den, p, n);
  den[n] = 0;
  return type_rate(tt, type_lookup(tt, num), type_lookup(tt, den), per, NULL);
}

bool type_is_currency_code(const char *name) {
  return name && strlen(name) == 3 &&
         name[0] >= 'A' && name[0] <= 'Z' &&
         name[1] >= 'A' && name[1] <= 'Z' &&
         name[2] >= 'A' && name[2] <= 'Z';
}

Type *type_currency(TypeTable *tt, const char *code) {
  const char *key = intern(tt->in, code, strlen(code));
  Type *t = amap_get(&tt->currencies, key);
  if (t) return t;
  t = arena_alloc(tt->arena, sizeof *t);
  t->kind = TY_CURRENCY;
  t->name = key;
  t->code = key;
  amap_put(tt->arena, &tt->currencies, key, t);
  return t;
}

Type *type_lookup(TypeTable *tt, const char *name) {
  if (!name) return NULL;
  if (name[0] == '%' && !name[1]) return tt->percent;
  Type *t = amap_get(&tt->units, name);      /* names from the parser are interned already */
  if (t) return t;
  const char *key = intern(tt->in, name, strlen(name));
  t = amap_get(&tt->units, key);
  if (t) return t;
  if (type_is_currency_code(name)) return type_currency(tt, name);
  return NULL;
}

Type *type_rating(TypeTable *tt, double lo, double hi) {
  Type *t;
  VEC_EACH(Type *, t, tt->ratings)
    if (t->lo == lo && t->hi == hi) return t;
  t = arena_alloc(tt->arena, sizeof *t);
  t->kind = TY_RATING;
  t->lo = lo;
  t->hi = hi;
  char a[32], b[32];
  t->name = arena_printf(tt->arena, "rating(%s..%s)", type_fmt_num(lo, a, sizeof a),
                         type_fmt_num(hi, b, sizeof b));
  vec_push(tt->arena, &tt->ratings, t);
  return t;
}

Type *type_milestone(TypeTable *tt, int steps, bool boolean) {
  if (boolean) return &tt->boolean;
  Type *t;
  VEC_EACH(Type *, t, tt->milestones)
    if (t->steps == steps) return t;
  t = arena_alloc(tt->arena, sizeof *t);
  t->kind = TY_MILESTONE;
  t->steps = steps;
  t->name = steps == 1 ? "milestone" : arena_printf(tt->arena, "milestone(%d)", steps);
  vec_push(tt->arena, &tt->milestones, t);
  return t;
}

const char *type_suggest(TypeTable *tt, const char *name) {
  if (!name) return NULL;
  int len = utf8_count(name, strlen(name));
  int cap = len / 3 > 1 ? len / 3 : 1;
  const char *best = NULL;
  int bestd = cap + 1;
  Type *t;
  VEC_EACH(Type *, t, tt->unit_list) {
    int d = edit_distance(name, t->name, cap);
    if (d < bestd) { bestd = d; best = t->name; }
  }
  if (!best && strlen(name) == 3) {          /* usd -> USD */
    char up[4];
    for (int i = 0; i < 3; i++) up[i] = (name[i] >= 'a' && name[i] <= 'z') ? name[i] - 32 : name[i];
    up[3] = 0;
    if (type_is_currency_code(up)) best = intern(tt->in, up, 3);
  }
  return best;
}

bool type_has_unit(const Type *t) {
  return t && t->kind != TY_ERROR && t->kind != TY_NUMBER;
}

bool type_same_dim(const Type *a, const Type *b) {
  if (!a || !b || a->kind != b->kind) return false;
  switch (a->kind) {
  case TY_UNIT: return a->base == b->base;
  case TY_CURRENCY: return a->code == b->code;
  case TY_RATING: return a->lo == b->lo && a->hi == b->hi;
  case TY_MILESTONE: return a->steps == b->steps;
  case TY_NUMBER: return true;
  case TY_ERROR: return true;
  }
  return false;
}

bool type_is_fraction(const TypeTable *tt, const Type *t) {
  return t && tt->ratio && t->kind == TY_UNIT && t->base == tt->ratio->base;
}

bool type_convert(const TypeTable *tt, const Type *from, const Type *to, double v, double *out) {
  *out = v;
  if (from == to) return true;     /* exact: no v * s / s rounding */
  if (!from || !to || from->kind == TY_ERROR || to->kind == TY_ERROR) return true;
  if (from->kind == TY_NUMBER) return true;
  if (to->kind == TY_NUMBER) {
    if (type_is_fraction(tt, from)) { *out = v * from->scale / from->div; return true; }
    return false;
  }
  if (from->kind != to->kind) return false;
  switch (from->kind) {
  case TY_UNIT:
    if (from->base != to->base) return false;
    *out = v * (from->scale * to->div) / (from->div * to->scale);
    return true;
  case TY_CURRENCY:
  case TY_RATING:
    return type_same_dim(from, to);
  case TY_MILESTONE:
    if (from->steps == to->steps) return true;
    if (from->steps == 1) { *out = v * to->steps; return true; }
    return false;
  default:
    return false;
  }
}

/* Value of a fraction (ratio or percent) as a plain ratio. */
static double as_ratio(const Type *t, double v) {
  return v * t->scale / t->div;
}

Type *type_binop(TypeTable *tt, TypeOp op, Type *l, Type *r, double *lv, double *rv) {
  double dl = 0, dr = 0;
  if (!lv) lv = &dl;
  if (!rv) rv = &dr;
  if (!l || !r || l->kind == TY_ERROR || r->kind == TY_ERROR) return &tt->error;
  bool lu = type_has_unit(l), ru = type_has_unit(r);
  switch (op) {
  case TOP_ADD:
  case TOP_SUB:
    if (!lu) return r;                       /* a bare number takes the other side's unit */
    if (!ru) return l;
    if (tt->percent && tt->pp) {
      if (l == tt->percent && type_is_fraction(tt, r)) {
        type_convert(tt, r, l, *rv, rv);
        return op == TOP_SUB ? tt->pp : tt->percent;   /* percent - percent = pp */
      }
      if (l == tt->percent && r == tt->pp) return tt->percent;   /* percent ± pp */
      if (l == tt->pp && r == tt->percent) return op == TOP_ADD ? tt->percent : NULL;
    }
    if (type_same_dim(l, r)) {
      type_convert(tt, r, l, *rv, rv);
      return l;
    }
    return NULL;
  case TOP_MUL:
    if (!lu) return r;
    if (!ru) return l;
    /* a rate times its denominator: USD/gallon * gallons is USD */
    if (type_is_rate(l) && dim_id(r) == l->base->den) { to_base(l, lv); to_base(r, rv); return l->base->num; }
    if (type_is_rate(r) && dim_id(l) == r->base->den) { to_base(l, lv); to_base(r, rv); return r->base->num; }
    if (type_is_fraction(tt, l) && type_is_fraction(tt, r)) {
      *lv = as_ratio(l, *lv);
      *rv = as_ratio(r, *rv);
      return tt->ratio->base;
    }
    if (type_is_fraction(tt, l)) { *lv = as_ratio(l, *lv); return r; }
    if (type_is_fraction(tt, r)) { *rv = as_ratio(r, *rv); return l; }
    return NULL;
  case TOP_DIV:
    if (!ru) return l;                       /* a plain number divides anything */
    if (lu && type_same_dim(l, r)) {
      if (l->kind == TY_UNIT) { *lv *= l->scale * r->div; *rv *= r->scale * l->div; }
      else if (l->kind == TY_MILESTONE) { /* same steps */ }
      return &tt->number;
    }
    if (tt->count && r->kind == TY_UNIT && r->base == tt->count->base) {
      *rv *= (r->scale * tt->count->div) / (r->div * tt->count->scale);     /* X / count is X */
      return l;
    }
    if (type_is_fraction(tt, r)) { *rv = as_ratio(r, *rv); return l; }
    if (!lu) return NULL;
    /* an amount by its rate: USD / (USD/gallon) is gallons */
    if (type_is_rate(r) && !type_is_rate(l) && dim_id(l) == r->base->num) {
      to_base(l, lv); to_base(r, rv);
      return r->base->den;
    }
    /* two quantities make a rate: cases / people (in the base units) */
    Type *rt = type_rate(tt, dim_id(l), dim_id(r), 1, NULL);
    if (rt) { to_base(l, lv); to_base(r, rv); }
    return rt;
  }
  return NULL;
}

static const char *dim_noun(const TypeTable *tt, const Type *base) {
  if (!base) return NULL;
  if (tt->hours && base == tt->hours->base) return "duration";
  const char *n = base->name;
  if (!strcmp(n, "count") || !strcmp(n, "score") || !strcmp(n, "ratio")) return n;
  return NULL;
}

const char *type_describe(const TypeTable *tt, const Type *t, char *buf, size_t n) {
  if (!t) { snprintf(buf, n, "nothing"); return buf; }
  switch (t->kind) {
  case TY_ERROR: snprintf(buf, n, "an invalid value"); break;
  case TY_NUMBER: snprintf(buf, n, "a plain number"); break;
  case TY_CURRENCY: snprintf(buf, n, "an amount in %s", t->code); break;
  case TY_RATING: snprintf(buf, n, "a rating on the scale %s", t->name + 6); break;
  case TY_MILESTONE:
    if (t->boolean) snprintf(buf, n, "a boolean");
    else if (t->steps == 1) snprintf(buf, n, "a milestone");
    else snprintf(buf, n, "a milestone of %d steps", t->steps);
    break;
  case TY_UNIT: {
    if (t == tt->percent) { snprintf(buf, n, "a percent"); break; }
    if (t == tt->pp) { snprintf(buf, n, "a change in percentage points (pp)"); break; }
    if (type_is_rate(t)) { snprintf(buf, n, "a rate (%s)", t->name); break; }
    const char *noun = dim_noun(tt, t->base);
    if (noun && !strcmp(noun, t->name)) snprintf(buf, n, "a %s", noun);
    else if (noun) snprintf(buf, n, "a %s (%s)", noun, t->name);
    else snprintf(buf, n, "a quantity in %s", t->name);
    break;
  }
  }
  return buf;
}

const char *type_str(const Type *t) {
  return t ? t->name : "nothing";
}

const char *type_fmt_num(double v, char *buf, size_t n) {
  if (v == 0) v = 0;                          /* no "-0" */
  snprintf(buf, n, "%.10g", v);
  return buf;
}

const char *type_fmt_value(const Type *t, double v, char *buf, size_t n) {
  char num[40];
  type_fmt_num(v, num, sizeof num);
  if (!t || t->kind == TY_NUMBER || t->kind == TY_ERROR || t->kind == TY_RATING) {
    snprintf(buf, n, "%s", num);
  } else if (t->kind == TY_MILESTONE) {
    if (t->steps == 1) snprintf(buf, n, "%s", v != 0 ? "true" : "false");
    else snprintf(buf, n, "%s", num);
  } else if (t->kind == TY_CURRENCY) {
    snprintf(buf, n, "%s %s", num, t->code);
  } else if (!strcmp(t->name, "count") || !strcmp(t->name, "score")) {
    snprintf(buf, n, "%s", num);
  } else if (!strcmp(t->name, "percent")) {
    snprintf(buf, n, "%s%%", num);
  } else if (!strcmp(t->name, "pp")) {
    snprintf(buf, n, "%spp", num);
  } else {
    snprintf(buf, n, "%s %s", num, t->name);
  }
  return buf;
}
