/*
 * graph.c - `bscc graph`: the strategy map as Graphviz DOT, or as SVG laid
 * out with the Graphviz library in a child process.
 *
 * Layout: rankdir=BT, so causes sit below their effects.  Each used
 * perspective is a cluster whose company objectives share one rank
 * (rank=same, with newrank=true so ranks hold across clusters); an
 * invisible chain of anchors, one per perspective, keeps the bands in rank
 * order, with room below each band for the team and individual objectives
 * that align to its objectives.  Links that run against the perspective
 * order (W001) do not constrain the layout.
 */
#include "graph.h"
#include "score_cmd.h"
#include "score_out.h"
#include "cli.h"
#include "sema.h"
#include "types.h"
#include "dl_graphviz.h"      /* Graphviz, loaded when a map is laid out */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A DOT double-quoted string. */
static void qstr(Buf *b, const char *s) {
  buf_putc(b, '"');
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\') buf_putc(b, '\\');
    if (*s == '\n') { buf_puts(b, "\\n"); continue; }
    if (*s == '\r' || *s == '\t') { buf_putc(b, ' '); continue; }
    buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

/* Wraps text at spaces into lines of about `w` display columns (a run
 * without spaces, such as Chinese text, is never cut). */
static char *wrap(const char *s, int w) {
  Buf b;
  buf_init(&b);
  int col = 0;
  const char *p = s;
  while (*p) {
    const char *q = p;
    while (*q && *q != ' ') q++;
    int ww = utf8_width(p, (size_t)(q - p), 1);
    if (col > 0 && col + 1 + ww > w) { buf_putc(&b, '\n'); col = 0; }
    else if (col > 0) { buf_putc(&b, ' '); col++; }
    buf_putn(&b, p, (size_t)(q - p));
    col += ww;
    while (*q == ' ') q++;
    p = q;
  }
  if (!b.data) buf_puts(&b, "");
  return buf_steal(&b);
}

static const char *fill_of(ScoreStatus s) {
  switch (s) {
  case STATUS_GREEN: return "#c8e6c9";
  case STATUS_YELLOW: return "#fff1b8";
  case STATUS_RED: return "#ffcdd2";
  default: return "#eeeeee";
  }
}

static const char *line_of(ScoreStatus s) {
  switch (s) {
  case STATUS_GREEN: return "#2e7d32";
  case STATUS_YELLOW: return "#b58900";
  case STATUS_RED: return "#c62828";
  default: return "#9e9e9e";
  }
}

static const char *lag_unit(PeriodKind k) {
  switch (k) {
  case PER_YEAR: return "y";
  case PER_HALF: return "h";
  case PER_QUARTER: return "q";
  default: return "m";
  }
}

/* What a measure says besides its goal (semantics.md §4.2-4.3), under its
 * objective's score: its value, its benchmark, its breakdown's members
 * and their gap, as the scorecard's rows under the measure; nothing for a
 * measure with neither.  The map draws objectives, so these are lines of
 * the objective's node, not nodes of their own. */
static void measure_lines(Buf *lab, const KR *k, const ScoreResult *r) {
  if (!k->has_bench && !k->bd) return;
  buf_printf(lab, "\n%s ", ast_kname(k));
  if (r->has) so_value(lab, k->type, r->value);
  else buf_puts(lab, "no data");
  if (r->has_bench) {
    buf_printf(lab, "\n%s: ", k->bench_label.text ? k->bench_label.text : "benchmark");
    so_value(lab, k->type, r->bench);
  }
  if (!k->bd) return;
  Buf m;
  buf_init(&m);
  buf_printf(&m, "%s (%s):", k->bd->dim.name, so_bd_rule(k->bd->rule_v));
  /* a member and its value, and the dot after it, wrap as one word
   * (joined by no-break spaces, U+00A0) */
  if (r->has && r->members)
    for (int i = 0; i < k->bd->n; i++) {
      buf_printf(&m, "%s %s\u00a0", i ? "\u00a0·" : "", k->bd->members[i].name.name);
      so_short(&m, k->type, r->members[i]);
    }
  else buf_puts(&m, " no data");
  char *w = wrap(m.data, 36);
  buf_printf(lab, "\n%s", w);
  free(w);
  buf_free(&m);
  if (r->has && r->members) {
    buf_puts(lab, "\ngap ");
    so_value(lab, k->type, r->gap);
    if (r->has_ratio) buf_printf(lab, " · ratio %.2f", r->ratio);
  }
}

static void node(Buf *b, const ScoreCard *sc, const Objective *o, const char *ind) {
  char *t = wrap(o->title.text ? o->title.text : o->name.name ? o->name.name : "?", 26);
  Buf lab;
  buf_init(&lab);
  if (o->level_eff == LEVEL_TEAM) buf_puts(&lab, "[team] ");
  else if (o->level_eff == LEVEL_INDIVIDUAL) buf_puts(&lab, "[individual] ");
  buf_puts(&lab, t);
  free(t);
  ScoreStatus st = STATUS_NODATA;
  if (sc) {
    const ScoreResult *r = score_obj(sc, sc->as_of, o);
    st = r->has ? r->status : STATUS_NODATA;
    if (r->has) buf_printf(&lab, "\n%.2f %s", r->score, score_status_name(r->status));
    else buf_printf(&lab, "\n%s", r->scope != SCOPE_RUNNING ? score_scope_name(r->scope) : "no data");
    for (int i = 0; i < o->nkrs; i++) measure_lines(&lab, o->krs[i], score_kr(sc, sc->as_of, o->krs[i]));
    for (int i = 0; i < o->nkpis; i++) measure_lines(&lab, o->kpis[i], score_kpi(sc, sc->as_of, o->kpis[i]));
  }
  buf_printf(b, "%so%d [label=", ind, o->index);
  qstr(b, lab.data);
  buf_free(&lab);
  if (sc) buf_printf(b, ", fillcolor=\"%s\", color=\"%s\"", fill_of(st), line_of(st));
  if (o->level_eff != LEVEL_COMPANY) buf_puts(b, ", style=\"rounded,filled,dashed\", fontsize=10");
  else buf_puts(b, ", penwidth=1.5");
  buf_puts(b, ", tooltip=");
  qstr(b, o->name.name ? o->name.name : "?");
  buf_puts(b, "];\n");
}

/* Strategic themes: one node per theme, in its own colour, joined by
 * dotted lines of that colour to its objectives across the perspectives;
 * the lines do not constrain the layout, so the bands stay in order. */
static void theme_nodes(Buf *b, const Program *p, const ScoreCard *sc) {
  static const char *const pal[] = { "#1565c0", "#6a1b9a", "#00838f", "#ef6c00", "#2e7d32", "#ad1457" };
  if (!p->themes.len) return;
  buf_puts(b, "\n  // strategic themes: each joins the objectives of one causal story\n");
  Theme *t;
  VEC_EACH(Theme *, t, p->themes) {
    const char *c = pal[t->index % (int)(sizeof pal / sizeof pal[0])];
    Buf lab;
    buf_init(&lab);
    buf_printf(&lab, "theme: %s", t->title.text ? t->title.text : t->name.name);
    if (sc) {
      const ScoreResult *r = score_theme(sc, sc->as_of, t);
      if (r->has) buf_printf(&lab, "\n%.2f %s", r->score, score_status_name(r->status));
      else buf_puts(&lab, "\nno data");
    }
    buf_printf(b, "  t%d [shape=ellipse, style=\"filled,bold\", fillcolor=\"#ffffff\", color=\"%s\", fontcolor=\"%s\", label=", t->index, c, c);
    qstr(b, lab.data);
    buf_free(&lab);
    buf_puts(b, ", tooltip=");
    qstr(b, t->name.name ? t->name.name : "?");
    buf_puts(b, "];\n");
    for (int i = 0; i < t->nitems; i++)
      if (t->items[i].o)
        buf_printf(b, "  o%d -> t%d [style=dotted, arrowhead=none, color=\"%s\", penwidth=1.5, constraint=false];\n",
                   t->items[i].o->index, t->index, c);
  }
}

/* Whether the map shows initiatives: when any is tracked (status,
 * milestones, spend or percent), as the scorecard's section. */
bool graph_shows_initiatives(const Program *p) {
  Initiative *in;
  VEC_EACH(Initiative *, in, p->initiatives) if (in->tracked) return true;
  return false;
}

/* The colours of an initiative's status: fill, line. */
static void init_colours(const Initiative *in, const InitResult *r, const char **fill, const char **line) {
  switch (in->status) {
  case INIT_DONE: *fill = "#c8e6c9"; *line = "#2e7d32"; break;
  case INIT_ON_HOLD: *fill = "#fff1b8"; *line = "#b58900"; break;
  case INIT_CANCELLED: *fill = "#eeeeee"; *line = "#9e9e9e"; break;
  case INIT_IN_PROGRESS: *fill = "#e3f2fd"; *line = "#1565c0"; break;
  default: *fill = "#ffffff"; *line = "#1565c0"; break;
  }
  if (r && r->nlate && in->status != INIT_DONE && in->status != INIT_CANCELLED) *line = "#c62828";   /* late */
}

/* Initiatives: a note-shaped node each, with its status, percent complete
 * and late milestones, joined by a dashed arrow to each objective it
 * supports or acts on (through a key result); the arrows do not
 * constrain the layout.  Cancelled ones are drawn grey and dotted. */
static void init_nodes(Buf *b, const Program *p, const ScoreCard *sc) {
  if (!graph_shows_initiatives(p)) return;
  buf_puts(b, "\n  // initiatives: status · percent complete · late milestones; arrows to the objectives they serve\n");
  for (int i = 0; i < p->initiatives.len; i++) {
    const Initiative *in = p->initiatives.items[i];
    const InitResult *r = sc && i < sc->ninits ? &sc->inits[i] : NULL;
    char *t = wrap(in->title.text ? in->title.text : in->name.name ? in->name.name : "?", 26);
    Buf lab;
    buf_init(&lab);
    buf_printf(&lab, "initiative: %s\n%s", t, score_init_status_name(in->status, true));
    free(t);
    if (r && r->has_percent) buf_printf(&lab, " · %.0f%%", r->percent * 100);
    if (r && r->nlate) buf_printf(&lab, " · %d late", r->nlate);
    if (r && r->over) buf_puts(&lab, " · over budget");
    const char *fill, *line;
    init_colours(in, r, &fill, &line);
    buf_printf(b, "  i%d [shape=note, style=\"%s\", fontsize=10, fillcolor=\"%s\", color=\"%s\", label=", i,
               in->status == INIT_CANCELLED ? "filled,dotted" : "filled", fill, line);
    qstr(b, lab.data);
    buf_free(&lab);
    buf_puts(b, ", tooltip=");
    qstr(b, in->name.name ? in->name.name : "?");
    buf_puts(b, "];\n");
    /* the objectives it serves, each once, in the order written */
    int n = in->nsupports + in->neffects, k = 0;
    const Objective **seen = bsc_calloc((size_t)n + 1, sizeof *seen);
    for (int j = 0; j < n; j++) {
      const Objective *o = j < in->nsupports ? (in->supported ? in->supported[j] : NULL)
                         : in->effects[j - in->nsupports].target ? in->effects[j - in->nsupports].target->obj : NULL;
      if (!o) continue;
      bool dup = false;
      for (int q = 0; q < k; q++) dup = dup || seen[q] == o;
      if (dup) continue;
      seen[k++] = o;
      buf_printf(b, "  i%d -> o%d [style=dashed, color=\"%s\", arrowhead=vee, constraint=false];\n", i, o->index, line);
    }
    free(seen);
  }
}

void graph_dot(Buf *b, Program *p, const ScoreCard *sc) {
  Strategy *st = p->strategy;
  int np = p->perspectives.len, no = p->objectives.len;
  /* depth below the top-level objective, per objective */
  int *depth = bsc_calloc((size_t)no + 1, sizeof *depth);
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) {
    int d = 0;
    for (Objective *v = o->parent; v && d <= no; v = v->parent) d++;
    depth[o->index] = d;
  }
  int *band_depth = bsc_calloc((size_t)np + 1, sizeof *band_depth);
  VEC_EACH(Objective *, o, p->objectives)
    if (o->persp_eff && o->persp_eff->index >= 0 && depth[o->index] > band_depth[o->persp_eff->index])
      band_depth[o->persp_eff->index] = depth[o->index];

  buf_puts(b, "// The strategy map, written by `bscc graph`.  Render: dot -Tsvg map.dot > map.svg\n");
  buf_puts(b, "digraph strategy_map {\n");
  Buf title;
  buf_init(&title);
  buf_puts(&title, st && st->title.text ? st->title.text : "Strategy map");
  if (sc) {
    char pb[32];
    buf_printf(&title, "\nas of %s", actuals_period_str(sc->periods[sc->as_of], pb, sizeof pb));
    const ScoreResult *t = score_total(sc, sc->as_of);
    if (t->has) buf_printf(&title, ": %.2f %s", t->score, score_status_name(t->status));
  }
  buf_puts(b, "  graph [rankdir=BT, newrank=true, labelloc=t, fontsize=16, nodesep=0.35, ranksep=0.55,\n"
              "         fontname=\"Noto Sans CJK SC,WenQuanYi Zen Hei,sans-serif\", label=");
  qstr(b, title.data);
  buf_free(&title);
  buf_puts(b, "];\n");
  buf_puts(b, "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#555555\", fontsize=11,\n"
              "        fontname=\"Noto Sans CJK SC,WenQuanYi Zen Hei,sans-serif\"];\n");
  buf_puts(b, "  edge [fontsize=9, color=\"#444444\", fontname=\"Noto Sans CJK SC,WenQuanYi Zen Hei,sans-serif\"];\n");

  /* bands, bottom (lowest rank) first */
  for (int i = 0; i < np; i++) {
    Perspective *ps = p->perspectives.items[i];
    char w[48];
    type_fmt_num(ps->weight_v * 100, w, sizeof w);
    Buf lab;
    buf_init(&lab);
    buf_printf(&lab, "%s %s%%", ps->title.text ? ps->title.text : ps->name.name, w);
    if (sc) {
      const ScoreResult *r = score_persp(sc, sc->as_of, ps);
      if (r->has) buf_printf(&lab, ": %.2f %s", r->score, score_status_name(r->status));
    }
    buf_printf(b, "\n  subgraph cluster_%d {   // %s\n    label=", i, ps->name.name);
    qstr(b, lab.data);
    buf_free(&lab);
    buf_puts(b, "; labeljust=l; labelloc=b; style=\"rounded,filled\"; fillcolor=\"#f6f6f6\"; color=\"#cccccc\";\n");
    buf_printf(b, "    { rank=same; band%d [shape=point, style=invis, width=0, height=0, label=\"\"];\n", i);
    VEC_EACH(Objective *, o, p->objectives)
      if (!o->parent && o->persp_eff == ps) node(b, sc, o, "      ");
    buf_puts(b, "    }\n");
    VEC_EACH(Objective *, o, p->objectives)
      if (o->parent && o->persp_eff == ps) node(b, sc, o, "    ");
    buf_puts(b, "  }\n");
  }
  /* objectives in no perspective */
  bool first = true;
  VEC_EACH(Objective *, o, p->objectives) {
    if (o->persp_eff && o->persp_eff->index >= 0) continue;
    if (first) { buf_puts(b, "\n  // in no perspective\n"); first = false; }
    node(b, sc, o, "  ");
  }
  /* the bands in order: each band sits above the lower one and the
   * objectives hanging below it */
  buf_puts(b, "\n  // perspective order (invisible)\n");
  for (int i = 0; i + 1 < np; i++)
    buf_printf(b, "  band%d -> band%d [style=invis, weight=100, minlen=%d];\n", i, i + 1, 1 + band_depth[i + 1]);
  VEC_EACH(Objective *, o, p->objectives)
    if (o->parent && o->persp_eff && o->persp_eff->index > 0)
      buf_printf(b, "  band%d -> o%d [style=invis, weight=0];\n", o->persp_eff->index - 1, o->index);

  buf_puts(b, "\n  // causal links: strength, lag\n");
  PeriodKind cad = st ? st->cadence_eff : PER_QUARTER;
  Link *l;
  VEC_EACH(Link *, l, p->links) {
    if (!l->src || !l->dst) continue;
    char s[48];
    type_fmt_num(l->strength_v, s, sizeof s);
    /* a drawn strength by its mean (`~0.42`), a lag range as `1q..3q` */
    buf_printf(b, "  o%d -> o%d [label=\"%s%s", l->src->index, l->dst->index, l->strength_d.kind != DIST_CONST ? "~" : "", s);
    if (l->lag_hi_periods > l->lag_periods)
      buf_printf(b, " · lag %d%s..%d%s", l->lag_periods, lag_unit(cad), l->lag_hi_periods, lag_unit(cad));
    else if (l->lag_periods > 0) buf_printf(b, " · lag %d%s", l->lag_periods, lag_unit(cad));
    double pw = 0.8 + 2.0 * (l->strength_v < 0 ? -l->strength_v : l->strength_v);
    char pws[48];
    type_fmt_num(pw, pws, sizeof pws);
    buf_printf(b, "\", penwidth=%s", pws);
    if (l->strength_v < 0) buf_puts(b, ", color=\"#c62828\", fontcolor=\"#c62828\"");
    bool backward = l->src->persp_eff && l->dst->persp_eff && l->src->persp_eff->rank_v > l->dst->persp_eff->rank_v;
    if (backward) buf_puts(b, ", constraint=false");
    buf_puts(b, "];\n");
  }
  buf_puts(b, "\n  // alignment: team and individual objectives to the objectives they serve;\n"
              "  // dashed when the objective counts in its parent (contributes), dotted when it only supports it\n");
  VEC_EACH(Objective *, o, p->objectives)
    for (int i = 0; i < o->nparents; i++) {
      const Align *al = &o->parents[i];
      if (!al->obj) continue;
      if (score_counts(sc, al)) {
        buf_printf(b, "  o%d -> o%d [style=dashed, arrowhead=onormal, color=\"#888888\"", o->index, al->obj->index);
        if (al->weight) {
          char w[48];
          buf_printf(b, ", label=\"×%s\"", type_fmt_num(al->weight_v, w, sizeof w));
        }
        buf_puts(b, "];\n");
      } else {
        buf_printf(b, "  o%d -> o%d [style=dotted, arrowhead=odot, color=\"#aaaaaa\", label=\"supports\", fontcolor=\"#888888\"];\n",
                   o->index, al->obj->index);
      }
    }
  theme_nodes(b, p, sc);
  init_nodes(b, p, sc);
  buf_puts(b, "}\n");
  free(depth);
  free(band_depth);
}

