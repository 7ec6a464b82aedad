/*
 * cluster.c - ranks that run one plan together (see cluster.h).
 *
 * A round's vector, summed over the ranks:
 *   [0]            ranks still running (not at a sync point)
 *   [1]            ranks with a failed job
 *   [2]            ranks a signal (SIGINT, SIGTERM) stopped
 *   [3, 3+n)       per job: ranks whose stop flag for it is raised
 *   [3+n, 3+8n)    per job, when rank 0 wants them: bytes (toward its
 *                  size), then bytes and I/Os moved per direction
 * Between rounds a rank that runs waits CLUSTER_ROUND_MS; one at a sync
 * point starts the next at once and looks every millisecond, so that a
 * phase's end is seen within a round's time of the last rank's.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "measure/statwire.h"
#include "run/cluster.h"
#include "run/signals.h"

#define V_RUNNING 0
#define V_FAILED 1
#define V_SIGNAL 2
#define V_STOP 3
#define JOB_COUNTS (1 + 2 * DIR_NR)
/* how often a round in flight is looked at (MPI makes progress only in
 * calls; each round is a few messages between the ranks) */
#define ROUND_POLL_NS 1000000ull

struct cluster {
	const struct cluster_transport *t;
	/* the run */
	const struct plan *plan;
	int *stop_flags;
	size_t n_jobs;
	size_t len;		/* of the vector */
	uint64_t *v;		/* in flight, or the last sum */
	uint64_t *sum;		/* the last sum, kept for the view */
	struct eta_job *view;
	bool counts;		/* the vector carries the jobs' counters */
	bool in_flight;
	bool was_running;	/* this rank's state in the round in flight */
	bool failing;		/* a rank failed */
	bool ending;		/* ... or a signal stopped one */
	bool broken;		/* the ranks stopped talking */
	bool have_sum;
	uint64_t next_ns;	/* when a running rank takes part again */
	uint64_t fill_ns;	/* when this rank filled the round in flight */
	uint64_t sum_ns;	/* ... the round whose sum is kept */
	uint64_t start_ns;	/* this rank's clock at the first sync point */
	uint64_t rounds;
};

struct cluster *cluster_new(const struct cluster_transport *t)
{
	struct cluster *c = calloc(1, sizeof(*c));

	if (c)
		c->t = t;
	return c;
}

void cluster_free(struct cluster *c)
{
	if (!c)
		return;
	cluster_run_end(c);
	free(c);
}

const struct cluster_transport *cluster_transport(const struct cluster *c)
{
	return c->t;
}

/* What each rank says after a stage. */
struct verdict {
	char failed;
	char host[256];
	char msg[PERR_LEN];
};

/* Rank 0: the failures of all[n], each message once: as it is when every
 * rank failed alike, else after the rank and host of each that had it. */
static void print_failures(const struct verdict *all, unsigned int n)
{
	unsigned int r, q, failed = 0;

	for (r = 0; r < n; r++)
		failed += all[r].failed != 0;
	for (r = 0; r < n; r++) {
		unsigned int same = 0;

		if (!all[r].failed || !all[r].msg[0])
			continue;
		for (q = 0; q < r; q++)
			if (all[q].failed && !strcmp(all[q].msg, all[r].msg))
				break;
		if (q < r)
			continue;	/* said with an earlier rank's */
		for (q = r + 1; q < n; q++)
			same += all[q].failed && !strcmp(all[q].msg, all[r].msg);
		if (failed == n && same == n - 1)
			log_error("%s", all[r].msg);
		else if (same)
			log_error("rank %u (%s) and %u more: %s", r, all[r].host, same, all[r].msg);
		else
			log_error("rank %u (%s): %s", r, all[r].host, all[r].msg);
	}
}

/* Rank 0's answer to every rank: 0, or 1 when any failed. */
int cluster_agree(struct cluster *c, int status, const struct perr *mine, struct perr *e)
{
	const struct cluster_transport *t = c->t;
	size_t *lens;
	struct verdict me, *all = NULL;
	int32_t verdict = 0;
	unsigned int r;
	int rc;

	if (c->broken)
		return perr_setrc(e, -ENOTCONN, "the ranks no longer answer");
	lens = calloc(t->n_ranks, sizeof(*lens));
	if (!lens)
		return perr_setrc(e, -ENOMEM, "out of memory");
	memset(&me, 0, sizeof(me));
	me.failed = status != 0;
	snprintf(me.host, sizeof(me.host), "%s", t->host);
	if (status)
		snprintf(me.msg, sizeof(me.msg), "%s", mine->msg);
	rc = t->gather(t->arg, &me, sizeof(me), (void **)&all, lens);
	if (rc) {
		free(lens);
		return perr_setrc(e, rc, "the ranks cannot talk: %s", strerror(-rc));
	}
	if (!t->rank) {
		for (r = 0; r < t->n_ranks; r++) {
			all[r].host[sizeof(all[r].host) - 1] = '\0';
			all[r].msg[sizeof(all[r].msg) - 1] = '\0';
			verdict |= all[r].failed != 0;
		}
		print_failures(all, t->n_ranks);
	}
	free(all);
	free(lens);
	rc = t->bcast(t->arg, &verdict, sizeof(verdict));
	if (rc)
		return perr_setrc(e, rc, "the ranks cannot talk: %s", strerror(-rc));
	return verdict ? 1 : 0;
}

