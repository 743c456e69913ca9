/*
 * Plays a packet trace through libspeexdsp's adaptive jitter buffer, driven the way a
 * speexdsp application drives it: one jitter_buffer_get() + jitter_buffer_tick() per
 * playout tick. Prints, as JSON, the tick time (ms) at which each packet was played
 * (-1 = never: late or lost), how often the buffer reported a missing packet, and the
 * tick times at which it asked for an insertion (concealment to build delay).
 *
 * usage: jitter_speexdsp TRACE TICK_SAMPLES RATE
 * TRACE: first line the number of packets sent; then one line per received packet in
 * arrival order: "index seq timestamp samples arrival_ms marker".
 */
#include <speex/speex_jitter.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  int index;
  unsigned seq, ts, samples;
  double arrival;
  int marker;
} packet;

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s TRACE TICK_SAMPLES RATE\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  int tick = atoi(argv[2]);
  double rate = atof(argv[3]);
  int sent = 0;
  if (fscanf(f, "%d", &sent) != 1 || sent <= 0 || tick <= 0 || rate <= 0) {
    fprintf(stderr, "bad trace header or arguments\n");
    return 1;
  }
  packet *p = calloc((size_t)sent, sizeof *p);
  double *played = malloc((size_t)sent * sizeof *played);
  size_t inserted_cap = 1024, inserted_n = 0;
  double *inserted = malloc(inserted_cap * sizeof *inserted);
  int n = 0;
  while (n < sent && fscanf(f, "%d %u %u %u %lf %d", &p[n].index, &p[n].seq, &p[n].ts,
                            &p[n].samples, &p[n].arrival, &p[n].marker) == 6) {
    if (p[n].index < 0 || p[n].index >= sent) {
      fprintf(stderr, "packet index %d out of range\n", p[n].index);
      return 1;
    }
    n++;
  }
  fclose(f);
  for (int i = 0; i < sent; i++) played[i] = -1;

  JitterBuffer *jb = jitter_buffer_init(tick);
  double tick_ms = tick * 1000.0 / rate;
  double end = n ? p[n - 1].arrival + 2000 : 0;
  long missing = 0, insertions = 0, ticks = 0;
  char one = 0, buf[16];
  int next = 0;
  for (double t = 0; t <= end; t += tick_ms) {
    for (; next < n && p[next].arrival <= t; next++) {
      JitterBufferPacket in = {&one, 1, p[next].ts, p[next].samples,
                               (spx_uint16_t)p[next].seq, (spx_uint32_t)p[next].index};
      jitter_buffer_put(jb, &in);
    }
    JitterBufferPacket out = {buf, sizeof buf, 0, 0, 0, 0};
    spx_int32_t offset = 0;
    int r = jitter_buffer_get(jb, &out, tick, &offset);
    if (r == JITTER_BUFFER_OK && out.user_data < (spx_uint32_t)sent)
      played[out.user_data] = t;
    else if (r == JITTER_BUFFER_INSERTION) {
      insertions++;
      if (inserted_n == inserted_cap) inserted = realloc(inserted, (inserted_cap *= 2) * sizeof *inserted);
      inserted[inserted_n++] = t;
    }
    else
      missing++;
    jitter_buffer_tick(jb);
    ticks++;
  }
  jitter_buffer_destroy(jb);

  printf("{\"ticks\":%ld,\"missing\":%ld,\"insertions\":%ld,\"played\":[", ticks, missing,
         insertions);
  for (int i = 0; i < sent; i++) printf(i ? ",%.3f" : "%.3f", played[i]);
  printf("],\"inserted\":[");
  for (size_t i = 0; i < inserted_n; i++) printf(i ? ",%.3f" : "%.3f", inserted[i]);
  printf("]}\n");
  free(inserted);
  free(p);
  free(played);
  return 0;
}
