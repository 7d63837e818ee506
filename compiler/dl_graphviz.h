/*
 * dl_graphviz.h - Graphviz (libgvc, and libcgraph through it), loaded when a map is\n * first laid out
 * (dynlib.h says why).  The callers call the library's functions as always;
 * each name below is a slot of the table dl_graphviz_load fills.  A function
 * missing here fails to link (bscc does not link the library): add it to
 * both lists.
 */
#ifndef BSC_DL_GRAPHVIZ_H
#define BSC_DL_GRAPHVIZ_H

#include <graphviz/gvc.h>
#include "dynlib.h"

#define DL_GRAPHVIZ_FUNCS(X) \
  X(agmemread) \
  X(gvContext) \
  X(gvLayout) \
  X(gvRenderData)

typedef struct Dlgraphviz { DL_GRAPHVIZ_FUNCS(DL_SLOT) } Dlgraphviz;
extern Dlgraphviz dl_graphviz;

#ifndef DL_IMPL
#define agmemread dl_graphviz.agmemread
#define gvContext dl_graphviz.gvContext
#define gvLayout dl_graphviz.gvLayout
#define gvRenderData dl_graphviz.gvRenderData
#endif

#endif
