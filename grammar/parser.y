/*
 * parser.y - the grammar of .bsc (see docs/language.md).
 *
 * A pure (reentrant) LALR(1) parser with locations.  Locations are byte
 * spans (Span), not line/column pairs: line and column are computed from
 * the offset only when a diagnostic is printed.
 *
 * Declarations with bodies are built in place: the head of an objective,
 * key result, initiative or actuals block creates the node and makes it
 * "current" in the ParseCtx; the body's items then fill it in.  This keeps
 * the item rules small and lets error recovery drop a bad item without
 * losing the rest of the block.
 *
 * Error recovery: every list (declarations, objective items, KR
 * attributes, strategy items, ...) has an `error` alternative, so one run
 * reports every syntax error of a file, each once.
 */

%code requires {
#include "parse.h"
}

%code provides {
int bsc_lex(YYSTYPE *lval, Span *lloc, ParseCtx *ctx);
#define yylex bsc_lex
void yyerror(Span *loc, ParseCtx *ctx, const char *msg);
}

%code {
#include <ctype.h>
#include <string.h>
#include <stdlib.h>

#define YYLLOC_DEFAULT(Cur, Rhs, N)                         \
  do {                                                      \
    if (N) {                                                \
      (Cur).file = YYRHSLOC(Rhs, 1).file;                   \
      (Cur).off = YYRHSLOC(Rhs, 1).off;                     \
      (Cur).end = YYRHSLOC(Rhs, N).end;                     \
    } else {                                                \
      (Cur).file = YYRHSLOC(Rhs, 0).file;                   \
      (Cur).off = (Cur).end = YYRHSLOC(Rhs, 0).end;         \
    }                                                       \
  } while (0)

static Arena *A(ParseCtx *c) { return &c->p->arena; }
#define NEW(T) ((T *)arena_alloc(A(ctx), sizeof(T)))

static Expr *ex_new(ParseCtx *ctx, ExprKind k, Span s);
static Expr *ex_bin(ParseCtx *ctx, ExprKind k, Expr *l, Expr *r, Span s);
static Expr *ex_num(ParseCtx *ctx, double v, Ident unit, Span s);
static Expr *rate_value(ParseCtx *ctx, Expr *num, UnitPer *per, Span slash, Span s);
static void  dup_attr(ParseCtx *ctx, const char *what, Span now, Span first);
static void  plan_begin(ParseCtx *ctx, bool step, Span s);
static void  plan_end(ParseCtx *ctx, Span s);
static bool  once(ParseCtx *ctx, const char *what, bool given, Span *first, Span now);
static Ident mkident(const char *name, Span s);
static void  add_decl(ParseCtx *ctx, Node *n, NodeKind k, Span s);
static void  unit_form(ParseCtx *ctx, UnitRef *u);
static void  obj_begin(ParseCtx *ctx, Ident name, Str title, Ident in, Span s);
static void  obj_end(ParseCtx *ctx, Span s);
static void  kr_begin(ParseCtx *ctx, NodeKind k, Ident name, Str title, UnitRef u, Span s);
static void *list_copy(ParseCtx *ctx, size_t size, int *n);
static void  kr_end(ParseCtx *ctx, Span s);
static Period year_period(ParseCtx *ctx, double v, Span s);
static Lag   zero_lag(ParseCtx *ctx, double v, Span s);
static void  every_attr(ParseCtx *ctx, Ident freq, const Ident *rule, Span s);
static void  strat_set(ParseCtx *ctx, Ident key, Expr *v, Span s, bool limit);
static void  fiscal_attr(ParseCtx *ctx, Ident fiscal, Ident year, Ident month, Span s);
static void  strat_store(ParseCtx *ctx, Ident word, Str where, Span s);
static void  kpi_mode(ParseCtx *ctx, const Ident *word, bool context, Span s);
static void  mode_item(ParseCtx *ctx, Ident w, SpecKind cmp, Expr *a, Expr *b, Span s);
static void  bench_end(ParseCtx *ctx, Str label, Expr *v, Span s);
static void  bd_end(ParseCtx *ctx, Ident dim, Ident rule, Span s);
static void  member_checkin(ParseCtx *ctx, Ident q, Expr *v, Span s);
static void  init_word(ParseCtx *ctx, Ident word, const Ident *arg, Expr *v, Span s);
static void  init_milestone(ParseCtx *ctx, Ident word, Ident name, Str title, Period due, Span s);
static void  milestone_bad(ParseCtx *ctx, const Ident *name, Span s);
}

%define api.pure full
%define api.token.prefix {T_}
%define api.location.type {Span}
%define parse.error custom
%locations
%param {ParseCtx *ctx}
%expect 0

%union {
  double num;
  Ident id;
  Str str;
  Expr *expr;
  Period per;
  Lag lag;
  UnitRef *unit;             /* &ctx->unit_tmp: one unit is parsed at a time */
  UnitPer *uper;             /* in the arena: rate units are rare */
  int ival;
  struct { Expr **items; int n; } args;
}

%token END 0 "end of file"
%token <num> NUMBER "number"
%token <expr> NUMUNIT "number with unit"
%token <id> IDENT "name" UNITWORD "unit name" RULEWORD "aggregation rule" MODEWORD "scoring mode"
%token <id> DONEWORD "`done`"
%token <str> STRING "string"
%token <per> PERIOD "period"
%token <lag> LAGLIT "lag length"
%token ARROW "->" DOTDOT ".." GE ">=" LE "<="
%token IMPORT "import" STRATEGY "strategy" HORIZON "horizon" CADENCE "cadence"
%token PERSPECTIVES "perspectives" PERSPECTIVE "perspective" RANK "rank"
%token UNIT "unit" OBJECTIVE "objective" IN "in" OWNER "owner" TEAM "team"
%token INDIVIDUAL "individual" LEVEL "level" COMPANY "company" ALIGNS "aligns"
%token COMMITTED "committed" ASPIRATIONAL "aspirational" COMPENSATION "compensation"
%token KR "kr" KPI "kpi" BY "by" WEIGHT "weight" INCREASE "increase"
%token DECREASE "decrease" FROM "from" WARN "warn" INITIATIVE "initiative"
%token COST "cost" AFFECTS "affects" RELATIVE "relative" SUPPORTS "supports"
%token LAG "lag" STRENGTH "strength" ACTUALS "actuals" THRESHOLDS "thresholds"
%token LIMIT "limit" TRUE "true" FALSE "false" FORECAST "forecast" PLAN "plan"
%token STARTS "starts" DURING "during" EVERY "every" CARRY "carry" PER "per" CLOSE "close"
%token CONTRIBUTES "contributes" FEEDS "feeds" CASCADE "cascade" THEME "theme"
%token SCORED "scored" CONTEXT "context"
%token MAINTAIN "maintain" BENCHMARK "benchmark" BREAKDOWN "breakdown" PLUSMINUS "±"
%token <id> QNAME "measure.member"
/* owner, weight, committed, aspirational and compensation are both
 * objective items and KR attributes.  At the start of a line they belong
 * to the objective: the lexer returns these variants there. */
%token L_OWNER L_WEIGHT L_COMMITTED L_ASPIRATIONAL L_COMPENSATION L_STARTS L_DURING

%type <str> opt_title
%type <id> opt_in name
%type <expr> value num plain_num expr opt_level_by
%type <per> period
%type <lag> lag lag_one
%type <unit> unitref unit_atom
%type <uper> unit_per unit_rate
%type <expr> unit_factor
%type <ival> cmp level_word growth_rel align_mode
%type <args> args arglist

/* Same-line continuation wins: a unit word right after a number is that
 * number's unit, and owner/weight/committed/aspirational/compensation on
 * a KR's own line are the KR's attributes (on a new line the lexer gives
 * the L_ variants, which only objectives take). */
%precedence KR_END NUM_BARE
%precedence WEIGHT COMMITTED ASPIRATIONAL COMPENSATION OWNER UNITWORD STARTS DURING
%left '+' '-'
%left '*' '/'
%precedence UMINUS

%%

file:
    %empty
  | file decl
  ;

decl:
    IMPORT STRING {
      Import *im = NEW(Import);
      im->path = $2; im->file = -1;
      add_decl(ctx, &im->h, ND_IMPORT, @$);
    }
  | strategy
  | PERSPECTIVE IDENT opt_title RANK plain_num {
      Perspective *p = NEW(Perspective);
      p->name = $2; p->title = $3; p->rank = $5;
      add_decl(ctx, &p->h, ND_PERSPECTIVE, @$);
    }
  | PERSPECTIVE IDENT opt_title {
      Perspective *p = NEW(Perspective);
      p->name = $2; p->title = $3;
      /* no rank: a new title for a perspective declared before (the
       * prelude's `learning` as "Develop Employees"), or E001 (sema) */
      add_decl(ctx, &p->h, ND_PERSPECTIVE, @$);
    }
  | UNIT IDENT {
      UnitDecl *u = NEW(UnitDecl);
      u->name = $2;
      add_decl(ctx, &u->h, ND_UNIT, @$);
    }
  | UNIT IDENT '=' unit_factor name unit_rate {
      UnitDecl *u = NEW(UnitDecl);
      u->name = $2; u->factor = $4; u->base = $5; u->per = *$6;
      add_decl(ctx, &u->h, ND_UNIT, @$);
    }
  | UNIT IDENT '=' name unit_rate {       /* `unit per_1k = cases/1000 people`, `unit hrs = hours` */
      UnitDecl *u = NEW(UnitDecl);
      u->name = $2; u->base = $4; u->per = *$5;
      add_decl(ctx, &u->h, ND_UNIT, @$);
    }
  | UNIT IDENT '=' error {
      /* declared all the same (unusable, reported once): its uses give no
       * unknown-unit error each */
      UnitDecl *u = NEW(UnitDecl);
      u->name = $2; u->bad = true;
      add_decl(ctx, &u->h, ND_UNIT, @$);
    }
  | objective
  | kr_decl {
      KR *k = ctx->kr;
      if (k && k->h.kind == ND_KR) {
        Diag *d = diag_report(ctx->de, E001, k->name.span,
                              "key result `%s` is outside an objective", k->name.name);
        diag_label(d, "a key result belongs to an objective");
        diag_help(d, "move it into `objective NAME \"Title\" in PERSPECTIVE { ... }`");
      } else if (k)
        add_decl(ctx, &k->h, ND_KPI, k->h.span);
      ctx->kr = NULL;
    }
  | link_head link_attrs { ctx->link = NULL; }
  | initiative
  | actuals
  | theme
  | error
  ;

