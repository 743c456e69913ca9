/*
 * A userspace emulator of Quicknet telephony cards behind the Linux telephony API
 * (/dev/phoneN, ixj driver), for tests where no card exists. It is a shared library that
 * exports open, close, ioctl, read, write and poll with libc's signatures; the phone's FFI
 * code loads it in place of libc.so.6 and makes exactly the calls it makes on a real card.
 * Paths other than /dev/phoneN and descriptors it did not open are passed to the real libc.
 *
 * The ioctl numbers below are written from the declarations of linux/telephony.h and
 * linux/ixjuser.h with the kernel's own _IO/_IOR/_IOW macros (<linux/ioctl.h>), so they are
 * computed independently of the TypeScript side. Unknown requests fail with ENOTTY.
 *
 * What it models (after the ixj driver's source): capability list, card type, base frame
 * (10/20/30 ms; the ISA PhoneJACK only 30), record/play codecs with the driver's frame
 * sizes, one read buffer refilled every frame period (frames nobody read are lost and
 * counted), a two-frame play queue drained every frame period (underruns counted as "dry"),
 * O_NONBLOCK (EAGAIN) and blocking reads (0 when on-hook), POLLIN/POLLOUT/POLLPRI, the
 * exception bits and how PHONE_EXCEPTION, PHONE_HOOKSTATE, PHONE_GET_DTMF and
 * PHONE_PSTN_GET_STATE clear them, ringing, call-progress tones, PHONE_PLAY_TONE with
 * tone timing, ports and the LineJACK's PSTN states, and DTMF dialled on the PSTN line.
 * Audio: recorded frames come from a test "microphone" (LINEAR16 as little-endian PCM,
 * ULAW/ALAW encoded here) or from coded frames a test queued (G.723.1 and others are passed
 * through as given); played frames are kept for the test to inspect.
 *
 * Tests drive the "hardware" with the emu_* functions at the end of this file.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ioctl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

struct phone_capability {
	char desc[80];
	int captype; /* vendor 0, device 1, port 2, codec 3, dsp 4 */
	int cap;
	int handle;
};

#define PHONE_CAPABILITIES _IO('q', 0x80)
#define PHONE_CAPABILITIES_LIST _IOR('q', 0x81, struct phone_capability *)
#define PHONE_HOOKSTATE _IO('q', 0x84)
#define PHONE_RING_CADENCE _IOW('q', 0x85, unsigned short)
#define PHONE_RING_START _IOW('q', 0x87, void *) /* PHONE_CID * */
#define PHONE_RING_STOP _IO('q', 0x88)
#define PHONE_REC_CODEC _IOW('q', 0x89, int)
#define PHONE_REC_START _IO('q', 0x8A)
#define PHONE_REC_STOP _IO('q', 0x8B)
#define PHONE_FRAME _IOW('q', 0x8D, int)
#define PHONE_REC_VOLUME _IOW('q', 0x8E, int)
#define PHONE_PLAY_CODEC _IOW('q', 0x90, int)
#define PHONE_PLAY_START _IO('q', 0x91)
#define PHONE_PLAY_STOP _IO('q', 0x92)
#define PHONE_PLAY_VOLUME _IOW('q', 0x94, int)
#define PHONE_DTMF_READY _IOR('q', 0x96, int)
#define PHONE_GET_DTMF _IOR('q', 0x97, int)
#define PHONE_EXCEPTION _IOR('q', 0x9A, int)
#define PHONE_PLAY_TONE _IOW('q', 0x9B, char)
#define PHONE_SET_TONE_ON_TIME _IOW('q', 0x9C, int)
#define PHONE_SET_TONE_OFF_TIME _IOW('q', 0x9D, int)
#define PHONE_GET_TONE_STATE _IO('q', 0xA0)
#define PHONE_BUSY _IO('q', 0xA1)
#define PHONE_RINGBACK _IO('q', 0xA2)
#define PHONE_DIALTONE _IO('q', 0xA3)
#define PHONE_CPT_STOP _IO('q', 0xA4)
#define PHONE_PSTN_SET_STATE _IOW('q', 0xA4, int)
#define PHONE_PSTN_GET_STATE _IO('q', 0xA5)
#define IXJCTL_CARDTYPE _IOR('q', 0xC1, int)
#define IXJCTL_PORT _IOW('q', 0xD1, int)

enum { G723_63 = 1, G723_53, TS85, TS48, TS41, G728, G729, ULAW, ALAW, LINEAR16, LINEAR8, WSS };
enum { PORT_QUERY, PORT_POTS, PORT_PSTN, PORT_SPEAKER, PORT_HANDSET };
enum { EX_DTMF = 1 << 0, EX_HOOK = 1 << 1, EX_PSTN_RING = 1 << 2, EX_FLASH = 1 << 9 };
enum { CPT_NONE, CPT_DIAL, CPT_RINGBACK, CPT_BUSY };

#define MAX_CARDS 16
#define PLAY_QUEUE 2
#define MAX_FRAME 480
#define DTMF_SLOTS 79
#define LOG_SLOTS 512

typedef struct {
	int present, cardtype, fd, nonblock;
	int hook;                  /* 1 = off-hook */
	unsigned ex;               /* pending exception bits */
	int dtmf[DTMF_SLOTS], dtmf_rp, dtmf_wp;
	int base_ms;
	int rec_codec, rec_bytes, rec_on;
	uint64_t rec_start, rec_taken, rec_lost, last_ready, frames_read;
	int play_codec, play_bytes, play_on;
	uint64_t play_start, play_ticks, dry, frames_played;
	uint8_t play_q[PLAY_QUEUE][MAX_FRAME];
	int play_len[PLAY_QUEUE], play_head, play_count;
	int16_t *mic;
	size_t mic_len;
	int mic_loop;
	uint8_t *raw;              /* queued coded frames for recording */
	size_t raw_len, raw_pos;
	uint8_t *spk;              /* what the card played */
	size_t spk_len, spk_cap;
	int cpt, ringing, tone_on_q, tone_off_q, last_tone;
	int ring_cadence;          /* PHONE_RING_CADENCE: 16 half-second bits, top first */
	uint64_t tone_until;
	int port, pstn_state;
	char dialed[128];
	int ndialed;
	int rec_volume, play_volume;
	uint64_t log[LOG_SLOTS][2];
	int nlog;
} card_t;

