/*
 * checkin.h - `bscc checkin`: recording measured values in a check-in
 * store (store.h), listing and exporting its history, and reading it
 * back as actuals for score, graph and sim (docs/store.md).
 */
#ifndef BSC_CHECKIN_H
#define BSC_CHECKIN_H

#include "actuals.h"
#include "store.h"
#include "util.h"

/* Writes the store's check-ins as CSV (`period,kr,value,unit,note,
 * confidence,who,at,id,source`), every one or only the current one of
 * each measure and period; with p, only the measures p defines (*skipped
 * counts the others, and *first_skipped names one, malloc'd).  False on
 * a store error (store_error). */
bool checkin_export(Store *s, bool current_only, Program *p, Buf *out, long *skipped, char **first_skipped);

/* Adds the current check-ins of the store `where` to s, checked as the
 * rows of an actuals file (diagnostics to p->de, located in the store's
 * export).  When the store cannot be read, says why on stderr (the name
 * without its password) and returns false; except that a SQLite store
 * the strategy names (`declared`) that does not exist yet holds no
 * check-ins, which a note says. */
bool checkin_load_store(Program *p, ActualSet *s, const char *where, bool declared);

/* The store the strategy names (`store "..."`, docs/store.md): a server's
 * connection string as written, a file's path relative to the folder of
 * the strategy file.  malloc'd; NULL when it names none. */
char *checkin_declared_store(const Program *p);

/* `bscc checkin ARGS`: returns the exit status. */
int checkin_main(int argc, char **argv);

#endif
