/* Unit tests for compiler/util.c. */
#include <criterion/criterion.h>

#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- arena ------------------------------------------------------------ */
Test(util_arena, aligned_and_zeroed) {
  Arena a;
  arena_init(&a);
  for (size_t n = 1; n < 3000; n += 37) {
    unsigned char *p = arena_alloc(&a, n);
    cr_assert_eq((uintptr_t)p % 16, 0, "allocation of %zu not 16-byte aligned", n);
    for (size_t i = 0; i < n; i++) cr_assert_eq(p[i], 0);
    memset(p, 0xAB, n);
  }
  arena_free(&a);
  cr_assert_null(a.head);
}

Test(util_arena, large_blocks) {
  Arena a;
  arena_init(&a);
  char *small = arena_alloc(&a, 10);
  unsigned char *big = arena_alloc(&a, 1 << 20);
  cr_assert_eq((uintptr_t)big % 16, 0);
  for (size_t i = 0; i < (1u << 20); i += 4096) cr_assert_eq(big[i], 0);
  memset(big, 1, 1 << 20);
  /* The current block stays in use after a large allocation. */
  char *small2 = arena_alloc(&a, 10);
  cr_assert(small2 > small && small2 - small < 64 * 1024);
  cr_assert_geq(a.total, (size_t)(1 << 20) + 20);
  /* Many allocations spanning several blocks. */
  for (int i = 0; i < 10000; i++) {
    int *p = arena_alloc(&a, 100);
    cr_assert_eq(p[0], 0);
    p[0] = i;
  }
  arena_free(&a);
}

Test(util_arena, strings) {
  Arena a;
  arena_init(&a);
  char *s = arena_strndup(&a, "hello world", 5);
  cr_assert_str_eq(s, "hello");
  cr_assert_str_eq(arena_strdup(&a, "客户"), "客户");
  cr_assert_str_eq(arena_strdup(&a, ""), "");
  cr_assert_str_eq(arena_printf(&a, "%s-%d", "kr", 42), "kr-42");
  char big[1000];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  char *p = arena_printf(&a, "<%s>", big);
  cr_assert_eq(strlen(p), 1001);
  cr_assert_eq(p[0], '<');
  cr_assert_eq(p[1000], '>');
  arena_free(&a);
}

/* ---- vec and buf ------------------------------------------------------ */
Test(util_vec, push_grows) {
  Arena a;
  arena_init(&a);
  Vec v = {0};
  for (intptr_t i = 0; i < 1000; i++) vec_push(&a, &v, (void *)i);
  cr_assert_eq(v.len, 1000);
  cr_assert_geq(v.cap, 1000);
  for (intptr_t i = 0; i < 1000; i++) cr_assert_eq((intptr_t)v.items[i], i);
  void *x;
  intptr_t sum = 0;
  VEC_EACH(void *, x, v) sum += (intptr_t)x;
  cr_assert_eq(sum, 999 * 1000 / 2);
  arena_free(&a);
}