/* ---- SVG through the Graphviz library, in a child process ----------------
 *
 * Graphviz can crash: 2.42's dot layout double-frees when a labelled flat
 * edge (a link between two objectives on one rank) gets a label node
 * (make_vn_slot reallocates a rank's node list and leaves the old pointer
 * for dot_cleanup to free again), and dot's old bug tracker is full of
 * other aborts in its flat-edge and cluster code.  So the library runs in a
 * child: it lays the map out, writes the SVG into a pipe and _exits without
 * tearing the layout down (as the dot command does, which is why `dot -Tsvg`
 * never hit the bug).  The parent keeps the bytes only if the child exits 0
 * in time: a crash, abort, hang or runaway allocation becomes an error and
 * never half an SVG.  docs/robustness.md, "Graphviz". */

#define GV_TIMEOUT_S 30              /* wall-clock limit of one layout */
#define GV_MEM_LIMIT (2048L << 20)   /* address space of the child */
#define GV_MAX_OUT ((size_t)256 << 20) /* the largest SVG accepted */

/* Exit codes of the child besides 0. */
enum { GV_EREAD = 64, GV_EENGINE, GV_ERENDER, GV_EWRITE };

#if defined(__SANITIZE_ADDRESS__)
#define GV_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GV_ASAN 1
#endif
#endif

