/*
 * statlog.c - storing log entries while a worker runs and writing them in
 * fio's format when it ends (see statlog.h).
 *
 * The store is a list of chunks of 64-bit words: a plain entry takes four
 * (time, value, offset or a window's max, bs|prio<<32|dir<<48) and a
 * fifth, the issue time, with log_issue_time; a clat_hist entry takes three
 * (nonzero bins|dir<<32, time, bs) plus one per nonzero bin (bin << 48 |
 * count: under 2^48 I/Os per bin and interval).  Chunks double up to
 * CHUNK_MAX_WORDS, so a long per-I/O log costs one allocation per few
 * hundred thousand I/Os and none in between.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/statlog.h"

#define CHUNK_FIRST_WORDS 4096		/* 1024 entries, fio's log_entries */
#define CHUNK_MAX_WORDS (1u << 20)	/* 8 MiB */
#define HIST_COUNT_MASK ((1ull << 48) - 1)

static struct statlog_chunk *chunk_new(size_t cap)
{
	struct statlog_chunk *c = malloc(sizeof(*c) + cap * sizeof(uint64_t));

	if (!c)
		return NULL;
	c->next = NULL;
	c->used = 0;
	c->cap = cap;
	return c;
}

int statlog_init(struct statlog *l, enum statlog_kind kind, const char *path,
		 uint64_t avg_ms, unsigned int window, bool offset, bool prio,
		 bool issue, bool append)
{
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->avg_ms = kind == STATLOG_HIST ? 0 : avg_ms;
	l->window = window;
	l->offset = offset;
	l->prio = prio;
	l->issue = issue;
	l->words = issue ? 5 : 4;
	l->append = append;
	l->path = strdup(path);
	l->head = l->tail = chunk_new(CHUNK_FIRST_WORDS);
	if (!l->path || !l->head) {
		statlog_free(l);
		return -ENOMEM;
	}
	return 0;
}

uint64_t *statlog_grow(struct statlog *l, size_t n)
{
	size_t cap = l->tail->cap * 2;
	struct statlog_chunk *c;

	if (cap > CHUNK_MAX_WORDS)
		cap = CHUNK_MAX_WORDS;
	if (cap < n)
		cap = n;
	c = chunk_new(cap);
	if (!c) {
		l->dropped++;
		return NULL;
	}
	l->tail->next = c;
	l->tail = c;
	c->used = n;
	l->entries++;
	return c->w;
}

/* A window entry's value words: the mean rounded or the max, and with
 * log_window_value=both the max in the offset word. */
static void window_values(const struct statlog *l, const struct statlog_win *w, uint64_t *p)
{
	uint64_t mean = (uint64_t)(w->mean + 0.50);

	p[1] = l->window == STATLOG_WIN_MAX ? w->max : mean;
	p[2] = l->window == STATLOG_WIN_BOTH ? w->max : 0;
}

/*
 * fio's __add_stat_to_log: the window's entry (BS, OFFSET, PRIO and ISSUE
 * 0); nothing when the window saw no sample.  A window that closes in the
 * ms its direction's last entry has (the run ending just after a window
 * closed, completions between) joins that entry: fio never logs a time
 * twice for a direction.
 */
static void close_window(struct statlog *l, unsigned int dir, uint64_t time_ms)
{
	struct statlog_win *w = &l->win[dir];
	uint64_t *p;

	if (w->n && w->prev && w->prev[0] == time_ms) {
		uint64_t n = w->prev_n + w->n;

		w->mean = w->prev_mean + (w->mean - w->prev_mean) * (double)w->n / (double)n;
		if (w->prev_max > w->max)
			w->max = w->prev_max;
		w->n = n;
		window_values(l, w, w->prev);
	} else if (w->n) {
		p = statlog_put(l, time_ms, 0, dir, 0, 0, 0, 0);
		if (p)
			window_values(l, w, p);
		w->prev = p;
	}
	if (w->n) {
		w->prev_n = w->n;
		w->prev_mean = w->mean;
		w->prev_max = w->max;
	}
	w->n = 0;
	w->max = 0;
	w->mean = 0.0;
}

/*
 * fio's add_log_sample with averaging: the sample joins the window; the
 * window closes once avg_ms has passed since it began (bandwidth and IOPS
 * logs, fed by samples taken on a timer, get fio's 1 ms of slack), and
 * the next window begins on an avg_ms boundary.
 */
void statlog_window_add(struct statlog *l, uint64_t time_ms, uint64_t value,
			unsigned int dir)
{
	struct statlog_win *w = &l->win[dir];
	uint64_t this_window;
	bool inline_log = l->kind != STATLOG_BW && l->kind != STATLOG_IOPS;

	w->n++;
	w->mean += ((double)value - w->mean) / (double)w->n;
	if (value > w->max)
		w->max = value;
	if (time_ms < w->last_ms)
		return;
	this_window = time_ms - w->last_ms;
	if (this_window < l->avg_ms &&
	    (inline_log || l->avg_ms - this_window > 1))
		return;
	close_window(l, dir, time_ms);
	w->last_ms = time_ms - time_ms % l->avg_ms;
}

void statlog_hist_put(struct statlog *l, uint64_t time_ms, unsigned int dir,
		      uint64_t bs, const uint64_t *bins)
{
	size_t n = 0, i;
	uint64_t *p;

	for (i = 0; i < STATLOG_PLAT_NR; i++)
		n += bins[i] != 0;
	p = statlog_reserve(l, 3 + n);
	if (!p)
		return;
	p[0] = (uint64_t)n | (uint64_t)(dir & 0xff) << 32;
	p[1] = time_ms;
	p[2] = bs;
	for (i = 0, n = 0; i < STATLOG_PLAT_NR; i++)
		if (bins[i])
			p[3 + n++] = (uint64_t)i << 48 | (bins[i] & HIST_COUNT_MASK);
}