static card_t cards[MAX_CARDS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int (*real_open)(const char *, int, ...);
static int (*real_close)(int);
static int (*real_ioctl)(int, unsigned long, ...);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_poll)(struct pollfd *, nfds_t, int);

static void init(void)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&changed, &attr);
	real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
	real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	real_read = (ssize_t(*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	real_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	real_poll = (int (*)(struct pollfd *, nfds_t, int))dlsym(RTLD_NEXT, "poll");
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static card_t *card_of_fd(int fd)
{
	for (int i = 0; i < MAX_CARDS; i++)
		if (cards[i].present && cards[i].fd == fd && fd >= 0)
			return &cards[i];
	return NULL;
}

/* The ISA PhoneJACK (8020 DSP) is the only card limited to 30 ms frames and to no G.728. */
static int is_isa_phonejack(const card_t *c) { return c->cardtype == 100; }
static int is_linejack(const card_t *c) { return c->cardtype == 300; }

static int codec_supported(const card_t *c, int codec)
{
	switch (codec) {
	case G723_63: case G723_53: case TS48: case TS41: case ULAW: case ALAW:
	case LINEAR16: case LINEAR8: case WSS:
		return 1;
	case TS85:
		return is_isa_phonejack(c);
	default:
		return 0; /* G.728 and G.729 need DSP code the emulator does not pretend to have */
	}
}

/* Bytes per frame, as set_rec_codec/set_play_codec size them (16-bit words x 2). */
static int frame_bytes(int codec, int base_ms)
{
	switch (codec) {
	case G723_63: return 24;
	case G723_53: return 20;
	case TS85: return 32;
	case TS48: return 18;
	case TS41: return 16;
	case ULAW: case ALAW: case LINEAR8: case WSS: return 8 * base_ms;
	case LINEAR16: return 16 * base_ms;
	default: return 0;
	}
}

static uint64_t period_ns(int codec, int base_ms)
{
	int ms = (codec >= G723_63 && codec <= TS41) ? 30 : base_ms;
	return (uint64_t)ms * 1000000u;
}

static void log_call(card_t *c, unsigned long request, unsigned long arg)
{
	if (c->nlog < LOG_SLOTS) {
		c->log[c->nlog][0] = request;
		c->log[c->nlog][1] = arg;
		c->nlog++;
	}
}

/* --- the card's time: recording and playback advance with CLOCK_MONOTONIC --- */

static uint64_t rec_frames_due(const card_t *c, uint64_t now)
{
	if (!c->rec_on || !c->rec_bytes)
		return 0;
	return (now - c->rec_start) / period_ns(c->rec_codec, c->base_ms);
}

/* The read buffer holds one frame: older frames nobody read were overwritten. */
static int rec_ready(card_t *c, uint64_t now)
{
	uint64_t due = rec_frames_due(c, now);
	if (due > c->rec_taken + 1) {
		c->rec_lost += due - c->rec_taken - 1;
		c->rec_taken = due - 1;
	}
	return due > c->rec_taken;
}

static void play_advance(card_t *c, uint64_t now)
{
	if (!c->play_on || !c->play_bytes)
		return;
	uint64_t due = (now - c->play_start) / period_ns(c->play_codec, c->base_ms);
	while (c->play_ticks < due) {
		if (c->play_count > 0) {
			size_t n = (size_t)c->play_len[c->play_head];
			if (c->spk_len + n > c->spk_cap) {
				c->spk_cap = (c->spk_len + n) * 2 + 4096;
				c->spk = realloc(c->spk, c->spk_cap);
			}
			memcpy(c->spk + c->spk_len, c->play_q[c->play_head], n);
			c->spk_len += n;
			c->play_head = (c->play_head + 1) % PLAY_QUEUE;
			c->play_count--;
			c->frames_played++;
		} else {
			c->dry++;
		}
		c->play_ticks++;
	}
}

static uint64_t next_change(const card_t *c, uint64_t now)
{
	uint64_t next = now + 1000000000u;
	if (c->rec_on && c->rec_bytes) {
		uint64_t p = period_ns(c->rec_codec, c->base_ms);
		uint64_t t = c->rec_start + (rec_frames_due(c, now) + 1) * p;
		if (t < next)
			next = t;
	}
	if (c->play_on && c->play_bytes) {
		uint64_t p = period_ns(c->play_codec, c->base_ms);
		uint64_t t = c->play_start + ((now - c->play_start) / p + 1) * p;
		if (t < next)
			next = t;
	}
	return next;
}

static void wait_until(uint64_t deadline)
{
	struct timespec ts = { (time_t)(deadline / 1000000000u), (long)(deadline % 1000000000u) };
	pthread_cond_timedwait(&changed, &lock, &ts);
}

/* --- audio conversions the DSP does --- */

static uint8_t mulaw_of(int16_t sample)
{
	int value = sample, sign = 0;
	if (value < 0) {
		value = ~value; /* one's complement, as G.711 (G.191) does */
		sign = 0x80;
	}
	if (value > 32635)
		value = 32635;
	value += 132; /* bias: puts the segment boundaries on powers of two */
	int segment = 0;
	while (segment < 7 && value >= (256 << segment))
		segment++;
	int mantissa = (value >> (segment + 3)) & 0x0f;
	return (uint8_t)~(sign | (segment << 4) | mantissa);
}

static uint8_t alaw_of(int16_t sample)
{
	int value = sample, sign = 0x80;
	if (value < 0) {
		value = -value - 1;
		sign = 0;
	}
	value >>= 3; /* 13-bit magnitude */
	int segment = 0;
	while (segment < 7 && value >= (32 << segment))
		segment++;
	int mantissa = segment == 0 ? (value >> 1) & 0x0f : (value >> segment) & 0x0f;
	return (uint8_t)((sign | (segment << 4) | mantissa) ^ 0x55);
}

/* The telephone exchange behind a LineJACK's PSTN port (its own section at the end). */
static int exchange_active(const card_t *c);
static int16_t exchange_sample(card_t *c, uint64_t index);
static void exchange_update(card_t *c, uint64_t now);
static void exchange_reset(int index);

static int16_t mic_sample(const card_t *c, uint64_t index)
{
	if (exchange_active(c))
		return exchange_sample((card_t *)c, index);
	if (!c->mic_len)
		return 0;
	if (index >= c->mic_len) {
		if (!c->mic_loop)
			return 0;
		index %= c->mic_len;
	}
	return c->mic[index];
}

static void record_frame(card_t *c, uint8_t *out, uint64_t frame)
{
	int n = c->rec_bytes;
	if (c->raw_pos + (size_t)n <= c->raw_len) {
		memcpy(out, c->raw + c->raw_pos, (size_t)n);
		c->raw_pos += (size_t)n;
		return;
	}
	uint64_t first = frame * (uint64_t)(8 * (period_ns(c->rec_codec, c->base_ms) / 1000000u));
	switch (c->rec_codec) {
	case LINEAR16:
		for (int i = 0; i < n / 2; i++) {
			int16_t s = mic_sample(c, first + (uint64_t)i);
			out[2 * i] = (uint8_t)(s & 0xff);
			out[2 * i + 1] = (uint8_t)((uint16_t)s >> 8);
		}
		break;
	case ULAW:
		for (int i = 0; i < n; i++)
			out[i] = mulaw_of(mic_sample(c, first + (uint64_t)i));
		break;
	case ALAW:
		for (int i = 0; i < n; i++)
			out[i] = alaw_of(mic_sample(c, first + (uint64_t)i));
		break;
	default:
		memset(out, 0, (size_t)n); /* a silent coded frame */
	}
}

/* --- the exported libc functions --- */

int open(const char *path, int flags, ...)
{
	pthread_once(&once, init);
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	int index;
	char tail;
	if (sscanf(path, "/dev/phone%d%c", &index, &tail) != 1)
		return real_open(path, flags, mode);
	pthread_mutex_lock(&lock);
	int result = -1;
	if (index < 0 || index >= MAX_CARDS || !cards[index].present) {
		errno = ENOENT;
	} else if (cards[index].fd >= 0) {
		errno = EBUSY;
	} else {
		int fd = eventfd(0, EFD_CLOEXEC); /* reserves a real descriptor number */
		if (fd >= 0) {
			cards[index].fd = fd;
			cards[index].nonblock = (flags & O_NONBLOCK) != 0;
			result = fd;
		}
	}
	pthread_mutex_unlock(&lock);
	return result;
}

int close(int fd)
{
	pthread_once(&once, init);
	pthread_mutex_lock(&lock);
	card_t *c = card_of_fd(fd);
	if (c) { /* as ixj_release: everything stops */
		c->fd = -1;
		c->rec_on = c->play_on = 0;
		c->cpt = CPT_NONE;
		c->ringing = 0;
		pthread_cond_broadcast(&changed);
	}
	pthread_mutex_unlock(&lock);
	return real_close(fd);
}

static void fill_capabilities(const card_t *c, struct phone_capability *list, int *count)
{
	int n = 0;
#define CAP(d, t, v)                                                     \
	do {                                                             \
		if (list) {                                              \
			snprintf(list[n].desc, sizeof list[n].desc, "%s", d); \
			list[n].captype = t;                             \
			list[n].cap = v;                                 \
			list[n].handle = n;                              \
		}                                                        \
		n++;                                                     \
	} while (0)
	CAP("Quicknet Technologies, Inc. (www.quicknet.net)", 0, 1);
	CAP(c->cardtype == 300 ? "Quicknet Internet LineJACK"
	    : c->cardtype == 500 ? "Quicknet Internet PhoneJACK PCI"
				  : "Quicknet Internet PhoneJACK", 1, c->cardtype);
	CAP("POTS", 2, 0);
	CAP("SPEAKER", 2, 3);
	if (is_isa_phonejack(c))
		CAP("HANDSET", 2, 2);
	if (is_linejack(c))
		CAP("PSTN", 2, 1);
	CAP("ULAW", 3, ULAW);
	CAP("LINEAR 16 bit", 3, LINEAR16);
	CAP("LINEAR 8 bit", 3, LINEAR8);
	CAP("Windows Sound System", 3, WSS);
	CAP("ALAW", 3, ALAW);
	CAP("G.723.1 6.3kbps", 3, G723_63);
	CAP("G.723.1 5.3kbps", 3, G723_53);
	CAP("TrueSpeech 4.8kbps", 3, TS48);
	CAP("TrueSpeech 4.1kbps", 3, TS41);
	if (is_isa_phonejack(c))
		CAP("TrueSpeech 8.5kbps", 3, TS85);
#undef CAP
	*count = n;
}

static int set_port(card_t *c, int port)
{
	if (port == PORT_PSTN && !is_linejack(c))
		return 10;
	if (port == PORT_HANDSET && !is_isa_phonejack(c))
		return 10;
	if (port < PORT_POTS || port > PORT_HANDSET)
		return 10;
	c->port = port;
	return 0;
}

static char digit_of_code(int code)
{
	if (code >= 1 && code <= 9)
		return (char)('0' + code);
	switch (code) {
	case 10: return '*';
	case 11: return '0';
	case 12: return '#';
	case 28: case 29: case 30: case 31: return (char)('A' + code - 28);
	default: return '?';
	}
}

static int card_ioctl(card_t *c, unsigned long request, unsigned long arg)
{
	uint64_t now = now_ns();
	int result = 0, count;
	switch (request) {
	case PHONE_CAPABILITIES:
		fill_capabilities(c, NULL, &count);
		return count;
	case PHONE_CAPABILITIES_LIST:
		fill_capabilities(c, (struct phone_capability *)arg, &count);
		return 0;
	case IXJCTL_CARDTYPE:
		return c->cardtype;
	case PHONE_FRAME:
		if ((arg != 10 && arg != 20 && arg != 30) || (is_isa_phonejack(c) && arg != 30)) {
			errno = EPERM; /* the driver returns -1 */
			return -1;
		}
		c->base_ms = (int)arg;
		return (int)arg;
	case PHONE_REC_CODEC:
		c->rec_codec = (int)arg;
		if (!codec_supported(c, (int)arg)) {
			c->rec_bytes = 0;
			return 1;
		}
		c->rec_bytes = frame_bytes((int)arg, c->base_ms);
		return 0;
	case PHONE_PLAY_CODEC:
		c->play_codec = (int)arg;
		if (!codec_supported(c, (int)arg)) {
			c->play_bytes = 0;
			return 1;
		}
		c->play_bytes = frame_bytes((int)arg, c->base_ms);
		return 0;
	case PHONE_REC_START:
		c->rec_on = 1;
		c->rec_start = now;
		c->rec_taken = 0;
		return 0;
	case PHONE_REC_STOP:
		c->rec_on = 0;
		return 0;
	case PHONE_PLAY_START:
		c->play_on = 1;
		c->play_start = now;
		c->play_ticks = 0;
		c->play_count = 0;
		return 0;
	case PHONE_PLAY_STOP:
		play_advance(c, now);
		c->play_on = 0;
		return 0;
	case PHONE_REC_VOLUME:
		c->rec_volume = (int)arg;
		return 0;
	case PHONE_PLAY_VOLUME:
		c->play_volume = (int)arg;
		return 0;
	case PHONE_HOOKSTATE:
		c->ex &= ~(unsigned)EX_HOOK;
		return c->hook;
	case PHONE_EXCEPTION:
		result = (int)c->ex;
		c->ex &= EX_DTMF | EX_HOOK; /* the others are one-shot */
		return result;
	case PHONE_DTMF_READY:
		return (c->ex & EX_DTMF) != 0;
	case PHONE_GET_DTMF:
		if (c->hook && c->dtmf_rp != c->dtmf_wp) {
			result = c->dtmf[c->dtmf_rp];
			c->dtmf_rp = (c->dtmf_rp + 1) % DTMF_SLOTS;
			if (c->dtmf_rp == c->dtmf_wp) {
				c->ex &= ~(unsigned)EX_DTMF;
				c->dtmf_rp = c->dtmf_wp = 0;
			}
		}
		return result;
	case PHONE_RING_CADENCE:
		c->ring_cadence = (int)(arg & 0xffff);
		return 0;
	case PHONE_RING_START:
		if (!c->hook)
			c->ringing = 1;
		return 0;
	case PHONE_RING_STOP:
		c->ringing = 0;
		return 0;
	case PHONE_DIALTONE:
		c->cpt = CPT_DIAL;
		return 0;
	case PHONE_RINGBACK:
		c->cpt = CPT_RINGBACK;
		return 0;
	case PHONE_BUSY:
		c->cpt = CPT_BUSY;
		return 0;
	case PHONE_CPT_STOP:
		c->cpt = CPT_NONE;
		c->tone_until = 0;
		return 0;
	case PHONE_SET_TONE_ON_TIME:
		c->tone_on_q = (int)arg;
		return 0;
	case PHONE_SET_TONE_OFF_TIME:
		c->tone_off_q = (int)arg;
		return 0;
	case PHONE_PLAY_TONE:
		if (now < c->tone_until)
			return 0; /* the driver ignores a tone while one plays */
		c->last_tone = (int)(arg & 0xff);
		c->tone_until = now + (uint64_t)(c->tone_on_q + c->tone_off_q) * 250000u;
		if (is_linejack(c) && c->port == PORT_PSTN && c->pstn_state == 2 &&
		    c->ndialed < (int)sizeof c->dialed - 1)
			c->dialed[c->ndialed++] = digit_of_code(c->last_tone);
		return 0;
	case PHONE_GET_TONE_STATE:
		return now < c->tone_until;
	case IXJCTL_PORT:
		return arg == PORT_QUERY ? c->port : set_port(c, (int)arg);
	case PHONE_PSTN_SET_STATE:
		if (!is_linejack(c) || arg > 3) {
			errno = EINVAL;
			return -1;
		}
		c->pstn_state = (int)arg;
		return 0;
	case PHONE_PSTN_GET_STATE:
		c->ex &= ~(unsigned)EX_PSTN_RING;
		return c->pstn_state;
	default:
		errno = ENOTTY;
		return -1;
	}
}

int ioctl(int fd, unsigned long request, ...)
{
	pthread_once(&once, init);
	va_list ap;
	va_start(ap, request);
	unsigned long arg = va_arg(ap, unsigned long);
	va_end(ap);
	pthread_mutex_lock(&lock);
	card_t *c = card_of_fd(fd);
	if (!c) {
		pthread_mutex_unlock(&lock);
		return real_ioctl(fd, request, arg);
	}
	log_call(c, request, arg);
	int result = card_ioctl(c, request, arg);
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	return result;
}

ssize_t read(int fd, void *buf, size_t count)
{
	pthread_once(&once, init);
	pthread_mutex_lock(&lock);
	card_t *c = card_of_fd(fd);
	if (!c) {
		pthread_mutex_unlock(&lock);
		return real_read(fd, buf, count);
	}
	ssize_t result;
	for (;;) {
		uint64_t now = now_ns();
		if (rec_ready(c, now)) {
			uint8_t frame[MAX_FRAME];
			record_frame(c, frame, c->rec_taken);
			c->last_ready = c->rec_start +
					(c->rec_taken + 1) * period_ns(c->rec_codec, c->base_ms);
			c->rec_taken++;
			c->frames_read++;
			size_t n = count < (size_t)c->rec_bytes ? count : (size_t)c->rec_bytes;
			memcpy(buf, frame, n);
			result = (ssize_t)n;
			break;
		}
		if (c->nonblock) {
			errno = EAGAIN;
			result = -1;
			break;
		}
		if (!c->hook) {
			result = 0;
			break;
		}
		wait_until(next_change(c, now));
	}
	pthread_mutex_unlock(&lock);
	return result;
}

ssize_t write(int fd, const void *buf, size_t count)
{
	pthread_once(&once, init);
	pthread_mutex_lock(&lock);
	card_t *c = card_of_fd(fd);
	if (!c) {
		pthread_mutex_unlock(&lock);
		return real_write(fd, buf, count);
	}
	ssize_t result;
	for (;;) {
		uint64_t now = now_ns();
		play_advance(c, now);
		if (c->play_on && c->play_bytes && c->play_count < PLAY_QUEUE) {
			int slot = (c->play_head + c->play_count) % PLAY_QUEUE;
			size_t n = count < (size_t)c->play_bytes ? count : (size_t)c->play_bytes;
			memcpy(c->play_q[slot], buf, n);
			c->play_len[slot] = (int)n;
			c->play_count++;
			result = (ssize_t)n;
			break;
		}
		if (c->nonblock) {
			errno = EAGAIN;
			result = -1;
			break;
		}
		if (!c->hook) {
			result = 0;
			break;
		}
		wait_until(next_change(c, now));
	}
	pthread_mutex_unlock(&lock);
	return result;
}

static short card_revents(card_t *c, short events, uint64_t now)
{
	short revents = 0;
	play_advance(c, now);
	exchange_update(c, now);
	if ((events & POLLIN) && rec_ready(c, now))
		revents |= POLLIN;
	if ((events & POLLOUT) && c->play_on && c->play_bytes && c->play_count < PLAY_QUEUE)
		revents |= POLLOUT;
	if ((events & POLLPRI) && c->ex)
		revents |= POLLPRI;
	return revents; /* the kernel, too, reports only what was asked (and errors) */
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	pthread_once(&once, init);
	uint64_t start = now_ns();
	uint64_t deadline = timeout < 0 ? UINT64_MAX : start + (uint64_t)timeout * 1000000u;
	pthread_mutex_lock(&lock);
	int emulated = 0;
	for (nfds_t i = 0; i < nfds; i++)
		emulated += card_of_fd(fds[i].fd) != NULL;
	if (!emulated) {
		pthread_mutex_unlock(&lock);
		return real_poll(fds, nfds, timeout);
	}
	int ready;
	for (;;) {
		uint64_t now = now_ns(), wake = deadline;
		ready = 0;
		for (nfds_t i = 0; i < nfds; i++) {
			card_t *c = card_of_fd(fds[i].fd);
			if (c) {
				fds[i].revents = card_revents(c, fds[i].events, now);
				uint64_t next = next_change(c, now);
				if (next < wake)
					wake = next;
			} else {
				real_poll(&fds[i], 1, 0);
				if (now + 5000000u < wake)
					wake = now + 5000000u; /* look at real descriptors again soon */
			}
			ready += fds[i].revents != 0;
		}
		if (ready || now >= deadline)
			break;
		wait_until(wake);
	}
	pthread_mutex_unlock(&lock);
	return ready;
}

/* --- the test's side: the hardware a person would handle --- */

/* Unplugs card `index` (every card if negative), closing it if open. */
void emu_reset(int index)
{
	pthread_once(&once, init);
	pthread_mutex_lock(&lock);
	for (int i = 0; i < MAX_CARDS; i++) {
		if (index >= 0 && i != index)
			continue;
		if (cards[i].fd >= 0 && cards[i].present)
			real_close(cards[i].fd);
		free(cards[i].mic);
		free(cards[i].raw);
		free(cards[i].spk);
		exchange_reset(i);
		memset(&cards[i], 0, sizeof cards[i]);
		cards[i].fd = -1;
	}
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
}

/* Plugs in a card: 100 PhoneJACK (ISA), 300 LineJACK, 500 PhoneJACK PCI. */
int emu_add_card(int index, int cardtype)
{
	if (index < 0 || index >= MAX_CARDS)
		return -1;
	pthread_once(&once, init);
	pthread_mutex_lock(&lock);
	card_t *c = &cards[index];
	c->present = 1;
	c->cardtype = cardtype;
	c->fd = -1;
	c->base_ms = 30; /* the driver probes the card at 30 ms */
	c->port = PORT_POTS;
	c->tone_on_q = 400; /* 100 ms */
	c->tone_off_q = 400;
	pthread_mutex_unlock(&lock);
	return 0;
}

static card_t *card_at(int index)
{
	return index >= 0 && index < MAX_CARDS && cards[index].present ? &cards[index] : NULL;
}

void emu_set_hook(int index, int off_hook)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	if (c && c->hook != (off_hook != 0)) {
		c->hook = off_hook != 0;
		c->ex |= EX_HOOK;
		if (c->hook)
			c->ringing = 0; /* answering stops the bell */
		pthread_cond_broadcast(&changed);
	}
	pthread_mutex_unlock(&lock);
}

/* A DTMF key pressed on the handset: '0'-'9', '*', '#', 'A'-'D'. */
int emu_press_digit(int index, int digit)
{
	int code = 0;
	if (digit >= '1' && digit <= '9')
		code = digit - '0';
	else if (digit == '*')
		code = 10;
	else if (digit == '0')
		code = 11;
	else if (digit == '#')
		code = 12;
	else if (digit >= 'A' && digit <= 'D')
		code = 28 + digit - 'A';
	if (!code)
		return -1;
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	if (c && (c->dtmf_wp + 1) % DTMF_SLOTS != c->dtmf_rp) {
		c->dtmf[c->dtmf_wp] = code;
		c->dtmf_wp = (c->dtmf_wp + 1) % DTMF_SLOTS;
		c->ex |= EX_DTMF;
		pthread_cond_broadcast(&changed);
	}
	pthread_mutex_unlock(&lock);
	return c ? 0 : -1;
}

/* Ring voltage on the LineJACK's PSTN port. */
void emu_pstn_ring(int index)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	if (c && is_linejack(c)) {
		c->ex |= EX_PSTN_RING;
		pthread_cond_broadcast(&changed);
	}
	pthread_mutex_unlock(&lock);
}

