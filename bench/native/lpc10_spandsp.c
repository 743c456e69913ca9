/*
 * Native reference for `deno task bench lpc10`: spandsp's LPC-10 (the same DoD algorithm as
 * lpc10 1.5, in C) encoding and decoding the same input as the WASM codec.
 *
 *   lpc10_spandsp INPUT.pcm PASSES
 *
 * INPUT.pcm is s16le, a whole number of 180-sample frames. Each pass encodes the whole input
 * from a fresh state, then decodes the result, timed with clock_gettime(CLOCK_MONOTONIC).
 * Prints JSON with the seconds of every pass and a checksum of the last pass's output.
 */
#include <spandsp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void print_times(const char *name, const double *v, int n) {
  printf("\"%s\":[", name);
  for (int i = 0; i < n; i++) printf(i ? ",%.9f" : "%.9f", v[i]);
  printf("]");
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s INPUT.pcm PASSES\n", argv[0]);
    return 2;
  }
  int passes = atoi(argv[2]);
  FILE *f = fopen(argv[1], "rb");
  if (!f || passes < 1) {
    fprintf(stderr, "cannot read %s or bad pass count\n", argv[1]);
    return 2;
  }
  fseek(f, 0, SEEK_END);
  long samples = ftell(f) / 2 / 180 * 180;
  rewind(f);
  int16_t *pcm = malloc(samples * sizeof *pcm);
  int16_t *out = malloc(samples * sizeof *out);
  uint8_t *bits = malloc(samples / 180 * 7 + 7);
  double *enc = malloc(passes * sizeof *enc), *dec = malloc(passes * sizeof *dec);
  if (!pcm || !out || !bits || !enc || !dec || fread(pcm, 2, samples, f) != (size_t) samples) {
    fprintf(stderr, "cannot load %s\n", argv[1]);
    return 2;
  }
  fclose(f);
  memset(out, 0, samples * sizeof *out);
  memset(bits, 0, samples / 180 * 7 + 7);

  int bytes = 0, decoded = 0;
  for (int r = 0; r < passes; r++) {
    lpc10_encode_state_t *e = lpc10_encode_init(NULL, 0);
    double t0 = now();
    bytes = lpc10_encode(e, bits, pcm, (int) samples);
    enc[r] = now() - t0;
    lpc10_encode_free(e);
    lpc10_decode_state_t *d = lpc10_decode_init(NULL, 0);
    t0 = now();
    decoded = lpc10_decode(d, out, bits, bytes);
    dec[r] = now() - t0;
    lpc10_decode_free(d);
  }
  uint32_t sum = 0;
  for (int i = 0; i < decoded; i++) sum = sum * 31 + (uint16_t) out[i];
  printf("{\"samples\":%ld,\"bytes\":%d,\"decoded\":%d,", samples, bytes, decoded);
  print_times("encodeSeconds", enc, passes);
  printf(",");
  print_times("decodeSeconds", dec, passes);
  printf(",\"checksum\":%u}\n", sum);
  return 0;
}