/* A unit's factor: `24`, or an exact fraction `1/60`. */
unit_factor:
    NUMBER { $$ = ex_num(ctx, $1, mkident(NULL, @1), @1); }
  | NUMBER '/' NUMBER {
      $$ = ex_bin(ctx, EX_DIV, ex_num(ctx, $1, mkident(NULL, @1), @1), ex_num(ctx, $3, mkident(NULL, @3), @3), @$);
    }
  ;
/* The denominator of a rate unit (docs/language.md §5.1): `/gallon`,
 * `/1000 people`, `/1k people`. */
unit_rate: %empty { $$ = NEW(UnitPer); $$->n = 1; } | '/' unit_per { $$ = $2; $$->span = @$; } ;
unit_per:
    name { $$ = NEW(UnitPer); $$->unit = $1; $$->n = 1; $$->span = @$; }
  | NUMBER name { $$ = NEW(UnitPer); $$->unit = $2; $$->n = $1; $$->has_n = true; $$->n_span = @1; $$->span = @$; }
  | NUMUNIT {
      $$ = NEW(UnitPer); $$->unit = $1->unit; $$->n = $1->num; $$->has_n = true; $$->span = @$;
      $$->n_span = @1; $$->n_span.end = $1->unit.span.off;
    }
  ;

/* A name where a same-line number may have turned it into a UNITWORD. */
name: IDENT | UNITWORD ;

opt_title: %empty { $$.text = NULL; $$.span = @$; } | STRING ;
opt_in: %empty { $$ = mkident(NULL, @$); } | IN IDENT { $$ = $2; } ;

/* ---- strategy ---------------------------------------------------------- */
strategy:
    strat_head strat_items '}' { ctx->strat->h.span = span_join(ctx->strat->h.span, @3); ctx->strat = NULL; }
  ;
strat_head:
    STRATEGY opt_title '{' {
      Strategy *s = NEW(Strategy);
      s->title = $2;
      add_decl(ctx, &s->h, ND_STRATEGY, @$);
      ctx->strat = s;
    }
  ;
strat_items: %empty | strat_items strat_item ;
strat_item:
    HORIZON period DOTDOT period {
      Strategy *s = ctx->strat;
      if (s->from.kind != PER_NONE) dup_attr(ctx, "horizon", @$, s->horizon_span);
      else { s->from = $2; s->to = $4; s->horizon_span = @$; }
    }
  | CADENCE IDENT {
      Strategy *s = ctx->strat;
      if (s->cadence.name) dup_attr(ctx, "cadence", @$, s->cadence.span);
      else s->cadence = $2;
    }
  | PERSPECTIVES '{' persp_weights '}' {
      Strategy *s = ctx->strat;
      if (s->has_perspectives) dup_attr(ctx, "perspectives", @1, s->persp_span);
      else {
        s->has_perspectives = true; s->persp_span = @$;
        s->nweights = ctx->persp_weights.len;
        s->weights = arena_alloc(A(ctx), sizeof(PerspWeight) * (s->nweights + 1));
        for (int i = 0; i < s->nweights; i++) s->weights[i] = *(PerspWeight *)ctx->persp_weights.items[i];
      }
      ctx->persp_weights.len = 0;
    }
  | THRESHOLDS '{' thresholds '}'
  | LIMIT name plain_num { strat_set(ctx, $2, $3, @$, true); }
  | name name starts_kw name { fiscal_attr(ctx, $1, $2, $4, @$); }
  | IDENT STRING { strat_store(ctx, $1, $2, @$); }   /* `store` is a word of this block only, not reserved */
  | error
  ;
persp_weights: %empty | persp_weights persp_weight ;
persp_weight:
    name plain_num opt_comma {
      PerspWeight *w = NEW(PerspWeight);
      w->persp = $1; w->weight = $2; w->span = span_join(@1, @2);
      vec_push(A(ctx), &ctx->persp_weights, w);
    }
  | error
  ;
thresholds: %empty | thresholds name plain_num opt_comma { strat_set(ctx, $2, $3, span_join(@2, @3), false); } ;
opt_comma: %empty | ',' ;
opt_colon: %empty | ':' ;

/* ---- strategic themes --------------------------------------------------- */
/* theme NAME "Title" { owner "X"  obj1  obj2 2, obj3 } */
theme:
    theme_head theme_items '}' {
      Theme *t = ctx->theme;
      t->h.span = span_join(t->h.span, @3);
      t->items = list_copy(ctx, sizeof(ThemeItem), &t->nitems);
      ctx->theme = NULL;
    }
  ;
theme_head:
    THEME IDENT opt_title '{' {
      Theme *t = NEW(Theme);
      t->name = $2; t->title = $3;
      add_decl(ctx, &t->h, ND_THEME, @$);
      ctx->theme = t;
      ctx->list.len = 0;
    }
  ;
theme_items: %empty | theme_items theme_item ;
theme_item:
    owner_kw STRING {
      Theme *t = ctx->theme;
      if (t->owner.text) dup_attr(ctx, "owner", @$, t->owner.span); else t->owner = $2;
    }
  | IDENT opt_comma {
      ThemeItem *it = NEW(ThemeItem);
      it->obj = $1; it->span = @1;
      vec_push(A(ctx), &ctx->list, it);
    }
  | IDENT plain_num opt_comma {
      ThemeItem *it = NEW(ThemeItem);
      it->obj = $1; it->weight = $2; it->span = span_join(@1, @2);
      vec_push(A(ctx), &ctx->list, it);
    }
  | error
  ;

/* ---- objectives -------------------------------------------------------- */
objective:
    obj_head obj_items '}' { obj_end(ctx, @$); }
  ;
obj_head:
    OBJECTIVE IDENT opt_title opt_in '{' { obj_begin(ctx, $2, $3, $4, @$); }
  ;
obj_items: %empty | obj_items obj_item ;
obj_item:
    owner_kw STRING {
      Objective *o = ctx->obj;
      if (o->owner.text) dup_attr(ctx, "owner", @$, o->owner.span); else o->owner = $2;
    }
  | TEAM STRING {
      Objective *o = ctx->obj;
      if (o->level != LEVEL_NONE) dup_attr(ctx, "level", @$, o->level_span);
      else { o->level = LEVEL_TEAM; o->level_span = @$; o->group = $2; }
    }
  | INDIVIDUAL STRING {
      Objective *o = ctx->obj;
      if (o->level != LEVEL_NONE) dup_attr(ctx, "level", @$, o->level_span);
      else { o->level = LEVEL_INDIVIDUAL; o->level_span = @$; o->group = $2; }
    }
  | LEVEL level_word {
      Objective *o = ctx->obj;
      if (o->level != LEVEL_NONE) dup_attr(ctx, "level", @$, o->level_span);
      else { o->level = $2; o->level_span = @$; }
    }
  | ALIGNS { ctx->list.len = 0; } align_list {
      Objective *o = ctx->obj;
      int n;
      Align *al = list_copy(ctx, sizeof(Align), &n);
      if (o->aligns.name) dup_attr(ctx, "aligns", @$, o->aligns.span);
      else if (n) { o->parents = al; o->nparents = n; o->aligns = al[0].to; }
    }
  | committed_kw {
      Objective *o = ctx->obj;
      if (o->commit) dup_attr(ctx, "commitment", @$, o->commit_span);
      else { o->commit = COMMIT_COMMITTED; o->commit_span = @$; }
    }
  | aspirational_kw {
      Objective *o = ctx->obj;
      if (o->commit) dup_attr(ctx, "commitment", @$, o->commit_span);
      else { o->commit = COMMIT_ASPIRATIONAL; o->commit_span = @$; }
    }
  | compensation_kw {
      Objective *o = ctx->obj;
      if (o->compensation) dup_attr(ctx, "compensation", @$, o->comp_span);
      else { o->compensation = true; o->comp_span = @$; }
    }
  | weight_kw value {
      Objective *o = ctx->obj;
      if (o->weight) dup_attr(ctx, "weight", @$, o->weight->span); else o->weight = $2;
    }
  | starts_kw period {
      Objective *o = ctx->obj;
      if (o->starts.kind != PER_NONE) dup_attr(ctx, "starts", @$, o->starts.span); else o->starts = $2;
    }
  | during_kw period {
      Objective *o = ctx->obj;
      if (o->starts.kind != PER_NONE) dup_attr(ctx, "during", @$, o->starts.span);
      else { o->starts = $2; o->during = true; }
    }
  | kr_decl {
      if (ctx->kr)
        vec_push(A(ctx), ctx->kr->h.kind == ND_KR ? &ctx->obj_krs : &ctx->obj_kpis, ctx->kr);
      ctx->kr = NULL;
    }
  | error
  ;
