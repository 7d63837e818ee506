/*
 * util.c - arena, vectors, string buffers, interning, maps, UTF-8 and
 * file helpers.  See util.h for the contracts.
 *
 * Allocation failure is not recoverable in a compiler: every allocation
 * goes through the bsc_* wrappers, which print a message and abort.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* ---- allocation that never fails ------------------------------------ */
static void out_of_memory(size_t n) {
  fprintf(stderr, "bscc: out of memory (allocating %zu bytes)\n", n);
  abort();
}

void *bsc_malloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) out_of_memory(n);
  return p;
}

void *bsc_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) out_of_memory(SIZE_MAX);
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p) out_of_memory(count * size);
  return p;
}

void *bsc_realloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) out_of_memory(n);
  return q;
}

char *bsc_strdup(const char *s) {
  size_t n = strlen(s);
  char *p = bsc_malloc(n + 1);
  memcpy(p, s, n + 1);
  return p;
}

/* ---- arena ---------------------------------------------------------- */
#define ARENA_BLOCK_SIZE ((size_t)64 * 1024)
#define ARENA_ALIGN ((uintptr_t)16)

struct ArenaBlock {
  ArenaBlock *next;
  size_t size;               /* usable bytes starting at base */
  size_t used;
  unsigned char *base;       /* 16-byte aligned start of the data */
  unsigned char mem[];       /* size + ARENA_ALIGN bytes */
};

