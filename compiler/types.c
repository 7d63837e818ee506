/*
 * types.c - unit types: declared units and their dimensions, built-in
 * forms, conversion, and the arithmetic rules of docs/language.md §5.
 */
#include "types.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static size_t amap_slot(const AMap *m, const char *key) {
  uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
  size_t i = (size_t)(h >> 17) & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
  return i;
}

void *amap_get(const AMap *m, const char *key) {
  if (!m->cap || !key) return NULL;
  size_t i = amap_slot(m, key);
  return m->keys[i] ? m->vals[i] : NULL;
}

void amap_put(Arena *a, AMap *m, const char *key, void *val) {
  if (!key) return;
  if ((m->len + 1) * 2 > m->cap) {
    AMap n = {0};
    n.cap = m->cap ? m->cap * 2 : 64;
    n.keys = arena_alloc(a, n.cap * sizeof *n.keys);
    n.vals = arena_alloc(a, n.cap * sizeof *n.vals);
    for (size_t i = 0; i < m->cap; i++)
      if (m->keys[i]) {
        size_t j = amap_slot(&n, m->keys[i]);
        n.keys[j] = m->keys[i];
        n.vals[j] = m->vals[i];
        n.len++;
      }
    *m = n;               /* the old arrays stay in the arena */
  }
  size_t i = amap_slot(m, key);
  if (!m->keys[i]) { m->keys[i] = key; m->len++; }
  m->vals[i] = val;
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
  t->scale = 1;
  return t;
}

Type *type_declare_derived(TypeTable *tt, const char *name, double factor, Type *base) {
  Type *t = new_unit(tt, name);
  if (base && base->kind == TY_UNIT) {
    t->base = base->base;
    t->scale = factor * base->scale;
  } else {           /* defensive: a derived unit of an invalid base is its own base */
    t->base = t;
    t->scale = 1;
  }
  return t;
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
    if (type_is_fraction(tt, from)) { *out = v * from->scale / tt->ratio->base->scale; return true; }
    return false;
  }
  if (from->kind != to->kind) return false;
  switch (from->kind) {
  case TY_UNIT:
    if (from->base != to->base) return false;
    *out = v * from->scale / to->scale;
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
  return v * t->scale / t->base->scale;
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
      if (l->kind == TY_UNIT) { *lv *= l->scale; *rv *= r->scale; }
      else if (l->kind == TY_MILESTONE) { /* same steps */ }
      return &tt->number;
    }
    if (tt->count && r->kind == TY_UNIT && r->base == tt->count->base) {
      *rv *= r->scale / tt->count->scale;     /* X / count is X */
      return l;
    }
    if (type_is_fraction(tt, r)) { *rv = as_ratio(r, *rv); return l; }
    return NULL;
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