/* `aligns grow contributes 2, reliable supports` (docs/language.md §6) */
align_list: align_item | align_list ',' align_item ;
align_item:
    IDENT align_mode {
      Align *a = NEW(Align);
      a->to = $1; a->mode = $2; a->span = @$;
      vec_push(A(ctx), &ctx->list, a);
    }
  | IDENT CONTRIBUTES plain_num {
      Align *a = NEW(Align);
      a->to = $1; a->mode = ALIGN_CONTRIBUTES; a->weight = $3; a->span = @$;
      vec_push(A(ctx), &ctx->list, a);
    }
  ;
align_mode: %empty { $$ = ALIGN_DEFAULT; } | CONTRIBUTES { $$ = ALIGN_CONTRIBUTES; } | SUPPORTS { $$ = ALIGN_SUPPORTS; } ;
owner_kw: OWNER | L_OWNER ;
starts_kw: STARTS | L_STARTS ;
during_kw: DURING | L_DURING ;
weight_kw: WEIGHT | L_WEIGHT ;
committed_kw: COMMITTED | L_COMMITTED ;
aspirational_kw: ASPIRATIONAL | L_ASPIRATIONAL ;
compensation_kw: COMPENSATION | L_COMPENSATION ;
level_word: COMPANY { $$ = LEVEL_COMPANY; } | TEAM { $$ = LEVEL_TEAM; } | INDIVIDUAL { $$ = LEVEL_INDIVIDUAL; } ;

/* ---- key results and KPIs ---------------------------------------------- */
kr_decl:
    kr_head kr_spec kr_attrs %prec KR_END { kr_end(ctx, @$); }
  ;
kr_head:
    KR IDENT opt_title ':' unitref  { kr_begin(ctx, ND_KR, $2, $3, *$5, @$); }
  | KPI IDENT opt_title ':' unitref { kr_begin(ctx, ND_KPI, $2, $3, *$5, @$); }
  ;
unitref:
    unit_atom
  | unit_atom '/' unit_per { $$ = $1; $$->per = *$3; $$->per.span = span_join(@2, @3); $$->span = @$; }
  ;
unit_atom:
    IDENT {
      $$ = &ctx->unit_tmp; *$$ = (UnitRef){0}; $$->form = UF_NAMED; $$->name = $1; $$->span = @$; $$->steps = 1;
      unit_form(ctx, $$);
    }
  | IDENT '(' IDENT ')' {
      $$ = &ctx->unit_tmp; *$$ = (UnitRef){0}; $$->form = UF_CURRENCY; $$->name = $1; $$->code = $3; $$->span = @$;
      unit_form(ctx, $$);
    }
  | IDENT '(' plain_num DOTDOT plain_num ')' {
      $$ = &ctx->unit_tmp; *$$ = (UnitRef){0}; $$->form = UF_RATING; $$->name = $1; $$->span = @$;
      $$->lo = $3->kind == EX_NEG ? -$3->lhs->num : $3->num;
      $$->hi = $5->kind == EX_NEG ? -$5->lhs->num : $5->num;
      unit_form(ctx, $$);
    }
  | IDENT '(' NUMBER ')' {
      $$ = &ctx->unit_tmp; *$$ = (UnitRef){0}; $$->form = UF_MILESTONE; $$->name = $1; $$->span = @$;
      /* in range before it is converted: (int)1e20 would be undefined */
      $$->steps = ($3 >= 1 && $3 <= 1e6 && $3 == (int)$3) ? (int)$3 : 0;
      if (!$$->steps) {
        Diag *d = diag_report(ctx->de, E022, @3, "a milestone needs a whole number of steps from 1 to 1000000");
        diag_label(d, "not a whole number of steps");
        $$->steps = 1;
      }
      unit_form(ctx, $$);
    }
  ;
kr_spec:
    %empty { }
  | value ARROW value {
      KR *k = ctx->kr; k->spec = SPEC_RANGE; k->spec_span = @$; k->baseline = $1; k->target = $3;
    }
  | value ARROW value growth_rel PER IDENT {
      /* a growth target: `100 -> +12% per year` (docs/semantics.md §6.7) */
      KR *k = ctx->kr; k->spec = SPEC_RANGE; k->spec_span = @$; k->baseline = $1; k->target = $3;
      k->growth = true; k->growth_rel = $4; k->growth_per = $6; k->growth_span = span_join(@3, @6);
    }
  | cmp value {
      KR *k = ctx->kr; k->spec = $1; k->spec_span = @$; k->target = $2;
    }
  | value DOTDOT value {
      KR *k = ctx->kr; k->spec = SPEC_WITHIN; k->spec_span = @$; k->baseline = $1; k->target = $3;
    }
  | MAINTAIN cmp value {
      /* a level held in every period (docs/semantics.md §4.1) */
      KR *k = ctx->kr; k->spec = $2; k->spec_span = @$; k->target = $3; k->maintain = true; k->maintain_span = @1;
    }
  | MAINTAIN value DOTDOT value {
      KR *k = ctx->kr; k->spec = SPEC_WITHIN; k->spec_span = @$; k->baseline = $2; k->target = $4;
      k->maintain = true; k->maintain_span = @1;
    }
  ;
growth_rel: %empty { $$ = 0; } | RELATIVE { $$ = 1; } ;
cmp: GE { $$ = SPEC_GE; } | '>' { $$ = SPEC_GT; } | LE { $$ = SPEC_LE; } | '<' { $$ = SPEC_LT; } ;
kr_attrs: %empty | kr_attrs kr_attr ;
kr_attr:
    BY period {
      KR *k = ctx->kr;
      if (k->due.kind != PER_NONE) dup_attr(ctx, "by", @$, k->due.span); else k->due = $2;
    }
  | WEIGHT value {
      KR *k = ctx->kr;
      if (k->weight) dup_attr(ctx, "weight", @$, k->weight->span); else k->weight = $2;
    }
  | FROM value {
      KR *k = ctx->kr;
      if (k->spec == SPEC_RANGE) {
        Diag *d = diag_report(ctx->de, E013, @$, "a range key result already has its baseline");
        diag_label(d, "second baseline");
        diag_note(d, k->baseline->span, "the baseline is the value left of `->`");
        diag_help(d, "remove `from`, or write the KR as a threshold: `>= TARGET from BASELINE`");
      } else if (k->baseline) dup_attr(ctx, "from", @$, k->baseline->span);
      else k->baseline = $2;
    }
  | WARN value {
      KR *k = ctx->kr;
      if (k->warn) dup_attr(ctx, "warn", @$, k->warn->span); else k->warn = $2;
    }
  | INCREASE {
      KR *k = ctx->kr;
      if (k->dir) dup_attr(ctx, "direction", @$, k->dir_span); else { k->dir = DIR_INCREASE; k->dir_span = @$; }
    }
  | DECREASE {
      KR *k = ctx->kr;
      if (k->dir) dup_attr(ctx, "direction", @$, k->dir_span); else { k->dir = DIR_DECREASE; k->dir_span = @$; }
    }
  | COMMITTED {
      KR *k = ctx->kr;
      if (k->commit) dup_attr(ctx, "commitment", @$, k->commit_span); else { k->commit = COMMIT_COMMITTED; k->commit_span = @$; }
    }
  | ASPIRATIONAL {
      KR *k = ctx->kr;
      if (k->commit) dup_attr(ctx, "commitment", @$, k->commit_span); else { k->commit = COMMIT_ASPIRATIONAL; k->commit_span = @$; }
    }
  | COMPENSATION {
      KR *k = ctx->kr;
      if (k->compensation) dup_attr(ctx, "compensation", @$, k->comp_span); else { k->compensation = true; k->comp_span = @$; }
    }
  | OWNER STRING {
      KR *k = ctx->kr;
      if (k->owner.text) dup_attr(ctx, "owner", @$, k->owner.span); else k->owner = $2;
    }
  | IN IDENT {
      KR *k = ctx->kr;
      if (k->persp.name) dup_attr(ctx, "in", @$, k->persp.span); else k->persp = $2;
    }
  | '=' expr {
      KR *k = ctx->kr;
      if (k->formula) dup_attr(ctx, "formula", @$, k->formula->span); else k->formula = $2;
    }
  | FORECAST expr {
      KR *k = ctx->kr;
      if (k->forecast) dup_attr(ctx, "forecast", @$, k->forecast->span); else k->forecast = $2;
    }
  | plan_head '{' plan_points '}' { plan_end(ctx, @$); }
  | STARTS period {
      KR *k = ctx->kr;
      if (k->starts.kind != PER_NONE) dup_attr(ctx, "starts", @$, k->starts.span); else k->starts = $2;
    }
  | DURING period {
      KR *k = ctx->kr;
      if (k->starts.kind != PER_NONE) dup_attr(ctx, "during", @$, k->starts.span);
      else { k->starts = $2; k->during = true; }
    }
  | EVERY IDENT { every_attr(ctx, $2, NULL, @$); }
  | EVERY IDENT RULEWORD { every_attr(ctx, $2, &$3, @$); }
  | FEEDS { ctx->list.len = 0; } feed_list {
      KR *k = ctx->kr;
      int n;
      Feed *f = list_copy(ctx, sizeof(Feed), &n);
      if (k->nfeeds) dup_attr(ctx, "feeds", @$, k->feeds_span);
      else { k->feeds = f; k->nfeeds = n; k->feeds_span = @$; }
    }
  | CASCADE IDENT {
      KR *k = ctx->kr;
      if (k->cascade.name) dup_attr(ctx, "cascade", @$, k->cascade.span); else k->cascade = $2;
    }
  | CARRY LAGLIT {
      KR *k = ctx->kr;
      if (k->carry.present) dup_attr(ctx, "carry", @$, k->carry.span); else k->carry = $2;
    }
  | BENCHMARK opt_title value { bench_end(ctx, $2, $3, @$); }
  | BENCHMARK opt_title '{' { ctx->plan_items.len = 0; ctx->plan_err = false; } plan_points '}' {
      bench_end(ctx, $2, NULL, @$);
    }
  | PLUSMINUS value {
      KR *k = ctx->kr;
      if (k->margin) dup_attr(ctx, "margin", @$, k->margin->span); else k->margin = $2;
    }
  | BREAKDOWN IDENT IDENT '{' { ctx->list.len = 0; } bd_members '}' { bd_end(ctx, $2, $3, @$); }
  | SCORED { kpi_mode(ctx, NULL, false, @$); }
  | SCORED MODEWORD '{' { ctx->mode_items.len = 0; } mode_items '}' { kpi_mode(ctx, &$2, false, @$); }
  | CONTEXT { kpi_mode(ctx, NULL, true, @$); }
  | CARRY NUMBER {
      /* a bare number counts cadence periods; -1 marks one that is not a
       * whole number from 0 to 1000 (E103, by sema) */
      KR *k = ctx->kr;
      Lag l = { .n = $2 >= 0 && $2 <= 1000 && $2 == (int)$2 ? (int)$2 : -1, .unit = PER_NONE, .span = @2, .present = true };
      if (k->carry.present) dup_attr(ctx, "carry", @$, k->carry.span); else k->carry = l;
    }
  ;