static ArenaBlock *arena_new_block(size_t size) {
  if (size > SIZE_MAX - sizeof(ArenaBlock) - ARENA_ALIGN) out_of_memory(SIZE_MAX);
  ArenaBlock *b = bsc_calloc(1, sizeof(ArenaBlock) + size + ARENA_ALIGN);
  uintptr_t p = (uintptr_t)b->mem;
  p = (p + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
  b->base = (unsigned char *)p;
  b->size = size;
  b->used = 0;
  return b;
}

void arena_init(Arena *a) {
  a->head = NULL;
  a->total = 0;
}

void *arena_alloc(Arena *a, size_t n) {
  if (n == 0) n = 1;
  if (n > SIZE_MAX - ARENA_ALIGN) out_of_memory(n);
  size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  a->total += n;
  ArenaBlock *h = a->head;
  if (h && h->size - h->used >= need) {
    void *p = h->base + h->used;
    h->used += need;
    return p;
  }
  /* Large requests get a block of their own, linked behind the current
   * block so that its free space stays in use. */
  if (need > ARENA_BLOCK_SIZE / 4) {
    ArenaBlock *b = arena_new_block(need);
    b->used = need;
    if (h) {
      b->next = h->next;
      h->next = b;
    } else {
      a->head = b;
    }
    return b->base;
  }
  ArenaBlock *b = arena_new_block(ARENA_BLOCK_SIZE);
  b->next = h;
  a->head = b;
  b->used = need;
  return b->base;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s) {
  return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return arena_strdup(a, "");
  char *p = arena_alloc(a, (size_t)n + 1);
  if ((size_t)n < sizeof small) {
    memcpy(p, small, (size_t)n + 1);
  } else {
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  return p;
}

void arena_free(Arena *a) {
  ArenaBlock *b = a->head;
  while (b) {
    ArenaBlock *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->total = 0;
}

struct ArenaSnap {
  int n;
  size_t bytes;
  struct { unsigned char *at, *copy; size_t n; } *blk;
};

ArenaSnap *arena_snap(const Arena *a) {
  ArenaSnap *s = calloc(1, sizeof *s);
  if (!s) out_of_memory(sizeof *s);
  int n = 0;
  for (ArenaBlock *b = a->head; b; b = b->next) n++;
  s->blk = calloc((size_t)n + 1, sizeof *s->blk);
  if (!s->blk) out_of_memory(sizeof *s->blk * (size_t)n);
  for (ArenaBlock *b = a->head; b; b = b->next) {
    unsigned char *c = malloc(b->used ? b->used : 1);
    if (!c) out_of_memory(b->used);
    memcpy(c, b->base, b->used);
    s->blk[s->n].at = b->base;
    s->blk[s->n].copy = c;
    s->blk[s->n].n = b->used;
    s->bytes += b->used;
    s->n++;
  }
  return s;
}

void arena_restore(const ArenaSnap *s) {
  for (int i = 0; i < s->n; i++) memcpy(s->blk[i].at, s->blk[i].copy, s->blk[i].n);
}

size_t arena_snap_bytes(const ArenaSnap *s) { return s ? s->bytes : 0; }

const void *arena_snap_diff(const ArenaSnap *s) {
  for (int i = 0; i < s->n; i++)
    if (memcmp(s->blk[i].at, s->blk[i].copy, s->blk[i].n))
      for (size_t j = 0; j < s->blk[i].n; j++)
        if (s->blk[i].at[j] != s->blk[i].copy[j]) return s->blk[i].at + j;
  return NULL;
}

void arena_snap_free(ArenaSnap *s) {
  if (!s) return;
  for (int i = 0; i < s->n; i++) free(s->blk[i].copy);
  free(s->blk);
  free(s);
}

/* ---- vectors ---------------------------------------------------------- */
void vec_push(Arena *a, Vec *v, void *item) {
  if (v->len >= v->cap) {
    int ncap = v->cap ? v->cap * 2 : 8;
    if (v->cap > INT_MAX / 2) out_of_memory(SIZE_MAX);
    void **items = arena_alloc(a, sizeof(void *) * (size_t)ncap);
    if (v->len) memcpy(items, v->items, sizeof(void *) * (size_t)v->len);
    v->items = items;
    v->cap = ncap;
  }
  v->items[v->len++] = item;
}

/* ---- string buffer ------------------------------------------------------ */
void buf_init(Buf *b) {
  b->data = NULL;
  b->len = b->cap = 0;
}

static void buf_reserve(Buf *b, size_t extra) {
  if (extra > SIZE_MAX - b->len - 1) out_of_memory(SIZE_MAX);
  size_t need = b->len + extra + 1;          /* room for the NUL */
  if (need <= b->cap) return;
  size_t ncap = b->cap ? b->cap : 64;
  while (ncap < need) ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
  b->data = bsc_realloc(b->data, ncap);
  b->cap = ncap;
}

void buf_putn(Buf *b, const char *s, size_t n) {
  buf_reserve(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s) { buf_putn(b, s, strlen(s)); }

void buf_putc(Buf *b, char c) {
  buf_reserve(b, 1);
  b->data[b->len++] = c;
  b->data[b->len] = '\0';
}

void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    buf_putn(b, small, (size_t)n);
    return;
  }
  buf_reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void buf_free(Buf *b) {
  free(b->data);
  buf_init(b);
}

char *buf_steal(Buf *b) {
  char *s = b->data;
  if (!s) s = bsc_strdup("");
  buf_init(b);
  return s;
}

/* ---- hashing -------------------------------------------------------------- */
uint64_t hash_block(uint64_t seed, const void *p, size_t n) {
  enum { LANES = 8 };
  const unsigned char *b = p;
  uint64_t h[LANES];
  for (int l = 0; l < LANES; l++) h[l] = hash_word(seed, (uint64_t)n + (uint64_t)l);
  size_t i = 0;
  for (; i + 8 * LANES <= n; i += 8 * LANES)
    for (int l = 0; l < LANES; l++) {
      uint64_t w;
      memcpy(&w, b + i + 8 * l, 8);
      h[l] = hash_rotl(h[l] + w * HASH_K2, 31) * HASH_K1;
    }
  uint64_t r = seed;
  for (int l = 0; l < LANES; l++) r = hash_word(r, h[l]);
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, b + i, 8);
    r = hash_word(r, w);
  }
  if (i < n) {
    uint64_t w = 0;
    memcpy(&w, b + i, n - i);
    r = hash_word(r, w ^ ((uint64_t)(n - i) << 59));
  }
  return r ^ (r >> 32);
}

uint64_t hash_bytes(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

/* ---- interner ------------------------------------------------------------- */
/* Open addressing with linear probing; everything lives in the arena, so
 * the interner is freed with it.
 *
 * Speed matters (generated input can hold hundreds of thousands of names),
 * and the cost is cache and TLB misses, so the layout is compact:
 *   - the probe table holds 8-byte slots (hash, entry index); a probe for
 *     a new name compares hashes only and touches nothing else;
 *   - entries (string, length) are appended to a dense array;
 *   - the home slot comes from the hash's high bits, so the table is
 *     ordered by hash and growing it writes the new table sequentially;
 *   - strings are packed back to back in arena chunks, without the
 *     16-byte alignment padding of arena_alloc. */
typedef struct InternSlot {
  uint32_t hash;
  uint32_t idx;              /* 1 + index into ents; 0: empty */
} InternSlot;

typedef struct InternEntry {
  const char *s;
  uint32_t len;
} InternEntry;

struct Interner {
  Arena *arena;
  InternSlot *slots;
  size_t cap;                /* a power of two */
  int shift;                 /* 32 - log2(cap) */
  InternEntry *ents;
  size_t len, ecap;
  char *chunk;               /* packed string storage */
  size_t chunk_left;
};

#define INTERN_CHUNK ((size_t)16 * 1024)

Interner *intern_new(Arena *a) {
  Interner *in = arena_alloc(a, sizeof *in);
  in->arena = a;
  in->cap = 1024;
  in->shift = 32 - 10;
  in->slots = arena_alloc(a, sizeof(InternSlot) * in->cap);
  in->ecap = 512;
  in->ents = arena_alloc(a, sizeof(InternEntry) * in->ecap);
  return in;
}

static void intern_grow(Interner *in) {
  if (in->cap >= ((size_t)1 << 31)) out_of_memory(SIZE_MAX);
  size_t ncap = in->cap * 2;
  int nshift = in->shift - 1;
  InternSlot *ns = arena_alloc(in->arena, sizeof(InternSlot) * ncap);
  size_t mask = ncap - 1;
  for (size_t i = 0; i < in->cap; i++) {
    InternSlot o = in->slots[i];
    if (!o.idx) continue;
    size_t j = o.hash >> nshift;
    while (ns[j].idx) j = (j + 1) & mask;
    ns[j] = o;
  }
  in->slots = ns;
  in->cap = ncap;
  in->shift = nshift;
}

static const char *intern_store(Interner *in, const char *s, size_t n) {
  if (n + 1 > INTERN_CHUNK / 4) return arena_strndup(in->arena, s, n);
  if (in->chunk_left < n + 1) {
    in->chunk = arena_alloc(in->arena, INTERN_CHUNK);
    in->chunk_left = INTERN_CHUNK;
  }
  char *p = in->chunk;
  memcpy(p, s, n);
  p[n] = '\0';
  in->chunk += n + 1;
  in->chunk_left -= n + 1;
  return p;
}

const char *intern(Interner *in, const char *s, size_t n) {
  if (n > UINT32_MAX) out_of_memory(n);
  uint64_t h64 = hash_bytes(s, n);
  /* FNV-1a's high bits are poor for names that differ only in their last
   * characters (name_1, name_2, ...): mix before using them. */
  h64 ^= h64 >> 33;
  h64 *= 0xff51afd7ed558ccdULL;
  h64 ^= h64 >> 33;
  uint32_t h = (uint32_t)(h64 >> 32);
  size_t mask = in->cap - 1;
  size_t i = h >> in->shift;
  for (;;) {
    InternSlot sl = in->slots[i];
    if (!sl.idx) break;
    if (sl.hash == h) {
      const InternEntry *e = &in->ents[sl.idx - 1];
      if (e->len == n && memcmp(e->s, s, n) == 0) return e->s;
    }
    i = (i + 1) & mask;
  }
  /* Not found: insert (growing first keeps the load factor under 1/2). */
  if ((in->len + 1) * 2 > in->cap) {
    intern_grow(in);
    mask = in->cap - 1;
    i = h >> in->shift;
    while (in->slots[i].idx) i = (i + 1) & mask;
  }
  if (in->len == in->ecap) {
    InternEntry *ne = arena_alloc(in->arena, sizeof(InternEntry) * in->ecap * 2);
    memcpy(ne, in->ents, sizeof(InternEntry) * in->len);
    in->ents = ne;
    in->ecap *= 2;
  }
  InternEntry *e = &in->ents[in->len++];
  e->s = intern_store(in, s, n);
  e->len = (uint32_t)n;
  in->slots[i].hash = h;
  in->slots[i].idx = (uint32_t)in->len;
  return e->s;
}

/* ---- pointer-keyed map ----------------------------------------------------- */
static size_t ptr_hash(const char *key) {
  uint64_t x = (uint64_t)(uintptr_t)key;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return (size_t)x;
}

void *map_get(const Map *m, const char *key) {
  if (!m->cap || !key) return NULL;
  size_t mask = m->cap - 1;
  size_t i = ptr_hash(key) & mask;
  for (;;) {
    const char *k = m->keys[i];
    if (!k) return NULL;
    if (k == key) return m->vals[i];
    i = (i + 1) & mask;
  }
}

static void map_insert_slot(const char **keys, void **vals, size_t cap,
                            const char *key, void *val) {
  size_t mask = cap - 1;
  size_t i = ptr_hash(key) & mask;
  while (keys[i]) i = (i + 1) & mask;
  keys[i] = key;
  vals[i] = val;
}

static void map_grow(Map *m) {
  size_t ncap = m->cap ? m->cap * 2 : 16;
  const char **keys = bsc_calloc(ncap, sizeof *keys);
  void **vals = bsc_calloc(ncap, sizeof *vals);
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) map_insert_slot(keys, vals, ncap, m->keys[i], m->vals[i]);
  free(m->keys);
  free(m->vals);
  m->keys = keys;
  m->vals = vals;
  m->cap = ncap;
}

void map_put(Map *m, const char *key, void *val) {
  if (!key) return;
  if (m->cap) {
    size_t mask = m->cap - 1;
    size_t i = ptr_hash(key) & mask;
    for (;;) {
      const char *k = m->keys[i];
      if (!k) break;
      if (k == key) {
        m->vals[i] = val;
        return;
      }
      i = (i + 1) & mask;
    }
  }
  if ((m->len + 1) * 4 > m->cap * 3) map_grow(m);     /* load <= 3/4 */
  map_insert_slot(m->keys, m->vals, m->cap, key, val);
  m->len++;
}

void map_free(Map *m) {
  free(m->keys);
  free(m->vals);
  m->keys = NULL;
  m->vals = NULL;
  m->cap = m->len = 0;
}

/* ---- UTF-8 -------------------------------------------------------------- */
int utf8_decode(const char *str, size_t n, uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  if (n == 0) return 0;
  unsigned c = s[0];
  if (c < 0x80) {
    if (cp) *cp = c;
    return 1;
  }
  int len;
  uint32_t v;
  unsigned lo = 0x80, hi = 0xBF;     /* allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2; v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3; v = c & 0x0F;
    if (c == 0xE0) lo = 0xA0;        /* overlong */
    if (c == 0xED) hi = 0x9F;        /* surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4; v = c & 0x07;
    if (c == 0xF0) lo = 0x90;        /* overlong */
    if (c == 0xF4) hi = 0x8F;        /* > U+10FFFF */
  } else {
    return 0;                        /* continuation byte, C0, C1, F5..FF */
  }
  if (n < (size_t)len) return 0;
  if (s[1] < lo || s[1] > hi) return 0;
  v = (v << 6) | (s[1] & 0x3F);
  for (int i = 2; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (cp) *cp = v;
  return len;
}

long utf8_invalid_at(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    int k = utf8_decode(s + i, n - i, NULL);
    if (!k) return (long)i;
    i += (size_t)k;
  }
  return -1;
}