int cluster_check_plan(struct cluster *c, size_t n_jobs, unsigned int n_phases,
		       struct perr *e)
{
	uint64_t mine[2] = { n_jobs, n_phases }, first[2] = { n_jobs, n_phases };
	int rc;

	if (c->broken)
		return perr_setrc(e, -ENOTCONN, "the ranks no longer answer");
	rc = c->t->bcast(c->t->arg, first, sizeof(first));
	if (rc)
		return perr_setrc(e, rc, "the ranks cannot talk: %s", strerror(-rc));
	if (mine[0] != first[0] || mine[1] != first[1])
		return perr_set(e, "its jobs make %llu workers in %llu phases, rank 0's %llu in %llu: every rank must run the same jobs",
				(unsigned long long)mine[0], (unsigned long long)mine[1],
				(unsigned long long)first[0], (unsigned long long)first[1]);
	return 0;
}

/* Wait for the sum last started; a negative errno on failure. */
static int sum_wait(struct cluster *c)
{
	int rc;

	while (!(rc = c->t->sum_test(c->t->arg)))
		nanosleep(&(struct timespec){ 0, 100000 }, NULL);
	return rc < 0 ? rc : 0;
}

int cluster_barrier(struct cluster *c, struct perr *e)
{
	uint64_t v = 0;
	int rc = c->t->sum_start(c->t->arg, &v, 1);

	if (!rc)
		rc = sum_wait(c);
	if (rc)
		return perr_setrc(e, rc, "the ranks cannot talk: %s", strerror(-rc));
	return 0;
}

int cluster_run_begin(struct cluster *c, const struct plan *plan, int *stop_flags,
		      bool want_counts, struct perr *e)
{
	int32_t counts = want_counts;
	size_t n = plan->n_jobs;
	int rc;

	rc = c->t->bcast(c->t->arg, &counts, sizeof(counts));
	if (rc)
		return perr_setrc(e, rc, "the ranks cannot talk: %s", strerror(-rc));
	c->plan = plan;
	c->stop_flags = stop_flags;
	c->n_jobs = n;
	c->counts = counts != 0;
	c->len = V_STOP + n + (c->counts ? JOB_COUNTS * n : 0);
	c->v = calloc(c->len, sizeof(*c->v));
	c->sum = calloc(c->len, sizeof(*c->sum));
	c->view = calloc(n ? n : 1, sizeof(*c->view));
	if (!c->v || !c->sum || !c->view) {
		cluster_run_end(c);
		return perr_setrc(e, -ENOMEM, "out of memory");
	}
	c->in_flight = c->failing = c->ending = c->have_sum = false;
	c->next_ns = 0;
	c->start_ns = 0;
	c->rounds = 0;
	return 0;
}

void cluster_run_end(struct cluster *c)
{
	/* a sum in flight must end before its vector goes */
	if (c->in_flight && (c->broken || sum_wait(c)))
		return;		/* the ranks no longer talk: leave it */
	c->in_flight = false;
	free(c->v);
	free(c->sum);
	free(c->view);
	c->v = c->sum = NULL;
	c->view = NULL;
}

/* This rank's part of the next round. */
static void fill(struct cluster *c, bool running, bool failed, const struct eta_job *jobs)
{
	size_t i, n = c->n_jobs;
	int d;

	memset(c->v, 0, c->len * sizeof(*c->v));
	c->v[V_RUNNING] = running;
	c->v[V_FAILED] = failed;
	c->v[V_SIGNAL] = signals_pending() != 0;
	for (i = 0; i < n; i++)
		c->v[V_STOP + i] = __atomic_load_n(&c->stop_flags[i], __ATOMIC_RELAXED) != 0;
	if (!c->counts || !jobs)
		return;
	for (i = 0; i < n; i++) {
		uint64_t *p = &c->v[V_STOP + n + i * JOB_COUNTS];

		p[0] = jobs[i].bytes;
		for (d = 0; d < DIR_NR; d++) {
			p[1 + d] = jobs[i].total_bytes[d];
			p[1 + DIR_NR + d] = jobs[i].total_ios[d];
		}
	}
}