/* `feeds revenue, bookings 40%`: the key results this one rolls into */
feed_list: feed_item | feed_list ',' feed_item ;
feed_item:
    name {
      Feed *f = NEW(Feed);
      f->to = $1; f->span = @$;
      vec_push(A(ctx), &ctx->list, f);
    }
  | name plain_num {
      Feed *f = NEW(Feed);
      f->to = $1; f->weight = $2; f->span = @$;
      vec_push(A(ctx), &ctx->list, f);
    }
/* The members of a breakdown: `north 120_000, south 80_000` (a weight
 * each for `weighted`), separated by commas or new lines. */
bd_members: %empty | bd_members bd_member ;
bd_member:
    IDENT opt_comma {
      BdMember *m = NEW(BdMember);
      m->name = $1; m->span = @1;
      vec_push(A(ctx), &ctx->list, m);
    }
  | IDENT plain_num opt_comma {
      BdMember *m = NEW(BdMember);
      m->name = $1; m->weight = $2; m->span = span_join(@1, @2);
      vec_push(A(ctx), &ctx->list, m);
    }
  | error
  ;
/* The items of a scoring mode (docs/language.md §8.1): `red 88%`,
 * `goal 80 .. 120`, `green >= 95%`, a bare `red`; separated by commas or
 * new lines.  The words are checked by sema. */
mode_items: %empty | mode_items mode_item ;
mode_item:
    IDENT opt_comma                     { mode_item(ctx, $1, SPEC_NONE, NULL, NULL, @1); }
  | IDENT value opt_comma               { mode_item(ctx, $1, SPEC_NONE, $2, NULL, span_join(@1, @2)); }
  | IDENT value DOTDOT value opt_comma  { mode_item(ctx, $1, SPEC_WITHIN, $2, $4, span_join(@1, @4)); }
  | IDENT cmp value opt_comma           { mode_item(ctx, $1, $2, $3, NULL, span_join(@1, @3)); }
  | error
  ;
/* A phased plan: `plan { 2025: 70%, 2027: 90% }`, or `plan step { ... }`
 * for a plan that moves only at its points.  `step` is a word of this
 * place only, not a reserved keyword. */
plan_head:
    PLAN { plan_begin(ctx, false, @1); }
  | PLAN IDENT {
      bool step = $2.name && !strcmp($2.name, "step");
      if (!step) {
        Diag *d = diag_report(ctx->de, E001, @2, "unknown plan mode `%s`", $2.name ? $2.name : "?");
        diag_label(d, "expected `step` or `{`");
        diag_help(d, "write `plan { PERIOD: VALUE, ... }` for a linear plan, or `plan step { ... }`");
      }
      plan_begin(ctx, step, @1);
    }
  ;
plan_points: %empty | plan_points plan_point ;
/* The colon may be left out (`2025 70%`), as in a check-in. */
plan_point:
    period opt_colon value opt_comma {
      PlanPoint *pp = NEW(PlanPoint);
      pp->at = $1; pp->value = $3; pp->span = span_join(@1, @3); pp->index = -1;
      vec_push(A(ctx), &ctx->plan_items, pp);
    }
  | error { ctx->plan_err = true; }
  ;

/* ---- causal links -------------------------------------------------------- */
link_head:
    name ARROW name {
      Link *l = NEW(Link);
      l->from = $1; l->to = $3;
      add_decl(ctx, &l->h, ND_LINK, @$);
      ctx->link = l;
    }
  ;
link_attrs:
    %empty
  | link_attrs STRENGTH value {
      Link *l = ctx->link;
      if (l->strength) dup_attr(ctx, "strength", @2, l->strength->span); else l->strength = $3;
      l->h.span = span_join(l->h.span, @3);
    }
  | link_attrs STRENGTH IDENT '(' args ')' {     /* strength normal(0.5, 0.1): a distribution (§10.1) */
      Link *l = ctx->link;
      Expr *e = ex_new(ctx, EX_CALL, span_join(@3, @6));
      e->ref = $3; e->args = $5.items; e->nargs = $5.n;
      for (int i = 0; i < $5.n; i++)
        if ($5.items[i]->depth + 1 > e->depth) e->depth = $5.items[i]->depth + 1;
      if (l->strength) dup_attr(ctx, "strength", @2, l->strength->span); else l->strength = e;
      l->h.span = span_join(l->h.span, @6);
    }
  | link_attrs LAG lag {
      Link *l = ctx->link;
      if (l->lag.present) dup_attr(ctx, "lag", @2, l->lag.span); else l->lag = $3;
      l->h.span = span_join(l->h.span, @3);
    }
  ;
lag: lag_one
  | lag_one DOTDOT lag_one {           /* 1q..3q: any whole number of periods in the range */
      $$ = $1;
      $$.range = true; $$.hi_n = $3.n; $$.hi_unit = $3.unit;
      $$.span = span_join(@1, @3);
    }
  ;
lag_one: LAGLIT | NUMBER { $$ = zero_lag(ctx, $1, @1); }
  | '-' LAGLIT {                        /* refused here: a cause precedes its effect */
      Diag *d = diag_report(ctx->de, E182, @$, "a lag cannot be negative");
      diag_label(d, "negative lag");
      diag_help(d, "a cause precedes its effect: write a lag of 0 or more periods, such as `1q` or `1q..3q`");
      $$ = $2; $$.n = 0; $$.span = @$;
    }
  | IDENT '(' args ')' {                /* lag uniform(1q, 3q): a range is what is meant */
      Diag *d = diag_report(ctx->de, E183, @$, "a lag is a whole number of periods, not a distribution");
      diag_label(d, "a distribution");
      diag_help(d, "write an uncertain lag as a range of whole periods, each equally likely: `lag 1q..3q`");
      $$.n = 0; $$.unit = PER_NONE; $$.span = @$; $$.present = true; $$.range = false; $$.hi_n = 0; $$.hi_unit = PER_NONE;
    }
  ;

/* ---- initiatives ----------------------------------------------------------- */
initiative:
    init_head init_items '}' {
      Initiative *in = ctx->init;
      in->h.span = span_join(in->h.span, @3);
      in->neffects = ctx->init_effects.len;
      in->effects = arena_alloc(A(ctx), sizeof(Effect) * (in->neffects + 1));
      for (int i = 0; i < in->neffects; i++) in->effects[i] = *(Effect *)ctx->init_effects.items[i];
      in->nsupports = ctx->init_supports.len;
      in->supports = arena_alloc(A(ctx), sizeof(Ident) * (in->nsupports + 1));
      for (int i = 0; i < in->nsupports; i++) in->supports[i] = *(Ident *)ctx->init_supports.items[i];
      in->nlevels = ctx->init_levels.len;
      in->levels = arena_alloc(A(ctx), sizeof(FundLevel) * (in->nlevels + 1));
      for (int i = 0; i < in->nlevels; i++) in->levels[i] = *(FundLevel *)ctx->init_levels.items[i];
      in->nmilestones = ctx->init_milestones.len;
      in->milestones = arena_alloc(A(ctx), sizeof(Milestone) * (in->nmilestones + 1));
      for (int i = 0; i < in->nmilestones; i++) in->milestones[i] = *(Milestone *)ctx->init_milestones.items[i];
      ctx->init_effects.len = ctx->init_supports.len = ctx->init_levels.len = ctx->init_milestones.len = 0;
      ctx->init = NULL;
    }
  ;
init_head:
    INITIATIVE IDENT opt_title '{' {
      Initiative *in = NEW(Initiative);
      in->name = $2; in->title = $3;
      add_decl(ctx, &in->h, ND_INITIATIVE, @$);
      ctx->init = in;
    }
  ;
