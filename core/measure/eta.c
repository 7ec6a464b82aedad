/*
 * eta.c - the status line and the aggregate bandwidth log (see eta.h).
 *
 * Formats follow fio 3.33's eta.c: the condensed run string, percentages
 * from elapsed / (elapsed + eta), num2str with 4 significant digits for
 * rates and IOPS, the line padded with blanks when it got shorter (a
 * terminal rewrites it in place after '\r').
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "measure/eta.h"
#include "options/options.h"
#include "base/numfmt.h"

void eta_init(struct eta *eta, const struct plan *plan, uint64_t newline_us,
	      uint64_t now)
{
	size_t i;

	memset(eta, 0, sizeof(*eta));
	eta->newline_ns = newline_us * 1000;
	eta->last_ns = now;
	eta->newline_mark_ns = now;
	/* as fio: binary units unless no job has a power-of-two kb_base */
	eta->pow2 = !plan->n_jobs;
	for (i = 0; i < plan->n_jobs; i++)
		if (plan->jobs[i].spec->kb_base != 1000)
			eta->pow2 = true;
}

void eta_to_str(char *buf, size_t len, int64_t sec)
{
	unsigned int d, h, m, s;
	int n = 0;

	if (sec < 0) {
		snprintf(buf, len, "--");
		return;
	}
	s = (unsigned int)(sec % 60);
	sec /= 60;
	m = (unsigned int)(sec % 60);
	sec /= 60;
	h = (unsigned int)(sec % 24);
	d = (unsigned int)(sec / 24);
	buf[0] = '\0';
	if (d)
		n += snprintf(buf + n, len - (size_t)n, "%02ud:", d);
	if (h || d)
		n += snprintf(buf + n, len - (size_t)n, "%02uh:", h);
	snprintf(buf + n, len - (size_t)n, "%02um:%02us", m, s);
}

/* Seconds left of one job; -1 unknown. */
static int64_t job_eta(const struct plan_job *pj, const struct eta_job *j,
		       uint64_t genesis, uint64_t now)
{
	const struct job_spec *js = pj->spec;
	uint64_t limit_us = js->runtime ? js->runtime + js->ramp_time : 0;
	double elapsed, perc, left;

	switch (j->state) {
	case ETA_ENDED:
	case ETA_FAILED:
		return 0;
	case ETA_PENDING:
	case ETA_SETUP: {
		/* fio guesses the whole runtime, or nothing without one */
		uint64_t since_us = (now - genesis) / 1000, delay_us = 0;

		if (j->state == ETA_PENDING && pj->startdelay_us > since_us)
			delay_us = pj->startdelay_us - since_us;
		return (int64_t)((limit_us + delay_us) / 1000000);
	}
	default:
		break;
	}
	elapsed = (double)(now - j->started_ns) / 1e9;
	if (js->time_based) {
		if (!js->runtime)
			return -1;	/* one pass, of unknown length */
		left = (double)limit_us / 1e6 - elapsed;
		return left > 0 ? (int64_t)(left + 0.5) : 0;
	}
	perc = 0.0;
	if (pj->io_size && js->loops > 0)
		perc = (double)j->bytes / ((double)pj->io_size * (double)js->loops);
	if (perc > 1.0)
		perc = 1.0;
	if (perc <= 0.0)
		left = limit_us ? (double)limit_us / 1e6 - elapsed : -1.0;
	else
		left = elapsed / perc - elapsed;
	if (limit_us && left > (double)limit_us / 1e6 - elapsed)
		left = (double)limit_us / 1e6 - elapsed;
	if (left < 0)
		return perc > 0.0 || limit_us ? 0 : -1;
	return (int64_t)(left + 0.5);
}

int64_t eta_seconds(const struct plan *plan, const struct eta_job *jobs,
		    uint64_t genesis, uint64_t now)
{
	int64_t total = 0, phase_max = 0;
	unsigned int phase = 0;
	bool any = false;
	size_t i;

	/* jobs of one phase run together (the longest counts); phases
	 * follow one another (they add up) */
	for (i = 0; i < plan->n_jobs; i++) {
		int64_t s = job_eta(&plan->jobs[i], &jobs[i], genesis, now);

		if (i && plan->jobs[i].phase != phase) {
			total += phase_max;
			phase_max = 0;
		}
		phase = plan->jobs[i].phase;
		if (s < 0) {
			if (jobs[i].state != ETA_PENDING)
				return -1;
			s = 0;
		}
		if (s > phase_max)
			phase_max = s;
		any = true;
	}
	return any ? total + phase_max : 0;
}