/* What every rank learns from a round's sum, acted on alike. */
static void act(struct cluster *c)
{
	size_t i;

	memcpy(c->sum, c->v, c->len * sizeof(*c->v));
	c->have_sum = true;
	c->sum_ns = c->fill_ns;
	c->rounds++;
	if (c->sum[V_FAILED] && !c->failing) {
		c->failing = true;
		log_debug(DBG_PROCESS, "cluster: %" PRIu64 " rank(s) failed: every job stops",
			  c->sum[V_FAILED]);
	}
	c->ending |= c->failing || c->sum[V_SIGNAL];
	for (i = 0; i < c->n_jobs; i++)
		if ((c->failing || c->sum[V_STOP + i]) &&
		    !__atomic_load_n(&c->stop_flags[i], __ATOMIC_RELAXED))
			__atomic_store_n(&c->stop_flags[i], 1, __ATOMIC_RELAXED);
}

uint64_t cluster_step(struct cluster *c, uint64_t now, bool running, bool failed,
		      const struct eta_job *jobs, bool *synced, int *err)
{
	int rc;

	*synced = false;
	if (c->in_flight) {
		rc = c->t->sum_test(c->t->arg);
		if (rc < 0) {
			*err = rc;
			return UINT64_MAX;
		}
		if (!rc)
			return now + ROUND_POLL_NS;
		c->in_flight = false;
		act(c);
		/* nobody ran in a round this rank joined from a sync point */
		if (!c->was_running && !c->sum[V_RUNNING]) {
			*synced = true;
			if (!c->start_ns)
				c->start_ns = clock_ns();
			return now;
		}
	}
	if (running && now < c->next_ns)
		return c->next_ns;
	fill(c, running, failed, jobs);
	c->fill_ns = now;
	c->was_running = running;
	rc = c->t->sum_start(c->t->arg, c->v, c->len);
	if (rc) {
		*err = rc;
		return UINT64_MAX;
	}
	c->in_flight = true;
	c->next_ns = now + CLUSTER_ROUND_MS * 1000000ull;
	return now + ROUND_POLL_NS;
}

bool cluster_counts(const struct cluster *c)
{
	return c->counts;
}

bool cluster_ending(const struct cluster *c)
{
	return c->ending;
}

void cluster_broken(struct cluster *c)
{
	c->broken = true;
}

const struct eta_job *cluster_view(struct cluster *c, const struct eta_job *jobs,
				   uint64_t *at)
{
	size_t i, n = c->n_jobs;
	int d;

	if (!c->counts || !c->have_sum)
		return jobs;
	*at = c->sum_ns;
	for (i = 0; i < n; i++) {
		const uint64_t *p = &c->sum[V_STOP + n + i * JOB_COUNTS];

		c->view[i] = jobs[i];
		for (d = 0; d < DIR_NR; d++) {
			c->view[i].total_bytes[d] = p[1 + d];
			c->view[i].total_ios[d] = p[1 + DIR_NR + d];
		}
	}
	return c->view;
}

uint64_t cluster_start_ns(const struct cluster *c)
{
	return c->start_ns;
}

/* --- after the run --- */

/* What each rank sends: its start, its host, then each job's statistics
 * on the wire, each after its length. */
struct rank_head {
	uint64_t magic;		/* sizeof(struct job_stats) and the job count */
	uint64_t start_ns;
	char host[256];
};

static void *pack_rank(const struct cluster *c, const struct job_stats *stats,
		       size_t n, size_t *len)
{
	struct rank_head h = { .magic = (uint64_t)sizeof(struct job_stats) << 32 | n,
			       .start_ns = c->start_ns };
	unsigned char *buf, *p;
	size_t i, total = sizeof(h);
	uint64_t l;

	snprintf(h.host, sizeof(h.host), "%s", c->t->host);
	for (i = 0; i < n; i++)
		total += sizeof(l) + statwire_size(&stats[i]);
	buf = malloc(total);
	if (!buf)
		return NULL;
	memcpy(buf, &h, sizeof(h));
	for (p = buf + sizeof(h), i = 0; i < n; i++) {
		l = statwire_size(&stats[i]);
		memcpy(p, &l, sizeof(l));
		statwire_pack(&stats[i], p + sizeof(l));
		p += sizeof(l) + l;
	}
	*len = total;
	return buf;
}

/* Times of rank 0's clock: t (this rank's) moved by the ranks' starts. */
static uint64_t moved(uint64_t t, uint64_t from, uint64_t to)
{
	return t ? t - from + to : 0;
}

