/*
 * parse.h - state shared by the flex lexer and the bison parser of one
 * source file.  Both are reentrant: everything lives in a ParseCtx, so the
 * language server can parse many buffers in one process.
 */
#ifndef BSC_PARSE_H
#define BSC_PARSE_H

#include "program.h"

/* Limits that keep hostile input from exhausting the stack of any pass
 * that walks an expression recursively: deeper parentheses, or taller
 * expression trees (a + a + ... is as tall as it is long), are an E003. */
#define PARSE_MAX_DEPTH 256
#define PARSE_MAX_EXPR_DEPTH 1000

typedef struct ParseCtx {
  Program *p;
  DiagEngine *de;
  int file;
  const char *text;
  size_t len;
  void *scanner;             /* yyscan_t */
  /* lexer state */
  uint32_t pos;              /* byte offset of the next token */
  bool after_number;         /* the last token was a plain NUMBER ... */
  bool newline;              /* ... and a newline came after it */
  int after_every;           /* tokens to go in `every FREQ RULE` (2 after `every`) */
  bool after_scored;         /* the last token was `scored`: a name after it on its line is the mode */
  bool after_decl;           /* the last token was `objective`, `kr`, `unit`, ...: a name follows */
  struct KR *last_kr;        /* the key result parsed last, and where its line ends: a */
  uint32_t last_kr_eol;      /*   syntax error on that line marks it (KR.syntax_bad) */
  uint32_t quiet_eol;        /* the end of a line already reported (a milestone's E166): no
                                syntax error of the same mistake before it */
  int prev_tok, prev2_tok;   /* the last two tokens (on any line): `done` after a milestone's period */
  int depth;                 /* open parentheses */
  bool fatal;                /* a limit was hit: stop parsing this file */
  Vec comments;              /* Comment*, in order */
  /* parser state: the declaration being built */
  Vec decls;
  struct Strategy *strat;
  struct Objective *obj;
  Vec obj_krs, obj_kpis;
  struct KR *kr;
  struct Link *link;
  struct Initiative *init;
  Vec init_effects, init_supports, init_levels, init_milestones;
  struct Actuals *act;
  Vec act_items;
  Vec plan_items;            /* the points of the plan being parsed */
  bool plan_dup;             /* the plan being parsed is a second one (E013) */
  bool plan_err;             /* a point of it was a syntax error */
  Vec mode_items;            /* the items of the scoring mode being parsed */
  Vec persp_weights;
  Vec list;                  /* the items of `aligns`, `feeds` or a theme being parsed */
  struct Theme *theme;
  bool expr_too_deep;         /* reported once per file */
  /* The KR unit being parsed: the parser's `unitref` value points here, so
   * that every value on bison's stack is 24 bytes, not a 152-byte UnitRef
   * (each shift and reduction copies a value). */
  UnitRef unit_tmp;
} ParseCtx;

/* Span helpers used by both. */
static inline Span span_join(Span a, Span b) {
  Span s = { a.file, a.off, b.end > a.end ? b.end : a.end };
  return s;
}

#endif