Test(util_buf, put_and_steal) {
  Buf b;
  buf_init(&b);
  buf_puts(&b, "ab");
  buf_putc(&b, 'c');
  buf_putn(&b, "defgh", 2);
  buf_printf(&b, "%d", 12);
  cr_assert_eq(b.len, 7);
  cr_assert_str_eq(b.data, "abcde12");
  char big[600];
  memset(big, 'y', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  buf_printf(&b, "%s!", big);
  cr_assert_eq(b.len, 7 + 600);
  cr_assert_eq(b.data[b.len - 1], '!');
  cr_assert_eq(b.data[b.len], '\0');
  char *s = buf_steal(&b);
  cr_assert_eq(strlen(s), 607);
  cr_assert_null(b.data);
  cr_assert_eq(b.len, 0);
  free(s);
  s = buf_steal(&b);   /* empty buffer: "" rather than NULL */
  cr_assert_str_eq(s, "");
  free(s);
  buf_puts(&b, "x");
  buf_free(&b);
  cr_assert_null(b.data);
}

/* ---- interner and map ---------------------------------------------------- */
Test(util_intern, same_pointer) {
  Arena a;
  arena_init(&a);
  Interner *in = intern_new(&a);
  const char *p1 = intern(in, "nps_score", 9);
  char buf[] = "nps_score and more";
  const char *p2 = intern(in, buf, 9);
  cr_assert_eq(p1, p2);
  cr_assert_str_eq(p1, "nps_score");
  cr_assert_neq(p1, intern(in, "nps_scor", 8));
  cr_assert_neq(p1, intern(in, "nps_scorf", 9));
  const char *e1 = intern(in, "", 0), *e2 = intern(in, "xyz", 0);
  cr_assert_eq(e1, e2);
  cr_assert_str_eq(e1, "");
  cr_assert_eq(intern(in, "客户满意度", strlen("客户满意度")),
               intern(in, "客户满意度", strlen("客户满意度")));
  arena_free(&a);
}

/* Many names: each interned once, found again, distinct.  (Speed is
 * measured by bench/check_bench.sh, never asserted in a test.) */
Test(util_intern, many_names) {
  enum { N = 500000 };
  Arena a;
  arena_init(&a);
  Interner *in = intern_new(&a);
  char (*names)[24] = malloc(sizeof *names * N);
  for (int i = 0; i < N; i++) snprintf(names[i], sizeof names[i], "name_%d", i);
  const char **first = malloc(sizeof *first * N);
  for (int i = 0; i < N; i++) first[i] = intern(in, names[i], strlen(names[i]));
  for (int i = 0; i < N; i += 997) {
    cr_assert_eq(intern(in, names[i], strlen(names[i])), first[i]);
    cr_assert_str_eq(first[i], names[i]);
  }
  cr_assert_neq(first[0], first[1]);
  free(names);
  free(first);
  arena_free(&a);
}

Test(util_map, put_get_replace) {
  Arena a;
  arena_init(&a);
  Interner *in = intern_new(&a);
  Map m = {0};
  cr_assert_null(map_get(&m, "x"));
  const char *keys[5000];
  for (int i = 0; i < 5000; i++) {
    char s[16];
    int n = snprintf(s, sizeof s, "k%d", i);
    keys[i] = intern(in, s, (size_t)n);
    map_put(&m, keys[i], (void *)(intptr_t)(i + 1));
  }
  cr_assert_eq(m.len, 5000);
  for (int i = 0; i < 5000; i++) cr_assert_eq((intptr_t)map_get(&m, keys[i]), i + 1);
  map_put(&m, keys[7], (void *)(intptr_t)99);
  cr_assert_eq(m.len, 5000);
  cr_assert_eq((intptr_t)map_get(&m, keys[7]), 99);
  cr_assert_null(map_get(&m, intern(in, "missing", 7)));
  /* Keyed by pointer: an equal string at another address is another key. */
  char copy[8];
  strcpy(copy, keys[3]);
  cr_assert_null(map_get(&m, copy));
  map_free(&m);
  cr_assert_null(m.keys);
  cr_assert_eq(m.len, 0);
  cr_assert_null(map_get(&m, keys[1]));
  arena_free(&a);
}

Test(util_hash, fnv1a) {
  cr_assert_eq(hash_bytes("", 0), 0xcbf29ce484222325ULL);
  cr_assert_eq(hash_bytes("a", 1), 0xaf63dc4c8601ec8cULL);
  cr_assert_eq(hash_bytes("foobar", 6), 0x85944171f73967e8ULL);
}

/* hash_block keys the JIT cache and checks its entries: every single bit
 * flipped at every offset of buffers of every length around the lanes'
 * block (64 bytes) and the word (8) changes it, so does the length (a zero
 * appended), and it depends on the seed. */
Test(util_hash, block_every_bit) {
  unsigned char b[200];
  for (size_t i = 0; i < sizeof b; i++) b[i] = (unsigned char)(i * 37 + 11);
  size_t lens[] = { 0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 200 };
  for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
    size_t n = lens[li];
    uint64_t h = hash_block(1, b, n);
    cr_assert_eq(h, hash_block(1, b, n), "a pure function");
    cr_assert_neq(h, hash_block(2, b, n), "the seed counts (n = %zu)", n);
    if (n < sizeof b) {
      unsigned char z = b[n];
      b[n] = 0;
      cr_assert_neq(h, hash_block(1, b, n + 1), "a zero appended to %zu bytes", n);
      b[n] = z;
    }
    for (size_t i = 0; i < n; i++)
      for (int bit = 0; bit < 8; bit++) {
        b[i] ^= (unsigned char)(1u << bit);
        cr_assert_neq(h, hash_block(1, b, n), "bit %d of byte %zu of %zu", bit, i, n);
        b[i] ^= (unsigned char)(1u << bit);
      }
  }
}

