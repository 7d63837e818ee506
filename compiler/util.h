/*
 * util.h - the small toolbox every pass uses: an arena allocator, growable
 * arrays, a string buffer, string interning, and UTF-8 helpers.
 *
 * Memory model: everything a compilation allocates (AST, symbols, types)
 * lives in one Arena and is freed at once with arena_free().  Passes never
 * free individual nodes.
 */
#ifndef BSC_UTIL_H
#define BSC_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* ---- allocation: these never return NULL (they abort on failure) ----- */
void *bsc_malloc(size_t n);
void *bsc_calloc(size_t count, size_t size);
void *bsc_realloc(void *p, size_t n);
char *bsc_strdup(const char *s);

/* ---- arena ---------------------------------------------------------- */
typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
  ArenaBlock *head;
  size_t total;              /* bytes handed out, for statistics */
} Arena;

void  arena_init(Arena *a);
void *arena_alloc(Arena *a, size_t n);          /* zeroed, 16-byte aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
void  arena_free(Arena *a);
/* A copy of what an arena holds, to be written back over it later or
 * compared with it (the language server checks that its kept declarations
 * are as parsed again: lsp_chunk.c).  Allocations made after the copy are
 * not in it. */
typedef struct ArenaSnap ArenaSnap;
ArenaSnap *arena_snap(const Arena *a);
void  arena_restore(const ArenaSnap *s);
size_t arena_snap_bytes(const ArenaSnap *s);
/* The first byte of the copied memory that differs from the copy, or NULL. */
const void *arena_snap_diff(const ArenaSnap *s);
void  arena_snap_free(ArenaSnap *s);

/* ---- growable arrays of pointers (arena-backed) --------------------- */
typedef struct Vec {
  void **items;
  int len, cap;
} Vec;

