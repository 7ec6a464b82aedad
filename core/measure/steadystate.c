/*
 * steadystate.c - steady state detection in the runner (see steadystate.h).
 *
 * Arithmetic as fio 3.33's steadystate.c: samples in bytes/s and IOPS
 * (integers), the slope of y over x = 0 .. dur-1 by least squares, the
 * deviation as the largest |y - mean|, and the criterion in percent of the
 * mean with "%".  One difference: fio's first sample of a job divides by
 * the time since the clock's origin (its previous-sample time starts at
 * zero), which makes it near 0; plio's first tick only sets the baseline.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "options/options.h"
#include "base/parse.h"
#include "base/numfmt.h"
#include "measure/steadystate.h"

struct ss_track {
	struct ss_spec spec;
	unsigned int dur;	/* samples in the window: ss_dur / ss_interval */
	unsigned int dur_s;	/* ss_dur, whole seconds */
	uint64_t interval_ns;	/* ss_interval: the sampling period */
	uint64_t next_ns;	/* next sample due (0: at the first tick) */
	uint64_t ramp_ns;	/* ss_ramp */
	uint64_t *bw, *iops;	/* rings of dur samples */
	uint64_t count;		/* samples taken */
	bool on;		/* this job index holds a tracker */
	bool attained;
	double criterion, deviation, slope;
	/* this tick's sums over the members whose ss_ramp is over */
	uint64_t tick_bw, tick_iops;
	unsigned int tick_members;
};

struct ss_job {
	size_t tracker;		/* index of the tracker it feeds */
	bool on;
	bool seen;		/* a baseline sample exists */
	uint64_t prev_ns, prev_bytes, prev_ios;
};

static struct ss_track *tracks;	/* one per plan job, most unused */
static struct ss_job *sjobs;
static size_t n_ss;
static bool active;

void steadystate_free(void)
{
	size_t i;

	for (i = 0; tracks && i < n_ss; i++) {
		free(tracks[i].bw);
		free(tracks[i].iops);
	}
	free(tracks);
	free(sjobs);
	tracks = NULL;
	sjobs = NULL;
	n_ss = 0;
	active = false;
}

bool steadystate_active(void)
{
	return active;
}

static bool same_tracker(const struct plan_job *a, const struct plan_job *b)
{
	return a->spec->group_reporting && b->spec->group_reporting &&
	       a->group == b->group;
}

int steadystate_init(const struct plan *plan, struct perr *e)
{
	size_t i, first = 0;

	steadystate_free();
	tracks = calloc(plan->n_jobs ? plan->n_jobs : 1, sizeof(*tracks));
	sjobs = calloc(plan->n_jobs ? plan->n_jobs : 1, sizeof(*sjobs));
	if (!tracks || !sjobs) {
		steadystate_free();
		return -ENOMEM;
	}
	n_ss = plan->n_jobs;
	for (i = 0; i < plan->n_jobs; i++) {
		const struct plan_job *pj = &plan->jobs[i];
		const struct job_spec *js = pj->spec;
		struct ss_track *t;

		/* group_reporting: the group's first member holds the data,
		 * the one the report's entry points at */
		if (!i || !same_tracker(&plan->jobs[i - 1], pj))
			first = i;
		if (!js->steadystate_duration)
			continue;
		sjobs[i].on = true;
		sjobs[i].tracker = first;
		t = &tracks[first];
		if (t->on)
			continue;
		t->spec = js->ss;
		/* options made ss_dur a multiple of ss_interval */
		t->interval_ns = js->steadystate_check_interval * 1000;
		t->dur = (unsigned int)(js->steadystate_duration /
					js->steadystate_check_interval);
		if (!t->dur)
			t->dur = 1;
		t->dur_s = (unsigned int)(js->steadystate_duration / 1000000);
		t->ramp_ns = js->steadystate_ramp_time * 1000;
		t->bw = calloc(t->dur, sizeof(*t->bw));
		t->iops = calloc(t->dur, sizeof(*t->iops));
		if (!t->bw || !t->iops) {
			steadystate_free();
			return -ENOMEM;
		}
		t->on = true;
		active = true;
	}
	if (!active)
		steadystate_free();
	return 0;
}

static double dabs(double v)
{
	return v < 0 ? -v : v;
}

