/*
 * The native peer of `deno task bench calls`: one process carrying N G.711 (mu-law) calls
 * the way a minimal C media loop does. Per call: a UDP socket connected to the other
 * process's socket of the same call, spandsp's G.711 encoder and decoder, a speexdsp jitter
 * buffer and spandsp's packet loss concealment. Every 20 ms tick it encodes and sends one
 * 172-byte RTP packet per call, then plays one frame per call out of its jitter buffer;
 * between ticks it waits in epoll and reads every datagram with recv().
 *
 * Protocol on stdin/stdout (lines): prints "PORTS p1 ... pN", reads "PEERS q1 ... qN",
 * reads "GO", warms up WARM_UP_MS, runs SECONDS measured, prints "STOPPED", reads "REPORT",
 * reads what is left in the sockets and prints one JSON object.
 *
 * usage: calls_native N SECONDS
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <spandsp.h>
#include <speex/speex_jitter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME 160
#define PACKET (12 + FRAME)
#define TICK_NS 20000000L
#define WARM_UP_MS 1500

typedef struct {
  int fd;
  g711_state_t *enc, *dec;
  plc_state_t *plc;
  JitterBuffer *jb;
  uint16_t seq;
  uint32_t ts;
  long received, all_received, played, concealed;
  int started;
} call_t;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static long rss_kb(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0, resident = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static double cpu_ms(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

/* Time this thread waited on the run queue, ms (/proc/self/schedstat, second field). */
static double run_queue_ms(void) {
  FILE *f = fopen("/proc/thread-self/schedstat", "r");
  unsigned long long run = 0, wait = 0;
  if (f) {
    if (fscanf(f, "%llu %llu", &run, &wait) != 2) wait = 0;
    fclose(f);
  }
  return wait / 1e6;
}

static void receive_all(call_t *c) {
  uint8_t buf[2048];
  for (;;) {
    ssize_t n = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0) return;
    if (n < 12 || (buf[0] >> 6) != 2) continue;
    uint16_t seq = (uint16_t)(buf[2] << 8 | buf[3]);
    uint32_t ts = (uint32_t)buf[4] << 24 | buf[5] << 16 | buf[6] << 8 | buf[7];
    JitterBufferPacket p = {(char *)buf + 12, (spx_uint32_t)(n - 12), ts, FRAME, seq, 0};
    jitter_buffer_put(c->jb, &p);
    c->received++;
    c->all_received++;
    c->started = 1;
  }
}