void vec_push(Arena *a, Vec *v, void *item);
#define VEC_EACH(T, x, v) \
  for (int x##_i = 0; x##_i < (v).len && ((x = (T)(v).items[x##_i]), 1); x##_i++)

/* ---- malloc-backed string buffer ------------------------------------ */
typedef struct Buf {
  char *data;
  size_t len, cap;
} Buf;

void buf_init(Buf *b);
void buf_putn(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
void buf_free(Buf *b);
char *buf_steal(Buf *b);       /* NUL-terminated malloc'd string; b is reset */

/* ---- string interning: equal names share one pointer ---------------- */
typedef struct Interner Interner;
Interner   *intern_new(Arena *a);
const char *intern(Interner *in, const char *s, size_t n);

/* ---- hash map from interned string pointer to value ----------------- */
typedef struct Map {
  const char **keys;
  void **vals;
  size_t cap, len;
} Map;                          /* zero-initialised is an empty map */
void *map_get(const Map *m, const char *key);
void  map_put(Map *m, const char *key, void *val);   /* replaces */
void  map_free(Map *m);
uint64_t hash_bytes(const void *p, size_t n);        /* FNV-1a */
/* A fast 64-bit hash for keys and checksums (not for hash tables of short
 * names, not against an adversary): multiply-rotate, 8 bytes a step.
 * hash_word folds one word into h; hash_block folds n bytes, in eight
 * independent lanes so that the multiplier's latency is hidden (~10
 * instructions for 8 bytes, run in parallel).  Both are pure functions of
 * their arguments: stable across runs and builds (of one byte order), so
 * they may key files on disk. */
#define HASH_K1 0x9E3779B185EBCA87ULL
#define HASH_K2 0xC2B2AE3D27D4EB4FULL
static inline uint64_t hash_rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t hash_word(uint64_t h, uint64_t w) { return hash_rotl(h ^ (w * HASH_K2), 31) * HASH_K1; }
uint64_t hash_block(uint64_t h, const void *p, size_t n);

/* ---- UTF-8 ------------------------------------------------------------ */
/* Decodes one code point at s (n bytes available).  Returns its length in
 * bytes (1..4) and stores the code point, or returns 0 for an invalid
 * sequence (overlong, surrogate, > U+10FFFF, truncated). */
int  utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Offset of the first invalid byte, or -1 when s is valid UTF-8. */
long utf8_invalid_at(const char *s, size_t n);
/* Columns a code point takes on a terminal: 0, 1 or 2 (CJK, emoji). */
int  utf8_cp_width(uint32_t cp);
/* Display width of s[0..n), tabs counted as tabw columns. */
int  utf8_width(const char *s, size_t n, int tabw);
/* Number of code points in s[0..n) (invalid bytes count as one each). */
int  utf8_count(const char *s, size_t n);
/* Encodes cp; returns its length (1..4), or 0 for a surrogate or a value
 * above U+10FFFF (nothing is written then). */
int  utf8_encode(uint32_t cp, char out[4]);

/* ---- misc ------------------------------------------------------------- */
/* Edit distance counting an adjacent swap as one edit (optimal string
 * alignment), on code points; capped: returns cap + 1 once it exceeds cap. */
int  edit_distance(const char *a, const char *b, int cap);
/* The candidate nearest to a name, for "did you mean": offer each with
 * closest_try; best is the first at the smallest distance within cap, or
 * NULL. */
typedef struct Closest {
  const char *name, *best;
  int cap, dist;
} Closest;
static inline Closest closest_init(const char *name, int cap) { return (Closest){name, NULL, cap, cap + 1}; }
void closest_try(Closest *c, const char *candidate);

/* The magnitude of an amount's suffix, one rule for a .bsc file
 * (`1.2M`, `300k`, docs/language.md §1) and `sim --budget 3M`: k or K a
 * thousand, M a million, B a billion; with `lower`, m and b too (the
 * command line: in a file `3m` is a lag of three months).  Reads the n
 * bytes at s (the whole suffix); 0 when they are no magnitude. */
double amount_magnitude(const char *s, size_t n, bool lower);
/* The number `digits` (as strtod reads it) times magnitude `mag`, rounded
 * once: `1.1` and 1e6 read as the decimal 1.1e6, not 1.1 * 1e6. */
double amount_scaled(const char *digits, double mag);

/* ---- files: the one reader and the one writer ------------------------ */
/* Every file bscc reads goes through file_read (or its two halves): it
 * must be a regular file, and it is bounded while it is read, because a
 * file can grow while it is read and /proc files report a size of 0.  A
 * FIFO is refused without blocking, a device without being opened. */
#define FILE_MAX_TEXT ((size_t)256 << 20)   /* sources, imports, CSV files */

typedef enum { FILE_OK, FILE_SYS, FILE_NOT_REGULAR, FILE_TOO_BIG } FileStatus;
typedef struct FileErr {
  FileStatus status;
  int errnum;                /* FILE_SYS: the errno of the failed call */
  const char *kind;          /* FILE_NOT_REGULAR: "a FIFO", "a directory", ... */
  size_t limit;              /* FILE_TOO_BIG: the limit, in bytes */
} FileErr;

/* Opens path for reading, only if it is a regular file: returns the
 * descriptor (O_CLOEXEC), or -1 with *e set. */
int   file_open_regular(const char *path, FileErr *e);
/* Reads fd to its end, at most limit bytes: one byte more is
 * FILE_TOO_BIG.  The result is NUL-terminated; fd stays open. */
char *file_read_fd(int fd, size_t limit, size_t *len, FileErr *e);
/* Both: the whole regular file at path, or NULL with *e set. */
char *file_read(const char *path, size_t limit, size_t *len, FileErr *e);
/* What went wrong, for "cannot read `PATH`: ...": the errno text, "it is
 * a FIFO, not a regular file" or "it is larger than 256 MiB". */
const char *file_err_text(const FileErr *e, char *buf, size_t n);
/* file_read with FILE_MAX_TEXT, for callers that only need errno:
 * EISDIR, EFBIG, or ENODEV for another kind of file. */
char *read_file(const char *path, size_t *len);
/* The directory part of path with its trailing slash (`a/b/` of `a/b/c`), or ""; malloc'd. */
char *path_dir(const char *path);

/* Writes data to path atomically: a temporary beside it, fsync, rename,
 * so that the file is either the old one or the new one, whatever
 * happens (a full disk, a file-size limit: SIGXFSZ is ignored while
 * writing, so that the write fails with EFBIG).  The temporary is removed
 * on every failure; an existing file keeps its mode, and a symlink is
 * written through.  Only a regular file is replaced: anything else (a
 * FIFO, a device, a directory) is FILE_NOT_REGULAR.  Returns 0, or -1
 * with *e set (e may be NULL: errno is set too). */
int   write_file_atomic(const char *path, const char *data, size_t len, FileErr *e);

#endif
