/*
 * report.h - `bscc report`: the data cockpit, one self-contained HTML file
 * (docs/report.md).  A renderer, not an evaluator: it writes the ScoreCard
 * (as the bscc-score/2 JSON of score_json.c plus the per-period series of
 * every measure), the strategy map of graph.c as SVG and, when given, a
 * saved `bscc sim --format=json`, as JSON islands inside the page; the
 * page's built-in script (compiler/report_assets/report.js) draws the tree,
 * the charts and the filters from them.
 */
#ifndef BSC_REPORT_H
#define BSC_REPORT_H

#include "score.h"

typedef struct ReportDoc {
  const ScoreCard *sc;
  const ActualSet *as;
  const char *file;          /* the strategy file, as named */
  const char *store;         /* --store, or NULL */
  const char *sim_file;      /* --sim FILE.json, or NULL */
  const char *sim_json;      /* its JSON text, checked (report_sim_check), or NULL */
  const char *map_svg;       /* the strategy map, or NULL ... */
  const char *map_error;     /* ... and then why not */
  const char *made;          /* when the report was made, ISO 8601 UTC */
} ReportDoc;

/* Writes the whole HTML page. */
void report_render(Buf *out, const ReportDoc *d);

/* Checks that `text` is a `bscc sim --format=json` (version 2) made from
 * this program: returns NULL, or a message (static or in why[n]). */
const char *report_sim_check(const char *text, const Program *p, char *why, size_t n);

/* `bscc report ARGS`: returns the exit status. */
int report_main(int argc, char **argv);

#endif