static void play_one(call_t *c, int counting) {
  char payload[2048];
  int16_t pcm[FRAME];
  JitterBufferPacket out = {payload, sizeof payload, 0, 0, 0, 0};
  spx_int32_t offset = 0;
  int r = jitter_buffer_get(c->jb, &out, FRAME, &offset);
  if (r == JITTER_BUFFER_OK) {
    g711_decode(c->dec, pcm, (uint8_t *)payload, (int)out.len);
    plc_rx(c->plc, pcm, FRAME);
    if (counting) c->played++;
  } else {
    plc_fillin(c->plc, pcm, FRAME);
    if (counting && c->started) c->concealed++;
  }
  jitter_buffer_tick(c->jb);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s N SECONDS\n", argv[0]);
    return 2;
  }
  int n = atoi(argv[1]);
  double seconds = atof(argv[2]);
  if (n <= 0 || seconds <= 0) {
    fprintf(stderr, "N and SECONDS must be positive\n");
    return 2;
  }
  long rss_before = rss_kb();
  int ep = epoll_create1(EPOLL_CLOEXEC);
  call_t *calls = calloc((size_t)n, sizeof *calls);
  printf("PORTS");
  for (int i = 0; i < n; i++) {
    call_t *c = &calls[i];
    c->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (c->fd < 0 || bind(c->fd, (struct sockaddr *)&a, sizeof a) < 0 ||
        getsockname(c->fd, (struct sockaddr *)&a, &len) < 0) {
      perror("socket");
      return 1;
    }
    printf(" %d", ntohs(a.sin_port));
    c->enc = g711_init(NULL, G711_ULAW);
    c->dec = g711_init(NULL, G711_ULAW);
    c->plc = plc_init(NULL);
    c->jb = jitter_buffer_init(FRAME);
    c->seq = (uint16_t)rand();
    c->ts = (uint32_t)rand();
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
  }
  printf("\n");
  fflush(stdout);
  char word[16];
  if (scanf("%15s", word) != 1 || strcmp(word, "PEERS")) return 1;
  for (int i = 0; i < n; i++) {
    int port;
    if (scanf("%d", &port) != 1) return 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(calls[i].fd, (struct sockaddr *)&a, sizeof a) < 0) {
      perror("connect");
      return 1;
    }
  }
  if (scanf("%15s", word) != 1 || strcmp(word, "GO")) return 1;

  int16_t speech[8000];
  for (int i = 0; i < 8000; i++) speech[i] = (int16_t)(8000 * ((i * 37 % 200) - 100) / 100);
  double cpu0 = cpu_ms(), t0 = now_ms();
  long ticks = 0, late = 0, sent = 0, send_failed = 0, all_sent = 0;
  double worst = 0;
  struct epoll_event events[256];
  uint8_t packet[PACKET];
  double measure_from = t0 + WARM_UP_MS, end = measure_from + seconds * 1e3;
  int measuring = 0;
  double queued0 = run_queue_ms();
  for (double due = t0;; due += 20) {
    /* Wait (receiving) until the tick is due. */
    for (;;) {
      double left = due - now_ms();
      if (left <= 0) break;
      int k = epoll_wait(ep, events, 256, (int)(left + 0.999));
      for (int e = 0; e < k; e++) receive_all(&calls[events[e].data.u32]);
    }
    double now = now_ms();
    if (now >= end) break;
    if (!measuring && now >= measure_from) {
      /* Warm-up over (as on the Deno side): count from here. */
      measuring = 1;
      t0 = now;
      cpu0 = cpu_ms();
      queued0 = run_queue_ms();
      ticks = late = sent = send_failed = 0;
      worst = 0;
      for (int i = 0; i < n; i++) calls[i].received = calls[i].played = calls[i].concealed = 0;
    }
    double lateness = now - due;
    if (lateness > worst) worst = lateness;
    if (lateness > 20) late++;
    ticks++;
    const int16_t *pcm = &speech[(ticks * FRAME) % 8000];
    for (int i = 0; i < n; i++) {
      call_t *c = &calls[i];
      packet[0] = 0x80;
      packet[1] = 0;
      packet[2] = (uint8_t)(c->seq >> 8);
      packet[3] = (uint8_t)c->seq;
      packet[4] = (uint8_t)(c->ts >> 24);
      packet[5] = (uint8_t)(c->ts >> 16);
      packet[6] = (uint8_t)(c->ts >> 8);
      packet[7] = (uint8_t)c->ts;
      memcpy(packet + 8, &c->fd, 4); /* any SSRC */
      g711_encode(c->enc, packet + 12, pcm, FRAME);
      if (send(c->fd, packet, PACKET, 0) == PACKET) {
        sent++;
        all_sent++;
      } else {
        send_failed++;
      }
      c->seq++;
      c->ts += FRAME;
    }
    for (int i = 0; i < n; i++) play_one(&calls[i], 1);
  }
  double active_ms = now_ms() - t0;
  double cpu = cpu_ms() - cpu0;
  double queued = run_queue_ms() - queued0;
  /* Tell the parent sending is over; once both sides are, it asks for the report, and
     everything still in the socket buffers is read first (no packet in flight is lost). */
  printf("STOPPED\n");
  fflush(stdout);
  if (scanf("%15s", word) != 1 || strcmp(word, "REPORT")) return 1;
  for (int i = 0; i < n; i++) receive_all(&calls[i]);
  long received = 0, all_received = 0, played = 0, concealed = 0;
  for (int i = 0; i < n; i++) {
    received += calls[i].received;
    all_received += calls[i].all_received;
    played += calls[i].played;
    concealed += calls[i].concealed;
  }
  printf("{\"calls\":%d,\"activeMs\":%.1f,\"cpuMs\":%.1f,\"runQueueMs\":%.1f,\"ticks\":%ld,\"lateTicks\":%ld,"
         "\"worstLateMs\":%.2f,\"sent\":%ld,\"sendFailed\":%ld,\"received\":%ld,\"played\":%ld,"
         "\"concealed\":%ld,\"allSent\":%ld,\"allReceived\":%ld,\"rssBeforeKb\":%ld,"
         "\"rssKb\":%ld}\n",
         n, active_ms, cpu, queued, ticks, late, worst, sent, send_failed, received, played, concealed,
         all_sent, all_received, rss_before, rss_kb());
  return 0;
}