void emu_flash(int index)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	if (c) {
		c->ex |= EX_FLASH;
		pthread_cond_broadcast(&changed);
	}
	pthread_mutex_unlock(&lock);
}

/* What the microphone hears from the start of recording (copied). */
void emu_set_mic(int index, const int16_t *samples, int count, int loop)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	if (c) {
		free(c->mic);
		c->mic = count > 0 ? malloc((size_t)count * sizeof *samples) : NULL;
		if (c->mic)
			memcpy(c->mic, samples, (size_t)count * sizeof *samples);
		c->mic_len = c->mic ? (size_t)count : 0;
		c->mic_loop = loop;
	}
	pthread_mutex_unlock(&lock);
}

/* Coded bytes the DSP will deliver as recorded frames, one frame size at a time. */
void emu_queue_rec_bytes(int index, const uint8_t *bytes, int count)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	if (c && count > 0) {
		c->raw = realloc(c->raw, c->raw_len + (size_t)count);
		memcpy(c->raw + c->raw_len, bytes, (size_t)count);
		c->raw_len += (size_t)count;
	}
	pthread_mutex_unlock(&lock);
}

/* Copies what the card has played so far; returns the total byte count. */
long emu_speaker(int index, uint8_t *out, long capacity)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	long total = -1;
	if (c) {
		play_advance(c, now_ns());
		total = (long)c->spk_len;
		if (out && capacity > 0)
			memcpy(out, c->spk, (size_t)(capacity < total ? capacity : total));
	}
	pthread_mutex_unlock(&lock);
	return total;
}

