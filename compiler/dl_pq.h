/*
 * dl_pq.h - libpq, loaded when a PostgreSQL store is first opened
 * (dynlib.h says why).  The callers call the library's functions as always;
 * each name below is a slot of the table dl_pq_load fills.  A function
 * missing here fails to link (bscc does not link the library): add it to
 * both lists.
 */
#ifndef BSC_DL_PQ_H
#define BSC_DL_PQ_H

#include <libpq-fe.h>
#include "dynlib.h"

#define DL_PQ_FUNCS(X) \
  X(PQclear) \
  X(PQconnectdb) \
  X(PQerrorMessage) \
  X(PQexec) \
  X(PQexecParams) \
  X(PQfinish) \
  X(PQgetResult) \
  X(PQgetisnull) \
  X(PQgetvalue) \
  X(PQntuples) \
  X(PQresultErrorMessage) \
  X(PQresultStatus) \
  X(PQsendQueryParams) \
  X(PQsetNoticeProcessor) \
  X(PQsetSingleRowMode) \
  X(PQstatus)

typedef struct Dlpq { DL_PQ_FUNCS(DL_SLOT) } Dlpq;
extern Dlpq dl_pq;

#ifndef DL_IMPL
#define PQclear dl_pq.PQclear
#define PQconnectdb dl_pq.PQconnectdb
#define PQerrorMessage dl_pq.PQerrorMessage
#define PQexec dl_pq.PQexec
#define PQexecParams dl_pq.PQexecParams
#define PQfinish dl_pq.PQfinish
#define PQgetResult dl_pq.PQgetResult
#define PQgetisnull dl_pq.PQgetisnull
#define PQgetvalue dl_pq.PQgetvalue
#define PQntuples dl_pq.PQntuples
#define PQresultErrorMessage dl_pq.PQresultErrorMessage
#define PQresultStatus dl_pq.PQresultStatus
#define PQsendQueryParams dl_pq.PQsendQueryParams
#define PQsetNoticeProcessor dl_pq.PQsetNoticeProcessor
#define PQsetSingleRowMode dl_pq.PQsetSingleRowMode
#define PQstatus dl_pq.PQstatus
#endif

#endif