/* The job's letter in the run string, as fio's check_str_update(). */
static char state_char(const struct plan_job *pj, const struct eta_job *j)
{
	int rw = pj->spec->rw;
	bool rnd = rw & RW_RAND;

	switch (j->state) {
	case ETA_PENDING:
		return 'P';
	case ETA_SETUP:
		return 'I';
	case ETA_RAMP:
		return '/';
	case ETA_ENDED:
		return '_';
	case ETA_FAILED:
		return 'X';
	default:
		break;
	}
	if ((rw & RW_READ) && (rw & RW_WRITE))
		return rnd ? 'm' : 'M';
	if (rw & RW_READ)
		return rnd ? 'r' : 'R';
	if (rw & RW_WRITE)
		return rnd ? 'w' : 'W';
	return rnd ? 'd' : 'D';
}

/* fio's condensed run string: "R(2),_(1)" */
static size_t run_str(const struct plan *plan, const struct eta_job *jobs, char *buf,
		      size_t len)
{
	size_t i = 0, n = 0;

	buf[0] = '\0';
	while (i < plan->n_jobs && n + 1 < len) {
		char c = state_char(&plan->jobs[i], &jobs[i]);
		unsigned int nr = 0;

		while (i < plan->n_jobs && state_char(&plan->jobs[i], &jobs[i]) == c) {
			nr++;
			i++;
		}
		n += (size_t)snprintf(buf + n, len - n, "%s%c(%u)", n ? "," : "", c, nr);
		if (n >= len)
			n = len - 1;
	}
	return n;
}

size_t eta_line(struct eta *eta, const struct plan *plan, const struct eta_job *jobs,
		uint64_t genesis, uint64_t now, char *buf, size_t len)
{
	static const char dchar[DIR_NR] = { 'r', 'w', 't' };
	uint64_t bytes[DIR_NR] = { 0 }, ios[DIR_NR] = { 0 };
	uint64_t rate[DIR_NR], iops[DIR_NR], dt = now - eta->last_ns;
	unsigned int running = 0, files = 0;
	char rs[1024], pct[32], es[64], num[32];
	const char *sep;
	size_t i, n = 0, line;
	int64_t left;
	int d, linelen;
	bool any = false;

	if (len < 2)
		return 0;
	for (i = 0; i < plan->n_jobs; i++) {
		if (jobs[i].state == ETA_RUNNING || jobs[i].state == ETA_RAMP) {
			running++;
			files += (unsigned int)plan->jobs[i].n_files;
		}
		for (d = 0; d < DIR_NR; d++) {
			bytes[d] += jobs[i].total_bytes[d];
			ios[d] += jobs[i].total_ios[d];
		}
	}
	for (d = 0; d < DIR_NR; d++) {
		/* in double: bytes * 1e9 overflows 64 bits past 18 GB */
		rate[d] = dt ? (uint64_t)((double)(bytes[d] - eta->prev_bytes[d]) * 1e9 /
					  (double)dt) : 0;
		iops[d] = dt ? (uint64_t)((double)(ios[d] - eta->prev_ios[d]) * 1e9 /
					  (double)dt) : 0;
		eta->prev_bytes[d] = bytes[d];
		eta->prev_ios[d] = ios[d];
		any |= rate[d] || iops[d];
	}
	eta->last_ns = now;

#define PUT(...)                                                              \
	do {                                                                  \
		if (n < len)                                                  \
			n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); \
		if (n >= len)                                                 \
			n = len - 1;                                          \
	} while (0)

	if (eta->newline_pending) {
		eta->newline_pending = false;
		eta->linelen_last = 0;
		PUT("\n");
	}
	line = n;
	PUT("Jobs: %u (f=%u)", running, files);
	if (running) {
		left = eta_seconds(plan, jobs, genesis, now);
		if (left < 0) {
			snprintf(pct, sizeof(pct), "-.-%%");
		} else {
			double el = (double)(now - genesis) / 1e9;

			snprintf(pct, sizeof(pct), "%3.1f%%",
				 el + (double)left > 0 ? 100.0 * el / (el + (double)left) : 0.0);
		}
		run_str(plan, jobs, rs, sizeof(rs));
		PUT(": [%s][%s]", rs, pct);
		if (any) {
			PUT("[");
			for (sep = "", d = 0; d < DIR_NR; d++) {
				if (!rate[d] && !iops[d])
					continue;
				num2str(num, sizeof(num), rate[d], 4, eta->pow2,
					       NU_BYTE_PER_SEC);
				PUT("%s%c=%s", sep, dchar[d], num);
				sep = ",";
			}
			PUT("][");
			for (sep = "", d = 0; d < DIR_NR; d++) {
				if (!rate[d] && !iops[d])
					continue;
				num2str(num, sizeof(num), iops[d], 4, 0, NU_NONE);
				PUT("%s%c=%s", sep, dchar[d], num);
				sep = ",";
			}
			PUT(" IOPS]");
		}
		eta_to_str(es, sizeof(es), left);
		PUT("[eta %s]", es);
	}
	/* blanks over what a longer line left (between two phases the
	 * line is only "Jobs: 0 (f=0)") */
	linelen = (int)(n - line);
	if (linelen < eta->linelen_last)
		PUT("%*s", eta->linelen_last - linelen, "");
	eta->linelen_last = linelen;
	PUT("\r");