/* Digits dialled as DTMF on the PSTN line while off-hook; returns their count. */
int emu_dialed(int index, char *out, int capacity)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	int n = -1;
	if (c) {
		n = c->ndialed;
		if (out && capacity > 0)
			memcpy(out, c->dialed, (size_t)(capacity < n ? capacity : n));
	}
	pthread_mutex_unlock(&lock);
	return n;
}

/* Copies (request, argument) pairs of the ioctls made; returns how many were logged. */
int emu_ioctl_log(int index, uint64_t *out, int max_pairs)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	int n = -1;
	if (c) {
		n = c->nlog;
		for (int i = 0; i < n && i < max_pairs; i++) {
			out[2 * i] = c->log[i][0];
			out[2 * i + 1] = c->log[i][1];
		}
	}
	pthread_mutex_unlock(&lock);
	return n;
}

enum {
	EMU_REC_CODEC = 1, EMU_PLAY_CODEC, EMU_FRAME_MS, EMU_REC_ON, EMU_PLAY_ON, EMU_CPT,
	EMU_RINGING, EMU_PORT, EMU_PSTN_STATE, EMU_DRY, EMU_LOST, EMU_FRAMES_READ,
	EMU_FRAMES_PLAYED, EMU_OPEN, EMU_HOOK, EMU_EXCEPTION, EMU_TONE_ON, EMU_TONE_OFF,
	EMU_LAST_TONE, EMU_RING_CADENCE
};

