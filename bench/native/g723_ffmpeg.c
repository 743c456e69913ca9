/*
 * Native reference for `deno task bench g723`: FFmpeg's libavcodec G.723.1 encoder
 * (6.3 kbit/s only) and decoder (both rates, postfilter on), on the same input as the
 * WASM codec.
 *
 *   g723_ffmpeg INPUT.pcm PASSES [STREAM53.bit]
 *
 * INPUT.pcm is s16le, a whole number of 240-sample frames. Each pass encodes the whole
 * input at 6.3 kbit/s from a fresh encoder, decodes that payload with a fresh decoder
 * and, when STREAM53.bit (concatenated 20-octet frames) is given, decodes it too; each
 * step timed with clock_gettime(CLOCK_MONOTONIC). Prints JSON with the seconds of every
 * pass and checksums of the last pass's payload and decoded PCM.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>

#define FRAME 240

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void fail(const char *what) {
  fprintf(stderr, "g723_ffmpeg: %s\n", what);
  exit(2);
}

static void print_times(const char *name, const double *v, int n) {
  printf("\"%s\":[", name);
  for (int i = 0; i < n; i++) printf(i ? ",%.9f" : "%.9f", v[i]);
  printf("]");
}

static uint32_t checksum_bytes(const uint8_t *p, long n) {
  uint32_t sum = 0;
  for (long i = 0; i < n; i++) sum = sum * 31 + p[i];
  return sum;
}

static uint32_t checksum_pcm(const int16_t *p, long n) {
  uint32_t sum = 0;
  for (long i = 0; i < n; i++) sum = sum * 31 + (uint16_t) p[i];
  return sum;
}

static AVCodecContext *open_context(int encoder) {
  const AVCodec *codec = encoder ? avcodec_find_encoder(AV_CODEC_ID_G723_1)
                                 : avcodec_find_decoder(AV_CODEC_ID_G723_1);
  if (!codec) fail("libavcodec has no G.723.1 codec");
  AVCodecContext *c = avcodec_alloc_context3(codec);
  c->sample_rate = 8000;
  c->sample_fmt = AV_SAMPLE_FMT_S16;
  c->bit_rate = 6300;
  av_channel_layout_default(&c->ch_layout, 1);
  if (avcodec_open2(c, codec, NULL) < 0) fail("cannot open the G.723.1 codec");
  return c;
}

/* Encodes `frames` frames of `pcm` into `out` (24 octets each); returns octets written. */
static long encode_all(const int16_t *pcm, long frames, uint8_t *out) {
  AVCodecContext *c = open_context(1);
  AVFrame *frame = av_frame_alloc();
  AVPacket *pkt = av_packet_alloc();
  frame->nb_samples = FRAME;
  frame->format = AV_SAMPLE_FMT_S16;
  av_channel_layout_default(&frame->ch_layout, 1);
  if (av_frame_get_buffer(frame, 0) < 0) fail("cannot allocate a frame");
  long bytes = 0;
  for (long f = 0; f < frames; f++) {
    if (av_frame_make_writable(frame) < 0) fail("frame not writable");
    memcpy(frame->data[0], pcm + f * FRAME, FRAME * sizeof *pcm);
    frame->pts = f * FRAME;
    if (avcodec_send_frame(c, frame) < 0) fail("encoder refused a frame");
    while (avcodec_receive_packet(c, pkt) == 0) {
      memcpy(out + bytes, pkt->data, pkt->size);
      bytes += pkt->size;
      av_packet_unref(pkt);
    }
  }
  av_packet_free(&pkt);
  av_frame_free(&frame);
  avcodec_free_context(&c);
  return bytes;
}

/* Decodes concatenated frames (length from the two low bits of each first octet). */
static long decode_all(const uint8_t *bits, long bytes, int16_t *out) {
  static const int sizes[4] = {24, 20, 4, 1};
  AVCodecContext *c = open_context(0);
  AVFrame *frame = av_frame_alloc();
  AVPacket *pkt = av_packet_alloc();
  long samples = 0;
  for (long at = 0; at < bytes;) {
    int size = sizes[bits[at] & 3];
    if (av_new_packet(pkt, size) < 0) fail("cannot allocate a packet");
    memcpy(pkt->data, bits + at, size);
    if (avcodec_send_packet(c, pkt) < 0) fail("decoder refused a frame");
    av_packet_unref(pkt);
    while (avcodec_receive_frame(c, frame) == 0) {
      memcpy(out + samples, frame->data[0], frame->nb_samples * sizeof *out);
      samples += frame->nb_samples;
    }
    at += size;
  }
  av_packet_free(&pkt);
  av_frame_free(&frame);
  avcodec_free_context(&c);
  return samples;
}

static uint8_t *load(const char *path, long *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  rewind(f);
  uint8_t *data = malloc(*size + 1);
  if (!data || fread(data, 1, *size, f) != (size_t) *size) return NULL;
  fclose(f);
  return data;
}

int main(int argc, char **argv) {
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: %s INPUT.pcm PASSES [STREAM53.bit]\n", argv[0]);
    return 2;
  }
  int passes = atoi(argv[2]);
  long input_bytes = 0, stream_bytes = 0;
  int16_t *pcm = (int16_t *) load(argv[1], &input_bytes);
  uint8_t *stream53 = argc == 4 ? load(argv[3], &stream_bytes) : NULL;
  if (!pcm || passes < 1 || input_bytes % (2 * FRAME) != 0 || (argc == 4 && !stream53)) {
    fail("cannot read the input files, or bad pass count");
  }
  long frames = input_bytes / (2 * FRAME);
  long samples = frames * FRAME;
  uint8_t *bits = malloc(frames * 24);
  int16_t *out = malloc(samples * sizeof *out);
  int16_t *out53 = malloc((stream_bytes + 1) * FRAME * sizeof *out53);
  double *enc = malloc(passes * sizeof *enc), *dec = malloc(passes * sizeof *dec);
  double *dec53 = malloc(passes * sizeof *dec53);
  if (!bits || !out || !out53 || !enc || !dec || !dec53) fail("out of memory");
  /* Touch the output buffers so page faults stay out of the timed passes. */
  memset(bits, 0, frames * 24);
  memset(out, 0, samples * sizeof *out);
  memset(out53, 0, (stream_bytes + 1) * FRAME * sizeof *out53);

  long bytes = 0, decoded = 0, decoded53 = 0;
  for (int r = 0; r < passes; r++) {
    double t0 = now();
    bytes = encode_all(pcm, frames, bits);
    enc[r] = now() - t0;
    t0 = now();
    decoded = decode_all(bits, bytes, out);
    dec[r] = now() - t0;
    t0 = now();
    decoded53 = stream53 ? decode_all(stream53, stream_bytes, out53) : 0;
    dec53[r] = now() - t0;
  }
  printf("{\"samples\":%ld,\"bytes\":%ld,\"decoded\":%ld,\"decoded53\":%ld,", samples, bytes,
         decoded, decoded53);
  print_times("encodeSeconds", enc, passes);
  printf(",");
  print_times("decodeSeconds", dec, passes);
  printf(",");
  print_times("decode53Seconds", dec53, passes);
  printf(",\"payloadChecksum\":%u,\"pcmChecksum\":%u,\"pcm53Checksum\":%u}\n",
         checksum_bytes(bits, bytes), checksum_pcm(out, decoded), checksum_pcm(out53, decoded53));
  return 0;
}