typedef struct { uint32_t lo, hi; } CpRange;

static const CpRange zero_width[] = {
  {0x0300, 0x036F},   /* combining diacritical marks */
  {0x0483, 0x0489},   /* combining Cyrillic */
  {0x0591, 0x05BD},   /* Hebrew points */
  {0x0610, 0x061A},   /* Arabic marks */
  {0x064B, 0x065F},
  {0x1AB0, 0x1AFF},   /* combining diacritical marks extended */
  {0x1DC0, 0x1DFF},   /* combining diacritical marks supplement */
  {0x200B, 0x200F},   /* zero-width space, joiners, direction marks */
  {0x2060, 0x2064},   /* word joiner, invisible operators */
  {0x20D0, 0x20FF},   /* combining marks for symbols */
  {0x302A, 0x302D},   /* ideographic tone marks */
  {0x3099, 0x309A},   /* combining kana voicing marks */
  {0xFE00, 0xFE0F},   /* variation selectors */
  {0xFE20, 0xFE2F},   /* combining half marks */
  {0xFEFF, 0xFEFF},   /* zero-width no-break space (BOM) */
  {0xE0100, 0xE01EF}, /* variation selectors supplement */
};

static const CpRange wide[] = {
  {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},
  {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
  {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},
  {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
  {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
};

static bool in_ranges(uint32_t cp, const CpRange *r, size_t n) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < r[mid].lo) hi = mid;
    else if (cp > r[mid].hi) lo = mid + 1;
    else return true;
  }
  return false;
}