/* One piece of the card's state, by the EMU_* numbers above; -1 for no such card. */
long emu_get(int index, int what)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	long v = -1;
	if (c) {
		play_advance(c, now_ns());
		switch (what) {
		case EMU_REC_CODEC: v = c->rec_codec; break;
		case EMU_PLAY_CODEC: v = c->play_codec; break;
		case EMU_FRAME_MS: v = c->base_ms; break;
		case EMU_REC_ON: v = c->rec_on; break;
		case EMU_PLAY_ON: v = c->play_on; break;
		case EMU_CPT: v = c->cpt; break;
		case EMU_RINGING: v = c->ringing; break;
		case EMU_PORT: v = c->port; break;
		case EMU_PSTN_STATE: v = c->pstn_state; break;
		case EMU_DRY: v = (long)c->dry; break;
		case EMU_LOST: v = (long)c->rec_lost; break;
		case EMU_FRAMES_READ: v = (long)c->frames_read; break;
		case EMU_FRAMES_PLAYED: v = (long)c->frames_played; break;
		case EMU_OPEN: v = c->fd >= 0; break;
		case EMU_HOOK: v = c->hook; break;
		case EMU_EXCEPTION: v = (long)c->ex; break;
		case EMU_TONE_ON: v = c->tone_on_q; break;
		case EMU_TONE_OFF: v = c->tone_off_q; break;
		case EMU_LAST_TONE: v = c->last_tone; break;
		case EMU_RING_CADENCE: v = c->ring_cadence; break;
		}
	}
	pthread_mutex_unlock(&lock);
	return v;
}

