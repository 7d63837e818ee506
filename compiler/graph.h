/*
 * graph.h - the strategy map as Graphviz DOT (`bscc graph`).
 *
 * Perspectives are horizontal bands (clusters) in rank order, the top
 * perspective at the top; objectives are nodes labelled with their titles
 * (Chinese text intact), coloured by status when there are actuals;
 * causal links are edges labelled with their strength and lag; alignment
 * edges (team -> company) are dashed.  `--format=svg` lays the map out
 * with the Graphviz library (gvc), in a child process.  docs/score.md
 * describes the output.
 */
#ifndef BSC_GRAPH_H
#define BSC_GRAPH_H

#include "score.h"

/* Writes the DOT text of the strategy map to out.  sc may be NULL (no
 * colours); otherwise nodes are coloured by their status at sc->as_of. */
void graph_dot(Buf *out, Program *p, const ScoreCard *sc);
/* Whether the map shows initiatives (any is tracked: docs/language.md §10.2). */
bool graph_shows_initiatives(const Program *p);

/* Lays DOT text out with gvc and renders it in `format` ("svg"), in a
 * child process with a time and memory limit, so that a crash or hang in
 * Graphviz becomes an error (docs/robustness.md, "Graphviz").  Returns a
 * malloc'd buffer and its length, or NULL with a message in *err (valid
 * until the next call); nothing is returned unless the child finished. */
char *graph_render(const char *dot, const char *format, size_t *len, const char **err);

/* `bscc graph ARGS`: returns the exit status. */
int graph_main(int argc, char **argv);

#endif