int utf8_cp_width(uint32_t cp) {
  if (cp < 0x300) return 1;
  if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0])) return 0;
  if (in_ranges(cp, wide, sizeof wide / sizeof wide[0])) return 2;
  return 1;
}

int utf8_width(const char *s, size_t n, int tabw) {
  int w = 0;
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      w += c == '\t' ? tabw : 1;
      i++;
      continue;
    }
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (!k) {                  /* shown as U+FFFD: one column */
      w += 1;
      i++;
      continue;
    }
    w += utf8_cp_width(cp);
    i += (size_t)k;
  }
  return w;
}

int utf8_count(const char *s, size_t n) {
  int count = 0;
  size_t i = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
    } else {
      int k = utf8_decode(s + i, n - i, NULL);
      i += k ? (size_t)k : 1;
    }
    count++;
  }
  return count;
}

int utf8_encode(uint32_t cp, char out[4]) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  if (cp <= 0x10FFFF) {
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
  }
  return 0;
}

/* ---- edit distance ---------------------------------------------------- */
/* Decodes s into code points; an invalid byte becomes a code point of its
 * own (U+DC80..U+DCFF, which no valid sequence decodes to). */
static size_t to_cps(const char *s, uint32_t *out) {
  size_t n = strlen(s), i = 0, k = 0;
  while (i < n) {
    uint32_t cp;
    int len = utf8_decode(s + i, n - i, &cp);
    if (!len) {
      cp = 0xDC00 + (unsigned char)s[i];
      len = 1;
    }
    out[k++] = cp;
    i += (size_t)len;
  }
  return k;
}

