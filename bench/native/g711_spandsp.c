/* G.711 timing harness for spandsp (Debian libspandsp-dev).
 * usage: g711_spandsp INPUT.s16le BLOCK REPEATS
 * Encodes and decodes INPUT in BLOCK-sample calls, REPEATS passes per law,
 * and prints the best pass time per law and direction as JSON (nanoseconds). */
#include <spandsp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static long read_input(const char *path, int16_t **samples) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  fseek(f, 0, SEEK_END);
  long n = ftell(f) / 2;
  fseek(f, 0, SEEK_SET);
  *samples = malloc(n * 2);
  if (fread(*samples, 2, n, f) != (size_t)n) n = -1;
  fclose(f);
  return n;
}

static volatile unsigned sink;

static void time_law(int law, const int16_t *pcm, long n, int block, int repeats,
                     double *enc_best, double *dec_best) {
  g711_state_t *s = g711_init(NULL, law);
  uint8_t *codes = malloc(n);
  int16_t *back = malloc(n * 2);
  *enc_best = *dec_best = 1e300;
  for (int r = 0; r < repeats; r++) {
    double t0 = now_ns();
    for (long i = 0; i < n; i += block)
      g711_encode(s, codes + i, pcm + i, (int)(n - i < block ? n - i : block));
    double t1 = now_ns();
    for (long i = 0; i < n; i += block)
      g711_decode(s, back + i, codes + i, (int)(n - i < block ? n - i : block));
    double t2 = now_ns();
    sink += codes[r % n] + (unsigned)back[r % n];
    if (t1 - t0 < *enc_best) *enc_best = t1 - t0;
    if (t2 - t1 < *dec_best) *dec_best = t2 - t1;
  }
  free(codes);
  free(back);
  g711_free(s);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s INPUT.s16le BLOCK REPEATS\n", argv[0]);
    return 2;
  }
  int16_t *pcm;
  long n = read_input(argv[1], &pcm);
  if (n <= 0) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  int block = atoi(argv[2]), repeats = atoi(argv[3]);
  double ue, ud, ae, ad;
  time_law(G711_ULAW, pcm, n, block, repeats, &ue, &ud);
  time_law(G711_ALAW, pcm, n, block, repeats, &ae, &ad);
  printf("{\"samples\":%ld,\"pcmu\":{\"encode\":%.0f,\"decode\":%.0f},"
         "\"pcma\":{\"encode\":%.0f,\"decode\":%.0f}}\n", n, ue, ud, ae, ad);
  return 0;
}
