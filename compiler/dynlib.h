/*
 * dynlib.h - the shared libraries only some commands need, loaded with
 * dlopen the first time one of those commands needs them.
 *
 * Why: linked the ordinary way, libgccjit, Graphviz and libpq bring 33 of
 * the 41 libraries bscc mapped and relocated at every start (libpq alone
 * pulls in OpenSSL, Kerberos, LDAP, GnuTLS, ...), and that start-up was
 * most of a small `bscc check` or `bscc score`.  Yet libgccjit is used
 * only when a model is compiled (a JIT cache miss), Graphviz only when a
 * map is laid out (`graph --format=svg`, the report's map), libpq only
 * for a postgres:// store.  Loading the library itself on first use
 * (rather than a plugin of bscc's own code around it) keeps every build
 * one executable: no second artefact to find or install, the same
 * objects in bscc, the tests, the sanitizer and the fuzz builds; the
 * dynamic loader finds the library by its soname as before.
 * bench/README.md, "Start-up", has the measurements.
 *
 * Each library has a header dl_NAME.h: its functions as a table of
 * pointers of their own types (typeof), and a macro per function that
 * makes the table's slot what a call by the usual name reaches, so the
 * calling code is unchanged.  dl_NAME_load fills the table once; until
 * it has returned true no function of the library may be called.
 */
#ifndef BSC_DYNLIB_H
#define BSC_DYNLIB_H

#include <stdbool.h>

/* a slot of a library's table: a pointer of the function's own type */
#define DL_SLOT(f) __typeof__(&f) f;

/* Load the library and fill its table, once (thread-safe); later calls
 * return at once.  On failure: false and *err (malloc'd) says which
 * library could not be loaded, why, what needs it and what to install.
 * A failure is not remembered: a later call tries again. */
bool dl_gccjit_load(char **err);
bool dl_graphviz_load(char **err);
bool dl_pq_load(char **err);

#endif
