/*
 * phoneclock: an ALSA PCM plugin (ioplug) for tests, standing in for a sound card that is
 * not there. Unlike ALSA's `null` PCM it keeps real time: its hardware pointer advances
 * with CLOCK_MONOTONIC at the configured rate, its poll descriptor (a timerfd) wakes once a
 * period, and it runs into genuine xruns -- playback underruns when the application has
 * written less than the elapsed time, capture overruns when the application lags by more
 * than the buffer -- which the application must clear with snd_pcm_recover().
 *
 * Capture data is a counter: sample n since the last prepare has the value n & 0x7fff, so a
 * test can check that no sample was lost or repeated. Playback data is discarded (stack the
 * `file` plugin on top to keep it).
 *
 * Configuration:
 *   pcm_type.phoneclock { lib "/abs/path/libasound_module_pcm_phoneclock.so" }
 *   pcm.clocked { type phoneclock }
 */
#include <alsa/asoundlib.h>
#include <alsa/pcm_external.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	snd_pcm_ioplug_t io;
	int timer_fd;
	uint64_t start_ns;              /* 0 while stopped */
	snd_pcm_uframes_t transferred;  /* frames the application wrote or read since prepare */
	snd_pcm_uframes_t boundary;
	snd_pcm_uframes_t avail_min;
} clock_pcm;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Frames the "hardware" has clocked since start. */
static snd_pcm_uframes_t elapsed_frames(const clock_pcm *c)
{
	if (!c->start_ns)
		return 0;
	return (snd_pcm_uframes_t)((now_ns() - c->start_ns) * c->io.rate / 1000000000u);
}

static int arm_timer(clock_pcm *c)
{
	uint64_t period_ns = (uint64_t)c->io.period_size * 1000000000u / c->io.rate;
	struct itimerspec spec = {
		.it_interval = { (time_t)(period_ns / 1000000000u), (long)(period_ns % 1000000000u) },
		.it_value = { (time_t)(period_ns / 1000000000u), (long)(period_ns % 1000000000u) },
	};
	return timerfd_settime(c->timer_fd, 0, &spec, NULL) < 0 ? -errno : 0;
}

static int clock_start(snd_pcm_ioplug_t *io)
{
	clock_pcm *c = io->private_data;
	c->start_ns = now_ns();
	return arm_timer(c);
}

static int clock_stop(snd_pcm_ioplug_t *io)
{
	clock_pcm *c = io->private_data;
	c->start_ns = 0;
	return 0;
}

/* True once the stream has run into an xrun that the application has to recover from. */
static int in_xrun(const clock_pcm *c, snd_pcm_uframes_t elapsed)
{
	if (c->io.stream == SND_PCM_STREAM_PLAYBACK)
		return elapsed > c->transferred;
	return elapsed > c->transferred + c->io.buffer_size;
}

static snd_pcm_sframes_t clock_pointer(snd_pcm_ioplug_t *io)
{
	clock_pcm *c = io->private_data;
	snd_pcm_uframes_t elapsed = elapsed_frames(c);
	if (in_xrun(c, elapsed))
		return -EPIPE;
	return (snd_pcm_sframes_t)(elapsed % c->boundary);
}

static snd_pcm_sframes_t clock_transfer(snd_pcm_ioplug_t *io, const snd_pcm_channel_area_t *areas,
					snd_pcm_uframes_t offset, snd_pcm_uframes_t size)
{
	clock_pcm *c = io->private_data;
	if (io->stream == SND_PCM_STREAM_CAPTURE) {
		const snd_pcm_channel_area_t *a = &areas[0];
		char *base = (char *)a->addr + (a->first + a->step * offset) / 8;
		for (snd_pcm_uframes_t i = 0; i < size; i++) {
			int16_t v = (int16_t)((c->transferred + i) & 0x7fff);
			memcpy(base + i * (a->step / 8), &v, sizeof v);
		}
	}
	c->transferred += size;
	return (snd_pcm_sframes_t)size;
}

static int clock_prepare(snd_pcm_ioplug_t *io)
{
	clock_pcm *c = io->private_data;
	snd_pcm_sw_params_t *sw;
	snd_pcm_sw_params_alloca(&sw);
	c->start_ns = 0;
	c->transferred = 0;
	if (snd_pcm_sw_params_current(io->pcm, sw) == 0) {
		snd_pcm_sw_params_get_boundary(sw, &c->boundary);
		snd_pcm_sw_params_get_avail_min(sw, &c->avail_min);
	}
	if (!c->boundary)
		c->boundary = io->buffer_size;
	if (!c->avail_min)
		c->avail_min = io->period_size;
	return arm_timer(c);
}

static int clock_sw_params(snd_pcm_ioplug_t *io, snd_pcm_sw_params_t *params)
{
	clock_pcm *c = io->private_data;
	snd_pcm_sw_params_get_avail_min(params, &c->avail_min);
	snd_pcm_sw_params_get_boundary(params, &c->boundary);
	return 0;
}