void closest_try(Closest *c, const char *candidate) {
  int d = edit_distance(c->name, candidate, c->cap);
  if (d < c->dist) { c->dist = d; c->best = candidate; }
}

double amount_magnitude(const char *s, size_t n, bool lower) {
  if (n != 1) return 0;
  switch (s[0]) {
  case 'k': case 'K': return 1e3;
  case 'M': return 1e6;
  case 'B': return 1e9;
  case 'm': return lower ? 1e6 : 0;
  case 'b': return lower ? 1e9 : 0;
  }
  return 0;
}

double amount_scaled(const char *digits, double mag) {
  int e = mag == 1e3 ? 3 : mag == 1e6 ? 6 : mag == 1e9 ? 9 : 0;
  char buf[160];
  if (!e || strpbrk(digits, "eE") || strlen(digits) > 120) return strtod(digits, NULL) * mag;
  snprintf(buf, sizeof buf, "%se%d", digits, e);
  return strtod(buf, NULL);
}

int edit_distance(const char *a, const char *b, int cap) {
  if (cap < 0) cap = INT_MAX - 2;
  size_t na = strlen(a), nb = strlen(b);
  uint32_t sa[64], sb[64];
  int rowbuf[3 * 65];
  uint32_t *ca = na <= 64 ? sa : bsc_malloc(sizeof(uint32_t) * na);
  uint32_t *cb = nb <= 64 ? sb : bsc_malloc(sizeof(uint32_t) * nb);
  size_t la = to_cps(a, ca), lb = to_cps(b, cb);
  int result;
  size_t diff = la > lb ? la - lb : lb - la;
  if (diff > (size_t)cap) {
    result = cap + 1;
    goto done;
  }
  /* Optimal string alignment: Levenshtein plus the swap of two adjacent
   * characters as one edit (`nsp` is one edit from `nps`), which is the
   * commonest typo.  Three rows: the swap looks two rows back. */
  int *mem = lb + 1 <= 65 ? rowbuf : bsc_malloc(sizeof(int) * 3 * (lb + 1));
  int *prev2 = mem, *prev = mem + lb + 1, *cur = mem + 2 * (lb + 1);
  for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
  int prevmin = 0;
  result = -1;
  for (size_t i = 1; i <= la && result < 0; i++) {
    cur[0] = (int)i;
    int rowmin = cur[0];
    for (size_t j = 1; j <= lb; j++) {
      int d = prev[j - 1] + (ca[i - 1] != cb[j - 1]);
      if (prev[j] + 1 < d) d = prev[j] + 1;
      if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
      if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] && ca[i - 2] == cb[j - 1] && prev2[j - 2] + 1 < d)
        d = prev2[j - 2] + 1;
      cur[j] = d;
      if (d < rowmin) rowmin = d;
    }
    /* No later cell can get back under the cap once two rows are over it. */
    if (rowmin > cap && prevmin > cap) result = cap + 1;
    prevmin = rowmin;
    int *t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  if (result < 0) result = prev[lb] > cap ? cap + 1 : prev[lb];
  if (mem != rowbuf) free(mem);
