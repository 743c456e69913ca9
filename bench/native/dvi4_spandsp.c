/* DVI4 (IMA ADPCM, RFC 3551) timing harness for spandsp (Debian libspandsp-dev).
 * usage: dvi4_spandsp INPUT.s16le BLOCK REPEATS
 * Encodes and decodes INPUT in BLOCK-sample packets (one DVI4 block, with its 4-octet
 * state header, per packet), REPEATS passes, and prints the best pass time per direction
 * as JSON (nanoseconds). */
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

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s INPUT.s16le BLOCK REPEATS\n", argv[0]);
    return 2;
  }
  int16_t *pcm;
  long n = read_input(argv[1], &pcm);
  int block = atoi(argv[2]), repeats = atoi(argv[3]);
  if (n <= 0 || block <= 0 || block % 2) {
    fprintf(stderr, "cannot read %s, or BLOCK is not even\n", argv[1]);
    return 1;
  }
  n -= n % block;
  long packets = n / block, packet_bytes = 4 + block / 2;
  uint8_t *codes = malloc(packets * packet_bytes);
  int16_t *back = malloc(n * 2);
  ima_adpcm_state_t *enc = ima_adpcm_init(NULL, IMA_ADPCM_DVI4, 0);
  ima_adpcm_state_t *dec = ima_adpcm_init(NULL, IMA_ADPCM_DVI4, 0);
  double enc_best = 1e300, dec_best = 1e300;
  for (int r = 0; r < repeats; r++) {
    double t0 = now_ns();
    for (long p = 0; p < packets; p++)
      ima_adpcm_encode(enc, codes + p * packet_bytes, pcm + p * block, block);
    double t1 = now_ns();
    for (long p = 0; p < packets; p++)
      ima_adpcm_decode(dec, back + p * block, codes + p * packet_bytes, (int)packet_bytes);
    double t2 = now_ns();
    sink += codes[r % packet_bytes] + (unsigned)back[r % n];
    if (t1 - t0 < enc_best) enc_best = t1 - t0;
    if (t2 - t1 < dec_best) dec_best = t2 - t1;
  }
  printf("{\"samples\":%ld,\"encode\":%.0f,\"decode\":%.0f}\n", n, enc_best, dec_best);
  ima_adpcm_free(enc);
  ima_adpcm_free(dec);
  return 0;
}
