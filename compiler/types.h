/*
 * types.h - unit types.
 *
 * Units are types.  Declared units (`unit NAME` and `unit NAME = FACTOR
 * BASE` in .bsc, normally from the prelude) form dimensions: every declared
 * unit resolves to a base unit and a scale (value * scale = value in the
 * base unit).  Besides declared units there are the built-in forms
 * currency(CODE) (or a bare upper-case code), rating(lo..hi),
 * milestone / milestone(N) and boolean.  A plain number has no unit; a bare
 * literal takes the unit of its context.
 *
 * All Types live in the compilation's arena; equal built-in types are
 * shared (one Type per currency code, per rating scale, per milestone
 * size), so pointer equality means "same unit".
 */
#ifndef BSC_TYPES_H
#define BSC_TYPES_H

#include "ast.h"

/* A hash map from interned string pointers to values whose storage lives
 * in an arena, so that tables built by the checker stay valid (and need no
 * freeing) for as long as the compilation's arena does. */
typedef struct AMapEnt {
  const char *key;
  void *val;
} AMapEnt;
typedef struct AMap {
  AMapEnt *ents;             /* key and value side by side: one cache line a lookup */
  size_t cap, len;
} AMap;                          /* zero-initialised is an empty map */
void *amap_get(const AMap *m, const char *key);
void  amap_put(Arena *a, AMap *m, const char *key, void *val);   /* replaces */
/* Makes room for n entries in all, so that filling a map whose size is
 * known (the checker's names) never rehashes. */
void  amap_reserve(Arena *a, AMap *m, size_t n);

typedef enum {
  TY_ERROR,      /* already reported: suppresses follow-on errors */
  TY_NUMBER,     /* a plain number */
  TY_UNIT,       /* a declared unit */
  TY_CURRENCY,   /* money in one currency */
  TY_RATING,     /* rating(lo..hi) */
  TY_MILESTONE,  /* milestone(N) or boolean */
} TypeKind;

struct Type {
  TypeKind kind;
  const char *name;        /* as printed: "weeks", "CNY", "rating(1..5)",
                              "milestone(5)", "boolean", "number" */
  /* TY_UNIT */
  struct Type *base;       /* the base unit of the dimension (itself for a base unit) */
  double scale, div;       /* value * scale / div = value in base units; the divisor keeps
                              `1/60 hours` exact (90 minutes are 1.5 hours, not 1.4999...) */
  /* a rate (TY_UNIT): num per `per` den, `cases/1000 people`.  On the base
   * of a rate's dimension, num and den are the dimensions (a base unit
   * or a currency) and per is 1; base->num says that a unit is a rate. */
  struct Type *num, *den;
  double per;
  /* TY_CURRENCY */
  const char *code;
  /* TY_RATING */
  double lo, hi;
  /* TY_MILESTONE */
  int steps;               /* 1 for milestone and boolean */
  bool boolean;            /* written `boolean` */
};

typedef struct TypeTable {
  Arena *arena;
  Interner *in;
  AMap units;              /* interned name -> Type*: declared units */
  AMap currencies;         /* interned code -> Type* */
  Vec ratings, milestones; /* Type*, shared by shape */
  Vec rates;               /* Type*: rate units, shared by (num, den, per) */
  Vec unit_list;           /* Type*: declared units, in declaration order (for suggestions) */
  Type error, number, boolean;
  /* well-known prelude units, NULL when not declared */
  Type *percent, *ratio, *pp, *count, *hours;
} TypeTable;

void  type_table_init(TypeTable *tt, Arena *a, Interner *in);
/* Marks a declared unit name as invalid (its declaration was reported):
 * type_lookup() then gives the error type, which suppresses follow-ons. */
void  type_declare_invalid(TypeTable *tt, const char *name);

/* Declares a base unit, or a unit `factor` times `base` (base may itself be
 * derived).  Returns the new Type. */
Type *type_declare_base(TypeTable *tt, const char *name);
Type *type_declare_derived(TypeTable *tt, const char *name, double factor, Type *base);
/* The same with an exact fraction: `unit minutes = 1/60 hours` is n 1, d 60. */
Type *type_declare_ratio(TypeTable *tt, const char *name, double n, double d, Type *base);

/* Rate units (docs/language.md §5.1): `num` per `per` of `den`, e.g.
 * USD per gallon, cases per 1000 people.  num and den are declared units
 * or currencies; NULL (nothing made) when one of them cannot be part of a
 * rate, with *why set to a phrase for the message: a rating, a milestone,
 * a rate itself, a fraction or a count as the denominator, a per that is
 * not a positive finite number. */
Type *type_rate(TypeTable *tt, Type *num, Type *den, double per, const char **why);
/* True for a rate unit (of a dimension num/den). */
bool  type_is_rate(const Type *t);
/* Parses a unit as written in a CSV `unit` column or a hover: a unit name,
 * or `NUM/DEN`, `NUM/N DEN` (`cases/1000 people`).  NULL when unknown. */
Type *type_parse(TypeTable *tt, const char *text);

/* Looks a unit name up: a declared unit, `%` (percent), or an upper-case
 * three-letter currency code.  NULL when unknown. */
Type *type_lookup(TypeTable *tt, const char *name);
/* True for names of the form of a currency code: three ASCII capitals. */
bool  type_is_currency_code(const char *name);
Type *type_currency(TypeTable *tt, const char *code);
Type *type_rating(TypeTable *tt, double lo, double hi);
Type *type_milestone(TypeTable *tt, int steps, bool boolean);

/* Suggestion for an unknown unit name (a declared unit within edit
 * distance max(1, len/3)), or NULL. */
const char *type_suggest(TypeTable *tt, const char *name);

/* True when t carries a unit (not a plain number, not an error). */
bool type_has_unit(const Type *t);
/* True when a and b measure the same thing (values convert). */
bool type_same_dim(const Type *a, const Type *b);
/* True for the dimension of `ratio` (ratio, percent): dimensionless
 * fractions that may scale other quantities in `*` and `/`. */
bool type_is_fraction(const TypeTable *tt, const Type *t);

/* Converts v from unit `from` into unit `to`.  A plain number converts to
 * anything unchanged (it takes the unit of its context); an error type
 * converts silently.  Returns false when the units are incompatible
 * (different dimensions, different currencies, pp vs percent, different
 * rating scales). */
bool  type_convert(const TypeTable *tt, const Type *from, const Type *to, double v, double *out);

/* Binary arithmetic on units (docs/language.md §5).  Returns the result
 * type, or NULL when the combination is not allowed.  When lv/rv are given
 * they are converted in place so that the caller can apply the plain
 * arithmetic operator to them and get a value in the result unit. */
typedef enum { TOP_ADD, TOP_SUB, TOP_MUL, TOP_DIV } TypeOp;
Type *type_binop(TypeTable *tt, TypeOp op, Type *l, Type *r, double *lv, double *rv);

/* "a duration (weeks)", "a percent", "an amount in CNY", "a plain number" */
const char *type_describe(const TypeTable *tt, const Type *t, char *buf, size_t n);
/* The unit as written: "weeks", "CNY", "rating(1..5)". */
const char *type_str(const Type *t);

/* Formats a number compactly (%.10g, no trailing noise): 0.1+0.2 -> "0.3". */
const char *type_fmt_num(double v, char *buf, size_t n);
/* Formats a value with its unit as a user would write it: "45%", "2 weeks",
 * "12pp", "300000 CNY", "4.5". */
const char *type_fmt_value(const Type *t, double v, char *buf, size_t n);

#endif
