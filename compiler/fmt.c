/*
 * fmt.c - the canonical formatter (docs/fmt.md).
 *
 * Three steps:
 *   1. build: the AST of one file becomes a tree of Items, each one output
 *      line (a KR, an objective item, a link...) or a block (a head line,
 *      children, a closing brace), in canonical order, each remembering
 *      the byte span of the source it came from;
 *   2. comments: every comment of the file is attached to an Item by its
 *      offset: as a trailing comment of the line it ends, as a leading
 *      comment of the next item in its block, or as a comment before a
 *      closing brace or at the end of the file;
 *   3. emit: items and comments become output lines, which are aligned
 *      in columns (gofmt style: consecutive lines of one kind) and joined.
 *
 * Everything printed comes from the AST except what the AST does not keep
 * and the user chose: the text of number literals (4.0% stays 4.0%) and
 * of comments.  fmt_text() checks the result against the input's ast_dump.
 */
#include "fmt.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Alignment groups: only consecutive lines of one group are aligned. */
enum {
  G_NONE, G_IMPORT, G_STRAT, G_PERSP, G_UNIT, G_OBJ, G_KR, G_TOPKPI, G_LINK,
  G_INIT, G_EFFECT, G_CHECKIN, G_HEAD, G_CLOSE, G_MILESTONE,
};

#define MAXCELLS 4

typedef struct Item Item;
struct Item {
  bool block;
  uint32_t off, end;         /* the source it came from (a block: up to its `}`) */
  uint32_t head_end;         /* block: just after its `{` */
  uint32_t close_off;        /* block: its `}` */
  int group;
  int kind;                  /* top level: the NodeKind; else -1 */
  const char *cells[MAXCELLS];   /* the line (a block: its head line) */
  int gaps[MAXCELLS];        /* spaces after each cell at least */
  int ncells;
  Item **kids; int nkids;    /* block: in canonical order */
  Item **skids;              /* block: kids by source offset (lazily) */
  Vec lead;                  /* Comment*: own-line comments before it */
  Vec hoist;                 /* Comment*: comments from inside it, printed before it */
  Vec trail;                 /* Comment*: at the end of its (head) line */
  Vec close_trail;           /* block: after its `}` */
  Vec tail;                  /* block: own-line comments before its `}` */
  bool blank;                /* a blank line before it in the source */
};

typedef struct Anchor {
  uint32_t off, end;
  Item *it;
  int kind;                  /* 0 a line, 1 a block's head, 2 a block's `}` */
} Anchor;

typedef struct OutLine {
  int indent;
  int group;                 /* G_NONE: a comment line or a blank line */
  bool blank;
  const char *cells[MAXCELLS];
  int gaps[MAXCELLS];
  int ncells;
  int pad[MAXCELLS];         /* column width incl. gap (0: just the gap) */
  const char *comment;       /* trailing comment(s), or NULL */
  int comment_col;           /* column of the trailing comment (0: after 2 spaces) */
  const char *text;          /* a comment line */
} OutLine;

typedef struct Fmt {
  const char *src;
  uint32_t len;
  const Comment *cm;
  int ncm;
  Arena a;
  Item root;
  Vec anchors;               /* Anchor* */
  void **by_off, **by_end;   /* anchors sorted by start, by end */
  OutLine *lines;
  int nlines, cap;
  int indent;
  bool fresh;                /* at the start of a block: no blank line */
} Fmt;

/* ---- source scanning -------------------------------------------------- */

static bool is_idc(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c >= 0x80;
}
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