/* ---- UTF-8 -------------------------------------------------------------- */
Test(util_utf8, decode_valid) {
  /* Each string is one code point, all of its bytes: each length, its
   * edges, and the edges of the surrogate gap. */
  static const struct { const char *s; uint32_t cp; } ok[] = {
    {"A", 'A'},
    {"\xC3\xA9", 0xE9},
    {"\xE4\xB8\xAD", 0x4E2D},        /* 中 */
    {"\xF0\x9F\x98\x80", 0x1F600},
    {"\xF4\x8F\xBF\xBF", 0x10FFFF},
    {"\xED\x9F\xBF", 0xD7FF},
    {"\xEE\x80\x80", 0xE000},
    {"\xE0\xA0\x80", 0x800},
    {"\xF0\x90\x80\x80", 0x10000},
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    size_t n = strlen(ok[i].s);
    uint32_t cp;
    cr_assert_eq(utf8_decode(ok[i].s, n, &cp), (int)n, "U+%04X: length", (unsigned)ok[i].cp);
    cr_assert_eq(cp, ok[i].cp, "U+%04X: decoded as U+%04X", (unsigned)ok[i].cp, (unsigned)cp);
  }
}

Test(util_utf8, decode_invalid) {
  /* n bytes of s, which utf8_decode must refuse (return 0). */
  static const struct { const char *s; size_t n; const char *why; } bad[] = {
    {"\xC0\x80", 2, "overlong NUL"},
    {"\xC1\xBF", 2, "overlong 2-byte"},
    {"\xE0\x80\x80", 3, "overlong 3-byte"},
    {"\xE0\x9F\xBF", 3, "overlong 3-byte"},
    {"\xF0\x80\x80\x80", 4, "overlong 4-byte"},
    {"\xF0\x8F\xBF\xBF", 4, "overlong 4-byte"},
    {"\xED\xA0\x80", 3, "surrogate D800"},
    {"\xED\xBF\xBF", 3, "surrogate DFFF"},
    {"\xF4\x90\x80\x80", 4, "above U+10FFFF"},
    {"\xF5\x80\x80\x80", 4, "F5 lead byte"},
    {"\xFF", 1, "FF byte"},
    {"\x80", 1, "lone continuation"},
    {"\xE4\xB8", 2, "truncated 3-byte"},
    {"\xE4\xB8\xAD", 2, "truncated by n"},
    {"\xF0\x9F\x98", 3, "truncated 4-byte"},
    {"\xC3", 1, "truncated 2-byte"},
    {"\xC3(", 2, "bad continuation"},
    {"\xE4(\xAD", 3, "bad continuation"},
    {"", 0, "empty"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint32_t cp;
    cr_assert_eq(utf8_decode(bad[i].s, bad[i].n, &cp), 0, "%s", bad[i].why);
  }
}

Test(util_utf8, invalid_at) {
  cr_assert_eq(utf8_invalid_at("abc", 3), -1);
  cr_assert_eq(utf8_invalid_at("中文", 6), -1);
  cr_assert_eq(utf8_invalid_at("ab\xFF", 3), 2);
  cr_assert_eq(utf8_invalid_at("中\xED\xA0\x80", 6), 3);
  cr_assert_eq(utf8_invalid_at("中文", 5), 3);   /* truncated at the end */
  cr_assert_eq(utf8_invalid_at("", 0), -1);
}

Test(util_utf8, widths) {
  cr_assert_eq(utf8_cp_width('a'), 1);
  cr_assert_eq(utf8_cp_width(0x4E2D), 2);    /* 中 */
  cr_assert_eq(utf8_cp_width(0xAC00), 2);    /* 가 */
  cr_assert_eq(utf8_cp_width(0x3042), 2);    /* あ */
  cr_assert_eq(utf8_cp_width(0xFF01), 2);    /* fullwidth ! */
  cr_assert_eq(utf8_cp_width(0x1F600), 2);   /* emoji */
  cr_assert_eq(utf8_cp_width(0x20000), 2);
  cr_assert_eq(utf8_cp_width(0x0301), 0);    /* combining acute */
  cr_assert_eq(utf8_cp_width(0x200B), 0);    /* zero-width space */
  cr_assert_eq(utf8_cp_width(0xFE0F), 0);    /* variation selector */
  cr_assert_eq(utf8_cp_width(0xE9), 1);
  cr_assert_eq(utf8_cp_width(0x303F), 1);
  cr_assert_eq(utf8_cp_width(0xFF61), 1);    /* halfwidth katakana range */

  cr_assert_eq(utf8_width("abc", 3, 4), 3);
  cr_assert_eq(utf8_width("客户满意度", strlen("客户满意度"), 4), 10);
  cr_assert_eq(utf8_width("e\xCC\x81", 3, 4), 1);     /* e + combining acute */
  cr_assert_eq(utf8_width("\tx", 2, 4), 5);
  cr_assert_eq(utf8_width("a\xFF" "b", 3, 4), 3);     /* invalid byte: 1 column */

  cr_assert_eq(utf8_count("abc", 3), 3);
  cr_assert_eq(utf8_count("客户", 6), 2);
  cr_assert_eq(utf8_count("a\xFF\xFE" "b", 4), 4);
  cr_assert_eq(utf8_count("\xE4\xB8", 2), 2);
}

Test(util_utf8, encode_roundtrip) {
  uint32_t cps[] = {0, 'A', 0x7F, 0x80, 0x7FF, 0x800, 0x4E2D, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
  for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
    char out[4];
    int n = utf8_encode(cps[i], out);
    cr_assert(n >= 1 && n <= 4);
    uint32_t back;
    cr_assert_eq(utf8_decode(out, (size_t)n, &back), n);
    cr_assert_eq(back, cps[i]);
  }
  char out[4];
  cr_assert_eq(utf8_encode(0xD800, out), 0);
  cr_assert_eq(utf8_encode(0x110000, out), 0);
}

/* ---- edit distance ---------------------------------------------------- */
Test(util_misc, edit_distance) {
  static const struct { const char *a, *b; int cap, want; } cases[] = {
    {"kitten", "sitting", 10, 3},
    {"", "abc", 10, 3},
    {"abc", "", 10, 3},
    {"nps_score", "nps_score", 3, 0},
    {"nps_scor", "nps_score", 3, 1},
    {"wekks", "weeks", 2, 1},
    {"客户满意", "客服满意", 3, 1},      /* code points, not bytes */
    /* an adjacent swap is one edit */
    {"nsp", "nps", 3, 1},
    {"ownre", "owner", 3, 1},
    {"ab", "ba", 0, 1},
    /* capped: anything beyond cap is cap + 1 */
    {"abcdef", "uvwxyz", 2, 3},
    {"a", "abcdefghij", 3, 4},
    {"revenue", "retention", 1, 2},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    cr_assert_eq(edit_distance(cases[i].a, cases[i].b, cases[i].cap), cases[i].want, "`%s` ~ `%s` (cap %d)",
                 cases[i].a, cases[i].b, cases[i].cap);
  /* long strings go through the heap path */
  char a[200], b[200];
  memset(a, 'a', 150);
  a[150] = '\0';
  memcpy(b, a, 151);
  b[75] = 'b';
  cr_assert_eq(edit_distance(a, b, 5), 1);
}

/* ---- files ---------------------------------------------------------------- */
static char *make_tmpdir(void) {
  char *t = strdup("/tmp/bscc_util_XXXXXX");
  cr_assert_not_null(mkdtemp(t));
  return t;
}

static int count_entries(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
  closedir(d);
  return n;
}

static void write_raw(const char *path, const char *s) {
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  fputs(s, f);
  fclose(f);
}

Test(util_files, read_file_cases) {
  char *dir = make_tmpdir();
  char path[256];
  size_t len = 99;

  snprintf(path, sizeof path, "%s/missing.bsc", dir);
  errno = 0;
  cr_assert_null(read_file(path, &len));
  cr_assert_eq(errno, ENOENT);

  errno = 0;
  cr_assert_null(read_file(dir, &len));
  cr_assert_eq(errno, EISDIR);

  snprintf(path, sizeof path, "%s/empty.bsc", dir);
  write_raw(path, "");
  char *s = read_file(path, &len);
  cr_assert_not_null(s);
  cr_assert_eq(len, 0);
  cr_assert_eq(s[0], '\0');
  free(s);
  unlink(path);

  snprintf(path, sizeof path, "%s/x.bsc", dir);
  write_raw(path, "unit count\n客户\n");
  s = read_file(path, &len);
  cr_assert_not_null(s);
  cr_assert_eq(len, strlen("unit count\n客户\n"));
  cr_assert_str_eq(s, "unit count\n客户\n");
  cr_assert_eq(s[len], '\0');
  free(s);
  unlink(path);
  rmdir(dir);
  free(dir);
}

Test(util_files, write_atomic_replaces_and_keeps_mode) {
  char *dir = make_tmpdir();
  char path[256];
  snprintf(path, sizeof path, "%s/strategy.bsc", dir);

  /* new file */
  cr_assert_eq(write_file_atomic(path, "one\n", 4, NULL), 0);
  size_t len;
  char *s = read_file(path, &len);
  cr_assert_str_eq(s, "one\n");
  free(s);
  cr_assert_eq(count_entries(dir), 1);

  /* replace an existing file with an unusual mode */
  cr_assert_eq(chmod(path, 0640), 0);
  cr_assert_eq(write_file_atomic(path, "two two\n", 8, NULL), 0);
  s = read_file(path, &len);
  cr_assert_eq(len, 8);
  cr_assert_str_eq(s, "two two\n");
  free(s);
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  cr_assert_eq(st.st_mode & 07777, 0640);
  cr_assert_eq(count_entries(dir), 1, "a temporary file was left behind");

  /* empty content */
  cr_assert_eq(write_file_atomic(path, "", 0, NULL), 0);
  s = read_file(path, &len);
  cr_assert_eq(len, 0);
  free(s);
  cr_assert_eq(count_entries(dir), 1);

  /* failure: the directory does not exist */
  char bad[300];
  snprintf(bad, sizeof bad, "%s/nodir/x.bsc", dir);
  errno = 0;
  cr_assert_eq(write_file_atomic(bad, "x", 1, NULL), -1);
  cr_assert_eq(errno, ENOENT);
  cr_assert_eq(count_entries(dir), 1);

  /* failure: the target is a directory; nothing is left behind */
  char sub[300];
  snprintf(sub, sizeof sub, "%s/sub", dir);
  cr_assert_eq(mkdir(sub, 0755), 0);
  cr_assert_eq(write_file_atomic(sub, "x", 1, NULL), -1);
  cr_assert_eq(count_entries(dir), 2);
  cr_assert_eq(count_entries(sub), 0);
  rmdir(sub);

  unlink(path);
  rmdir(dir);
  free(dir);
}

/* ---- the bounded reader ------------------------------------------------ */
static void expect_refused(const char *path, FileStatus want, const char *text) {
  FileErr e;
  size_t len = 99;
  char why[96];
  cr_assert_null(file_read(path, 1 << 20, &len, &e), "%s was read", path);
  cr_assert_eq(e.status, want, "%s: status %d", path, (int)e.status);
  cr_assert_str_eq(file_err_text(&e, why, sizeof why), text);
  cr_assert_eq(len, 99, "len is untouched on failure");
}

/* A FIFO, a device and a directory are refused at once: the FIFO does not
 * block (the test would time out) and /dev/zero is not read. */
Test(util_files, refuses_what_is_not_a_regular_file, .timeout = 10) {
  char *dir = make_tmpdir();
  char path[256];
  snprintf(path, sizeof path, "%s/pipe.bsc", dir);
  cr_assert_eq(mkfifo(path, 0600), 0);
  expect_refused(path, FILE_NOT_REGULAR, "it is a FIFO, not a regular file");
  cr_assert_eq(file_open_regular(path, NULL), -1);
  unlink(path);
  expect_refused("/dev/zero", FILE_NOT_REGULAR, "it is a character device, not a regular file");
  expect_refused("/dev/urandom", FILE_NOT_REGULAR, "it is a character device, not a regular file");
  expect_refused(dir, FILE_NOT_REGULAR, "it is a directory, not a regular file");
  /* a symlink is followed: to a device, it is the device that is refused */
  snprintf(path, sizeof path, "%s/zero.bsc", dir);
  cr_assert_eq(symlink("/dev/zero", path), 0);
  expect_refused(path, FILE_NOT_REGULAR, "it is a character device, not a regular file");
  unlink(path);
  snprintf(path, sizeof path, "%s/missing.bsc", dir);
  expect_refused(path, FILE_SYS, strerror(ENOENT));
  rmdir(dir);
  free(dir);
}

/* The limit holds on the bytes read, not on the size the file reports:
 * /proc files say 0, a device never ends, a file may grow. */
Test(util_files, bounded_while_reading, .timeout = 10) {
  FileErr e;
  size_t len;
  char why[96];
  int fd = open("/dev/zero", O_RDONLY);
  cr_assert_geq(fd, 0);
  cr_assert_null(file_read_fd(fd, (size_t)1 << 20, &len, &e));
  cr_assert_eq(e.status, FILE_TOO_BIG);
  cr_assert_str_eq(file_err_text(&e, why, sizeof why), "it is larger than 1 MiB");
  close(fd);
  struct stat st;
  cr_assert_eq(stat("/proc/self/maps", &st), 0);
  cr_assert_eq(st.st_size, 0, "a /proc file reports no size");
  cr_assert_null(file_read("/proc/self/maps", 16, &len, &e));
  cr_assert_eq(e.status, FILE_TOO_BIG);
  cr_assert_str_eq(file_err_text(&e, why, sizeof why), "it is larger than 16 bytes");
  char *s = file_read("/proc/self/maps", FILE_MAX_TEXT, &len, &e);
  cr_assert_not_null(s, "a /proc file within the limit is read whole");
  cr_assert_eq(strlen(s), len);
  free(s);
}

Test(util_files, limit_is_exact) {
  char *dir = make_tmpdir();
  char path[256];
  snprintf(path, sizeof path, "%s/ten.csv", dir);
  write_raw(path, "0123456789");
  FileErr e;
  size_t len;
  char *s = file_read(path, 10, &len, &e);
  cr_assert_not_null(s, "exactly the limit is allowed");
  cr_assert_eq(len, 10);
  cr_assert_eq(e.status, FILE_OK);
  free(s);
  cr_assert_null(file_read(path, 9, &len, &e));
  cr_assert_eq(e.status, FILE_TOO_BIG);
  cr_assert_eq(e.limit, 9);
  unlink(path);
  rmdir(dir);
  free(dir);
}

/* ---- the atomic writer under a file-size limit and on a FIFO ------------ */
Test(util_files, write_atomic_over_file_size_limit, .timeout = 10) {
  char *dir = make_tmpdir();
  char path[256];
  snprintf(path, sizeof path, "%s/strategy.bsc", dir);
  write_raw(path, "old\n");
  /* Criterion runs each test in a process of its own: the limit and the
   * signal disposition stay there.  Without SIGXFSZ ignored, the write
   * would kill this process. */
  struct rlimit rl = { 16, 16 };
  cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
  char big[4096];
  memset(big, 'x', sizeof big);
  FileErr e;
  errno = 0;
  cr_assert_eq(write_file_atomic(path, big, sizeof big, &e), -1);
  cr_assert_eq(e.status, FILE_SYS);
  cr_assert_eq(e.errnum, EFBIG);
  cr_assert_eq(errno, EFBIG);
  cr_assert_eq(count_entries(dir), 1, "the temporary was removed");
  size_t len;
  char *s = read_file(path, &len);
  cr_assert_str_eq(s, "old\n", "the original is intact");
  free(s);
  unlink(path);
  rmdir(dir);
  free(dir);
}

Test(util_files, write_atomic_refuses_fifo, .timeout = 10) {
  char *dir = make_tmpdir();
  char path[256];
  snprintf(path, sizeof path, "%s/pipe.bsc", dir);
  cr_assert_eq(mkfifo(path, 0600), 0);
  FileErr e;
  char why[96];
  cr_assert_eq(write_file_atomic(path, "x\n", 2, &e), -1);
  cr_assert_eq(e.status, FILE_NOT_REGULAR);
  cr_assert_str_eq(file_err_text(&e, why, sizeof why), "it is a FIFO, not a regular file");
  struct stat st;
  cr_assert_eq(lstat(path, &st), 0);
  cr_assert(S_ISFIFO(st.st_mode), "the FIFO is still a FIFO");
  cr_assert_eq(count_entries(dir), 1, "nothing was left behind");
  unlink(path);
  rmdir(dir);
  free(dir);
}

/* arena_snap / arena_restore: what the language server's kept
 * declarations rely on (compiler/lsp_chunk.c). */
Test(util_arena, snapshot_restores_contents) {
  Arena a;
  arena_init(&a);
  unsigned char *small = arena_alloc(&a, 100), *big = arena_alloc(&a, 1 << 20);
  for (int i = 0; i < 100; i++) small[i] = (unsigned char)i;
  big[0] = 7; big[(1 << 20) - 1] = 9;
  ArenaSnap *s = arena_snap(&a);
  cr_assert_geq(arena_snap_bytes(s), 100 + (1u << 20));
  memset(small, 0xFF, 100);
  big[0] = big[(1 << 20) - 1] = 0;
  unsigned char *later = arena_alloc(&a, 16);   /* after the snapshot: not in it */
  later[0] = 42;
  arena_restore(s);
  for (int i = 0; i < 100; i++) cr_assert_eq(small[i], i);
  cr_assert_eq(big[0], 7);
  cr_assert_eq(big[(1 << 20) - 1], 9);
  cr_assert_eq(later[0], 42);
  arena_snap_free(s);
  arena_free(&a);
}