init_items: %empty | init_items init_item ;
init_item:
    owner_kw STRING {
      Initiative *in = ctx->init;
      if (in->owner.text) dup_attr(ctx, "owner", @$, in->owner.span); else in->owner = $2;
    }
  | COST value {
      Initiative *in = ctx->init;
      if (in->cost) dup_attr(ctx, "cost", @$, in->cost->span); else in->cost = $2;
    }
  | COST value FORECAST expr {         /* the budget and the uncertain cost (§10.2) */
      Initiative *in = ctx->init;
      if (in->cost) dup_attr(ctx, "cost", @$, in->cost->span); else { in->cost = $2; in->cost_forecast = $4; }
    }
  /* tracking (docs/language.md §10.2): words of this place only, not reserved */
  | IDENT IDENT { init_word(ctx, $1, &$2, NULL, @$); }             /* status in_progress */
  | IDENT value { init_word(ctx, $1, NULL, $2, @$); }               /* spent 40_000 USD, complete 40% */
  | IDENT IDENT opt_title BY period ms_attrs { init_milestone(ctx, $1, $2, $3, $5, @$); }
  | SUPPORTS supports
  | LEVEL value COST value opt_level_by {
      FundLevel *l = NEW(FundLevel);
      l->at = $2; l->cost = $4; l->by = $5; l->span = @$;
      vec_push(A(ctx), &ctx->init_levels, l);
    }
  | AFFECTS IDENT BY expr effect_attrs {
      Effect *e = (Effect *)ctx->init_effects.items[ctx->init_effects.len - 1];
      e->kr = $2; e->by = $4; e->span = span_join(@$, e->span);
    }
  | error
  ;
/* the attributes of a milestone: `done`, then `weight W`, on its line */
ms_attrs:
    %empty {
      Milestone *m = NEW(Milestone); m->span = @$; m->due_i = -1;
      vec_push(A(ctx), &ctx->init_milestones, m);
    }
  | ms_attrs DONEWORD {
      Milestone *m = (Milestone *)ctx->init_milestones.items[ctx->init_milestones.len - 1];
      if (m->done) dup_attr(ctx, "done", @2, @2);
      m->done = true; m->span = span_join(m->span, @2);
    }
  | ms_attrs WEIGHT plain_num {
      Milestone *m = (Milestone *)ctx->init_milestones.items[ctx->init_milestones.len - 1];
      if (m->weight) dup_attr(ctx, "weight", @2, m->weight->span); else m->weight = $3;
      m->span = span_join(m->span, @3);
    }
  ;
supports:
    IDENT { Ident *i = NEW(Ident); *i = $1; vec_push(A(ctx), &ctx->init_supports, i); }
  | supports ',' IDENT { Ident *i = NEW(Ident); *i = $3; vec_push(A(ctx), &ctx->init_supports, i); }
  ;
/* a funding level: `level 120% cost 1_200_000 CNY by 112%` (the cost is
 * required: an optional one would make `level 50%  cost X` ambiguous
 * with the initiative's own cost) */
opt_level_by: %empty { $$ = NULL; } | BY value { $$ = $2; } ;
effect_attrs:
    %empty { Effect *e = NEW(Effect); e->span = @$; vec_push(A(ctx), &ctx->init_effects, e); }
  | effect_attrs RELATIVE {
      Effect *e = (Effect *)ctx->init_effects.items[ctx->init_effects.len - 1];
      if (e->relative) dup_attr(ctx, "relative", @2, @2);
      e->relative = true; e->span = span_join(e->span, @2);
    }
  | effect_attrs LAG lag {
      Effect *e = (Effect *)ctx->init_effects.items[ctx->init_effects.len - 1];
      if (e->lag.present) dup_attr(ctx, "lag", @2, e->lag.span); else e->lag = $3;
      e->span = span_join(e->span, @3);
    }
  ;

/* ---- actuals --------------------------------------------------------------- */
actuals:
    act_head checkins '}' {
      Actuals *a = ctx->act;
      a->h.span = span_join(a->h.span, @3);
      a->nitems = ctx->act_items.len;
      a->items = arena_alloc(A(ctx), sizeof(Checkin) * (a->nitems + 1));
      for (int i = 0; i < a->nitems; i++) a->items[i] = *(Checkin *)ctx->act_items.items[i];
      ctx->act_items.len = 0;
      ctx->act = NULL;
    }
  ;
act_head:
    ACTUALS period '{' {
      Actuals *a = NEW(Actuals);
      a->period = $2;
      add_decl(ctx, &a->h, ND_ACTUALS, @$);
      ctx->act = a;
    }
  | CLOSE period '{' {         /* a closed period and its final grades */
      Actuals *a = NEW(Actuals);
      a->period = $2; a->close = true; a->index = -1;
      add_decl(ctx, &a->h, ND_ACTUALS, @$);
      ctx->act = a;
    }
  ;
checkins: %empty | checkins checkin ;
checkin:
    QNAME value opt_comma { member_checkin(ctx, $1, $2, span_join(@1, @2)); }
  |
    name value opt_comma {
      Checkin *c = NEW(Checkin);
      c->kr = $1; c->value = $2; c->span = span_join(@1, @2);
      vec_push(A(ctx), &ctx->act_items, c);
    }
  | name value CARRY opt_comma {
      Checkin *c = NEW(Checkin);
      c->kr = $1; c->value = $2; c->span = span_join(@1, @3); c->carry = true; c->carry_span = @3;
      if (!ctx->act->close) {
        Diag *d = diag_report(ctx->de, E109, @3, "`carry` belongs in a `close` block");
        diag_label(d, "not in a closed period");
        diag_help(d, "to carry an unfinished key result into the next period, close the period: `close %s { %s GRADE carry }`",
                  "PERIOD", $1.name ? $1.name : "NAME");
      }
      vec_push(A(ctx), &ctx->act_items, c);
    }
  | error
  ;

/* ---- values and expressions --------------------------------------------------- */
period:
    PERIOD
  | NUMBER { $$ = year_period(ctx, $1, @1); }
  ;

/* A number as written in a weight, threshold or limit: no unit word, so
 * that `financial 0.25 customer 0.35` reads as two entries. */
plain_num:
    NUMBER %prec NUM_BARE { $$ = ex_num(ctx, $1, mkident(NULL, @1), @1); }
  | NUMUNIT
  | '-' NUMBER { $$ = ex_new(ctx, EX_NEG, @$); $$->lhs = ex_num(ctx, $2, mkident(NULL, @2), @2); }
  ;

num:
    NUMBER %prec NUM_BARE { $$ = ex_num(ctx, $1, mkident(NULL, @1), @1); }
  | NUMBER UNITWORD { $$ = ex_num(ctx, $1, $2, @$); }
  | NUMUNIT
  ;

/* A constant as written in a KR spec or an attribute. */
value:
    num
  | num '/' unit_per { $$ = rate_value(ctx, $1, $3, @2, @$); }          /* 3.5 USD/gallon */
  | '-' num { $$ = ex_new(ctx, EX_NEG, @$); $$->lhs = $2; }
  | '-' num '/' unit_per { $$ = ex_new(ctx, EX_NEG, @$); $$->lhs = rate_value(ctx, $2, $4, @3, span_join(@2, @4)); }
  | '+' num { $$ = $2; $$->span = @$; }
  | TRUE    { $$ = ex_new(ctx, EX_BOOL, @$); $$->num = 1; }
  | FALSE   { $$ = ex_new(ctx, EX_BOOL, @$); $$->num = 0; }
  ;

expr:
    num
  | TRUE    { $$ = ex_new(ctx, EX_BOOL, @$); $$->num = 1; }
  | FALSE   { $$ = ex_new(ctx, EX_BOOL, @$); $$->num = 0; }
  | IDENT   { $$ = ex_new(ctx, EX_REF, @$); $$->ref = $1; }
  | LAGLIT  { $$ = ex_num(ctx, $1.n, mkident(NULL, @1), @1); $$->span_unit = $1.unit; }  /* prev(x, 1y) */
  | IDENT '(' args ')' {
      $$ = ex_new(ctx, EX_CALL, @$); $$->ref = $1; $$->args = $3.items; $$->nargs = $3.n;
      for (int i = 0; i < $3.n; i++)
        if ($3.items[i]->depth + 1 > $$->depth) $$->depth = $3.items[i]->depth + 1;
    }
  | '(' expr ')' { $$ = $2; }
  | '-' expr %prec UMINUS { $$ = ex_bin(ctx, EX_NEG, $2, NULL, @$); }
  | expr '+' expr { $$ = ex_bin(ctx, EX_ADD, $1, $3, @$); }
  | expr '-' expr { $$ = ex_bin(ctx, EX_SUB, $1, $3, @$); }
  | expr '*' expr { $$ = ex_bin(ctx, EX_MUL, $1, $3, @$); }
  | expr '/' expr { $$ = ex_bin(ctx, EX_DIV, $1, $3, @$); }
  ;
args: %empty { $$.items = NULL; $$.n = 0; } | arglist ;
arglist:
    expr {
      $$.items = arena_alloc(A(ctx), sizeof(Expr *) * 4); $$.items[0] = $1; $$.n = 1;
    }
  | arglist ',' expr {
      $$ = $1;
      if (($$.n & ($$.n - 1)) == 0 && $$.n >= 4) {     /* grow at powers of two */
        Expr **grown = arena_alloc(A(ctx), sizeof(Expr *) * $$.n * 2);
        memcpy(grown, $$.items, sizeof(Expr *) * $$.n);
        $$.items = grown;
      }
      $$.items[$$.n++] = $3;
    }
  ;

%%

static Ident mkident(const char *name, Span s) { Ident i = { name, s }; return i; }

