/*
 * wpace.c - pacing: rate, rate_iops, rate_process, rate_min,
 * rate_iops_min, rate_cycle, thinktime (with thinktime_spin,
 * thinktime_blocks, thinktime_blocks_type, thinktime_iotime) and
 * rate_ignore_thinktime.
 *
 * Every paced direction has a schedule: the time its next I/O is due, in
 * CLOCK_MONOTONIC nanoseconds, moved on by each I/O's share of the rate
 * (its bytes over the rate, or an exponential gap of that mean with
 * rate_process=poisson).  The schedule is absolute: an I/O issued late
 * does not push the ones after it, so the rate holds over the run however
 * each wait ends, and there are no bursts unless the job fell behind (a
 * think time, a slow device), when it catches up as fio does.  A unit
 * waits for its time while the worker reaps what is in flight (the
 * engine's reap with a time-out), so completions are timed as they
 * happen, not when the wait ends; with nothing in flight it sleeps until
 * shortly before, then reads the clock until it is due.
 *
 * flow and flow_id: jobs of one flow_id keep their I/O counts in the ratio
 * of their weights through counters in shared memory (processes and
 * threads alike).
 *
 * latency_target, latency_window, latency_percentile: the deepest queue
 * that meets the target, searched for as fio does (lt_* below).
 *
 * Pacing starts when the ramp ends (fio's): the ramp runs unpaced.
 * rate_min and rate_iops_min are checked over each rate_cycle from then:
 * the job fails with EIO, fio's error, on the first cycle below them.
 *
 * Nothing here runs for a job without pacing: the loop made for jobs
 * with extras (verify, pacing) calls in, the plain one does not.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sched.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "base/clock.h"
#include "run/wstate.h"

/* The last stretch before an I/O is due is spent reading the clock, not
 * asleep: a sleep ends up to a scheduler tick late. */
#define SPIN_NS 60000ull

static const char *const dir_name[3] = { "reads", "writes", "trims" };

/* the run's flow counters (worker_share_flows) */
static struct pace_flow *flows;

void worker_share_flows(struct pace_flow *f)
{
	flows = f;
}

static void to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000ull);
	ts->tv_nsec = (long)(ns % 1000000000ull);
}

/* Wait until `due`: reaping what is in flight (completions timed as they
 * come), else asleep and then reading the clock.  Spins only (spin: a
 * think time's busy part).  0, or -1 when the job failed meanwhile. */
static int wait_until(struct worker *w, uint64_t due, bool spin)
{
	uint64_t now;
	struct timespec ts;

	while ((now = clock_ns()) < due) {
		if (w->stop)
			return 0;
		if (spin || due - now <= SPIN_NS)
			continue;
		if (w->inflight) {
			to_timespec(due - now - SPIN_NS, &ts);
			if (loop_reap_wait(w, &ts) < 0)
				return -1;
			continue;
		}
		to_timespec(due - SPIN_NS, &ts);
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	}
	return 0;
}

int wpace_wait_until(struct worker *w, uint64_t due)
{
	return wait_until(w, due, false);
}

/* The gap an I/O of len bytes in direction d takes of the schedule. */
static uint64_t gap(struct worker *w, unsigned int d, uint64_t len)
{
	const struct plan_pace *pp = &w->shape->pace;
	double mean = (double)len * 1e9 / (double)pp->bps[d];
	double u;

	if (!pp->poisson)
		return (uint64_t)(mean + 0.5);
	/* exponential inter-arrival times of that mean: a Poisson process
	 * (u in (0, 1], so the log is finite) */
	u = (double)((rand_next(&w->pc.rnd) >> 11) + 1) / 9007199254740992.0;
	return (uint64_t)(-log(u) * mean + 0.5);
}

void wpace_setup(struct worker *w)
{
	if (!w->shape->pace.on)
		return;
	rand_seed(&w->pc.rnd, w->pj->seeds[PLAN_RAND_DIRECTION] ^ 0x7061636500000000ull);
	/* sleeps that end when asked: the default timer slack (50 us) would
	 * be most of a gap at 20k IOPS */
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	if (w->shape->pace.lt_ns) {
		w->qd_cap = 1;
		w->pc.qd_low = 1;
		w->pc.qd_high = w->shape->iodepth;
	}
	/* flow: the job's weight counts from its set-up, before the jobs of
	 * its phase start together, so none runs ahead alone */
	if (w->shape->pace.flow && flows && w->pj->flow_group >= 0) {
		__atomic_add_fetch(&flows[w->pj->flow_group].weight, w->shape->pace.flow,
				   __ATOMIC_SEQ_CST);
		w->pc.flow_in = true;
	}
}

/* latency_target: a window (trial of a depth) begins. */
static void lt_window(struct worker *w, uint64_t now)
{
	w->pc.lt_start = now;
	w->pc.lt_ios = w->pc.lt_over = 0;
}