/* Readable or writable when a period's worth is available, or when an xrun needs handling. */
static int clock_poll_revents(snd_pcm_ioplug_t *io, struct pollfd *pfd, unsigned int nfds,
			      unsigned short *revents)
{
	clock_pcm *c = io->private_data;
	uint64_t expirations;
	(void)pfd;
	(void)nfds;
	while (read(c->timer_fd, &expirations, sizeof expirations) > 0) {
	}
	snd_pcm_uframes_t elapsed = elapsed_frames(c);
	snd_pcm_uframes_t avail;
	if (io->stream == SND_PCM_STREAM_PLAYBACK) {
		snd_pcm_uframes_t queued = c->transferred > elapsed ? c->transferred - elapsed : 0;
		avail = io->buffer_size > queued ? io->buffer_size - queued : 0;
	} else {
		avail = elapsed > c->transferred ? elapsed - c->transferred : 0;
	}
	int ready = in_xrun(c, elapsed) || avail >= c->avail_min;
	*revents = ready ? (io->stream == SND_PCM_STREAM_PLAYBACK ? POLLOUT : POLLIN) : 0;
	return 0;
}

static int clock_delay(snd_pcm_ioplug_t *io, snd_pcm_sframes_t *delayp)
{
	clock_pcm *c = io->private_data;
	snd_pcm_uframes_t elapsed = elapsed_frames(c);
	if (io->stream == SND_PCM_STREAM_PLAYBACK)
		*delayp = c->transferred > elapsed ? (snd_pcm_sframes_t)(c->transferred - elapsed) : 0;
	else
		*delayp = elapsed > c->transferred ? (snd_pcm_sframes_t)(elapsed - c->transferred) : 0;
	return 0;
}

static int clock_close(snd_pcm_ioplug_t *io)
{
	clock_pcm *c = io->private_data;
	close(c->timer_fd);
	free(c);
	return 0;
}

static const snd_pcm_ioplug_callback_t clock_callbacks = {
	.start = clock_start,
	.stop = clock_stop,
	.pointer = clock_pointer,
	.transfer = clock_transfer,
	.prepare = clock_prepare,
	.sw_params = clock_sw_params,
	.poll_revents = clock_poll_revents,
	.delay = clock_delay,
	.close = clock_close,
};

static int set_constraints(snd_pcm_ioplug_t *io)
{
	static const unsigned int access[] = { SND_PCM_ACCESS_RW_INTERLEAVED };
	static const unsigned int formats[] = { SND_PCM_FORMAT_S16_LE };
	int err;
	if ((err = snd_pcm_ioplug_set_param_list(io, SND_PCM_IOPLUG_HW_ACCESS, 1, access)) < 0 ||
	    (err = snd_pcm_ioplug_set_param_list(io, SND_PCM_IOPLUG_HW_FORMAT, 1, formats)) < 0 ||
	    (err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_CHANNELS, 1, 1)) < 0 ||
	    (err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_RATE, 8000, 8000)) < 0 ||
	    (err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_PERIOD_BYTES, 32, 65536)) < 0 ||
	    (err = snd_pcm_ioplug_set_param_minmax(io, SND_PCM_IOPLUG_HW_PERIODS, 2, 64)) < 0)
		return err;
	return 0;
}

SND_PCM_PLUGIN_DEFINE_FUNC(phoneclock)
{
	snd_config_iterator_t i, next;
	(void)root;
	snd_config_for_each(i, next, conf) {
		snd_config_t *n = snd_config_iterator_entry(i);
		const char *id;
		if (snd_config_get_id(n, &id) < 0)
			continue;
		if (!strcmp(id, "comment") || !strcmp(id, "type") || !strcmp(id, "hint"))
			continue;
		SNDERR("phoneclock: unknown field %s", id);
		return -EINVAL;
	}
	clock_pcm *c = calloc(1, sizeof *c);
	if (!c)
		return -ENOMEM;
	c->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (c->timer_fd < 0) {
		int err = -errno;
		free(c);
		return err;
	}
	c->io.version = SND_PCM_IOPLUG_VERSION;
	c->io.name = "phoneclock: real-time test PCM";
	c->io.callback = &clock_callbacks;
	c->io.private_data = c;
	c->io.flags = SND_PCM_IOPLUG_FLAG_BOUNDARY_WA;
	c->io.poll_fd = c->timer_fd;
	c->io.poll_events = POLLIN;
	int err = snd_pcm_ioplug_create(&c->io, name, stream, mode);
	if (err < 0) {
		close(c->timer_fd);
		free(c);
		return err;
	}
	if ((err = set_constraints(&c->io)) < 0) {
		snd_pcm_ioplug_delete(&c->io);
		return err;
	}
	*pcmp = c->io.pcm;
	return 0;
}

SND_PCM_PLUGIN_SYMBOL(phoneclock);