static Expr *ex_new(ParseCtx *ctx, ExprKind k, Span s) {
  Expr *e = arena_alloc(&ctx->p->expr_arena, sizeof(Expr));
  e->kind = k; e->span = s; e->depth = 1;
  return e;
}

/* Builds an operator node; a tree taller than the limit is reported once
 * and cut to a leaf, so that later passes may recurse freely. */
static Expr *ex_bin(ParseCtx *ctx, ExprKind k, Expr *l, Expr *r, Span s) {
  Expr *e = ex_new(ctx, k, s);
  e->lhs = l; e->rhs = r;
  e->depth = 1 + (r && r->depth > l->depth ? r->depth : l->depth);
  if (e->depth > PARSE_MAX_EXPR_DEPTH) {
    if (!ctx->expr_too_deep) {
      Diag *dg = diag_report(ctx->de, E003, s, "formula nested more than %d levels deep", PARSE_MAX_EXPR_DEPTH);
      diag_help(dg, "split it into calculated KRs");
      ctx->expr_too_deep = true;
    }
    e->kind = EX_NUM; e->num = 0; e->lhs = e->rhs = NULL; e->depth = 1;
  }
  return e;
}

static Expr *ex_num(ParseCtx *ctx, double v, Ident unit, Span s) {
  Expr *e = ex_new(ctx, EX_NUM, s);
  e->num = v; e->unit = unit;
  return e;
}

/* `3.5 USD/gallon`: a number whose unit is a rate.  The first unit is
 * the number's own (sema refuses a bare `3.5/gallon`). */
static Expr *rate_value(ParseCtx *ctx, Expr *num, UnitPer *per, Span slash, Span s) {
  per->span = span_join(slash, per->span);
  num->per = per;
  num->span = s;
  return num;
}

/* `plan` opens the point list; a second plan of one KR is E013. */
static void plan_begin(ParseCtx *ctx, bool step, Span s) {
  KR *k = ctx->kr;
  ctx->plan_items.len = 0;
  ctx->plan_err = false;
  if (k->has_plan) { dup_attr(ctx, "plan", s, k->plan_span); ctx->plan_dup = true; return; }
  ctx->plan_dup = false;
  k->plan_step = step;
  k->plan_span = s;
}

static void plan_end(ParseCtx *ctx, Span s) {
  KR *k = ctx->kr;
  if (ctx->plan_dup) { ctx->plan_items.len = 0; return; }
  k->has_plan = true;
  k->plan_bad = ctx->plan_err;
  k->plan_span = s;
  k->nplan = ctx->plan_items.len;
  k->plan = arena_alloc(A(ctx), sizeof(PlanPoint) * (size_t)(k->nplan + 1));
  for (int i = 0; i < k->nplan; i++) k->plan[i] = *(PlanPoint *)ctx->plan_items.items[i];
  ctx->plan_items.len = 0;
}

/* `benchmark ["LABEL"] VALUE` (v) or `benchmark ["LABEL"] { PERIOD: VALUE, ... }`
 * (the points in ctx->plan_items); a second one is E013. */
static void bench_end(ParseCtx *ctx, Str label, Expr *v, Span s) {
  KR *k = ctx->kr;
  int n = ctx->plan_items.len;
  ctx->plan_items.len = 0;
  if (k->has_bench) { dup_attr(ctx, "benchmark", s, k->bench_span); return; }
  k->has_bench = true;
  k->bench_span = s;
  k->bench_label = label;
  k->bench = v;
  if (v) return;
  k->nbench = n;
  k->bench_pts = arena_alloc(A(ctx), sizeof(PlanPoint) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) k->bench_pts[i] = *(PlanPoint *)ctx->plan_items.items[i];
}

/* `breakdown DIM RULE { MEMBER [WEIGHT], ... }` (the members in ctx->list);
 * the rule and the members are checked by sema. */
static void bd_end(ParseCtx *ctx, Ident dim, Ident rule, Span s) {
  KR *k = ctx->kr;
  int n;
  BdMember *m = list_copy(ctx, sizeof(BdMember), &n);
  if (k->bd) { dup_attr(ctx, "breakdown", s, k->bd->span); return; }
  Breakdown *b = NEW(Breakdown);
  b->dim = dim; b->rule = rule; b->members = m; b->n = n; b->span = s;
  k->bd = b;
}

/* `response.north 7.5` in an actuals block: the value of one member of
 * response's breakdown.  The name is split at its dot. */
static void member_checkin(ParseCtx *ctx, Ident q, Expr *v, Span s) {
  Checkin *c = NEW(Checkin);
  const char *dot = strchr(q.name, '.');
  size_t n = (size_t)(dot - q.name);
  c->kr = mkident(intern(ctx->p->in, q.name, n), (Span){ q.span.file, q.span.off, q.span.off + (uint32_t)n });
  c->member = mkident(intern(ctx->p->in, dot + 1, strlen(dot + 1)),
                      (Span){ q.span.file, q.span.off + (uint32_t)n + 1, q.span.end });
  c->value = v;
  c->span = s;
  c->member_i = -1;
  vec_push(A(ctx), &ctx->act_items, c);
}

/* `scored [MODE { ITEMS }]` or `context` on a KPI; a second one is E013.
 * An unknown mode word is E130 here; the items are checked by sema. */
static void kpi_mode(ParseCtx *ctx, const Ident *word, bool context, Span s) {
  KR *k = ctx->kr;
  if (k->mode) { dup_attr(ctx, context ? "context" : "scored", s, k->mode_span); ctx->mode_items.len = 0; return; }
  KpiMode m = context ? KM_CONTEXT : KM_HEALTH;
  if (word) {
    const char *w = word->name ? word->name : "";
    m = !strcmp(w, "quickscore") ? KM_QUICKSCORE : !strcmp(w, "band") ? KM_BAND : !strcmp(w, "rules") ? KM_RULES : KM_NONE;
    if (!m) {
      Diag *d = diag_report(ctx->de, E130, word->span, "unknown scoring mode `%s`", w);
      diag_label(d, "not a scoring mode");
      diag_help(d, "write `scored` alone, or `scored quickscore { ... }`, `scored band { ... }` or `scored rules { ... }`");
      m = KM_HEALTH;
      k->mode_bad = true;
    }
  }
  k->mode = m;
  k->mode_span = s;
  k->nmitems = word ? ctx->mode_items.len : 0;
  k->mitems = arena_alloc(A(ctx), sizeof(ModeItem) * (size_t)(k->nmitems + 1));
  for (int i = 0; i < k->nmitems; i++) k->mitems[i] = *(ModeItem *)ctx->mode_items.items[i];
  ctx->mode_items.len = 0;
}

/* The tracking items of an initiative, led by a word of that place only:
 * `status WORD`, `spent X`, `complete X`.  Anything else is E166 with the
 * words that fit, so that a typo is named where it is. */
static void init_word(ParseCtx *ctx, Ident word, const Ident *arg, Expr *v, Span s) {
  Initiative *in = ctx->init;
  const char *w = word.name ? word.name : "";
  if (!strcmp(w, "status") && arg) {
    if (in->status_word.name) dup_attr(ctx, "status", s, in->status_word.span); else in->status_word = *arg;
    return;
  }
  if (!strcmp(w, "spent") && v) {
    if (in->spent) dup_attr(ctx, "spent", s, in->spent->span); else in->spent = v;
    return;
  }
  if (!strcmp(w, "complete") && v) {
    if (in->complete) dup_attr(ctx, "complete", s, in->complete->span); else in->complete = v;
    return;
  }
  Diag *d;
  if (!strcmp(w, "status"))
    d = diag_report(ctx->de, E166, s, "`status` takes a word: planned, in_progress, done, on_hold or cancelled");
  else if (!strcmp(w, "spent") || !strcmp(w, "complete"))
    d = diag_report(ctx->de, E166, s, "`%s` takes an amount: %s", w, !strcmp(w, "spent") ? "`spent 40_000 USD`" : "`complete 40%`");
  else if (!strcmp(w, "milestone")) {
    milestone_bad(ctx, arg, s);
    return;
  } else
    d = diag_report(ctx->de, E166, word.span, "`%s` is not an item of an initiative", w);
  diag_label(d, "not understood");
  diag_help(d, "an initiative holds owner, cost, supports, affects, status, milestone, spent and complete "
               "(docs/language.md §10)");
}

/* `milestone NAME` and then not `["title"] by PERIOD`: one E166 for the
 * line, whose rest the parser would report again (`b by` after `milestone
 * a b by 2025-Q2` reads as a reserved word used as a name).  A second
 * word before `by` is the likely mistake: a two-word name, or a title
 * without its quotes. */