#undef PUT
	if (eta->newline_ns && now - eta->newline_mark_ns > eta->newline_ns) {
		eta->newline_mark_ns = now;
		eta->newline_pending = true;
	}
	return n;
}

int eta_bwlog_open(struct eta_bwlog *bl, const struct plan *plan, uint64_t now,
		   struct perr *e)
{
	static const char *const names[DIR_NR] = {
		"agg-read_bw.log", "agg-write_bw.log", "agg-trim_bw.log",
	};
	uint64_t ms = 0;
	size_t i;
	int d;

	memset(bl, 0, sizeof(*bl));
	for (i = 0; i < plan->n_jobs; i++) {
		int64_t t = plan->jobs[i].spec->bwavgtime;

		if (t > 0 && (!ms || (uint64_t)t < ms))
			ms = (uint64_t)t;
	}
	bl->period_ns = (ms ? ms : 500) * 1000000ull;
	bl->last_ns = now;
	for (d = 0; d < DIR_NR; d++) {
		bl->f[d] = fopen(names[d], "w");
		if (!bl->f[d]) {
			int rc = perr_setrc(e, -errno, "--bandwidth-log: cannot write '%s': %s",
					    names[d], strerror(errno));

			eta_bwlog_close(bl);
			return rc;
		}
	}
	return 0;
}

uint64_t eta_bwlog_sample(struct eta_bwlog *bl, const struct eta_job *jobs,
			  size_t n, uint64_t genesis, uint64_t now)
{
	uint64_t bytes[DIR_NR] = { 0 }, dt_ms;
	bool ramp = false;
	size_t i;
	int d;

	if (!bl->f[0])
		return UINT64_MAX;
	if (now - bl->last_ns <= bl->period_ns)
		return bl->last_ns + bl->period_ns + 1;
	for (i = 0; i < n; i++) {
		ramp |= jobs[i].state == ETA_RAMP;
		for (d = 0; d < DIR_NR; d++)
			bytes[d] += jobs[i].total_bytes[d];
	}
	dt_ms = (now - bl->last_ns) / 1000000;
	/* as fio: no sample while a job ramps up, but the period restarts */
	for (d = 0; d < DIR_NR; d++) {
		if (!ramp && dt_ms)
			fprintf(bl->f[d], "%llu, %llu, %d, 0, 0\n",
				(unsigned long long)((now - genesis) / 1000000),
				(unsigned long long)((bytes[d] - bl->prev_bytes[d]) * 1000 /
						     dt_ms / 1024),
				d);
		bl->prev_bytes[d] = bytes[d];
	}
	bl->last_ns = now;
	return now + bl->period_ns + 1;
}

int eta_bwlog_close(struct eta_bwlog *bl)
{
	int d, rc = 0;

	for (d = 0; d < DIR_NR; d++) {
		if (bl->f[d] && fclose(bl->f[d]))
			rc = -EIO;
		bl->f[d] = NULL;
	}
	return rc;
}