/* CLOCK_MONOTONIC in ns, and when the frame read last became ready, for latency probes. */
uint64_t emu_now_ns(void) { return now_ns(); }

uint64_t emu_last_ready_ns(int index)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	uint64_t v = c ? c->last_ready : 0;
	pthread_mutex_unlock(&lock);
	return v;
}

/* --- the telephone exchange behind each LineJACK's PSTN port ---
 *
 * Once a test adds subscribers (emu_exchange_add) the PSTN port of that card is connected to an
 * exchange, and what the card records on the PSTN port is what the line carries: dial tone when
 * the line is seized (PHONE_PSTN_SET_STATE off-hook), silence while digits are dialled (as DTMF
 * with PHONE_PLAY_TONE), then ring-back, busy or reorder (North American precise tones), or the
 * far party's voice once it answers, with any DTMF keys it presses mixed in. What the card plays
 * while connected is what the far party hears (a byte range of the card's speaker buffer). The
 * far party can call in (ring cadence: a ring every 6 s until the line is taken off-hook) and
 * can hang up (then busy tone, as an exchange gives after the far end clears).
 */

#define EX_SUBSCRIBERS 16
#define EX_FAR_DIGITS 64
#define EX_ROUTE_AFTER_NS 4000000000ull /* no more digits for 4 s: route what was dialled */
#define EX_RING_EVERY_NS 6000000000ull

enum { EXS_IDLE, EXS_DIALTONE, EXS_DIALING, EXS_RINGBACK, EXS_CONNECTED, EXS_BUSY, EXS_REORDER,
       EXS_CLEARED, EXS_INCOMING };
enum { EXB_ANSWER, EXB_BUSY, EXB_NO_ANSWER };

typedef struct {
	char number[32];
	int behaviour, answer_ms;
} subscriber_t;

typedef struct {
	int enabled;
	subscriber_t subs[EX_SUBSCRIBERS];
	int nsubs;
	int state, answer_ms, seen_digits;
	uint64_t since, last_digit, last_ring, connect_index;
	int connect_index_set;
	char routed[32];
	int16_t *voice;
	size_t voice_len;
	char far[EX_FAR_DIGITS];
	int nfar;
	uint64_t far_start;
	long heard_from, heard_to, rings, calls_routed;
} exchange_t;