static void milestone_bad(ParseCtx *ctx, const Ident *name, Span s) {
  const char *t = ctx->text, *nl = memchr(t + s.end, '\n', ctx->len - s.end);
  uint32_t eol = nl ? (uint32_t)(nl - t) : (uint32_t)ctx->len, p = s.end, w0, w1;
  while (p < eol && (t[p] == ' ' || t[p] == '\t')) p++;
  for (w0 = p; p < eol && (isalnum((unsigned char)t[p]) || t[p] == '_' || (unsigned char)t[p] >= 0x80); p++) {}
  w1 = p;
  while (p < eol && (t[p] == ' ' || t[p] == '\t')) p++;
  bool by = w1 > w0 && p + 2 <= eol && !strncmp(t + p, "by", 2) && (p + 2 == eol || !isalnum((unsigned char)t[p + 2]));
  ctx->quiet_eol = eol;
  Diag *d;
  if (by && name) {
    int nl0 = (int)(name->span.end - name->span.off), nl1 = (int)(w1 - w0);
    Span two = { .file = s.file, .off = name->span.off, .end = w1 };
    d = diag_report(ctx->de, E166, two, "a milestone's name is one word, and `%.*s %.*s` is two", nl0, t + name->span.off, nl1, t + w0);
    diag_label(d, "two words");
    diag_help(d, "put a title in quotes after the name, `milestone %.*s \"%.*s\" by ...`, or join the words: `%.*s_%.*s`",
              nl0, t + name->span.off, nl1, t + w0, nl0, t + name->span.off, nl1, t + w0);
    return;
  }
  if (name && w0 < eol && isdigit((unsigned char)t[w0])) {
    /* `milestone launch 2025-Q3`: the period without its `by` */
    for (w1 = w0; w1 < eol && t[w1] != ' ' && t[w1] != '\t' && t[w1] != '\r'; w1++) {}
    d = diag_report(ctx->de, E166, s, "`by` is missing before the milestone's due period");
    diag_label(d, "`by` belongs after the name");
    diag_help(d, "write `milestone %.*s by %.*s`", (int)(name->span.end - name->span.off), t + name->span.off,
              (int)(w1 - w0), t + w0);
    return;
  }
  d = diag_report(ctx->de, E166, s, "a milestone needs a name and a due period: `milestone NAME by PERIOD`");
  diag_label(d, "not understood");
  diag_help(d, "a milestone is written `milestone NAME [\"title\"] by PERIOD [done] [weight W]` (docs/language.md §10.2)");
}

/* `milestone NAME ["title"] by PERIOD [done] [weight W]`: its attributes
 * were pushed by ms_attrs. */
static void init_milestone(ParseCtx *ctx, Ident word, Ident name, Str title, Period due, Span s) {
  Milestone *m = (Milestone *)ctx->init_milestones.items[ctx->init_milestones.len - 1];
  if (!word.name || strcmp(word.name, "milestone")) {
    Diag *d = diag_report(ctx->de, E166, word.span, "`%s` is not an item of an initiative", word.name ? word.name : "?");
    diag_label(d, "not understood");
    diag_help(d, "a milestone is written `milestone NAME by PERIOD [done]`");
    ctx->init_milestones.len--;
    return;
  }
  m->name = name; m->title = title; m->due = due; m->span = s;
}

static void mode_item(ParseCtx *ctx, Ident w, SpecKind cmp, Expr *a, Expr *b, Span s) {
  ModeItem *m = NEW(ModeItem);
  memset(m, 0, sizeof *m);
  m->word = w; m->cmp = cmp; m->a = a; m->b = b; m->span = s;
  vec_push(A(ctx), &ctx->mode_items, m);
}

static void dup_attr(ParseCtx *ctx, const char *what, Span now, Span first) {
  Diag *d = diag_report(ctx->de, E013, now, "`%s` is given twice", what);
  diag_label(d, "second `%s`", what);
  diag_note(d, first, "first given here");
  diag_help(d, "remove one of them");
}

static void add_decl(ParseCtx *ctx, Node *n, NodeKind k, Span s) {
  n->kind = k; n->span = s;
  vec_push(A(ctx), &ctx->decls, n);
}

/* Validates the keyword of a parameterised unit form: currency(USD),
 * rating(1..5), milestone(5); plain `milestone` and `boolean` too. */
static void unit_form(ParseCtx *ctx, UnitRef *u) {
  const char *n = u->name.name;
  const char *want = NULL;
  switch (u->form) {
  case UF_NAMED:
    if (!strcmp(n, "milestone") || !strcmp(n, "boolean")) { u->form = UF_MILESTONE; u->steps = 1; }
    else if (!strcmp(n, "rating") || !strcmp(n, "currency")) {
      Diag *d = diag_report(ctx->de, E022, u->span, "`%s` needs a parameter", n);
      diag_label(d, "incomplete unit");
      diag_help(d, !strcmp(n, "rating") ? "write the scale, e.g. `rating(1..5)`"
                                        : "write the currency code, e.g. `currency(USD)` or just `USD`");
    }
    return;
  case UF_CURRENCY:  want = "currency"; break;
  case UF_RATING:    want = "rating"; break;
  case UF_MILESTONE: want = "milestone"; break;
  }
  if (strcmp(n, want)) {
    Diag *d = diag_report(ctx->de, E020, u->name.span, "`%s(...)` is not a unit form", n);
    diag_label(d, "unknown unit form");
    diag_help(d, "this form of parameter belongs to `%s(...)`", want);
  }
  if (u->form == UF_RATING && !(u->lo < u->hi)) {
    Diag *d = diag_report(ctx->de, E022, u->span, "a rating scale must go from low to high");
    diag_label(d, "empty scale %g..%g", u->lo, u->hi);
  }
}

static void obj_begin(ParseCtx *ctx, Ident name, Str title, Ident in, Span s) {
  Objective *o = NEW(Objective);
  o->name = name; o->title = title; o->persp = in;
  add_decl(ctx, &o->h, ND_OBJECTIVE, s);
  ctx->obj = o;
  ctx->obj_krs.len = ctx->obj_kpis.len = 0;
}

static KR **vec_to_krs(ParseCtx *ctx, Vec *v, int *n, Objective *o) {
  KR **arr = arena_alloc(A(ctx), sizeof(KR *) * (v->len + 1));
  for (int i = 0; i < v->len; i++) { arr[i] = v->items[i]; arr[i]->obj = o; }
  *n = v->len;
  v->len = 0;
  return arr;
}

static void obj_end(ParseCtx *ctx, Span s) {
  Objective *o = ctx->obj;
  o->h.span = s;
  o->krs = vec_to_krs(ctx, &ctx->obj_krs, &o->nkrs, o);
  o->kpis = vec_to_krs(ctx, &ctx->obj_kpis, &o->nkpis, o);
  ctx->obj = NULL;
}

static void kr_begin(ParseCtx *ctx, NodeKind k, Ident name, Str title, UnitRef u, Span s) {
  KR *kr = arena_alloc(&ctx->p->kr_arena, sizeof(KR));
  kr->h.kind = k; kr->h.span = s;
  kr->name = name; kr->title = title; kr->unit = u;
  ctx->kr = kr;
}

/* The items collected in ctx->list, copied into one arena array of
 * structs of `size` bytes; the list is emptied. */
static void *list_copy(ParseCtx *ctx, size_t size, int *n) {
  char *arr = arena_alloc(A(ctx), size * (ctx->list.len + 1));
  for (int i = 0; i < ctx->list.len; i++) memcpy(arr + size * (size_t)i, ctx->list.items[i], size);
  *n = ctx->list.len;
  ctx->list.len = 0;
  return arr;
}

static void kr_end(ParseCtx *ctx, Span s) {
  if (!ctx->kr) return;
  ctx->kr->h.span = s;
  ctx->last_kr = ctx->kr;
  const char *nl = memchr(ctx->text + s.end, '\n', ctx->len - s.end);
  ctx->last_kr_eol = nl ? (uint32_t)(nl - ctx->text) : (uint32_t)ctx->len;
}

/* The range is checked on the double before any conversion: converting a
 * double outside int's range (`by 2e25`) is undefined behaviour. */
static Period year_period(ParseCtx *ctx, double v, Span s) {
  Period p = { .kind = PER_NONE, .span = s };
  if (v >= 1900 && v <= 2999 && v == (int)v) {
    p.kind = PER_YEAR;
    p.year = (int)v;
    return p;
  }
  Diag *d = diag_report(ctx->de, E043, s, "`%g` is not a period", v);
  diag_label(d, "expected a year or a period");
  diag_help(d, "write a year (2025), a quarter (2025-Q1), a half (2025-H1) or a month (2025-03)");
  return p;
}

/* `every FREQ [RULE]` on a key result or KPI (docs/language.md §7).  The
 * words are names of this place only, not reserved keywords. */
static void every_attr(ParseCtx *ctx, Ident freq, const Ident *rule, Span s) {
  KR *k = ctx->kr;
  if (k->freq != PER_NONE || k->every_bad) { dup_attr(ctx, "every", s, k->every_span); return; }
  k->every_span = s;
  for (PeriodKind f = PER_YEAR; f <= PER_DAY; f++)
    if (freq.name && !strcmp(freq.name, ast_period_word(f))) k->freq = f;
  if (k->freq == PER_NONE) {
    Diag *d = diag_report(ctx->de, E100, freq.span, "unknown frequency `%s`", freq.name ? freq.name : "?");
    diag_label(d, "expected `day`, `week`, `month`, `quarter`, `half` or `year`");
    diag_help(d, "write how often the measure is taken, e.g. `every year` or `every month sum`");
    k->every_bad = true;
  }
  if (!rule) return;
  for (AggRule r = AGG_SUM; r <= AGG_LAST; r++)
    if (rule->name && !strcmp(rule->name, ast_agg_word(r))) k->agg = r;
  if (k->agg == AGG_NONE) {
    Diag *d = diag_report(ctx->de, E100, rule->span, "unknown aggregation rule `%s`", rule->name ? rule->name : "?");
    diag_label(d, "expected `sum`, `mean` or `last`");
    diag_help(d, "`sum` adds a flow or a count of events, `mean` averages a rate or a level, `last` keeps the latest level");
    k->every_bad = true;
  }
}

/* `fiscal year starts MONTH` in the strategy.  `fiscal` and `year` are
 * words of this place only, not reserved; the month name is resolved by
 * sema (E104), which knows the rest of the strategy. */