/* Index of the comment starting (ending) exactly at pos, or -1. */
static int comment_at(const Fmt *F, uint32_t pos, bool end) {
  int lo = 0, hi = F->ncm - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    uint32_t v = end ? F->cm[mid].span.end : F->cm[mid].span.off;
    if (v == pos) return mid;
    if (v < pos) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

static uint32_t skip_fwd(const Fmt *F, uint32_t pos) {
  while (pos < F->len) {
    if (is_ws(F->src[pos])) { pos++; continue; }
    int c = comment_at(F, pos, false);
    if (c < 0) break;
    pos = F->cm[c].span.end;
  }
  return pos;
}

static uint32_t skip_back(const Fmt *F, uint32_t pos) {
  while (pos > 0) {
    if (is_ws(F->src[pos - 1])) { pos--; continue; }
    int c = comment_at(F, pos, true);
    if (c < 0) break;
    pos = F->cm[c].span.off;
  }
  return pos;
}

/* Start of the token before pos: a keyword or name, or one character. */
static uint32_t prev_tok(const Fmt *F, uint32_t pos) {
  uint32_t p = skip_back(F, pos);
  if (p == 0) return 0;
  if (is_idc((unsigned char)F->src[p - 1])) {
    while (p > 0 && is_idc((unsigned char)F->src[p - 1])) p--;
    return p;
  }
  return p - 1;
}

/* The `{` of a block head starting at pos; returns the offset after it. */
static uint32_t head_brace(const Fmt *F, uint32_t pos, uint32_t limit) {
  while (pos < limit) {
    char c = F->src[pos];
    if (c == '{') return pos + 1;
    int ci = comment_at(F, pos, false);
    if (ci >= 0) { pos = F->cm[ci].span.end; continue; }
    if (c == '"') {
      for (pos++; pos < limit && F->src[pos] != '"' && F->src[pos] != '\n'; pos++)
        if (F->src[pos] == '\\') pos++;
    }
    pos++;
  }
  return limit;
}

/* Is there an empty line right before pos (whitespace with two newlines)? */
static bool blank_before(const Fmt *F, uint32_t pos) {
  int nl = 0;
  while (pos > 0 && is_ws(F->src[pos - 1])) {
    if (F->src[pos - 1] == '\n') nl++;
    pos--;
  }
  return nl >= 2 && pos > 0;
}

static bool same_line(const Fmt *F, uint32_t a, uint32_t b) {
  if (a > b) return false;
  return !memchr(F->src + a, '\n', b - a);
}

/* Does comment ci start its line (nothing but blanks and comments before)? */
static bool own_line(const Fmt *F, int ci) {
  uint32_t p = F->cm[ci].span.off;
  for (;;) {
    while (p > 0 && F->src[p - 1] != '\n' && is_ws(F->src[p - 1])) p--;
    if (p == 0 || F->src[p - 1] == '\n') return true;
    int j = comment_at(F, p, true);
    if (j < 0 || j >= ci) return false;
    p = F->cm[j].span.off;
  }
}

/* End of the number literal at pos: {D}[0-9_]*(\.{D}[0-9_]*)?([eE][+-]?{D}+)? */
static uint32_t num_end(const Fmt *F, uint32_t p) {
  const char *s = F->src;
  uint32_t n = F->len;
  if (p >= n || !is_digit(s[p])) return p;
  while (p < n && (is_digit(s[p]) || s[p] == '_')) p++;
  if (p + 1 < n && s[p] == '.' && is_digit(s[p + 1])) {
    p++;
    while (p < n && (is_digit(s[p]) || s[p] == '_')) p++;
  }
  if (p < n && (s[p] == 'e' || s[p] == 'E')) {
    uint32_t q = p + 1;
    if (q < n && (s[q] == '+' || s[q] == '-')) q++;
    if (q < n && is_digit(s[q])) {
      while (q < n && is_digit(s[q])) q++;
      p = q;
    }
  }
  /* a magnitude is part of the number (`1.2M`, lexer.l's lex_number) */
  if (p < n && amount_magnitude(s + p, 1, false) && !(p + 1 < n && is_idc((unsigned char)s[p + 1]))) p++;
  return p;
}

/* A number as written in a plain context (rank, weight, limit, rating
 * bound): the literal with its attached suffix, e.g. `25%`. */
static uint32_t plain_tok_end(const Fmt *F, uint32_t p) {
  uint32_t e = num_end(F, p);
  if (e < F->len && F->src[e] == '%') return e + 1;
  while (e < F->len && is_idc((unsigned char)F->src[e])) e++;
  return e;
}

/* ---- printing values -------------------------------------------------- */

static bool invisible(uint32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || c == 0x61C || c == 0x180E ||
         (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF;
}

static void put_cp(Buf *b, uint32_t c) {
  switch (c) {
  case '"': buf_puts(b, "\\\""); return;
  case '\\': buf_puts(b, "\\\\"); return;
  case '\n': buf_puts(b, "\\n"); return;
  case '\t': buf_puts(b, "\\t"); return;
  }
  if (invisible(c)) { buf_printf(b, "\\u{%X}", (unsigned)c); return; }
  char o[4];
  int n = utf8_encode(c, o);
  buf_putn(b, o, (size_t)n);
}

/* A string literal, re-escaped from its source text: the same characters,
 * with the fewest escapes (control and invisible characters escaped). */
static void put_string(const Fmt *F, Buf *b, Str s) {
  const char *t = F->src;
  uint32_t i = s.span.off + 1, end = s.span.end;
  if (end > i && t[end - 1] == '"') end--;
  buf_putc(b, '"');
  while (i < end) {
    unsigned char ch = (unsigned char)t[i];
    if (ch == '\\' && i + 1 < end) {
      char e = t[i + 1];
      i += 2;
      switch (e) {
      case 'n': put_cp(b, '\n'); break;
      case 't': put_cp(b, '\t'); break;
      case '"': put_cp(b, '"'); break;
      case '\\': put_cp(b, '\\'); break;
      case 'u': {
        uint32_t cp = 0;
        if (i < end && t[i] == '{') i++;
        while (i < end && t[i] != '}') {
          char h = t[i++];
          cp = cp * 16 + (uint32_t)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        i++;
        put_cp(b, cp);
        break;
      }
      default: put_cp(b, (unsigned char)e);
      }
      continue;
    }
    if (ch >= 0x80) {
      uint32_t cp;
      int n = utf8_decode(t + i, end - i, &cp);
      if (n <= 0) { buf_putc(b, (char)ch); i++; continue; }
      put_cp(b, cp);
      i += (uint32_t)n;
      continue;
    }
    put_cp(b, ch);
    i++;
  }
  buf_putc(b, '"');
}

/* A number literal with its unit: the digits as written; `%` and `pp`
 * attached, other unit words after a space (in a plain context, where a
 * unit word cannot follow, the suffix stays as written, and so does an
 * attached reserved word: `60aligns` spaced would be the keyword). */
/* The denominator of a rate, canonically: `/gallon`, `/1000 people`
 * (the count as written: `1k` stays `1k`). */
static void put_per(const Fmt *F, Buf *b, const UnitPer *per) {
  if (!per || !per->unit.name) return;
  buf_putc(b, '/');
  if (per->has_n) {
    uint32_t p = per->n_span.off, e = num_end(F, p);
    if (e > p) buf_putn(b, F->src + p, e - p);
    else buf_printf(b, "%.17g", per->n);
    buf_putc(b, ' ');
  }
  buf_puts(b, per->unit.name);
}

static void put_number(const Fmt *F, Buf *b, const Expr *e, bool plain) {
  uint32_t p = e->span.off;
  if (p < F->len && F->src[p] == '+') p = skip_fwd(F, p + 1);
  uint32_t ne = num_end(F, p);
  if (ne == p) { buf_printf(b, "%.17g", e->num); ne = p; }   /* cannot happen */
  else buf_putn(b, F->src + p, ne - p);
  if (!e->unit.name) return;
  const char *u = e->unit.name;
  bool attached = e->unit.span.off == ne;
  if (!strcmp(u, "%") || !strcmp(u, "pp") || (attached && (plain || lex_is_keyword(u)))) buf_puts(b, u);
  else { buf_putc(b, ' '); buf_puts(b, u); }
  put_per(F, b, e->per);
}

static int prec(const Expr *e) {
  switch (e->kind) {
  case EX_ADD: case EX_SUB: return 1;
  case EX_MUL: case EX_DIV: return 2;
  case EX_NEG: return 3;
  default: return 4;
  }
}

/* Did the source put this operand in parentheses?  Kept when it did. */
static bool parenthesized(const Fmt *F, const Expr *e) {
  uint32_t a = skip_back(F, e->span.off), z = skip_fwd(F, e->span.end);
  return a > 0 && F->src[a - 1] == '(' && z < F->len && F->src[z] == ')';
}

static void put_expr(const Fmt *F, Buf *b, const Expr *e, bool plain);

static void put_operand(const Fmt *F, Buf *b, const Expr *e, bool parens) {
  if (parens || parenthesized(F, e)) {
    buf_putc(b, '(');
    put_expr(F, b, e, false);
    buf_putc(b, ')');
  } else
    put_expr(F, b, e, false);
}

static void put_expr(const Fmt *F, Buf *b, const Expr *e, bool plain) {
  static const char *ops[] = { [EX_ADD] = " + ", [EX_SUB] = " - ", [EX_MUL] = " * ", [EX_DIV] = " / " };
  if (!e) return;
  switch (e->kind) {
  case EX_NUM:
    if (e->span_unit) buf_printf(b, "%d%c", (int)e->num, ast_period_word(e->span_unit)[0]);   /* 4q, 1y */
    else put_number(F, b, e, plain);
    break;
  case EX_BOOL: buf_puts(b, e->num ? "true" : "false"); break;
  case EX_REF: buf_puts(b, e->ref.name); break;
  case EX_CALL:
    buf_puts(b, e->ref.name);
    buf_putc(b, '(');
    for (int i = 0; i < e->nargs; i++) {
      if (i) buf_puts(b, ", ");
      put_expr(F, b, e->args[i], false);
    }
    buf_putc(b, ')');
    break;
  case EX_NEG:
    buf_putc(b, '-');
    if (plain) put_expr(F, b, e->lhs, true);
    else put_operand(F, b, e->lhs, prec(e->lhs) < 3);
    break;
  case EX_ADD: case EX_SUB: case EX_MUL: case EX_DIV:
    put_operand(F, b, e->lhs, prec(e->lhs) < prec(e));
    buf_puts(b, ops[e->kind]);
    put_operand(F, b, e->rhs, prec(e->rhs) <= prec(e));
    break;
  }
}

static void put_period(Buf *b, Period p) {
  const char *fy = p.fiscal ? "FY" : "";   /* FY2025-Q1: always upper case */
  switch (p.kind) {
  case PER_NONE:    buf_puts(b, "?"); break;
  case PER_YEAR:    buf_printf(b, "%s%d", fy, p.year); break;
  case PER_HALF:    buf_printf(b, "%s%d-H%d", fy, p.year, p.sub); break;
  case PER_QUARTER: buf_printf(b, "%s%d-Q%d", fy, p.year, p.sub); break;
  case PER_WEEK:    buf_printf(b, "%d-W%02d", p.year, p.sub); break;
  case PER_DAY:     buf_printf(b, "%d-%02d-%02d", p.year, p.sub, p.day); break;
  case PER_MONTH:   buf_printf(b, "%d-%02d", p.year, p.sub); break;
  }
}

static void put_lag(Buf *b, Lag l) {
  static const char u[] = { [PER_NONE] = 0, [PER_YEAR] = 'y', [PER_HALF] = 'h',
                            [PER_QUARTER] = 'q', [PER_MONTH] = 'm' };
  if (l.unit == PER_NONE) buf_puts(b, "0");
  else buf_printf(b, "%d%c", l.n, u[l.unit]);
  if (!l.range) return;                /* `1q..3q`, with no spaces */
  if (l.hi_unit == PER_NONE) buf_puts(b, "..0");
  else buf_printf(b, "..%d%c", l.hi_n, u[l.hi_unit]);
}

/* The plain number of a rating bound at p: `-`? literal. */
static uint32_t put_bound(const Fmt *F, Buf *b, uint32_t p) {
  p = skip_fwd(F, p);
  if (p < F->len && F->src[p] == '-') { buf_putc(b, '-'); p = skip_fwd(F, p + 1); }
  uint32_t e = plain_tok_end(F, p);
  buf_putn(b, F->src + p, e - p);
  return e;
}

static void put_unit_atom(const Fmt *F, Buf *b, const UnitRef *u);

static void put_unit(const Fmt *F, Buf *b, const UnitRef *u) {
  put_unit_atom(F, b, u);
  put_per(F, b, &u->per);
}

static void put_unit_atom(const Fmt *F, Buf *b, const UnitRef *u) {
  switch (u->form) {
  case UF_NAMED: buf_puts(b, u->name.name); break;
  case UF_CURRENCY: buf_printf(b, "%s(%s)", u->name.name, u->code.name); break;
  case UF_RATING: {
    buf_printf(b, "%s(", u->name.name);
    uint32_t p = skip_fwd(F, u->name.span.end);
    if (p < F->len && F->src[p] == '(') p++;
    p = put_bound(F, b, p);
    p = skip_fwd(F, p);
    if (p + 1 < F->len && F->src[p] == '.') p += 2;
    buf_puts(b, "..");
    put_bound(F, b, p);
    buf_putc(b, ')');
    break;
  }
  case UF_MILESTONE:
    buf_puts(b, u->name.name);
    if (u->steps != 1) buf_printf(b, "(%d)", u->steps);
    break;
  }
}

/* ---- building items --------------------------------------------------- */

static const char *steal(Fmt *F, Buf *b) {
  const char *s = arena_strndup(&F->a, b->data ? b->data : "", b->len);
  buf_free(b);
  buf_init(b);
  return s;
}

static Item *new_item(Fmt *F, uint32_t off, uint32_t end, int group) {
  Item *it = arena_alloc(&F->a, sizeof *it);
  it->off = off;
  it->end = end;
  it->group = group;
  it->kind = -1;
  return it;
}

static void add_cell(Fmt *F, Item *it, Buf *b, int gap) {
  if (it->ncells == MAXCELLS) {           /* join into the last one */
    Buf j; buf_init(&j);
    buf_puts(&j, it->cells[MAXCELLS - 1]);
    buf_putc(&j, ' ');
    buf_putn(&j, b->data ? b->data : "", b->len);
    it->cells[MAXCELLS - 1] = steal(F, &j);
    buf_free(b); buf_init(b);
    return;
  }
  it->gaps[it->ncells] = gap;
  it->cells[it->ncells++] = steal(F, b);
}

static void anchor(Fmt *F, Item *it, uint32_t off, uint32_t end, int kind) {
  Anchor *a = arena_alloc(&F->a, sizeof *a);
  a->off = off; a->end = end; a->it = it; a->kind = kind;
  vec_push(&F->a, &F->anchors, a);
}

static Item *line_item(Fmt *F, Vec *kids, uint32_t off, uint32_t end, int group) {
  Item *it = new_item(F, off, end, group);
  anchor(F, it, off, end, 0);
  vec_push(&F->a, kids, it);
  return it;
}

/* An item with one cell: the text in b. */
static Item *simple(Fmt *F, Vec *kids, uint32_t off, uint32_t end, int group, Buf *b) {
  Item *it = line_item(F, kids, off, end, group);
  add_cell(F, it, b, 1);
  return it;
}

static void block_items(Fmt *F, Item *it, Vec *kids) {
  it->nkids = kids->len;
  it->kids = (Item **)kids->items;
}

/* Makes `it` a block from its span: head up to `{`, close at `}`. */
static void make_block(Fmt *F, Item *it, Buf *head) {
  it->block = true;
  it->head_end = head_brace(F, it->off, it->end);
  it->close_off = it->end > it->off && F->src[it->end - 1] == '}' ? it->end - 1 : it->end;
  if (it->head_end > it->close_off) it->head_end = it->close_off;
  buf_puts(head, " {");
  add_cell(F, it, head, 1);
  anchor(F, it, it->off, it->head_end, 1);
  anchor(F, it, it->close_off, it->end, 2);
}

/* `scored [MODE { ITEMS }]` or `context`; an unknown mode (E130) is kept
 * as written. */
static void mode_text(const Fmt *F, Buf *b, const KR *k) {
  static const char *cmp[] = { "", "->", ">=", ">", "<=", "<" };
  if (!k->mode) return;
  if (k->mode_bad) { buf_printf(b, " %.*s", (int)(k->mode_span.end - k->mode_span.off), F->src + k->mode_span.off); return; }
  if (k->mode == KM_CONTEXT) { buf_puts(b, " context"); return; }
  buf_puts(b, " scored");
  if (k->mode == KM_HEALTH) return;
  buf_printf(b, " %s {", k->mode == KM_QUICKSCORE ? "quickscore" : k->mode == KM_BAND ? "band" : "rules");
  for (int i = 0; i < k->nmitems; i++) {
    const ModeItem *m = &k->mitems[i];
    buf_printf(b, "%s%s", i ? ", " : " ", m->word.name ? m->word.name : "?");
    if (!m->a) continue;
    buf_putc(b, ' ');
    if (m->cmp != SPEC_NONE && m->cmp != SPEC_WITHIN) buf_printf(b, "%s ", cmp[m->cmp]);
    put_expr(F, b, m->a, false);
    if (m->cmp == SPEC_WITHIN) { buf_puts(b, " .. "); put_expr(F, b, m->b, false); }
  }
  buf_puts(b, k->nmitems ? " }" : "}");
}

/* A measure's margin, benchmark and breakdown (docs/language.md §7.5):
 * `± 3pp`, `benchmark "Peers" { 2025: 8.4 }`, `breakdown district mean { north, south }`. */
static void measure_text(const Fmt *F, Buf *b, const KR *k) {
  if (k->margin) { buf_puts(b, " ± "); put_expr(F, b, k->margin, false); }
  if (k->has_bench) {
    buf_puts(b, " benchmark ");
    if (k->bench_label.text) { put_string(F, b, k->bench_label); buf_putc(b, ' '); }
    if (k->bench) put_expr(F, b, k->bench, false);
    else {
      buf_putc(b, '{');
      for (int i = 0; i < k->nbench; i++) {
        buf_puts(b, i ? ", " : " ");
        put_period(b, k->bench_pts[i].at);
        buf_puts(b, ": ");
        put_expr(F, b, k->bench_pts[i].value, false);
      }
      buf_puts(b, k->nbench ? " }" : "}");
    }
  }
  if (k->bd) {
    buf_printf(b, " breakdown %s %s {", k->bd->dim.name, k->bd->rule.name);
    for (int i = 0; i < k->bd->n; i++) {
      buf_printf(b, "%s%s", i ? ", " : " ", k->bd->members[i].name.name);
      if (k->bd->members[i].weight) { buf_putc(b, ' '); put_expr(F, b, k->bd->members[i].weight, true); }
    }
    buf_puts(b, k->bd->n ? " }" : "}");
  }
}

static void kr_text(const Fmt *F, Buf *b, const KR *k) {
  static const char *cmp[] = { "", "->", ">=", ">", "<=", "<" };
  put_unit(F, b, &k->unit);
  if (k->spec == SPEC_RANGE) {
    buf_putc(b, ' '); put_expr(F, b, k->baseline, false);
    buf_puts(b, " -> ");
    if (k->growth && k->target && k->target->kind != EX_NEG) buf_putc(b, '+');   /* a rate: signed */
    put_expr(F, b, k->target, false);
    if (k->growth) buf_printf(b, "%s per %s", k->growth_rel ? " relative" : "", k->growth_per.name);
  } else if (k->spec == SPEC_WITHIN) {
    buf_puts(b, k->maintain ? " maintain " : " "); put_expr(F, b, k->baseline, false);
    buf_puts(b, " .. "); put_expr(F, b, k->target, false);
  } else if (k->spec != SPEC_NONE) {
    buf_printf(b, "%s %s ", k->maintain ? " maintain" : "", cmp[k->spec]); put_expr(F, b, k->target, false);
  }
  if (k->spec != SPEC_RANGE && k->spec != SPEC_WITHIN && k->baseline) { buf_puts(b, " from "); put_expr(F, b, k->baseline, false); }
  if (k->warn) { buf_puts(b, " warn "); put_expr(F, b, k->warn, false); }
  mode_text(F, b, k);
  if (k->starts.kind != PER_NONE) { buf_puts(b, k->during ? " during " : " starts "); put_period(b, k->starts); }
  if (k->due.kind != PER_NONE) { buf_puts(b, " by "); put_period(b, k->due); }
  /* an unknown word (E100) or carry limit (E103) is kept as written */
  if (k->every_bad) buf_printf(b, " %.*s", (int)(k->every_span.end - k->every_span.off), F->src + k->every_span.off);
  else if (k->freq != PER_NONE) {
    buf_printf(b, " every %s", ast_period_word(k->freq));
    if (k->agg != AGG_NONE) buf_printf(b, " %s", ast_agg_word(k->agg));
  }
  if (k->carry.present)
    buf_printf(b, " carry %.*s", (int)(k->carry.span.end - k->carry.span.off), F->src + k->carry.span.off);
  for (int i = 0; i < k->nfeeds; i++) {
    buf_printf(b, "%s%s", i ? ", " : " feeds ", k->feeds[i].to.name);
    if (k->feeds[i].weight) { buf_putc(b, ' '); put_expr(F, b, k->feeds[i].weight, true); }
  }
  if (k->cascade.name) buf_printf(b, " cascade %s", k->cascade.name);
  if (k->has_plan) {
    buf_puts(b, k->plan_step ? " plan step {" : " plan {");
    for (int i = 0; i < k->nplan; i++) {
      buf_puts(b, i ? ", " : " ");
      put_period(b, k->plan[i].at);
      buf_puts(b, ": ");
      put_expr(F, b, k->plan[i].value, false);
    }
    buf_puts(b, k->nplan ? " }" : "}");
  }
  measure_text(F, b, k);
  if (k->weight) { buf_puts(b, " weight "); put_expr(F, b, k->weight, false); }
  if (k->dir) buf_puts(b, k->dir == DIR_INCREASE ? " increase" : " decrease");
  if (k->commit) buf_puts(b, k->commit == COMMIT_COMMITTED ? " committed" : " aspirational");
  if (k->compensation) buf_puts(b, " compensation");
  if (k->owner.text) { buf_puts(b, " owner "); put_string(F, b, k->owner); }
  if (k->persp.name) buf_printf(b, " in %s", k->persp.name);
  if (k->forecast) { buf_puts(b, " forecast "); put_expr(F, b, k->forecast, false); }
  if (k->formula) { buf_puts(b, " = "); put_expr(F, b, k->formula, false); }
}

/* A KR or KPI line.  Without a title, the name is a cell of its own so
 * that the colons of consecutive KRs line up. */
static Item *kr_item(Fmt *F, Vec *kids, const KR *k, int group) {
  Item *it = line_item(F, kids, k->h.span.off, k->h.span.end, group);
  Buf b; buf_init(&b);
  buf_printf(&b, "%s %s", k->h.kind == ND_KR ? "kr" : "kpi", k->name.name);
  if (k->title.text) {
    buf_putc(&b, ' '); put_string(F, &b, k->title);
    buf_puts(&b, " : ");
  } else {
    add_cell(F, it, &b, 1);
    buf_puts(&b, ": ");
  }
  kr_text(F, &b, k);
  add_cell(F, it, &b, 1);
  return it;
}

static void build_strategy(Fmt *F, Vec *kids, Strategy *s, Buf *b) {
  if (s->fiscal_month.name) {       /* first: the horizon is named by it */
    buf_printf(b, "fiscal year starts %s", s->fiscal_month.name);
    simple(F, kids, s->fiscal_span.off, s->fiscal_span.end, G_STRAT, b);
  }
  if (s->from.kind != PER_NONE) {
    buf_puts(b, "horizon "); put_period(b, s->from); buf_puts(b, " .. "); put_period(b, s->to);
    simple(F, kids, s->horizon_span.off, s->horizon_span.end, G_STRAT, b);
  }
  if (s->cadence.name) {
    buf_printf(b, "cadence %s", s->cadence.name);
    simple(F, kids, prev_tok(F, s->cadence.span.off), s->cadence.span.end, G_STRAT, b);
  }
  if (s->has_perspectives) {
    buf_puts(b, "perspectives {");
    for (int i = 0; i < s->nweights; i++) {
      buf_puts(b, i ? "  " : " ");
      buf_printf(b, "%s ", s->weights[i].persp.name);
      put_expr(F, b, s->weights[i].weight, true);
    }
    buf_puts(b, s->nweights ? " }" : "}");
    simple(F, kids, s->persp_span.off, s->persp_span.end, G_STRAT, b);
  }
  if (s->green || s->yellow) {
    uint32_t first = s->green ? s->green->span.off : s->yellow->span.off;
    uint32_t last = s->green ? s->green->span.end : s->yellow->span.end;
    if (s->yellow && s->yellow->span.off < first) first = s->yellow->span.off;
    if (s->yellow && s->yellow->span.end > last) last = s->yellow->span.end;
    buf_puts(b, "thresholds {");
    if (s->green) { buf_puts(b, " green "); put_expr(F, b, s->green, true); }
    if (s->yellow) { buf_puts(b, s->green ? "  yellow " : " yellow "); put_expr(F, b, s->yellow, true); }
    buf_puts(b, " }");
    simple(F, kids, prev_tok(F, prev_tok(F, prev_tok(F, first))), last, G_STRAT, b);
  }
  static const char *lim[LIMIT_COUNT] = { "objectives_per_owner", "krs_per_objective" };
  for (int i = 0; i < LIMIT_COUNT; i++) {
    if (!s->limits[i]) continue;
    buf_printf(b, "limit %s ", lim[i]);
    put_expr(F, b, s->limits[i], true);
    simple(F, kids, s->limit_spans[i].off, s->limit_spans[i].end, G_STRAT, b);
  }
  if (s->store.text) {
    buf_puts(b, "store "); put_string(F, b, s->store);
    simple(F, kids, s->store_span.off, s->store_span.end, G_STRAT, b);
  }
}

static void build_objective(Fmt *F, Vec *kids, Objective *o, Buf *b) {
  if (o->owner.text) {
    buf_puts(b, "owner "); put_string(F, b, o->owner);
    simple(F, kids, prev_tok(F, o->owner.span.off), o->owner.span.end, G_OBJ, b);
  }
  if (o->level != LEVEL_NONE) {
    static const char *lv[] = { "", "company", "team", "individual" };
    if (o->group.text && (o->level == LEVEL_TEAM || o->level == LEVEL_INDIVIDUAL)) {
      buf_printf(b, "%s ", lv[o->level]); put_string(F, b, o->group);
    } else
      buf_printf(b, "level %s", lv[o->level]);
    simple(F, kids, o->level_span.off, o->level_span.end, G_OBJ, b);
  }
  if (o->nparents) {
    buf_puts(b, "aligns ");
    for (int i = 0; i < o->nparents; i++) {
      const Align *al = &o->parents[i];
      buf_printf(b, "%s%s", i ? ", " : "", al->to.name);
      if (al->mode == ALIGN_CONTRIBUTES) buf_puts(b, " contributes");
      if (al->mode == ALIGN_SUPPORTS) buf_puts(b, " supports");
      if (al->weight) { buf_putc(b, ' '); put_expr(F, b, al->weight, true); }
    }
    simple(F, kids, prev_tok(F, o->parents[0].span.off), o->parents[o->nparents - 1].span.end, G_OBJ, b);
  }
  if (o->commit) {
    buf_puts(b, o->commit == COMMIT_COMMITTED ? "committed" : "aspirational");
    simple(F, kids, o->commit_span.off, o->commit_span.end, G_OBJ, b);
  }
  if (o->compensation) {
    buf_puts(b, "compensation");
    simple(F, kids, o->comp_span.off, o->comp_span.end, G_OBJ, b);
  }
  if (o->weight) {
    buf_puts(b, "weight "); put_expr(F, b, o->weight, false);
    simple(F, kids, prev_tok(F, o->weight->span.off), o->weight->span.end, G_OBJ, b);
  }
  if (o->starts.kind != PER_NONE) {
    buf_puts(b, o->during ? "during " : "starts "); put_period(b, o->starts);
    simple(F, kids, prev_tok(F, o->starts.span.off), o->starts.span.end, G_OBJ, b);
  }
  for (int i = 0; i < o->nkrs; i++) kr_item(F, kids, o->krs[i], G_KR);
  for (int i = 0; i < o->nkpis; i++) kr_item(F, kids, o->kpis[i], G_KR);
}

static void build_initiative(Fmt *F, Vec *kids, Initiative *in, Buf *b) {
  if (in->owner.text) {
    buf_puts(b, "owner "); put_string(F, b, in->owner);
    simple(F, kids, prev_tok(F, in->owner.span.off), in->owner.span.end, G_INIT, b);
  }
  if (in->status_word.name) {
    buf_printf(b, "status %s", in->status_word.name);
    simple(F, kids, prev_tok(F, in->status_word.span.off), in->status_word.span.end, G_INIT, b);
  }
  if (in->cost) {
    buf_puts(b, "cost "); put_expr(F, b, in->cost, false);
    uint32_t end = in->cost->span.end;
    if (in->cost_forecast) {
      buf_puts(b, " forecast "); put_expr(F, b, in->cost_forecast, false);
      end = in->cost_forecast->span.end;
    }
    simple(F, kids, prev_tok(F, in->cost->span.off), end, G_INIT, b);
  }
  if (in->spent) {
    buf_puts(b, "spent "); put_expr(F, b, in->spent, false);
    simple(F, kids, prev_tok(F, in->spent->span.off), in->spent->span.end, G_INIT, b);
  }
  if (in->complete) {
    buf_puts(b, "complete "); put_expr(F, b, in->complete, false);
    simple(F, kids, prev_tok(F, in->complete->span.off), in->complete->span.end, G_INIT, b);
  }
  /* milestones: `by` aligned down a run of them */
  for (int i = 0; i < in->nmilestones; i++) {
    const Milestone *m = &in->milestones[i];
    Item *mi = line_item(F, kids, m->span.off, m->span.end, G_MILESTONE);
    buf_printf(b, "milestone %s", m->name.name);
    if (m->title.text) { buf_putc(b, ' '); put_string(F, b, m->title); }
    add_cell(F, mi, b, 1);
    buf_puts(b, "by "); put_period(b, m->due);
    if (m->done) buf_puts(b, " done");
    if (m->weight) { buf_puts(b, " weight "); put_expr(F, b, m->weight, true); }
    add_cell(F, mi, b, 1);
  }
  if (in->nsupports) {
    uint32_t off = in->supports[0].span.off, end = in->supports[0].span.end;
    buf_puts(b, "supports ");
    for (int i = 0; i < in->nsupports; i++) {
      if (i) buf_puts(b, ", ");
      buf_puts(b, in->supports[i].name);
      if (in->supports[i].span.off < off) off = in->supports[i].span.off;
      if (in->supports[i].span.end > end) end = in->supports[i].span.end;
    }
    simple(F, kids, prev_tok(F, off), end, G_INIT, b);
  }
  for (int i = 0; i < in->neffects; i++) {
    const Effect *e = &in->effects[i];
    buf_printf(b, "affects %s by ", e->kr.name);
    put_expr(F, b, e->by, false);
    if (e->relative) buf_puts(b, " relative");
    if (e->lag.present) { buf_puts(b, " lag "); put_lag(b, e->lag); }
    simple(F, kids, e->span.off, e->span.end, G_EFFECT, b);
  }
  for (int i = 0; i < in->nlevels; i++) {
    const FundLevel *l = &in->levels[i];
    buf_puts(b, "level "); put_expr(F, b, l->at, false);
    buf_puts(b, " cost "); put_expr(F, b, l->cost, false);
    if (l->by) { buf_puts(b, " by "); put_expr(F, b, l->by, false); }
    simple(F, kids, l->span.off, l->span.end, G_INIT, b);
  }
}

static void build_decl(Fmt *F, Vec *decls, Node *n) {
  Buf b; buf_init(&b);
  Item *it;
  switch (n->kind) {
  case ND_IMPORT: {
    Import *im = (Import *)n;
    buf_puts(&b, "import "); put_string(F, &b, im->path);
    it = simple(F, decls, n->span.off, n->span.end, G_IMPORT, &b);
    break;
  }
  case ND_PERSPECTIVE: {
    Perspective *p = (Perspective *)n;
    it = line_item(F, decls, n->span.off, n->span.end, G_PERSP);
    buf_printf(&b, "perspective %s", p->name.name);
    add_cell(F, it, &b, 1);
    if (p->title.text) { put_string(F, &b, p->title); add_cell(F, it, &b, 1); }
    if (p->rank) { buf_puts(&b, "rank "); put_expr(F, &b, p->rank, true); add_cell(F, it, &b, 1); }
    break;
  }
  case ND_UNIT: {
    UnitDecl *u = (UnitDecl *)n;
    it = line_item(F, decls, n->span.off, n->span.end, G_UNIT);
    buf_printf(&b, "unit %s", u->name.name);
    add_cell(F, it, &b, 1);
    if (u->base.name) {
      buf_puts(&b, "= ");
      if (u->factor && u->factor->kind == EX_DIV) {     /* `1/60`, as one token */
        put_expr(F, &b, u->factor->lhs, true);
        buf_putc(&b, '/');
        put_expr(F, &b, u->factor->rhs, true);
        buf_putc(&b, ' ');
      } else if (u->factor) {
        put_expr(F, &b, u->factor, true);
        buf_putc(&b, ' ');
      }
      buf_puts(&b, u->base.name);
      put_per(F, &b, &u->per);
      add_cell(F, it, &b, 1);
    }
    break;
  }
  case ND_KR: case ND_KPI:
    it = kr_item(F, decls, (KR *)n, G_TOPKPI);
    break;
  case ND_LINK: {
    Link *l = (Link *)n;
    it = line_item(F, decls, n->span.off, n->span.end, G_LINK);
    buf_puts(&b, l->from.name); add_cell(F, it, &b, 1);
    buf_printf(&b, "-> %s", l->to.name); add_cell(F, it, &b, 2);
    if (l->strength) { buf_puts(&b, "strength "); put_expr(F, &b, l->strength, false); add_cell(F, it, &b, 2); }
    if (l->lag.present) { buf_puts(&b, "lag "); put_lag(&b, l->lag); add_cell(F, it, &b, 2); }
    break;
  }
  case ND_STRATEGY: case ND_OBJECTIVE: case ND_INITIATIVE: case ND_ACTUALS: case ND_THEME: {
    it = new_item(F, n->span.off, n->span.end, G_HEAD);
    vec_push(&F->a, decls, it);
    Vec kids = {0};
    Buf k; buf_init(&k);
    if (n->kind == ND_STRATEGY) {
      Strategy *s = (Strategy *)n;
      buf_puts(&b, "strategy");
      if (s->title.text) { buf_putc(&b, ' '); put_string(F, &b, s->title); }
      build_strategy(F, &kids, s, &k);
    } else if (n->kind == ND_OBJECTIVE) {
      Objective *o = (Objective *)n;
      buf_printf(&b, "objective %s", o->name.name);
      if (o->title.text) { buf_putc(&b, ' '); put_string(F, &b, o->title); }
      if (o->persp.name) buf_printf(&b, " in %s", o->persp.name);
      build_objective(F, &kids, o, &k);
    } else if (n->kind == ND_INITIATIVE) {
      Initiative *in = (Initiative *)n;
      buf_printf(&b, "initiative %s", in->name.name);
      if (in->title.text) { buf_putc(&b, ' '); put_string(F, &b, in->title); }
      build_initiative(F, &kids, in, &k);
    } else if (n->kind == ND_THEME) {
      Theme *t = (Theme *)n;
      buf_printf(&b, "theme %s", t->name.name);
      if (t->title.text) { buf_putc(&b, ' '); put_string(F, &b, t->title); }
      if (t->owner.text) {
        buf_puts(&k, "owner "); put_string(F, &k, t->owner);
        simple(F, &kids, prev_tok(F, t->owner.span.off), t->owner.span.end, G_INIT, &k);
      }
      for (int i = 0; i < t->nitems; i++) {
        const ThemeItem *ti = &t->items[i];
        Item *ci = line_item(F, &kids, ti->span.off, ti->span.end, G_CHECKIN);
        buf_puts(&k, ti->obj.name); add_cell(F, ci, &k, 1);
        if (ti->weight) { put_expr(F, &k, ti->weight, true); add_cell(F, ci, &k, 1); }
      }
    } else {
      Actuals *a = (Actuals *)n;
      buf_puts(&b, a->close ? "close " : "actuals "); put_period(&b, a->period);
      for (int i = 0; i < a->nitems; i++) {
        const Checkin *c = &a->items[i];
        Item *ci = line_item(F, &kids, c->span.off, c->span.end, G_CHECKIN);
        buf_puts(&k, c->kr.name);
        if (c->member.name) buf_printf(&k, ".%s", c->member.name);   /* a breakdown member */
        add_cell(F, ci, &k, 1);
        put_expr(F, &k, c->value, false);
        if (c->carry) buf_puts(&k, " carry");
        add_cell(F, ci, &k, 1);
      }
    }
    buf_free(&k);
    make_block(F, it, &b);
    block_items(F, it, &kids);
    break;
  }
  default:
    buf_free(&b);
    return;
  }
  it->kind = (int)n->kind;
  buf_free(&b);
}

/* ---- attaching comments ----------------------------------------------- */

static int cmp_off(const void *a, const void *b) {
  const Anchor *x = *(Anchor *const *)a, *y = *(Anchor *const *)b;
  return x->off < y->off ? -1 : x->off > y->off ? 1 : x->kind - y->kind;
}
static int cmp_end(const void *a, const void *b) {
  const Anchor *x = *(Anchor *const *)a, *y = *(Anchor *const *)b;
  return x->end < y->end ? -1 : x->end > y->end ? 1 : x->kind - y->kind;
}
static int cmp_item(const void *a, const void *b) {
  const Item *x = *(Item *const *)a, *y = *(Item *const *)b;
  return x->off < y->off ? -1 : x->off > y->off;
}

/* The block's children by source offset (they are printed in canonical
 * order, which may differ). */
static Item **sorted_kids(Fmt *F, Item *b) {
  if (!b->skids) {
    b->skids = arena_alloc(&F->a, sizeof(Item *) * (size_t)(b->nkids + 1));
    if (b->nkids) memcpy(b->skids, b->kids, sizeof(Item *) * (size_t)b->nkids);
    qsort(b->skids, (size_t)b->nkids, sizeof(Item *), cmp_item);
  }
  return b->skids;
}

/* Index of the first of n kids (sorted) starting after pos. */
static int first_after(Item **k, int n, uint32_t pos) {
  int lo = 0, hi = n;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (k[mid]->off > pos) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/* The innermost block whose inside (between its braces) holds pos. */
static Item *block_at(Fmt *F, Item *b, uint32_t pos) {
  Item **k = sorted_kids(F, b);
  int i = first_after(k, b->nkids, pos) - 1;
  if (i >= 0 && k[i]->block && pos >= k[i]->head_end && pos < k[i]->close_off)
    return block_at(F, k[i], pos);
  return b;
}

static void attach(Fmt *F, int ci) {
  const Comment *c = &F->cm[ci];
  uint32_t co = c->span.off;
  int n = F->anchors.len;
  Anchor **by_off = (Anchor **)F->by_off, **by_end = (Anchor **)F->by_end;
  /* Inside a line, or a block's head: printed before it.  Lines do not
   * overlap, so the last one starting before the comment is the one. */
  int lo = 0, hi = n;
  while (lo < hi) { int mid = (lo + hi) / 2; if (by_off[mid]->off < co) lo = mid + 1; else hi = mid; }
  for (int i = lo - 1; i >= 0 && i >= lo - 3; i--) {
    Anchor *a = by_off[i];
    if (a->kind != 2 && co < a->end) { vec_push(&F->a, &a->it->hoist, (void *)c); return; }
  }
  if (!own_line(F, ci)) {
    /* After code on its line: trailing the line that ends last before it. */
    lo = 0, hi = n;
    while (lo < hi) { int mid = (lo + hi) / 2; if (by_end[mid]->end <= co) lo = mid + 1; else hi = mid; }
    if (lo > 0 && same_line(F, by_end[lo - 1]->end, co)) {
      Anchor *best = by_end[lo - 1];
      vec_push(&F->a, best->kind == 2 ? &best->it->close_trail : &best->it->trail, (void *)c);
      return;
    }
  }
  /* Own line: before the next item of its block, or before the `}`. */
  Item *blk = block_at(F, &F->root, co);
  Item **k = sorted_kids(F, blk);
  int i = first_after(k, blk->nkids, co);
  vec_push(&F->a, i < blk->nkids ? &k[i]->lead : &blk->tail, (void *)c);
}

static void attach_all(Fmt *F) {
  int n = F->anchors.len;
  F->by_off = arena_alloc(&F->a, sizeof(void *) * (size_t)(n + 1));
  F->by_end = arena_alloc(&F->a, sizeof(void *) * (size_t)(n + 1));
  if (n) {
    memcpy(F->by_off, F->anchors.items, sizeof(void *) * (size_t)n);
    memcpy(F->by_end, F->anchors.items, sizeof(void *) * (size_t)n);
  }
  qsort(F->by_off, (size_t)n, sizeof(void *), cmp_off);
  qsort(F->by_end, (size_t)n, sizeof(void *), cmp_end);
  for (int i = 0; i < F->ncm; i++) attach(F, i);
}

/* ---- emitting lines --------------------------------------------------- */

static OutLine *new_line(Fmt *F) {
  if (F->nlines == F->cap) {
    F->cap = F->cap ? F->cap * 2 : 64;
    F->lines = bsc_realloc(F->lines, sizeof(OutLine) * (size_t)F->cap);
  }
  OutLine *l = &F->lines[F->nlines++];
  memset(l, 0, sizeof *l);
  l->indent = F->indent;
  return l;
}

static void out_blank(Fmt *F, bool blank) {
  if (blank && !F->fresh) new_line(F)->blank = true;
  F->fresh = false;
}

/* A comment's text: trailing blanks (and CRs) removed from each line. */
static const char *comment_text(Fmt *F, const Comment *c) {
  Buf b; buf_init(&b);
  const char *s = F->src + c->span.off;
  size_t n = c->span.end - c->span.off, ls = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || s[i] == '\n') {
      size_t e = i;
      while (e > ls && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) e--;
      buf_putn(&b, s + ls, e - ls);
      if (i < n) buf_putc(&b, '\n');
      ls = i + 1;
    }
  }
  return steal(F, &b);
}

static const char *join_comments(Fmt *F, Vec *v);

/* Emits the own-line comment v[i] and those that follow it on its source
 * line (a block comment and a line comment after it stay one line);
 * returns the index after them. */
static int emit_comment(Fmt *F, Vec *v, int i, bool blank) {
  const Comment *c = v->items[i];
  int j = i + 1;
  while (j < v->len && same_line(F, c->span.end, ((const Comment *)v->items[j])->span.off))
    c = v->items[j++];
  out_blank(F, blank);
  Vec run = {v->items + i, j - i, j - i};
  new_line(F)->text = join_comments(F, &run);
  return j;
}

static const char *join_comments(Fmt *F, Vec *v) {
  if (!v->len) return NULL;
  Buf b; buf_init(&b);
  for (int i = 0; i < v->len; i++) {
    if (i) buf_putc(&b, ' ');
    buf_puts(&b, comment_text(F, v->items[i]));
  }
  return steal(F, &b);
}

/* The own-line comments before a block's `}` (or the file's end). */
static void emit_tail(Fmt *F, Vec *tail) {
  for (int i = 0; i < tail->len;) {
    const Comment *c = tail->items[i];
    i = emit_comment(F, tail, i, blank_before(F, c->span.off));
  }
}

static void emit_code(Fmt *F, const Item *it, int group, Vec *trail) {
  OutLine *l = new_line(F);
  l->group = group;
  l->ncells = it->ncells;
  for (int i = 0; i < it->ncells; i++) { l->cells[i] = it->cells[i]; l->gaps[i] = it->gaps[i]; }
  l->comment = join_comments(F, trail);
}

static void emit_item(Fmt *F, Item *it, bool forced) {
  bool first = true;
  for (int i = 0; i < it->lead.len; first = false) {
    const Comment *c = it->lead.items[i];
    i = emit_comment(F, &it->lead, i, (first && forced) || blank_before(F, c->span.off));
  }
  for (int i = 0; i < it->hoist.len; first = false)
    i = emit_comment(F, &it->hoist, i, first && (forced || it->blank));
  out_blank(F, first ? (forced || it->blank) : (it->hoist.len == 0 && it->blank));
  emit_code(F, it, it->group, &it->trail);
  if (!it->block) return;
  F->indent += 2;
  F->fresh = true;
  for (int i = 0; i < it->nkids; i++) emit_item(F, it->kids[i], false);
  emit_tail(F, &it->tail);
  F->indent -= 2;
  Item close = {0};
  close.cells[0] = "}";
  close.ncells = 1;
  emit_code(F, &close, G_CLOSE, &it->close_trail);
  F->fresh = false;
}

/* Consecutive imports, units, perspectives or links form one group. */
static bool grouped(const Item *a, const Item *b) {
  return a->kind == b->kind &&
         (a->kind == ND_IMPORT || a->kind == ND_UNIT || a->kind == ND_PERSPECTIVE || a->kind == ND_LINK);
}

/* ---- alignment -------------------------------------------------------- */

static int width(const char *s) { return utf8_width(s, strlen(s), 8); }

/* tabwriter: a column is aligned over consecutive lines in which it is
 * followed by another cell; such a run splits at lines where it is not. */
static void align_cols(Fmt *F, int *idx, int n, int col) {
  int i = 0;
  while (i < n) {
    OutLine *l = &F->lines[idx[i]];
    if (l->ncells - 1 <= col) { i++; continue; }
    int j = i, w = 0;
    while (j < n && F->lines[idx[j]].ncells - 1 > col) {
      OutLine *m = &F->lines[idx[j]];
      int cw = width(m->cells[col]) + m->gaps[col];
      if (cw > w) w = cw;
      j++;
    }
    for (int k = i; k < j; k++) F->lines[idx[k]].pad[col] = w;
    align_cols(F, idx + i, j - i, col + 1);
    i = j;
  }
}

static int code_width(const OutLine *l) {
  int w = 0;
  for (int i = 0; i < l->ncells; i++) {
    if (i < l->ncells - 1) w += l->pad[i] ? l->pad[i] : width(l->cells[i]) + l->gaps[i];
    else w += width(l->cells[i]);
  }
  return w;
}

static void align_run(Fmt *F, int *idx, int n) {
  align_cols(F, idx, n, 0);
  /* trailing comments of consecutive lines share a column */
  int i = 0;
  while (i < n) {
    if (!F->lines[idx[i]].comment) { i++; continue; }
    int j = i, w = 0;
    while (j < n && F->lines[idx[j]].comment) {
      int cw = code_width(&F->lines[idx[j]]);
      if (cw > w) w = cw;
      j++;
    }
    for (int k = i; k < j; k++) F->lines[idx[k]].comment_col = w + 2;
    i = j;
  }
}

static void align(Fmt *F) {
  int *idx = bsc_malloc(sizeof(int) * (size_t)(F->nlines + 1));
  int n = 0;
  for (int i = 0; i <= F->nlines; i++) {
    OutLine *l = i < F->nlines ? &F->lines[i] : NULL;
    if (l && !l->blank && l->group == G_NONE) continue;          /* comment lines do not split */
    if (n && (!l || l->blank || l->group != F->lines[idx[0]].group || l->indent != F->lines[idx[0]].indent)) {
      align_run(F, idx, n);
      n = 0;
    }
    if (l && !l->blank) idx[n++] = i;
  }
  free(idx);
}

static void put_spaces(Buf *b, int n) {
  for (int i = 0; i < n; i++) buf_putc(b, ' ');
}

static char *render(Fmt *F) {
  Buf b; buf_init(&b);
  for (int i = 0; i < F->nlines; i++) {
    OutLine *l = &F->lines[i];
    if (l->blank) { buf_putc(&b, '\n'); continue; }
    put_spaces(&b, l->indent);
    if (l->text) { buf_puts(&b, l->text); buf_putc(&b, '\n'); continue; }
    int col = 0;
    for (int c = 0; c < l->ncells; c++) {
      buf_puts(&b, l->cells[c]);
      int w = width(l->cells[c]);
      if (c < l->ncells - 1) {
        int sp = l->pad[c] ? l->pad[c] - w : l->gaps[c];
        put_spaces(&b, sp);
        col += w + sp;
      } else
        col += w;
    }
    if (l->comment) {
      put_spaces(&b, l->comment_col > col ? l->comment_col - col : 2);
      buf_puts(&b, l->comment);
    }
    buf_putc(&b, '\n');
  }
  if (!b.data) return bsc_strdup("");
  return buf_steal(&b);
}

char *fmt_source(Program *p, int file) {
  const AstFile *f = NULL;
  for (int i = 0; i < p->nfiles; i++)
    if (p->files[i] && p->files[i]->file == file) f = p->files[i];
  const Source *s = diag_source(p->de, file);
  if (!f || !s) return NULL;
  Fmt F = {0};
  F.src = s->text;
  F.len = (uint32_t)s->len;
  F.cm = f->comments;
  F.ncm = f->ncomments;
  arena_init(&F.a);
  F.root.block = true;
  F.root.head_end = 0;
  F.root.close_off = F.len;
  Vec decls = {0};
  for (int i = 0; i < f->ndecls; i++) build_decl(&F, &decls, f->decls[i]);
  F.root.nkids = decls.len;
  F.root.kids = (Item **)decls.items;
  /* Blank lines before items, from the source. */
  Anchor *a;
  VEC_EACH(Anchor *, a, F.anchors)
    if (a->kind != 2) a->it->blank = blank_before(&F, a->it->off);
  attach_all(&F);
  F.fresh = true;
  for (int i = 0; i < F.root.nkids; i++)
    emit_item(&F, F.root.kids[i], i > 0 && !grouped(F.root.kids[i - 1], F.root.kids[i]));
  emit_tail(&F, &F.root.tail);
  align(&F);
  char *out = render(&F);
  free(F.lines);
  arena_free(&F.a);
  return out;
}

/* ---- checked formatting ----------------------------------------------- */

/* Parses text as a file of its own into p (no prelude, no imports). */
static AstFile *parse_alone(Program *p, DiagEngine *de, const char *path, const char *text, size_t len) {
  program_init(p, de);
  char *copy = bsc_malloc(len + 1);
  memcpy(copy, text, len);
  copy[len] = 0;
  int file = diag_add_source(de, path, copy, len, false);
  AstFile *f = parse_source(p, file);
  p->files = arena_alloc(&p->arena, sizeof(AstFile *) * 2);
  p->files[0] = f;
  p->nfiles = 1;
  p->main_file = file;
  return f;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static char *dump(const AstFile *f) {
  Buf b; buf_init(&b);
  ast_dump(&b, f);
  return b.data ? buf_steal(&b) : bsc_strdup("");
}

/* The comments of a file, each with trailing blanks removed from its
 * lines, sorted: the formatter may move a comment but never lose one. */
static char *comment_set(const char *src, const AstFile *f) {
  Fmt F = {0};
  F.src = src;
  arena_init(&F.a);
  const char **t = bsc_calloc((size_t)f->ncomments + 1, sizeof(char *));
  for (int i = 0; i < f->ncomments; i++) t[i] = comment_text(&F, &f->comments[i]);
  qsort(t, (size_t)f->ncomments, sizeof(char *), cmp_str);
  Buf b; buf_init(&b);
  for (int i = 0; i < f->ncomments; i++) { buf_puts(&b, t[i]); buf_putc(&b, '\n'); }
  free(t);
  arena_free(&F.a);
  return b.data ? buf_steal(&b) : bsc_strdup("");
}

/* The first line where two dumps differ, for the bug report. */
static char *first_difference(const char *a, const char *b) {
  int line = 1;
  const char *la = a, *lb = b;
  while (*a && *a == *b) {
    if (*a == '\n') { line++; la = a + 1; lb = b + 1; }
    a++; b++;
  }
  Buf o; buf_init(&o);
  buf_printf(&o, "AST line %d:\n  before: %.*s\n  after:  %.*s", line,
             (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
  return buf_steal(&o);
}

FmtStatus fmt_text(const char *path, const char *text, size_t len, DiagEngine *de,
                   char **out, char **why) {
  *out = NULL;
  if (why) *why = NULL;
  Program p;
  int errors0 = de->nerrors;
  AstFile *f = parse_alone(&p, de, path, text, len);
  if (de->nerrors > errors0) { program_free(&p); return FMT_SYNTAX; }
  char *res = fmt_source(&p, f->file);
  char *before = dump(f);
  char *cbefore = comment_set(diag_source(de, f->file)->text, f);
  program_free(&p);

  /* The output must mean the same: parse it again and compare. */
  DiagEngine de2;
  diag_init(&de2);
  Program p2;
  AstFile *f2 = parse_alone(&p2, &de2, path, res, strlen(res));
  char *after = dump(f2);
  char *cafter = comment_set(res, f2);
  FmtStatus st = FMT_OK;
  if (de2.nerrors) {
    st = FMT_INTERNAL;
    if (why) {
      Buf b; buf_init(&b);
      diag_sort(&de2);
      const Diag *d = &de2.diags[0];
      int line, col;
      diag_linecol(&de2, d->span.file, d->span.off, &line, &col);
      buf_printf(&b, "the output does not parse: %d:%d: %s", line, col, d->msg);
      *why = buf_steal(&b);
    }
  } else if (strcmp(before, after)) {
    st = FMT_INTERNAL;
    if (why) *why = first_difference(before, after);
  } else if (strcmp(cbefore, cafter)) {
    st = FMT_INTERNAL;
    if (why) *why = bsc_strdup("a comment would be lost or changed");
  }
  program_free(&p2);
  diag_free(&de2);
  free(before);
  free(after);
  free(cbefore);
  free(cafter);
  if (st == FMT_OK) *out = res;
  else free(res);
  return st;
}

/* ---- the command ------------------------------------------------------ */

static const char fmt_usage[] =
  "usage: bscc fmt [-w | --check] [FILE...]\n"
  "  prints FILE formatted (standard input when no FILE or `-`)\n"
  "  -w        rewrite the files in place (atomically; only when they change)\n"
  "  --check   list the files that are not formatted; exit 1 if any\n";

/* Standard input is a stream, not a file, but it is bounded the same. */
static char *read_stdin(size_t *len, FileErr *e) {
  return file_read_fd(STDIN_FILENO, FILE_MAX_TEXT, len, e);
}

static bool colour_stderr(void) {
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return false;
  const char *term = getenv("TERM");
  if (term && !strcmp(term, "dumb")) return false;
  return isatty(fileno(stderr));
}

enum { MODE_PRINT, MODE_WRITE, MODE_CHECK };

/* Formats one file; returns its exit status (0, 1 or 2). */
static int fmt_one(const char *path, int mode) {
  bool is_stdin = !strcmp(path, "-");
  const char *name = is_stdin ? "<stdin>" : path;
  size_t len;
  FileErr fe;
  char why_io[96];
  char *text = is_stdin ? read_stdin(&len, &fe) : file_read(path, FILE_MAX_TEXT, &len, &fe);
  if (!text) {
    fprintf(stderr, "bscc: cannot read `%s`: %s\n", name, file_err_text(&fe, why_io, sizeof why_io));
    return 2;
  }
  DiagEngine de;
  diag_init(&de);
  de.max_errors = 100;
  char *out = NULL, *why = NULL;
  FmtStatus st = fmt_text(name, text, len, &de, &out, &why);
  int status = 0;
  if (st == FMT_SYNTAX) {
    diag_sort(&de);
    diag_render(&de, stderr, FMT_TEXT, colour_stderr());
    fprintf(stderr, "bscc: %s has %d error%s: not formatted%s\n", name, de.nerrors,
            de.nerrors == 1 ? "" : "s", mode == MODE_WRITE && !is_stdin ? " (the file is unchanged)" : "");
    status = 1;
  } else if (st == FMT_INTERNAL) {
    fprintf(stderr, "bscc: internal error: formatting %s would change its meaning; "
                    "nothing was written. Please report this bug.\n%s\n", name, why ? why : "");
    status = 2;
  } else {
    bool same = strlen(out) == len && !memcmp(out, text, len);
    if (mode == MODE_PRINT || (mode == MODE_WRITE && is_stdin)) {
      fputs(out, stdout);
    } else if (mode == MODE_CHECK) {
      if (!same) { printf("%s\n", name); status = 1; }
    } else if (!same && write_file_atomic(path, out, strlen(out), &fe) != 0) {
      fprintf(stderr, "bscc: cannot write `%s`: %s (the file is unchanged)\n", path,
              file_err_text(&fe, why_io, sizeof why_io));
      status = 2;
    }
  }
  free(out);
  free(why);
  free(text);
  diag_free(&de);
  return status;
}

int fmt_main(int argc, char **argv) {
  int mode = MODE_PRINT;
  const char **files = bsc_calloc((size_t)argc + 2, sizeof(char *));
  int nfiles = 0;
  bool only_files = false;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (only_files || a[0] != '-' || !strcmp(a, "-")) { files[nfiles++] = a; continue; }
    int m = -1;
    if (!strcmp(a, "--")) { only_files = true; continue; }
    if (!strcmp(a, "-w") || !strcmp(a, "--write")) m = MODE_WRITE;
    else if (!strcmp(a, "--check") || !strcmp(a, "-c")) m = MODE_CHECK;
    else if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(fmt_usage, stdout); free(files); return 0; }
    else {
      fprintf(stderr, "bscc: unknown option `%s`\n%s", a, fmt_usage);
      free(files);
      return 2;
    }
    if (mode != MODE_PRINT && mode != m) {
      fprintf(stderr, "bscc: -w and --check cannot be combined\n%s", fmt_usage);
      free(files);
      return 2;
    }
    mode = m;
  }
  if (nfiles == 0) files[nfiles++] = "-";
  int status = 0;
  for (int i = 0; i < nfiles; i++) {
    int s = fmt_one(files[i], mode);
    if (s > status) status = s;
  }
  free(files);
  fflush(stdout);
  return status;
}
