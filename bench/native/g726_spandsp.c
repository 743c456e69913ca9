/*
 * Native reference for `deno task bench g726`: spandsp's G.726 (linear PCM,
 * RFC 3551 packing) encoding and decoding the same input as the WASM codec.
 *
 *   g726_spandsp INPUT.pcm RATE_BPS PASSES
 *
 * INPUT.pcm is s16le. Each pass encodes the whole input from a fresh state, then
 * decodes the result, timed with clock_gettime(CLOCK_MONOTONIC). Prints JSON with
 * the seconds of every pass and a checksum of the last pass's payload and PCM.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <spandsp.h>

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
  if (argc != 4) {
    fprintf(stderr, "usage: %s INPUT.pcm RATE_BPS PASSES\n", argv[0]);
    return 2;
  }
  int rate = atoi(argv[2]);
  int passes = atoi(argv[3]);
  FILE *f = fopen(argv[1], "rb");
  if (!f || passes < 1) {
    fprintf(stderr, "cannot read %s or bad pass count\n", argv[1]);
    return 2;
  }
  fseek(f, 0, SEEK_END);
  long samples = ftell(f) / 2;
  rewind(f);
  int16_t *pcm = malloc(samples * sizeof *pcm);
  int16_t *out = malloc(samples * sizeof *out);
  uint8_t *bits = malloc(samples);
  double *enc = malloc(passes * sizeof *enc), *dec = malloc(passes * sizeof *dec);
  if (!pcm || !out || !bits || !enc || !dec || fread(pcm, 2, samples, f) != (size_t) samples) {
    fprintf(stderr, "cannot load %s\n", argv[1]);
    return 2;
  }
  fclose(f);
  /* Touch the output buffers so page faults stay out of the timed passes. */
  memset(out, 0, samples * sizeof *out);
  memset(bits, 0, samples);

  int bytes = 0, decoded = 0;
  for (int r = 0; r < passes; r++) {
    g726_state_t *s = g726_init(NULL, rate, G726_ENCODING_LINEAR, G726_PACKING_RIGHT);
    double t0 = now();
    bytes = g726_encode(s, bits, pcm, (int) samples);
    enc[r] = now() - t0;
    g726_free(s);
    s = g726_init(NULL, rate, G726_ENCODING_LINEAR, G726_PACKING_RIGHT);
    t0 = now();
    decoded = g726_decode(s, out, bits, bytes);
    dec[r] = now() - t0;
    g726_free(s);
  }
  /* The checksum keeps the work observable and lets the caller compare outputs. */
  uint32_t sum = 0;
  for (int i = 0; i < bytes; i++) sum = sum * 31 + bits[i];
  for (int i = 0; i < decoded; i++) sum = sum * 31 + (uint16_t) out[i];
  printf("{\"samples\":%ld,\"bytes\":%d,\"decoded\":%d,", samples, bytes, decoded);
  print_times("encodeSeconds", enc, passes);
  printf(",");
  print_times("decodeSeconds", dec, passes);
  printf(",\"checksum\":%u}\n", sum);
  return 0;
}