done:
  if (ca != sa) free(ca);
  if (cb != sb) free(cb);
  return result;
}

/* ---- files ------------------------------------------------------------- */
static const char *file_kind(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

static char *file_too_big(FileErr *e, size_t limit) {
  *e = (FileErr){ .status = FILE_TOO_BIG, .limit = limit };
  errno = EFBIG;
  return NULL;
}

static void file_sys(FileErr *e, int errnum) {
  *e = (FileErr){ .status = FILE_SYS, .errnum = errnum };
  errno = errnum;
}

static bool file_regular(mode_t m, FileErr *e) {
  if (S_ISREG(m)) return true;
  *e = (FileErr){ .status = FILE_NOT_REGULAR, .kind = file_kind(m) };
  errno = S_ISDIR(m) ? EISDIR : ENODEV;
  return false;
}

int file_open_regular(const char *path, FileErr *e) {
  FileErr dummy;
  if (!e) e = &dummy;
  /* stat first, so that a device is never opened (opening a tape or a
   * serial line has effects, opening a FIFO wakes its writer) ... */
  struct stat st;
  if (stat(path, &st) != 0) { file_sys(e, errno); return -1; }
  if (!file_regular(st.st_mode, e)) return -1;
  /* ... then check the descriptor itself, because the path may have been
   * replaced in between: O_NONBLOCK so that a FIFO put there does not
   * block the open, O_NOCTTY so that a terminal does not become ours. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) { file_sys(e, errno); return -1; }
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    file_sys(e, err);
    return -1;
  }
  if (!file_regular(st.st_mode, e)) { close(fd); return -1; }
  *e = (FileErr){ FILE_OK };
  return fd;
}

char *file_read_fd(int fd, size_t limit, size_t *len, FileErr *e) {
  FileErr dummy;
  if (!e) e = &dummy;
  if (limit > SIZE_MAX - 2) limit = SIZE_MAX - 2;     /* room for limit + 1 bytes and the NUL */
  /* st_size is only a hint for the first allocation: the file may grow
   * while it is read, and /proc files report 0.  The bound is enforced
   * on the bytes actually read: at most limit + 1 are ever held. */
  struct stat st;
  size_t cap = 4096;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    if ((uintmax_t)st.st_size > limit) return file_too_big(e, limit);   /* no need to read it */
    cap = (size_t)st.st_size + 2;
  }
  size_t n = 0;
  char *data = bsc_malloc(cap);
  for (;;) {
    if (n + 1 >= cap) {
      size_t ncap = cap > (limit + 2) / 2 ? limit + 2 : cap * 2;
      data = bsc_realloc(data, ncap);
      cap = ncap;
    }
    ssize_t r = read(fd, data + n, cap - n - 1);
    if (r < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      free(data);
      file_sys(e, err);
      return NULL;
    }
    if (r == 0) break;
    n += (size_t)r;
    if (n > limit) {
      free(data);
      return file_too_big(e, limit);
    }
  }
  data[n] = '\0';
  if (len) *len = n;
  *e = (FileErr){ FILE_OK };
  return data;
}