/* Sample k of the window, oldest first. */
static double sample(const struct ss_track *t, const uint64_t *ring, unsigned int k)
{
	uint64_t start = t->count >= t->dur ? t->count % t->dur : 0;

	return (double)ring[(start + k) % t->dur];
}

/* With a full window: compute the criterion; true when it is met. */
static bool judge(struct ss_track *t)
{
	const uint64_t *ring = t->spec.mode & SS_IOPS ? t->iops : t->bw;
	double n = t->dur, mean = 0, c;
	unsigned int k;

	if (t->count < t->dur)
		return false;
	for (k = 0; k < t->dur; k++)
		mean += sample(t, ring, k);
	mean /= n;
	if (t->spec.mode & SS_SLOPE) {
		double sx = 0, sxx = 0, sy = 0, sxy = 0, den;

		for (k = 0; k < t->dur; k++) {
			double y = sample(t, ring, k);

			sx += k;
			sxx += (double)k * k;
			sy += y;
			sxy += k * y;
		}
		den = sxx - sx * sx / n;
		/* per sample, then per second: limits do not depend on
		 * ss_interval */
		t->slope = den > 0 ? (sxy - sx * sy / n) / den : 0.0;
		t->slope /= (double)t->interval_ns / 1e9;
		c = t->slope;
	} else {
		t->deviation = 0;
		for (k = 0; k < t->dur; k++)
			if (dabs(sample(t, ring, k) - mean) > t->deviation)
				t->deviation = dabs(sample(t, ring, k) - mean);
		c = t->deviation;
	}
	if (t->spec.mode & SS_PCT) {
		if (mean <= 0) {
			t->criterion = 0;
			return false;	/* nothing moved: not a steady state */
		}
		c = 100.0 * c / mean;
	}
	t->criterion = c;
	return dabs(c) < t->spec.limit;
}

/* Whether tracker t takes a sample at now (1 ms early is on time). */
static bool due(const struct ss_track *t, uint64_t now)
{
	return t->on && !t->attained && now + 1000000 >= t->next_ns;
}

uint64_t steadystate_tick(const struct plan *plan, const struct eta_job *jobs,
			  uint64_t now, int *stop)
{
	uint64_t next = UINT64_MAX;
	size_t i, j;

	if (!active)
		return next;
	for (i = 0; i < n_ss; i++) {
		tracks[i].tick_bw = tracks[i].tick_iops = 0;
		tracks[i].tick_members = 0;
	}
	for (i = 0; i < n_ss; i++) {
		struct ss_job *sj = &sjobs[i];
		struct ss_track *t = &tracks[sj->tracker];
		uint64_t bytes = 0, ios = 0, ms;
		int d;

		if (!sj->on || !due(t, now) ||
		    (jobs[i].state != ETA_RUNNING && jobs[i].state != ETA_RAMP))
			continue;
		for (d = 0; d < DIR_NR; d++) {
			bytes += jobs[i].total_bytes[d];
			ios += jobs[i].total_ios[d];
		}
		ms = (now - sj->prev_ns) / 1000000;
		/* after ss_ramp, the first sample is a baseline */
		if (sj->seen && ms && now - jobs[i].started_ns >=
		    (t->ramp_ns ? t->ramp_ns + t->interval_ns : 0)) {
			t->tick_bw += (bytes - sj->prev_bytes) / ms * 1000 +
				      (bytes - sj->prev_bytes) % ms * 1000 / ms;
			t->tick_iops += (ios - sj->prev_ios) / ms * 1000 +
					(ios - sj->prev_ios) % ms * 1000 / ms;
			t->tick_members++;
		}
		sj->seen = true;
		sj->prev_ns = now;
		sj->prev_bytes = bytes;
		sj->prev_ios = ios;
	}
	for (i = 0; i < n_ss; i++) {
		struct ss_track *t = &tracks[i];

		if (!due(t, now))
			goto next;
		t->next_ns = now + t->interval_ns;
		if (!t->tick_members)
			goto next;
		t->bw[t->count % t->dur] = t->tick_bw;
		t->iops[t->count % t->dur] = t->tick_iops;
		t->count++;
		if (!judge(t))
			goto next;
		t->attained = true;
		for (j = 0; j < n_ss; j++)
			if (sjobs[j].on && sjobs[j].tracker == i)
				__atomic_store_n(&stop[j], 1, __ATOMIC_RELAXED);
next:
		if (t->on && !t->attained && t->next_ns < next)
			next = t->next_ns;
	}
	(void)plan;
	return next;
}