static void start(struct worker *w, uint64_t now)
{
	struct wpace *p = &w->pc;
	int d;

	p->started = true;
	for (d = 0; d < 3; d++) {
		p->next[d] = now;
		p->cyc_bytes[d] = w->st->dir[d].bytes;
		p->cyc_ios[d] = w->st->dir[d].ios;
	}
	p->cycle_end = now + w->shape->pace.cycle_ns;
	p->io_since = now;
	lt_window(w, now);
}

void wpace_end(struct worker *w)
{
	if (w->pc.flow_in)
		__atomic_sub_fetch(&flows[w->pj->flow_group].weight, w->shape->pace.flow,
				   __ATOMIC_SEQ_CST);
	w->pc.flow_in = false;
}

/*
 * flow: the job goes on while its share of its group's I/Os is at most its
 * share of the running jobs' weights (mine * weights <= all * my weight);
 * else it waits flow_sleep (reaping meanwhile), or yields, and looks
 * again.  Two jobs cannot both be held: their shares cannot both be above
 * their weights'.
 */
static int flow_wait(struct worker *w)
{
	const struct plan_pace *pp = &w->shape->pace;
	struct pace_flow *f = &flows[w->pj->flow_group];
	struct timespec ts;
	uint64_t now;

	for (;;) {
		uint64_t all = __atomic_load_n(&f->ios, __ATOMIC_ACQUIRE);
		uint64_t wsum = __atomic_load_n(&f->weight, __ATOMIC_ACQUIRE);

		if (w->pc.flow_ios * wsum <= all * pp->flow)
			break;
		now = clock_ns();
		if (w->stop || loop_time_up(w, now))
			break;
		if (pp->flow_sleep_ns) {
			if (wait_until(w, now + pp->flow_sleep_ns, false))
				return -1;
		} else if (w->inflight) {
			to_timespec(0, &ts);
			if (loop_reap_wait(w, &ts) < 0)
				return -1;
		} else {
			sched_yield();
		}
	}
	w->pc.flow_ios++;
	__atomic_add_fetch(&f->ios, 1, __ATOMIC_RELEASE);
	return 0;
}

/* rate_min, rate_iops_min over the cycle that just ended: 0, or -1 when a
 * direction fell below (the job has failed). */
static int check_minimums(struct worker *w, uint64_t now)
{
	const struct plan_pace *pp = &w->shape->pace;
	struct wpace *p = &w->pc;
	double secs = (double)(now - (p->cycle_end - pp->cycle_ns)) / 1e9;
	int d;

	for (d = 0; d < 3; d++) {
		uint64_t bytes = w->st->dir[d].bytes - p->cyc_bytes[d];
		uint64_t ios = w->st->dir[d].ios - p->cyc_ios[d];
		double bps = (double)bytes / secs, iops = (double)ios / secs;

		p->cyc_bytes[d] = w->st->dir[d].bytes;
		p->cyc_ios[d] = w->st->dir[d].ios;
		if (pp->min_bps[d] && bps < (double)pp->min_bps[d]) {
			worker_fail(w, EIO, "rate_min=%lluB/s not met for %s, got %.0fB/s over the last %.0f ms",
				    (unsigned long long)pp->min_bps[d], dir_name[d], bps, secs * 1000);
			return -1;
		}
		if (pp->min_iops[d] && iops < (double)pp->min_iops[d]) {
			worker_fail(w, EIO, "rate_iops_min=%llu not met for %s, got %.0f IOPS over the last %.0f ms",
				    (unsigned long long)pp->min_iops[d], dir_name[d], iops, secs * 1000);
			return -1;
		}
	}
	p->cycle_end = now + pp->cycle_ns;
	return 0;
}

/* thinktime: (blocks counted as completed: once what is in flight is
 * done) busy for thinktime_spin, asleep for the rest. */
static int think(struct worker *w)
{
	const struct plan_pace *pp = &w->shape->pace;
	struct wpace *p = &w->pc;
	uint64_t from, end;
	int d;

	if (!pp->think_issue && loop_drain(w))
		return -1;
	from = clock_ns();
	end = from + pp->think_ns;
	if (pp->spin_ns && wait_until(w, from + pp->spin_ns, true))
		return -1;
	if (wait_until(w, end, false))
		return -1;
	end = clock_ns();
	/* rate_ignore_thinktime: the schedule goes on from here, no
	 * catching up for the time thought */
	if (pp->ignore_think)
		for (d = 0; d < 3; d++)
			if (p->next[d] < end)
				p->next[d] += end - from;
	p->blocks = 0;
	p->io_since = end;
	return 0;
}

/*
 * latency_target: fio's search for the deepest queue whose I/Os meet the
 * target.  From depth 1, each latency_window is a trial: when at least
 * latency_percentile of its completions met the target, the depth goes up
 * (doubling until a depth has failed, then halfway to the failed one),
 * else down (halfway to the last good one; with latency_percentile=100
 * at the first completion over, and what is in flight is drained).  When
 * a trial keeps the depth where it was, the statistics start over for one
 * last window at that depth, and then the job ends.  At depth 1 a
 * completion over a 100% target fails the job (ETIMEDOUT, as fio).
 */