static exchange_t exchanges[MAX_CARDS];

static int exchange_active(const card_t *c)
{
	int i = (int)(c - cards);
	return is_linejack(c) && c->port == PORT_PSTN && i >= 0 && i < MAX_CARDS &&
	       exchanges[i].enabled;
}

static exchange_t *exchange_of(card_t *c) { return &exchanges[c - cards]; }

static void exchange_reset(int index)
{
	free(exchanges[index].voice);
	memset(&exchanges[index], 0, sizeof exchanges[index]);
}

static void exchange_enter(card_t *c, exchange_t *x, int state, uint64_t now)
{
	if (x->state == EXS_CONNECTED && state != EXS_CONNECTED) {
		play_advance(c, now);
		x->heard_to = (long)c->spk_len;
	}
	if (state == EXS_CONNECTED) {
		play_advance(c, now);
		x->heard_from = (long)c->spk_len;
		x->heard_to = -1;
		x->connect_index_set = 0;
	}
	x->state = state;
	x->since = now;
}

/* The digits dialled since the line was seized. */
static int exchange_dialled(const card_t *c, const exchange_t *x, char *out, int cap)
{
	int n = c->ndialed - x->seen_digits;
	if (n < 0)
		n = 0;
	if (n > cap - 1)
		n = cap - 1;
	memcpy(out, c->dialed + x->seen_digits, (size_t)n);
	out[n] = 0;
	return n;
}

static subscriber_t *exchange_find(exchange_t *x, const char *number)
{
	for (int i = 0; i < x->nsubs; i++)
		if (!strcmp(x->subs[i].number, number))
			return &x->subs[i];
	return NULL;
}

static void exchange_route(card_t *c, exchange_t *x, uint64_t now)
{
	exchange_dialled(c, x, x->routed, (int)sizeof x->routed);
	x->calls_routed++;
	subscriber_t *s = exchange_find(x, x->routed);
	if (!s) {
		exchange_enter(c, x, EXS_REORDER, now);
	} else if (s->behaviour == EXB_BUSY) {
		exchange_enter(c, x, EXS_BUSY, now);
	} else {
		x->answer_ms = s->behaviour == EXB_ANSWER ? s->answer_ms : -1;
		exchange_enter(c, x, EXS_RINGBACK, now);
	}
}

/* Moves the exchange on to `now`: seizure, digits, routing, answer, release, ring cadence. */
static void exchange_update(card_t *c, uint64_t now)
{
	if (!exchange_active(c))
		return;
	exchange_t *x = exchange_of(c);
	int off_hook = c->pstn_state == 2;
	if (x->state == EXS_INCOMING) {
		if (off_hook) {
			exchange_enter(c, x, EXS_CONNECTED, now);
		} else if (now - x->last_ring >= EX_RING_EVERY_NS) {
			x->last_ring = now;
			x->rings++;
			c->ex |= EX_PSTN_RING;
		}
		return;
	}
	if (!off_hook) {
		if (x->state != EXS_IDLE)
			exchange_enter(c, x, EXS_IDLE, now);
		return;
	}
	if (x->state == EXS_IDLE) {
		x->seen_digits = c->ndialed;
		x->routed[0] = 0;
		exchange_enter(c, x, EXS_DIALTONE, now);
	}
	if ((x->state == EXS_DIALTONE || x->state == EXS_DIALING) &&
	    c->ndialed > x->seen_digits + (x->state == EXS_DIALING ? (int)strlen(x->routed) : 0)) {
		/* a new digit: remember when, stop the dial tone */
		x->routed[0] = 0;
		exchange_dialled(c, x, x->routed, (int)sizeof x->routed);
		x->last_digit = now;
		x->state = EXS_DIALING;
		if (exchange_find(x, x->routed)) {
			exchange_route(c, x, now);
			return;
		}
	}
	if (x->state == EXS_DIALING && now - x->last_digit >= EX_ROUTE_AFTER_NS)
		exchange_route(c, x, now);
	if (x->state == EXS_RINGBACK && x->answer_ms >= 0 &&
	    now - x->since >= (uint64_t)x->answer_ms * 1000000u)
		exchange_enter(c, x, EXS_CONNECTED, now);
}

/* sin(2 pi phase) for phase in [0, 1), a polynomial good to about 1e-4: no libm needed. */
static double sine_turns(double phase)
{
	phase -= (double)(int64_t)phase;
	double x = phase < 0.5 ? phase * 6.283185307179586 : (phase - 1.0) * 6.283185307179586;
	/* x in [-pi, pi): fold into [-pi/2, pi/2] */
	if (x > 1.5707963267948966)
		x = 3.141592653589793 - x;
	else if (x < -1.5707963267948966)
		x = -3.141592653589793 - x;
	double x2 = x * x;
	return x * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42 * (1 - x2 / 72))));
}

static double two_tones(uint64_t index, double f1, double f2, double amplitude)
{
	double t = (double)index / 8000.0;
	return amplitude * (sine_turns(f1 * t) + sine_turns(f2 * t));
}

/* Cadence: on for on_ms, off for off_ms, from `start` (sample index). */
static int cadence_on(uint64_t elapsed_samples, int on_ms, int off_ms)
{
	uint64_t period = (uint64_t)(on_ms + off_ms) * 8;
	return elapsed_samples % period < (uint64_t)on_ms * 8;
}

static double far_dtmf(exchange_t *x, uint64_t index)
{
	static const double rows[4] = { 697, 770, 852, 941 };
	static const double cols[4] = { 1209, 1336, 1477, 1633 };
	static const char keys[] = "123A456B789C*0#D";
	if (!x->nfar || index < x->far_start)
		return 0;
	uint64_t k = (index - x->far_start) / 1600; /* 100 ms tone + 100 ms pause per key */
	if (k >= (uint64_t)x->nfar || (index - x->far_start) % 1600 >= 800)
		return 0;
	const char *at = strchr(keys, x->far[k]);
	if (!at)
		return 0;
	int pos = (int)(at - keys);
	return two_tones(index, rows[pos / 4], cols[pos % 4], 5000);
}