static char gv_msg[256];

static int gv_write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* The child's work: its exit status. */
static int gv_layout_to(const char *dot, const char *format, int fd) {
  GVC_t *gvc = gvContext();
  if (!gvc) return GV_EENGINE;
  Agraph_t *g = agmemread(dot);
  if (!g) return GV_EREAD;
  if (gvLayout(gvc, g, "dot") != 0) return GV_EENGINE;
  char *data = NULL;
  unsigned int n = 0;
  if (gvRenderData(gvc, g, format, &data, &n) != 0 || !data) return GV_ERENDER;
  return gv_write_all(fd, data, n) ? GV_EWRITE : 0;
}

/* Test hooks (BSCC_TEST_GRAPHVIZ, tests/graph/run.sh): make the child
 * crash, crash after half its output, or hang, so that the parent's
 * handling is tested and not assumed. */
static void gv_test_hook(const char *dot, int fd) {
  const char *t = getenv("BSCC_TEST_GRAPHVIZ");
  if (!t) return;
  if (!strcmp(t, "abort")) abort();
  if (!strcmp(t, "half")) {
    gv_write_all(fd, "<svg", 4);
    gv_write_all(fd, dot, strlen(dot) / 2);
    abort();
  }
  if (!strcmp(t, "hang")) for (;;) pause();
}