uint64_t steadystate_period_ns(void)
{
	uint64_t p = UINT64_MAX;
	size_t i;

	for (i = 0; active && i < n_ss; i++)
		if (tracks[i].on && tracks[i].interval_ns < p)
			p = tracks[i].interval_ns;
	return p;
}

static uint64_t ring_mean(const struct ss_track *t, const uint64_t *ring)
{
	uint64_t sum = 0;
	unsigned int k;

	for (k = 0; k < t->dur; k++)
		sum += ring[k];
	return sum / t->dur;
}

static const struct ss_track *track_of(const struct plan_job *pj)
{
	if (!tracks || pj->index >= n_ss || !tracks[pj->index].on)
		return NULL;
	return &tracks[pj->index];
}

void steadystate_report_json(struct json_writer *w, const struct plan_job *pj)
{
	const struct ss_track *t = track_of(pj);
	uint64_t start;
	unsigned int k;
	char buf[96];

	if (!t)
		return;
	snprintf(buf, sizeof(buf), "%s%s:%f%s", t->spec.mode & SS_IOPS ? "iops" : "bw",
		 t->spec.mode & SS_SLOPE ? "_slope" : "", (float)t->spec.limit,
		 t->spec.mode & SS_PCT ? "%" : "");
	json_begin_object(w, "steadystate");
	json_str(w, "ss", buf);
	json_int(w, "duration", t->dur_s);
	json_int(w, "attained", t->attained);
	snprintf(buf, sizeof(buf), "%f%s", (float)t->criterion,
		 t->spec.mode & SS_PCT ? "%" : "");
	json_str(w, "criterion", buf);
	json_double(w, "max_deviation", t->deviation);
	json_double(w, "slope", t->slope);
	json_begin_object(w, "data");
	json_uint(w, "bw_mean", ring_mean(t, t->bw));
	json_uint(w, "iops_mean", ring_mean(t, t->iops));
	start = t->count >= t->dur ? t->count % t->dur : 0;
	json_begin_array(w, "iops");
	for (k = 0; k < t->dur; k++)
		json_uint(w, NULL, t->iops[(start + k) % t->dur]);
	json_end(w);
	json_begin_array(w, "bw");
	for (k = 0; k < t->dur; k++)
		json_uint(w, NULL, t->bw[(start + k) % t->dur]);
	json_end(w);
	json_end(w);
	json_end(w);
}

void steadystate_report_normal(FILE *out, const struct plan_job *pj)
{
	const struct ss_track *t = track_of(pj);
	unsigned int kb = pj->spec->kb_base ? (unsigned int)pj->spec->kb_base : 1024;
	int i2p = !(kb & (kb - 1));
	uint64_t bw_k, bw_mean, iops_mean;
	char p1[32], p1alt[32], p2[32];

	if (!t)
		return;
	bw_mean = ring_mean(t, t->bw);
	iops_mean = ring_mean(t, t->iops);
	/* fio formats bw_mean / kb_base with its base, and the other unit's
	 * figure from the same count of kilo-units (so 1 KiB reads 1 kB) */
	bw_k = bw_mean / kb;
	num2str(p1, sizeof(p1), bw_k * (i2p ? 1024 : 1000), 4, i2p, NU_BYTE_PER_SEC);
	num2str(p1alt, sizeof(p1alt), bw_k * (i2p ? 1000 : 1024), 4, !i2p,
		       NU_BYTE_PER_SEC);
	num2str(p2, sizeof(p2), iops_mean, 4, 0, NU_NONE);
	fprintf(out, "  steadystate  : attained=%s, bw=%s (%s), iops=%s, %s%s=%.3f%s\n",
		t->attained ? "yes" : "no", p1, p1alt, p2,
		t->spec.mode & SS_IOPS ? "iops" : "bw",
		t->spec.mode & SS_SLOPE ? " slope" : " mean dev", (float)t->criterion,
		t->spec.mode & SS_PCT ? "%" : "");
}
