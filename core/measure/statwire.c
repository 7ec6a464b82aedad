/*
 * statwire.c - a job's statistics as bytes, for runs across hosts (see
 * statwire.h).
 *
 * The layout: the counters of struct job_stats up to its message, the
 * message, the directions' statistics, then each histogram's buckets of
 * its span only, in a fixed order (per direction clat, lat, slat; the
 * sync histogram; per priority, its statistics then its histogram).  The
 * spans are not sent: the receiver computes them from the statistics it
 * has just read, as the sender did, which is why a histogram's samples
 * must all lie inside them (lat_stat_span).  Only a plio of the same
 * build reads it (plio-mpi checks that every rank runs one).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "measure/statwire.h"

#define HEAD_LEN offsetof(struct job_stats, errmsg)

/* Bytes of the buckets of sp (none when it is empty). */
static size_t span_len(struct hist_span sp)
{
	return sp.lo > sp.hi ? 0 : (size_t)(sp.hi - sp.lo + 1) * sizeof(uint64_t);
}

/* The histograms of st in the wire's order, with their spans: calls
 * fn(h, sp, arg) for each; stops at the first non-zero return. */
static int each_hist(struct job_stats *st,
		     int (*fn)(struct hist *h, struct hist_span sp, void *arg), void *arg)
{
	int d, rc = 0;
	unsigned int k;

	for (d = 0; d < DIR_NR && !rc; d++) {
		const struct dir_stats *ds = &st->dir[d];

		rc = fn(&st->hist[d].clat, lat_stat_span(&ds->clat), arg);
		if (!rc)
			rc = fn(&st->hist[d].lat, lat_stat_span(&ds->lat), arg);
		if (!rc)
			rc = fn(&st->hist[d].slat, lat_stat_span(&ds->slat), arg);
	}
	if (!rc)
		rc = fn(&st->sync_hist, lat_stat_span(&st->sync_lat), arg);
	for (d = 0; d < 2 && !rc; d++)
		for (k = 0; k < st->nprio[d] && !rc; k++)
			rc = fn(&st->prio_hist[d][k], lat_stat_span(&st->prio[d][k].lat), arg);
	return rc;
}

static int add_len(struct hist *h, struct hist_span sp, void *arg)
{
	(void)h;
	*(size_t *)arg += span_len(sp);
	return 0;
}

size_t statwire_size(const struct job_stats *st)
{
	size_t n = HEAD_LEN + sizeof(st->errmsg) + sizeof(st->dir);
	int d;

	for (d = 0; d < 2; d++)
		n += st->nprio[d] * sizeof(st->prio[d][0]);
	/* each_hist only reads through its pointer here */
	each_hist((struct job_stats *)st, add_len, &n);
	return n;
}

struct cursor {
	unsigned char *p;
	const unsigned char *end;
};

static int put_hist(struct hist *h, struct hist_span sp, void *arg)
{
	struct cursor *c = arg;
	size_t len = span_len(sp);

	if (len)
		memcpy(c->p, &h->count[sp.lo], len);
	c->p += len;
	return 0;
}

void statwire_pack(const struct job_stats *st, void *buf)
{
	struct cursor c = { buf, NULL };
	int d;

	memcpy(c.p, st, HEAD_LEN);
	c.p += HEAD_LEN;
	/* only an error writes the message: zeroes without one */
	if (st->error)
		memcpy(c.p, st->errmsg, sizeof(st->errmsg));
	else
		memset(c.p, 0, sizeof(st->errmsg));
	c.p += sizeof(st->errmsg);
	memcpy(c.p, st->dir, sizeof(st->dir));
	c.p += sizeof(st->dir);
	for (d = 0; d < 2; d++) {
		memcpy(c.p, st->prio[d], st->nprio[d] * sizeof(st->prio[d][0]));
		c.p += st->nprio[d] * sizeof(st->prio[d][0]);
	}
	each_hist((struct job_stats *)st, put_hist, &c);
}

static int take(struct cursor *c, void *dst, size_t len)
{
	if ((size_t)(c->end - c->p) < len)
		return -EINVAL;
	memcpy(dst, c->p, len);
	c->p += len;
	return 0;
}

/* A received statistic whose span would lie outside the histogram, or
 * whose minimum passes its maximum: not what a plio sent. */
static bool lat_sane(const struct lat_stat *s)
{
	return !s->n || s->min <= s->max;
}

static int get_hist(struct hist *h, struct hist_span sp, void *arg)
{
	return sp.lo > sp.hi ? 0 : take(arg, &h->count[sp.lo], span_len(sp));
}

int statwire_unpack(struct job_stats *st, const void *buf, size_t len)
{
	struct cursor c = { (unsigned char *)buf, (const unsigned char *)buf + len };
	int d;
	unsigned int k;

	if (take(&c, st, HEAD_LEN) || take(&c, st->errmsg, sizeof(st->errmsg)) ||
	    take(&c, st->dir, sizeof(st->dir)))
		return -EINVAL;
	st->errmsg[sizeof(st->errmsg) - 1] = '\0';
	if (st->nprio[0] > STATS_PRIO_MAX || st->nprio[1] > STATS_PRIO_MAX ||
	    !lat_sane(&st->sync_lat))
		return -EINVAL;
	for (d = 0; d < DIR_NR; d++)
		if (!lat_sane(&st->dir[d].clat) || !lat_sane(&st->dir[d].lat) ||
		    !lat_sane(&st->dir[d].slat))
			return -EINVAL;
	for (d = 0; d < 2; d++) {
		if (take(&c, st->prio[d], st->nprio[d] * sizeof(st->prio[d][0])))
			return -EINVAL;
		for (k = 0; k < st->nprio[d]; k++)
			if (!lat_sane(&st->prio[d][k].lat))
				return -EINVAL;
	}
	if (each_hist(st, get_hist, &c) || c.p != c.end)
		return -EINVAL;
	return 0;
}