void statlog_finish(struct statlog *l, uint64_t time_ms)
{
	unsigned int d;

	if (!l->avg_ms)
		return;
	for (d = 0; d < STATLOG_DIRS; d++)
		close_window(l, d, time_ms);
}

/* fio's flush_samples() line, from the stored words. */
int statlog_format(const struct statlog *l, const uint64_t *p, char *buf, size_t len)
{
	unsigned long long bs = p[3] & 0xffffffffull;
	unsigned int prio = (unsigned int)(p[3] >> 32) & 0xffff;
	unsigned int dir = (unsigned int)(p[3] >> 48) & 0xff;
	unsigned long long off = p[2];
	unsigned long t = (unsigned long)p[0];
	int64_t v = (int64_t)p[1];
	size_t n = 0;

#define PUT(...) do {							\
		int k_ = snprintf(buf + n, n < len ? len - n : 0, __VA_ARGS__); \
		if (k_ > 0)						\
			n += (size_t)k_;				\
	} while (0)
	PUT("%lu, %" PRId64, t, v);
	if (l->avg_ms && l->window == STATLOG_WIN_BOTH) {
		PUT(", %llu", off);	/* the window's max */
		off = 0;
	}
	PUT(", %u, %llu", dir, bs);
	if (l->offset)
		PUT(", %llu", off);
	/* without log_prio, fio prints whether the class is real-time (1) */
	if (l->prio)
		PUT(", 0x%04x", prio);
	else
		PUT(", %u", (prio >> 13) == 1);
	if (l->issue)
		PUT(", %llu", (unsigned long long)p[4]);
	PUT("\n");
#undef PUT
	return (int)n;
}

/* Output buffer flushed in whole lines with O_APPEND writes. */
#define OUT_SIZE (256u * 1024u)
#define LINE_MAX_LEN (STATLOG_PLAT_NR * 22u + 64u)	/* a full hist line */

struct out {
	int fd;
	size_t len;
	char buf[OUT_SIZE];
};

static int out_flush(struct out *o)
{
	size_t off = 0;

	while (off < o->len) {
		ssize_t n = write(o->fd, o->buf + off, o->len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		off += (size_t)n;
	}
	o->len = 0;
	return 0;
}

/* Room for one more line of at most `need` bytes. */
static int out_room(struct out *o, size_t need)
{
	return OUT_SIZE - o->len < need ? out_flush(o) : 0;
}

/* fio's flush_hist_samples() line: TIME, DIR, BS, then every bin, or
 * with coarseness every group of 2^coarse bins summed (the stored bins
 * are in increasing order). */
static void format_hist(struct out *o, const uint64_t *p, unsigned int coarse)
{
	size_t n = (size_t)(p[0] & 0xffffffff), k = 0;
	unsigned int i;
	char *b = o->buf + o->len;

	b += sprintf(b, "%lu, %u, %llu", (unsigned long)p[1],
		     (unsigned int)(p[0] >> 32) & 0xff, (unsigned long long)p[2]);
	for (i = 0; i < STATLOG_PLAT_NR >> coarse; i++) {
		uint64_t c = 0;

		while (k < n && (p[3 + k] >> 48) >> coarse == i)
			c += p[3 + k++] & HIST_COUNT_MASK;
		if (!c) {
			memcpy(b, ", 0", 3);
			b += 3;
		} else {
			b += sprintf(b, ", %llu", (unsigned long long)c);
		}
	}
	*b++ = '\n';
	o->len = (size_t)(b - o->buf);
}

int statlog_write(const struct statlog *l, char *err, size_t errlen)
{
	const struct statlog_chunk *c;
	struct out *o;
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (l->append ? O_APPEND : O_TRUNC);
	int rc = 0;

	o = malloc(sizeof(*o));
	if (!o) {
		snprintf(err, errlen, "file '%s': out of memory", l->path);
		return -ENOMEM;
	}
	o->len = 0;
	o->fd = open(l->path, flags, 0644);
	if (o->fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "file '%s': cannot open the log: %s", l->path,
			 strerror(errno));
		free(o);
		return rc;
	}
	for (c = l->head; c && !rc; c = c->next) {
		size_t i = 0;

		while (i < c->used && !rc) {
			const uint64_t *p = &c->w[i];

			if (l->kind == STATLOG_HIST) {
				rc = out_room(o, LINE_MAX_LEN);
				if (!rc)
					format_hist(o, p, l->hist_coarse);
				i += 3 + (size_t)(p[0] & 0xffffffff);
			} else {
				rc = out_room(o, 160);
				if (!rc)
					o->len += (size_t)statlog_format(l, p, o->buf + o->len,
									 OUT_SIZE - o->len);
				i += l->words;
			}
		}
	}
	if (!rc)
		rc = out_flush(o);
	if (rc)
		snprintf(err, errlen, "file '%s': writing the log failed: %s", l->path,
			 strerror(-rc));
	if (close(o->fd) && !rc) {
		rc = -errno;
		snprintf(err, errlen, "file '%s': writing the log failed: %s", l->path,
			 strerror(errno));
	}
	free(o);
	if (!rc && l->dropped) {
		snprintf(err, errlen, "file '%s': %llu log entries were lost (out of memory)",
			 l->path, (unsigned long long)l->dropped);
		rc = -ENOMEM;
	}
	return rc;
}

void statlog_free(struct statlog *l)
{
	struct statlog_chunk *c = l->head, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	free(l->path);
	l->path = NULL;
	l->head = l->tail = NULL;
}
