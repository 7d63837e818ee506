/*
 * dynlib.c - loads libgccjit, Graphviz and libpq on first use
 * (dynlib.h says why).
 *
 * The sonames are those of the libraries the build compiled against
 * (the Makefile reads them with objdump and passes them here), so the
 * library loaded is the one whose headers the calling code was compiled
 * with.  The handles are never closed: the libraries stay loaded until
 * bscc exits, as linked ones did.
 *
 * BSCC_TEST_DL_MISSING=SONAME (tests only) makes that library fail to
 * load as if it were not installed, so that the message and the
 * caller's handling are tested, not assumed.
 */
#define DL_IMPL                      /* the tables, not the call macros */
#include "dl_gccjit.h"
#include "dl_graphviz.h"
#include "dl_pq.h"
#include "util.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a soname the build could not read (no objdump) is the usual one */
#ifndef DL_SONAME_GCCJIT
#define DL_SONAME_GCCJIT ""
#endif
#ifndef DL_SONAME_GVC
#define DL_SONAME_GVC ""
#endif
#ifndef DL_SONAME_PQ
#define DL_SONAME_PQ ""
#endif
#define DL_SO(built, usual) (*(built) ? (built) : (usual))

static pthread_mutex_t dl_lock = PTHREAD_MUTEX_INITIALIZER;

static char *dl_err(const char *so, const char *need, const char *install, const char *why) {
  size_t n = strlen(so) + strlen(need) + strlen(install) + strlen(why) + 96;
  char *e = bsc_malloc(n);
  snprintf(e, n, "%s needs the shared library %s, which cannot be loaded (%s); %s", need, so, why, install);
  return e;
}

static void *dl_open(const char *so, const char *need, const char *install, char **err) {
  const char *miss = getenv("BSCC_TEST_DL_MISSING");
  if (miss && !strcmp(miss, so)) {
    *err = dl_err(so, need, install, "BSCC_TEST_DL_MISSING");
    return NULL;
  }
  /* RTLD_LAZY: of a library's thousands of functions bscc calls a few */
  void *h = dlopen(so, RTLD_LAZY | RTLD_LOCAL);
  if (!h) {
    const char *why = dlerror();
    *err = dl_err(so, need, install, why ? why : "not found");
  }
  return h;
}

static void *dl_sym(void *h, const char *so, const char *name, char **err) {
  void *p = h ? dlsym(h, name) : NULL;
  if (h && !p) {
    size_t n = strlen(so) + strlen(name) + 64;
    *err = bsc_malloc(n);
    snprintf(*err, n, "the shared library %s has no function %s (another version?)", so, name);
  }
  return p;
}

/* One table and its loader: every slot must be found, else the table is
 * not used.  The cast from dlsym's void * is POSIX's (dlsym(3)). */
#define DL_FETCH(f) && (t->f = (__typeof__(t->f))dl_sym(h, so, #f, err)) != NULL
#define DL_LOADER(NAME, FUNCS, SONAME, NEED, INSTALL)                     \
  Dl##NAME dl_##NAME;                                                     \
  bool dl_##NAME##_load(char **err) {                                     \
    static bool loaded;                                                   \
    const char *so = SONAME;                                              \
    Dl##NAME *t = &dl_##NAME;                                             \
    pthread_mutex_lock(&dl_lock);                                         \
    if (!loaded) {                                                        \
      void *h = dl_open(so, NEED, INSTALL, err);                          \
      loaded = h FUNCS(DL_FETCH);                                         \
    }                                                                     \
    bool ok = loaded;                                                     \
    pthread_mutex_unlock(&dl_lock);                                       \
    return ok;                                                            \
  }

DL_LOADER(gccjit, DL_GCCJIT_FUNCS, DL_SO(DL_SONAME_GCCJIT, "libgccjit.so.0"), "compiling the model for --engine=jit",
          "install it (Debian: libgccjit0), or run with --engine=interp")
DL_LOADER(graphviz, DL_GRAPHVIZ_FUNCS, DL_SO(DL_SONAME_GVC, "libgvc.so.6"), "laying out the map",
          "install Graphviz's library (Debian: libgvc6), or use --format=dot")
DL_LOADER(pq, DL_PQ_FUNCS, DL_SO(DL_SONAME_PQ, "libpq.so.5"), "a PostgreSQL store",
          "install it (Debian: libpq5)")
