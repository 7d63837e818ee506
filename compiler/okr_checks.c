/*
 * okr_checks.c - the quality checks OKR coaches apply to a set of OKRs
 * (docs/checks.md, "OKR quality"): an objective that nothing measures
 * (W060), a key result written as a task (W061); and one check of the
 * strategy map's perspectives, two with the same rank (W062).  Linear in
 * the size of the program, run after resolution.
 */
#define BSC_SEMA_INTERNAL
#include "sema.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- W060: an objective nothing measures ------------------------------ */

char *chk_unmeasured_mask(const Program *p) {
  int n = p->objectives.len;
  /* an aligned child is what measures a parent with no KRs of its own
   * (semantics.md: a parent without KRs is scored by its children) */
  char *has_child = calloc((size_t)n + 1, 1), *mask = calloc((size_t)n + 1, 1);
  if (!has_child || !mask) abort();
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives)
    for (int j = 0; j < o->nparents; j++) if (o->parents[j].obj) has_child[o->parents[j].obj->index] = 1;
  VEC_EACH(Objective *, o, p->objectives)
    mask[o->index] = !o->nkrs && !o->nkpis && !has_child[o->index];
  free(has_child);
  return mask;
}

/* What W060 needs first of o, while chk_overload's loop has it in the
 * caches: whether it has KRs or KPIs (an objective with some is measured;
 * only when one has none are the objectives' parents read). */
void chk_unmeasured_note(Sema *S, const Objective *o) {
  S->nbare_objs += !o->nkrs && !o->nkpis;
}

void chk_unmeasured(Sema *S) {
  Program *p = S->p;
  /* after an error an objective may have lost its KRs to it: no cascade */
  if (S->de->nerrors > 0) return;
  /* counted by chk_overload: no objective without KRs and KPIs, no pass */
  if (S->bare_counted && !S->nbare_objs) return;
  char *unmeasured = chk_unmeasured_mask(p);
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) {
    if (!unmeasured[o->index] || !o->name.name) continue;
    Diag *d = diag_report(S->de, W060, o->name.span, "objective `%s` has no key result, no KPI and no aligned objective",
                          ast_oname(o));
    diag_label(d, "nothing measures it: it is \"no data\" on every scorecard");
    diag_help(d, "add the key results that say what success means, e.g. `kr NAME : UNIT BASELINE -> TARGET`, or "
                 "align the team objectives that deliver it");
  }
  free(unmeasured);
}

/* ---- W061: a key result written as a task ----------------------------- */

/* Activity verbs that open a task, in their imperative (base) form.  An
 * outcome is said with a noun or a state ("Churn below 3%", "ISO 27001
 * certified"); a task with a verb of doing.  The list holds only verbs that
 * are rarely the first word of an outcome: "reduce", "increase", "grow" and
 * "reach" open outcomes ("Reduce churn to 3%") and are not in it. */
static const char *const task_verbs[] = {
  "write", "draft", "send", "launch", "implement", "build", "create", "develop", "design",
  "deploy", "ship", "release", "publish", "complete", "finish", "hold", "organise", "organize",
  "run", "conduct", "prepare", "introduce", "migrate", "install", "deliver", "host", "attend",
  "hire", "schedule", "submit", "finalize", "finalise", "rewrite", "set",
  "consult", "help", "analyze", "analyse", "participate",   /* the activity words of Google's guide */
  NULL,
};

/* The same in Chinese: an OKR title opens with the verb, no space after it. */
static const char *const task_verbs_zh[] = {
  "完成", "上线", "编写", "撰写", "发布", "推出", "实施", "开展", "举办", "组织", "召开",
  "制定", "启动", "搭建", "开发", "部署", "提交", "准备", "安排", "参加", NULL,
};

/* The first word of s (ASCII letters, lower-cased, at most 15), up to a
 * space, `_`, `-` or punctuation. */
static void first_word(const char *s, char *w, size_t cap) {
  size_t i = 0;
  while (*s == ' ') s++;
  while (*s && isalpha((unsigned char)*s) && i + 1 < cap) w[i++] = (char)tolower((unsigned char)*s++);
  w[i] = 0;
}

/* The task verb s starts with, or NULL. */
static const char *task_verb(const char *s) {
  char w[16];
  first_word(s, w, sizeof w);
  for (int i = 0; task_verbs[i]; i++)
    if (!strcmp(w, task_verbs[i])) return task_verbs[i];
  while (*s == ' ') s++;
  for (int i = 0; task_verbs_zh[i]; i++)
    if (!strncmp(s, task_verbs_zh[i], strlen(task_verbs_zh[i]))) return task_verbs_zh[i];
  return NULL;
}

void chk_task_krs(Sema *S) {
  KR *k;
  if (!S->nmilestone_krs) return;        /* only a milestone can be a task */
  VEC_EACH(KR *, k, S->p->krs) {
    /* a measured quantity is a result however it is worded: only a
     * done/not-done milestone can be a task in disguise (milestone(N)
     * counts progress through N steps, and is let be) */
    if (!k->type || k->type->kind != TY_MILESTONE || k->type->steps != 1 || !k->name.name || k->formula) continue;
    /* without a title the name is read, but only as VERB_OBJECT
     * (`write_doc`): a lone `launch` is as likely the noun, "the launch" */
    if (!k->title.text && !strchr(k->name.name, '_')) continue;
    const char *text = k->title.text ? k->title.text : k->name.name;
    const char *verb = task_verb(text);
    if (!verb) continue;
    Span at = k->title.text ? k->title.span : k->name.span;
    Diag *d = diag_report(S->de, W061, at, "key result `%s` is a task, not a result", k->name.name);
    diag_label(d, "a milestone that starts with \"%s\"", verb);
    diag_help(d, "measure the outcome this work is for (what changes when it is done), and keep the work as an "
                 "`initiative`");
  }
}

/* ---- W062: two perspectives with the same rank ------------------------ */

void chk_same_rank(Sema *S) {
  Program *p = S->p;
  /* p->perspectives holds the used ones sorted by rank: equal ranks are
   * neighbours */
  for (int i = 1; i < p->perspectives.len; i++) {
    Perspective *a = p->perspectives.items[i - 1], *b = p->perspectives.items[i];
    if (!a->rank || !b->rank || a->rank_v != b->rank_v) continue;
    Diag *d = diag_report(S->de, W062, b->rank->span, "perspectives `%s` and `%s` have the same rank", a->name.name,
                          b->name.name);
    diag_label(d, "the same rank as `%s`", a->name.name);
    diag_note(d, a->rank->span, "`%s` is ranked here", a->name.name);
    diag_help(d, "give each perspective a rank of its own: the strategy map reads from the lowest rank (causes) to "
                 "the highest (results)");
  }
}