static int unpack_rank(struct cluster_rank *cr, const unsigned char *p, size_t len,
		       size_t n, uint64_t start0)
{
	struct rank_head h;
	const unsigned char *end = p + len;
	size_t i;
	uint64_t l;

	if (len < sizeof(h))
		return -EINVAL;
	memcpy(&h, p, sizeof(h));
	p += sizeof(h);
	h.host[sizeof(h.host) - 1] = '\0';
	memcpy(cr->host, h.host, sizeof(cr->host));
	if (h.magic != ((uint64_t)sizeof(struct job_stats) << 32 | n))
		return -EPROTO;
	for (i = 0; i < n; i++) {
		struct job_stats *st = &cr->stats[i];

		if ((size_t)(end - p) < sizeof(l))
			return -EINVAL;
		memcpy(&l, p, sizeof(l));
		p += sizeof(l);
		if (l > (uint64_t)(end - p) || statwire_unpack(st, p, (size_t)l))
			return -EINVAL;
		p += l;
		st->start_ns = moved(st->start_ns, h.start_ns, start0);
		st->end_ns = moved(st->end_ns, h.start_ns, start0);
	}
	return p == end ? 0 : -EINVAL;
}

void cluster_ranks_free(struct cluster_rank *ranks, unsigned int n, size_t n_jobs)
{
	unsigned int r;

	if (!ranks)
		return;
	for (r = 0; r < n; r++)
		if (ranks[r].stats)
			stats_zfree(ranks[r].stats, (n_jobs ? n_jobs : 1) * sizeof(struct job_stats));
	free(ranks);
}

/* Job i of every rank into merged[i]; its runtime the common window. */
static void merge_ranks(const struct cluster_rank *ranks, unsigned int n_ranks,
			size_t n_jobs, struct job_stats *merged)
{
	unsigned int r;
	size_t i;

	for (i = 0; i < n_jobs; i++) {
		uint64_t first = 0, last = 0;

		merged[i].unstarted = 1;
		merged[i].done = 1;
		for (r = 0; r < n_ranks; r++) {
			const struct job_stats *st = &ranks[r].stats[i];

			stats_merge(&merged[i], st);
			if (!st->runtime_ns)
				continue;
			if (!first || st->end_ns - st->runtime_ns < first)
				first = st->end_ns - st->runtime_ns;
			if (st->end_ns > last)
				last = st->end_ns;
		}
		if (first && last > first) {
			merged[i].start_ns = first;
			merged[i].end_ns = last;
			merged[i].runtime_ns = last - first;
		}
	}
}

int cluster_collect(struct cluster *c, const struct job_stats *stats, size_t n_jobs,
		    struct job_stats *merged, struct cluster_rank **ranks, struct perr *e)
{
	const struct cluster_transport *t = c->t;
	size_t len = 0, *lens, off;
	unsigned char *all = NULL;
	struct cluster_rank *cr = NULL;
	void *mine;
	unsigned int r;
	int rc;

	*ranks = NULL;
	if (c->broken)
		return perr_setrc(e, -ENOTCONN, "the ranks no longer answer");
	mine = pack_rank(c, stats, n_jobs, &len);
	lens = calloc(t->n_ranks, sizeof(*lens));
	if (!mine || !lens) {
		/* every rank must still take part: an empty part says why */
		len = 0;
	}
	rc = t->gather(t->arg, mine, mine ? len : 0, (void **)&all, lens);
	free(mine);
	if (rc) {
		free(lens);
		return perr_setrc(e, rc, "the ranks cannot talk: %s", strerror(-rc));
	}
	if (t->rank) {
		free(lens);
		return 0;
	}
	cr = calloc(t->n_ranks, sizeof(*cr));
	for (r = 0, off = 0; cr && r < t->n_ranks && !rc; off += lens[r], r++) {
		cr[r].rank = r;
		cr[r].stats = stats_zalloc((n_jobs ? n_jobs : 1) * sizeof(struct job_stats));
		if (!cr[r].stats)
			rc = perr_setrc(e, -ENOMEM, "out of memory for rank %u's statistics", r);
		else if (!lens[r])
			rc = perr_setrc(e, -ENOMEM, "rank %u could not send its statistics (out of memory)", r);
		else if ((rc = unpack_rank(&cr[r], all + off, lens[r], n_jobs, c->start_ns)))
			perr_setrc(e, rc, rc == -EPROTO ?
				   "rank %u (%s) runs another plio build or another job file: its statistics cannot be read" :
				   "rank %u sent statistics that cannot be read", r, cr[r].host);
	}
	free(all);
	free(lens);
	if (!cr)
		return perr_setrc(e, -ENOMEM, "out of memory");
	if (rc) {
		cluster_ranks_free(cr, t->n_ranks, n_jobs);
		return rc;
	}
	merge_ranks(cr, t->n_ranks, n_jobs, merged);
	*ranks = cr;
	return 0;
}