static int far_key_sounding(const exchange_t *x, uint64_t index)
{
	if (!x->nfar || index < x->far_start)
		return 0;
	uint64_t into = index - x->far_start;
	return into / 1600 < (uint64_t)x->nfar && into % 1600 < 800;
}

/* The sample the PSTN port records at `index` (samples since recording started). */
static int16_t exchange_sample(card_t *c, uint64_t index)
{
	uint64_t now = now_ns();
	exchange_update(c, now);
	exchange_t *x = exchange_of(c);
	uint64_t since = (now - x->since) / 125000u; /* samples since the state began */
	double v = 0;
	switch (x->state) {
	case EXS_DIALTONE:
		v = two_tones(index, 350, 440, 3000);
		break;
	case EXS_RINGBACK:
		if (cadence_on(since, 2000, 4000))
			v = two_tones(index, 440, 480, 3000);
		break;
	case EXS_BUSY:
	case EXS_CLEARED:
		if (cadence_on(since, 500, 500))
			v = two_tones(index, 480, 620, 3000);
		break;
	case EXS_REORDER:
		if (cadence_on(since, 250, 250))
			v = two_tones(index, 480, 620, 3000);
		break;
	case EXS_CONNECTED:
		if (!x->connect_index_set) {
			x->connect_index = index;
			x->connect_index_set = 1;
		}
		/* a telephone mutes its microphone while a key sounds */
		if (far_key_sounding(x, index))
			v = far_dtmf(x, index);
		else if (x->voice_len)
			v = x->voice[(index - x->connect_index) % x->voice_len];
		break;
	default:
		break;
	}
	if (v > 32767)
		v = 32767;
	if (v < -32768)
		v = -32768;
	return (int16_t)v;
}

/* The test's side of the exchange. */

/* A subscriber: behaviour 0 answers after answer_ms, 1 is busy, 2 never answers. */
int emu_exchange_add(int index, const char *number, int behaviour, int answer_ms)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	int ok = -1;
	if (c && is_linejack(c) && exchanges[index].nsubs < EX_SUBSCRIBERS && strlen(number) < 32) {
		exchange_t *x = &exchanges[index];
		subscriber_t *s = &x->subs[x->nsubs++];
		strcpy(s->number, number);
		s->behaviour = behaviour;
		s->answer_ms = answer_ms;
		x->enabled = 1;
		ok = 0;
	}
	pthread_mutex_unlock(&lock);
	return ok;
}

/* What the far party says once connected (looped). */
void emu_exchange_set_voice(int index, const int16_t *samples, int count)
{
	pthread_mutex_lock(&lock);
	if (card_at(index)) {
		exchange_t *x = &exchanges[index];
		free(x->voice);
		x->voice = malloc(sizeof(int16_t) * (size_t)(count > 0 ? count : 1));
		memcpy(x->voice, samples, sizeof(int16_t) * (size_t)(count > 0 ? count : 0));
		x->voice_len = (size_t)(count > 0 ? count : 0);
	}
	pthread_mutex_unlock(&lock);
}

/* The far party presses keys: in-band DTMF on the line from now (100 ms on, 100 ms off). */
int emu_exchange_far_digits(int index, const char *digits)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	int ok = -1;
	if (c && strlen(digits) < EX_FAR_DIGITS) {
		exchange_t *x = &exchanges[index];
		strcpy(x->far, digits);
		x->nfar = (int)strlen(digits);
		/* from the next frame the card records */
		x->far_start = (rec_frames_due(c, now_ns()) + 1) *
			       (uint64_t)(8 * (period_ns(c->rec_codec, c->base_ms) / 1000000u));
		ok = 0;
	}
	pthread_mutex_unlock(&lock);
	return ok;
}

/* A call comes in from the far party: the line rings until it is taken off-hook. */
void emu_exchange_incoming(int index)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	if (c && is_linejack(c)) {
		exchange_t *x = &exchanges[index];
		x->enabled = 1;
		uint64_t now = now_ns();
		exchange_enter(c, x, EXS_INCOMING, now);
		x->last_ring = now;
		x->rings++;
		c->ex |= EX_PSTN_RING;
		pthread_cond_broadcast(&changed);
	}
	pthread_mutex_unlock(&lock);
}

/* The far party hangs up: busy tone on a connected line; an unanswered ring stops. */
void emu_exchange_hangup(int index)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	if (c) {
		exchange_t *x = &exchanges[index];
		uint64_t now = now_ns();
		if (x->state == EXS_INCOMING)
			exchange_enter(c, x, EXS_IDLE, now);
		else if (x->state != EXS_IDLE)
			exchange_enter(c, x, EXS_CLEARED, now);
		pthread_cond_broadcast(&changed);
	}
	pthread_mutex_unlock(&lock);
}

enum { EXQ_STATE = 1, EXQ_HEARD_FROM, EXQ_HEARD_TO, EXQ_RINGS, EXQ_CALLS };

/* Exchange state by the EXQ_* numbers; the state is one of EXS_*. */
long emu_exchange_get(int index, int what)
{
	pthread_mutex_lock(&lock);
	card_t *c = card_at(index);
	long v = -1;
	if (c) {
		exchange_update(c, now_ns());
		exchange_t *x = &exchanges[index];
		switch (what) {
		case EXQ_STATE: v = x->state; break;
		case EXQ_HEARD_FROM: v = x->heard_from; break;
		case EXQ_HEARD_TO: v = x->state == EXS_CONNECTED ? (long)c->spk_len : x->heard_to; break;
		case EXQ_RINGS: v = x->rings; break;
		case EXQ_CALLS: v = x->calls_routed; break;
		}
	}
	pthread_mutex_unlock(&lock);
	return v;
}

/* The number the exchange last routed. */
int emu_exchange_routed(int index, char *out, int capacity)
{
	pthread_mutex_lock(&lock);
	int n = -1;
	if (card_at(index) && capacity > 0) {
		n = (int)strlen(exchanges[index].routed);
		if (n > capacity)
			n = capacity;
		memcpy(out, exchanges[index].routed, (size_t)n);
	}
	pthread_mutex_unlock(&lock);
	return n;
}