static _Noreturn void gv_child(const char *dot, const char *format, int fd) {
  struct rlimit rl = {0, 0};
  setrlimit(RLIMIT_CORE, &rl);  /* a crash leaves no core file behind */
#ifndef GV_ASAN  /* ASan reserves terabytes of shadow address space */
  rl.rlim_cur = rl.rlim_max = GV_MEM_LIMIT;
  setrlimit(RLIMIT_AS, &rl);
#endif
  gv_test_hook(dot, fd);
  int st = gv_layout_to(dot, format, fd);
  close(fd);
  _exit(st);  /* no cleanup: the process's end frees everything */
}

static long gv_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int gv_timeout_s(void) {
  const char *t = getenv("BSCC_TEST_GRAPHVIZ_TIMEOUT");  /* tests only */
  int n = t ? atoi(t) : 0;
  return n > 0 && n <= GV_TIMEOUT_S ? n : GV_TIMEOUT_S;
}

/* Reads the child's output until EOF, the deadline or the size cap.
 * Returns 0 at EOF, 1 on timeout, 2 when the output is too big. */
static int gv_read(int fd, Buf *out, long deadline) {
  char chunk[65536];
  for (;;) {
    long left = deadline - gv_now_ms();
    if (left <= 0) return 1;
    struct pollfd pf = {fd, POLLIN, 0};
    int r = poll(&pf, 1, (int)left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return r == 0 ? 1 : 0;
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    if (out->len + (size_t)n > GV_MAX_OUT) return 2;
    buf_putn(out, chunk, (size_t)n);
  }
}

/* Waits for the child until the deadline, then kills it.  Returns its
 * wait status, -1 when it had to be killed, -2 when it cannot be waited
 * for. */
static int gv_reap(pid_t pid, long deadline) {
  int st = 0;
  long nap = 100000;
  for (;;) {
    pid_t r = waitpid(pid, &st, WNOHANG);
    if (r == pid) return st;
    if (r < 0 && errno != EINTR) return -2;
    if (gv_now_ms() >= deadline) break;
    struct timespec ts = {0, nap};
    nanosleep(&ts, NULL);
    if (nap < 10 * 1000000) nap *= 2;  /* from 0.1 ms up to 10 ms */
  }
  kill(pid, SIGKILL);
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  return -1;
}

/* The message for a child that did not deliver. */
static const char *gv_failure(int why, int st) {
  int secs = gv_timeout_s();
  if (st == -2)
    return "the Graphviz process was lost (it cannot be waited for)";
  if (why == 1)
    snprintf(gv_msg, sizeof gv_msg, "the Graphviz layout of this map did not finish within %d s and was stopped", secs);
  else if (why == 2)
    snprintf(gv_msg, sizeof gv_msg, "the SVG of this map is larger than %zu MiB", GV_MAX_OUT >> 20);
  else if (WIFSIGNALED(st))
    snprintf(gv_msg, sizeof gv_msg, "the Graphviz layout of this map failed (signal %d, %s, inside Graphviz)",
             WTERMSIG(st), strsignal(WTERMSIG(st)));
  else if (WIFEXITED(st) && WEXITSTATUS(st) == GV_EREAD)
    return "Graphviz cannot read the map";
  else if (WIFEXITED(st) && WEXITSTATUS(st) == GV_EENGINE)
    return "Graphviz has no `dot` layout engine (install the graphviz package)";
  else if (WIFEXITED(st) && WEXITSTATUS(st) == GV_ERENDER)
    return "Graphviz cannot render this format (install the graphviz package)";
  else
    snprintf(gv_msg, sizeof gv_msg, "the Graphviz layout of this map failed (Graphviz stopped with exit status %d)",
             WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  return gv_msg;
}

char *graph_render(const char *dot, const char *format, size_t *len, const char **err) {
  *err = NULL;
  char *lerr = NULL;
  if (!dl_graphviz_load(&lerr)) {  /* in the parent: loaded once, said once */
    snprintf(gv_msg, sizeof gv_msg, "%s", lerr);
    free(lerr);
    *err = gv_msg;
    return NULL;
  }
  int fds[2];
  if (pipe(fds) != 0) { *err = "cannot start Graphviz (no pipe)"; return NULL; }
  fflush(NULL);  /* Graphviz may call exit(): nothing buffered may be written twice */
  /* SIG_IGN survives exec: a parent that ignores SIGCHLD would make the
   * child's status unknowable */
  struct sigaction dfl, old;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGCHLD, &dfl, &old);
  pid_t pid = fork();
  if (pid < 0) {
    sigaction(SIGCHLD, &old, NULL);
    close(fds[0]);
    close(fds[1]);
    *err = "cannot start Graphviz (fork failed)";
    return NULL;
  }
  if (pid == 0) {
    close(fds[0]);
    gv_child(dot, format, fds[1]);
  }
  close(fds[1]);
  long deadline = gv_now_ms() + 1000L * gv_timeout_s();
  Buf out;
  buf_init(&out);
  int why = gv_read(fds[0], &out, deadline);
  close(fds[0]);
  int st = gv_reap(pid, why ? gv_now_ms() : deadline);
  sigaction(SIGCHLD, &old, NULL);
  if (st == -1 && !why) why = 1;
  if (why || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    buf_free(&out);
    *err = gv_failure(why, st);
    return NULL;
  }
  *len = out.len;
  if (!out.data) buf_puts(&out, "");
  return buf_steal(&out);
}

int graph_main(int argc, char **argv) {
  ScoreInput in;
  score_input_init(&in, argc);
  bool svg = false;
  int status = -1;
  for (int i = 0; i < argc && status < 0; i++) {
    bool handled;
    status = score_common_opt(&in, "graph", argc, argv, &i, &handled);
    if (status >= 0 || handled) continue;
    const char *a = argv[i], *val = NULL;
    if (cli_opt("--format", argc, argv, &i, &val)) {
      if (!strcmp(val, "dot")) svg = false;
      else if (!strcmp(val, "svg")) svg = true;
      else {
        fprintf(stderr, "bscc: unknown format `%s` (dot or svg)\n", val);
        status = 2;
      }
    } else {
      fprintf(stderr, "bscc: unknown option `%s`\nTry `bscc help` for usage.\n", a);
      status = 2;
    }
  }
  if (status < 0 && !in.file) {
    fprintf(stderr, "bscc: graph needs a strategy file: bscc graph FILE.bsc > map.dot\n");
    status = 2;
  }
  if (status >= 0) { score_close(&in); free(in.data); return status; }
  status = score_open(&in, "graph");
  if (status >= 0) { score_close(&in); free(in.data); return status; }
  ScoreCard *sc = NULL;
  if (in.act.n > 0 || in.as_of.kind != PER_NONE) {
    ScoreOptions so = {0};
    so.cap = 1.0;
    so.as_of = in.as_of;
    so.actuals = &in.act;
    const char *why = NULL;
    sc = score_eval(&in.p, &so, &why);
    if (!sc && in.as_of_text) {
      fprintf(stderr, "bscc: --as-of %s %s\n", in.as_of_text, why ? why : "cannot be used");
      score_close(&in);
      free(in.data);
      return 2;
    }
  }
  Buf dot;
  buf_init(&dot);
  graph_dot(&dot, &in.p, sc);
  status = 0;
  if (svg) {
    size_t n = 0;
    const char *err = NULL;
    char *out = graph_render(dot.data, "svg", &n, &err);
    if (!out) {
      fprintf(stderr, "bscc: %s: %s\n  = help: the DOT text may still render: bscc graph %s | dot -Tsvg > map.svg\n",
              in.file, err, in.file);
      status = 2;
    } else {
      fwrite(out, 1, n, stdout);
      free(out);
    }
  } else {
    fwrite(dot.data, 1, dot.len, stdout);
  }
  buf_free(&dot);
  score_free(sc);
  score_close(&in);
  free(in.data);
  return status;
}