static void lt_down(struct worker *w)
{
	struct wpace *p = &w->pc;

	p->qd_high = w->qd_cap;
	if (p->qd_low == w->qd_cap && p->qd_low > 1)
		p->qd_low--;
	w->qd_cap = (w->qd_cap + p->qd_low) / 2;
	if (!w->qd_cap)
		w->qd_cap = 1;
	p->lt_drain = true;
}

static void lt_up(struct worker *w, uint64_t now)
{
	struct wpace *p = &w->pc;
	unsigned int was = w->qd_cap, depth = w->shape->iodepth;

	p->qd_low = w->qd_cap;
	w->qd_cap = p->qd_high != depth ? (w->qd_cap + p->qd_high) / 2 : w->qd_cap * 2;
	if (w->qd_cap > depth)
		w->qd_cap = depth;
	if (w->qd_cap != was)
		return;
	if (p->lt_final) {
		/* the last window at the depth found: the job is done */
		worker_set_deadline(w, now, 0);
		return;
	}
	p->lt_final = true;
	p->lt_drain = true;
	p->lt_restart = true;
}

void wpace_lat(struct worker *w, uint64_t lat)
{
	const struct plan_pace *pp = &w->shape->pace;
	struct wpace *p = &w->pc;

	if (!p->started || w->in_ramp)
		return;
	p->lt_ios++;
	if (lat <= pp->lt_ns)
		return;
	p->lt_over++;
	if (pp->lt_pct < 100.0 || p->lt_drain)
		return;
	if (w->qd_cap == 1) {
		worker_fail(w, ETIMEDOUT, "latency of %llu nsec exceeds latency_target (%llu nsec) at queue depth 1",
			    (unsigned long long)lat, (unsigned long long)pp->lt_ns);
		return;
	}
	lt_down(w);
}

/* Between I/Os: a depth cut drains first; a window that ended is judged. */
static int lt_check(struct worker *w, uint64_t now)
{
	const struct plan_pace *pp = &w->shape->pace;
	struct wpace *p = &w->pc;

	if (p->lt_drain) {
		p->lt_drain = false;
		if (loop_drain(w))
			return -1;
		now = clock_ns();
		if (p->lt_restart) {
			/* what the search did is not the result */
			p->lt_restart = false;
			stats_run_begin(&w->srun, now);
		}
		lt_window(w, now);
		return 0;
	}
	if (now - p->lt_start < pp->lt_window_ns || !p->lt_ios)
		return 0;
	if ((double)(p->lt_ios - p->lt_over) * 100.0 >= pp->lt_pct * (double)p->lt_ios)
		lt_up(w, now);
	else if (w->qd_cap > 1)
		lt_down(w);
	if (!p->lt_drain)
		lt_window(w, now);
	return 0;
}

int wpace_before(struct worker *w, struct unit *un)
{
	const struct plan_pace *pp = &w->shape->pace;
	struct wpace *p = &w->pc;
	unsigned int d = un->dir;
	uint64_t now;

	if (w->in_ramp || d >= DIR_NR)
		return 0;
	now = clock_ns();
	if (!p->started)
		start(w, now);
	if (pp->think_ns && (p->blocks >= pp->think_blocks ||
			     (pp->iotime_ns && now - p->io_since >= pp->iotime_ns))) {
		if (think(w))
			return -1;
		now = clock_ns();
	}
	if (pp->cycle_ns && now >= p->cycle_end && check_minimums(w, now))
		return -1;
	if (pp->flow && flows && w->pj->flow_group >= 0 && flow_wait(w))
		return -1;
	if (pp->lt_ns && lt_check(w, now))
		return -1;
	if (pp->bps[d]) {
		if (now < p->next[d] && wait_until(w, p->next[d], false))
			return -1;
		p->next[d] += gap(w, d, un->u.length);
	}
	p->blocks++;
	return 0;
}

unsigned int wpace_dir(struct worker *w, unsigned int d)
{
	const struct plan_pace *pp = &w->shape->pace;
	unsigned int o = d == DIR_READ ? DIR_WRITE : DIR_READ;
	uint64_t now;

	/* a mixed job whose picked direction is ahead of its rate takes the
	 * other when that one is due (or not paced), as fio does */
	if (!w->pc.started || !pp->bps[d] || w->in_ramp ||
	    !(o == DIR_READ ? w->shape->rwmixread : 100 - w->shape->rwmixread))
		return d;
	now = clock_ns();
	if (w->pc.next[d] <= now)
		return d;
	if (!pp->bps[o] || w->pc.next[o] <= now)
		return o;
	return w->pc.next[o] < w->pc.next[d] ? o : d;
}