char *file_read(const char *path, size_t limit, size_t *len, FileErr *e) {
  int fd = file_open_regular(path, e);
  if (fd < 0) return NULL;
  char *data = file_read_fd(fd, limit, len, e);
  int err = errno;
  close(fd);
  errno = err;
  return data;
}

const char *file_err_text(const FileErr *e, char *buf, size_t n) {
  if (e->status == FILE_NOT_REGULAR) {
    snprintf(buf, n, "it is %s, not a regular file", e->kind);
  } else if (e->status == FILE_TOO_BIG) {
    if (e->limit >= ((size_t)1 << 20) && e->limit % ((size_t)1 << 20) == 0)
      snprintf(buf, n, "it is larger than %zu MiB", e->limit >> 20);
    else
      snprintf(buf, n, "it is larger than %zu bytes", e->limit);
  } else {
    snprintf(buf, n, "%s", strerror(e->errnum));
  }
  return buf;
}

char *read_file(const char *path, size_t *len) {
  FileErr e;
  return file_read(path, FILE_MAX_TEXT, len, &e);
}

/* Writes all of data to fd; returns 0 or an errno. */
static int write_all(int fd, const char *data, size_t len) {
  size_t off = 0;
  while (off < len) {
    ssize_t w = write(fd, data + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    off += (size_t)w;
  }
  return 0;
}

/* Makes a rename in the directory of path durable; a failure here does
 * not undo the write, so it is not reported. */
char *path_dir(const char *path) {
  const char *slash = strrchr(path, '/');
  size_t n = slash ? (size_t)(slash - path + 1) : 0;
  char *d = bsc_malloc(n + 1);
  memcpy(d, path, n);
  d[n] = 0;
  return d;
}

static void sync_dir_of(const char *path) {
  char *dir = bsc_strdup(path);
  char *slash = strrchr(dir, '/');
  const char *d = ".";
  if (slash) {
    slash[slash == dir] = '\0';        /* "/f" -> "/", "a/b" -> "a" */
    d = dir;
  }
  int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  free(dir);
}

/* The body of write_file_atomic, with SIGXFSZ ignored; dest is the real
 * destination (a symlink resolved).  Returns 0 or an errno. */
static int write_replace(const char *dest, const char *data, size_t len, FileErr *e) {
  struct stat st;
  bool exists = stat(dest, &st) == 0;
  if (exists && !file_regular(st.st_mode, e)) return -1;
  size_t dl = strlen(dest);
  char *tmp = bsc_malloc(dl + 16);
  memcpy(tmp, dest, dl);
  memcpy(tmp + dl, ".tmp.XXXXXX", 12);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    free(tmp);
    return errno;
  }
  mode_t mode;
  if (exists) {
    mode = st.st_mode & 07777;
  } else {
    mode_t um = umask(0);
    umask(um);
    mode = 0666 & ~um;
  }
  int err = fchmod(fd, mode) != 0 ? errno : 0;
  if (!err) err = write_all(fd, data, len);
  if (!err && fsync(fd) != 0) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  if (!err && rename(tmp, dest) != 0) err = errno;
  if (err) unlink(tmp);
  else sync_dir_of(dest);
  free(tmp);
  return err;
}

int write_file_atomic(const char *path, const char *data, size_t len, FileErr *e) {
  FileErr dummy;
  if (!e) e = &dummy;
  *e = (FileErr){ FILE_OK };
  /* Write through a symlink to its target rather than replacing it. */
  char *target = NULL;
  struct stat lst;
  if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) target = realpath(path, NULL);
  /* Over a file-size limit (ulimit -f) the kernel sends SIGXFSZ, which
   * kills the process: ignored, the write fails with EFBIG instead and
   * the temporary is removed. */
  struct sigaction ign = { .sa_handler = SIG_IGN }, old;
  sigemptyset(&ign.sa_mask);
  sigaction(SIGXFSZ, &ign, &old);
  int err = write_replace(target ? target : path, data, len, e);
  int saved = errno;
  sigaction(SIGXFSZ, &old, NULL);
  free(target);
  if (err > 0) file_sys(e, err);
  else errno = saved;
  return err ? -1 : 0;
}