static void fiscal_attr(ParseCtx *ctx, Ident fiscal, Ident year, Ident month, Span s) {
  Strategy *st = ctx->strat;
  if (!fiscal.name || strcmp(fiscal.name, "fiscal") || !year.name || strcmp(year.name, "year")) {
    Span at = fiscal.name && !strcmp(fiscal.name, "fiscal") ? year.span : fiscal.span;
    Diag *d = diag_report(ctx->de, E104, at, "unknown strategy item `%s %s starts`", fiscal.name ? fiscal.name : "?",
                          year.name ? year.name : "?");
    diag_label(d, "expected `fiscal year starts MONTH`");
    diag_help(d, "a fiscal year is declared as `fiscal year starts July`; quarters and halves follow from it");
    return;
  }
  if (st->fiscal_month.name) { dup_attr(ctx, "fiscal year", s, st->fiscal_span); return; }
  st->fiscal_month = month;
  st->fiscal_span = s;
}

static Lag zero_lag(ParseCtx *ctx, double v, Span s) {
  Lag l = { .n = 0, .unit = PER_NONE, .span = s, .present = true };
  if (v != 0) {
    Diag *d = diag_report(ctx->de, E061, s, "a lag needs a period unit");
    diag_label(d, "`%g` of what?", v);
    diag_help(d, "write `%gq` for quarters, `%gm` for months or `%gy` for years", v, v, v);
  }
  return l;
}

static void strat_set(ParseCtx *ctx, Ident key, Expr *v, Span s, bool limit) {
  Strategy *st = ctx->strat;
  const char *k = key.name;
  Expr **slot = NULL;
  Span *first = NULL;
  if (limit) {
    if (!strcmp(k, "objectives_per_owner")) { slot = &st->limits[LIMIT_OBJ_PER_OWNER]; first = &st->limit_spans[LIMIT_OBJ_PER_OWNER]; }
    else if (!strcmp(k, "krs_per_objective")) { slot = &st->limits[LIMIT_KR_PER_OBJ]; first = &st->limit_spans[LIMIT_KR_PER_OBJ]; }
  } else {
    if (!strcmp(k, "green")) slot = &st->green;
    else if (!strcmp(k, "yellow")) slot = &st->yellow;
  }
  if (!slot) {
    Diag *d = diag_report(ctx->de, E001, key.span, "unknown %s `%s`", limit ? "limit" : "threshold", k);
    diag_label(d, "not a %s", limit ? "limit" : "threshold");
    diag_help(d, limit ? "the limits are `objectives_per_owner` and `krs_per_objective`"
                       : "the thresholds are `green` and `yellow`");
    return;
  }
  if (*slot) { dup_attr(ctx, k, s, first ? *first : (*slot)->span); return; }
  *slot = v;
  if (first) *first = s;
}

/* `store "..."` in the strategy block (sema checks the text). */
static void strat_store(ParseCtx *ctx, Ident word, Str where, Span s) {
  Strategy *st = ctx->strat;
  if (strcmp(word.name, "store")) {
    Diag *d = diag_report(ctx->de, E001, word.span, "unknown item `%s` in the strategy block", word.name);
    diag_label(d, "not a strategy item");
    diag_help(d, "the strategy block holds horizon, cadence, perspectives, thresholds, limit and store");
    return;
  }
  if (st->store.text) { dup_attr(ctx, "store", s, st->store_span); return; }
  st->store = where;
  st->store_span = s;
}

/* ---- syntax error messages ---------------------------------------------- */

/* The name of a token as the user wrote it. */
static const char *tok_text(ParseCtx *ctx, const Span *loc, yysymbol_kind_t t, char *buf, size_t n) {
  if (t == YYSYMBOL_YYEOF) return "end of file";
  size_t len = loc->end - loc->off;
  if (len == 0 || len > 40 || memchr(ctx->text + loc->off, '\n', len)) return yysymbol_name(t);
  snprintf(buf, n, "`%.*s`", (int)len, ctx->text + loc->off);
  return buf;
}

/* A token's name for messages: keywords and punctuation in backticks. */
static void sym_name(Buf *b, yysymbol_kind_t t) {
  static const char *line_variants[] = { "owner", "weight", "committed", "aspirational", "compensation" };
  const char *nm = yysymbol_name(t);
  if (t >= YYSYMBOL_L_OWNER && t <= YYSYMBOL_L_COMPENSATION)
    buf_printf(b, "`%s`", line_variants[t - YYSYMBOL_L_OWNER]);
  else if (nm[0] == '"' || nm[0] == '\'')
    buf_printf(b, "`%.*s`", (int)strlen(nm) - 2, nm + 1);
  else if (t >= YYSYMBOL_IMPORT && t <= YYSYMBOL_FORECAST)
    buf_printf(b, "`%s`", nm);         /* a keyword */
  else
    buf_puts(b, nm);
}

static int yyreport_syntax_error(const yypcontext_t *yc, ParseCtx *ctx) {
  if (ctx->fatal) return 0;
  /* the rest of a line whose mistake is reported (milestone_bad) */
  if (ctx->quiet_eol && yypcontext_location(yc)->off <= ctx->quiet_eol) return 0;
  enum { MAXEXP = 40 };
  yysymbol_kind_t all[MAXEXP];
  int nall = yypcontext_expected_tokens(yc, all, MAXEXP);
  /* Names of the expected tokens, deduplicated (owner and L_OWNER read
   * the same). */
  char *names[MAXEXP];
  int n = 0;
  for (int i = 0; i < nall; i++) {
    Buf b; buf_init(&b);
    sym_name(&b, all[i]);
    bool dup = false;
    for (int j = 0; j < n; j++) dup |= !strcmp(names[j], b.data);
    if (dup) buf_free(&b); else names[n++] = buf_steal(&b);
  }
  yysymbol_kind_t got = yypcontext_token(yc);
  const Span *loc = yypcontext_location(yc);
  char buf[64];
  const char *what = tok_text(ctx, loc, got, buf, sizeof buf);
  /* the key result of this line is incomplete: not also "has no target" */
  KR *lk = ctx->kr ? ctx->kr : ctx->last_kr;
  if (lk && loc->off >= lk->h.span.off && (lk != ctx->last_kr || loc->off <= ctx->last_kr_eol)) lk->syntax_bad = true;
  /* a name is what this place needs (not a place where a declaration may
   * also start: there a keyword may begin something else) */
  bool want_name = false, decl_start = false;
  for (int i = 0; i < nall; i++) {
    want_name |= all[i] == YYSYMBOL_IDENT;
    decl_start |= all[i] == YYSYMBOL_OBJECTIVE;
  }
  want_name &= !decl_start;
  if (want_name && got >= YYSYMBOL_IMPORT && got <= YYSYMBOL_L_DURING) {
    /* a reserved word where a name belongs (`-> rank`, `= cost * 2`) */
    char word[32];
    size_t wl = loc->end - loc->off;
    if (wl < sizeof word && wl > 0) {
      memcpy(word, ctx->text + loc->off, wl); word[wl] = 0;
      if (lex_is_keyword(word)) {
        Diag *d = diag_report(ctx->de, E160, *loc, "`%s` is a reserved word and cannot be a name", word);
        diag_label(d, "reserved");
        char fix[40];
        snprintf(fix, sizeof fix, "%s_", word);
        diag_help(d, "name it `%s` or another word (the reserved words are listed in docs/language.md §1)", fix);
        for (int i = 0; i < n; i++) free(names[i]);
        return 0;
      }
    }
  }
  Diag *d = diag_report(ctx->de, E001, *loc, "unexpected %s", what);
  if (n > 0 && n <= 8) {
    Buf b; buf_init(&b);
    for (int i = 0; i < n; i++) {
      if (i) buf_puts(&b, i == n - 1 ? " or " : ", ");
      buf_puts(&b, names[i]);
    }
    diag_label(d, "expected %s", b.data);
    buf_free(&b);
  } else
    diag_label(d, "not valid here");
  /* A misspelt keyword is the most common cause: suggest the closest. */
  if (got == YYSYMBOL_IDENT || got == YYSYMBOL_UNITWORD) {
    size_t len = loc->end - loc->off;
    char word[64];
    if (len < sizeof word) {
      memcpy(word, ctx->text + loc->off, len); word[len] = 0;
      const char *best = NULL; int bestd = 3;
      for (int i = 0; i < n; i++) {
        if (names[i][0] != '`') continue;
        char kw[32];
        snprintf(kw, sizeof kw, "%.*s", (int)strlen(names[i]) - 2, names[i] + 1);
        int dist = edit_distance(word, kw, 2);
        if (dist < bestd && dist <= (int)strlen(kw) / 3 + 1) { bestd = dist; best = names[i]; }
      }
      if (best) diag_help(d, "did you mean %s?", best);
    }
  }
  if (got == YYSYMBOL_PER)
    diag_help(d, "`per` follows a growth target (`-> +12%% per year`); a rate unit is written with `/`: `USD/gallon`, `cases/1000 people`");
  if (got == YYSYMBOL_YYEOF && (ctx->obj || ctx->strat || ctx->init || ctx->act))
    diag_help(d, "a `}` may be missing");
  for (int i = 0; i < n; i++) free(names[i]);
  return 0;
}

/* Called by bison only when its stack is exhausted (YYMAXDEPTH). */
void yyerror(Span *loc, ParseCtx *ctx, const char *msg) {
  Diag *d = diag_report(ctx->de, E003, *loc, "the parser ran out of room: %s", msg);
  diag_help(d, "split the file, or remove deep nesting");
  ctx->fatal = true;
}
