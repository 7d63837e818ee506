/*
 * fit_out.h - the renderers of `bscc fit` (docs/fit.md) over a FitResult,
 * and the write-back of its estimates into the strategy file.
 */
#ifndef BSC_FIT_OUT_H
#define BSC_FIT_OUT_H

#include "fit.h"
#include "util.h"

/* The table: one row per link, then the models and the links the map
 * lacks. */
void fit_render_table(Buf *b, const FitResult *R, const char *file);
/* JSON, schema bscc-fit/1 (docs/fit.md), numbers with 17 digits. */
void fit_render_json(Buf *b, const FitResult *R, const char *file);

/* The main file's text with the strength and lag of every supported link
 * written there replaced by their estimates (fit_patch.c): NULL when no
 * link changes.  `canonical`: the file was in fmt's canonical form, so
 * the result is formatted too.  *nchanged gets the links rewritten. */
char *fit_patch_text(const FitResult *R, bool canonical, int *nchanged);
/* A unified diff (`--- a/PATH`, `+++ b/PATH`) from `old` to `new`, which
 * have the same lines but for changed ones (the patch never adds or
 * removes a line). */
void fit_render_diff(Buf *b, const char *path, const char *old, const char *new_);

#endif
