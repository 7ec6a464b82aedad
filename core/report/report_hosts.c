/*
 * report_hosts.c - the normal format's per-host table of a run across
 * hosts (plio-mpi), from each rank's own statistics (report.h).
 *
 * The merged report above it says what the whole run did; this table
 * says where: a row per host name (hosts in the order of their first
 * rank) with its ranks, its failed jobs and, per direction the run moved
 * data in, the IOPS and bandwidth of its ranks added and the mean
 * completion latency of all its I/Os.  A rank's rate is its bytes (I/Os)
 * over its runtime in that direction: in each stonewall phase the longest
 * runtime of its jobs that moved data in it (fio's group "run="), the
 * phases added as they ran one after the other.  With one phase and one
 * group, a host of one rank shows that rank's "Run status group" bw.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define RANKS_MAX_CHARS 40	/* a longer rank list ends with "..." */

struct host_row {
	const char *name;
	unsigned int n_ranks;
	unsigned int failed;		/* jobs of its ranks with an error */
	uint64_t iops[DIR_NR], bw[DIR_NR];
	struct lat_stat clat[DIR_NR];
};

/* A rank without a host name is grouped and shown as "?". */
static const char *host_name(const struct report_rank *rk)
{
	return rk->host && rk->host[0] ? rk->host : "?";
}

/* A rank's bytes/s and I/Os per second in dir (see the top). */
static void rank_rates(const struct plan *plan, const struct job_stats *st, int dir,
		       uint64_t *bw, uint64_t *iops)
{
	uint64_t bytes = 0, ios = 0, run = 0, phase_run = 0, ms;
	unsigned int phase = 0;
	size_t i;

	for (i = 0; i < plan->n_jobs; i++) {
		const struct dir_stats *ds = &st[i].dir[dir];

		/* jobs of one phase are contiguous (plan.h) */
		if (plan->jobs[i].phase != phase) {
			run += phase_run;
			phase_run = 0;
			phase = plan->jobs[i].phase;
		}
		if (!ds->bytes)
			continue;
		bytes += ds->bytes;
		ios += ds->ios;
		ms = report_run_ms(st[i].runtime_ns);
		if (ms > phase_run)
			phase_run = ms;
	}
	run += phase_run;
	*bw = run ? bytes * 1000 / run : 0;
	*iops = run ? ios * 1000 / run : 0;
}

/* Rows per host name, in the order of their first rank; host_of[r] is
 * rank r's row.  The number of rows. */
static unsigned int host_rows(const struct report_ctx *rc, struct host_row *rows,
			      unsigned int *host_of)
{
	unsigned int r, h, n = 0;
	size_t i;
	int d;

	for (r = 0; r < rc->n_ranks; r++) {
		const struct report_rank *rk = &rc->ranks[r];
		struct host_row *row;

		for (h = 0; h < n; h++)
			if (!strcmp(rows[h].name, host_name(rk)))
				break;
		if (h == n)
			rows[n++].name = host_name(rk);
		host_of[r] = h;
		row = &rows[h];
		row->n_ranks++;
		for (d = 0; d < DIR_NR; d++) {
			uint64_t bw, iops;

			rank_rates(rc->plan, rk->stats, d, &bw, &iops);
			row->bw[d] += bw;
			row->iops[d] += iops;
		}
		for (i = 0; i < rc->plan->n_jobs; i++) {
			row->failed += rk->stats[i].error != 0;
			for (d = 0; d < DIR_NR; d++)
				lat_stat_merge(&row->clat[d], &rk->stats[i].dir[d].clat);
		}
	}
	return n;
}

/* Host h's ranks, runs of consecutive numbers as "a-b": "0-3,8". */
static void rank_list(char *buf, size_t len, const struct report_ctx *rc,
		      const unsigned int *host_of, unsigned int h)
{
	size_t at = 0;
	unsigned int r, end;
	char piece[32];

	buf[0] = '\0';
	for (r = 0; r < rc->n_ranks; r = end + 1) {
		end = r;
		if (host_of[r] != h)
			continue;
		while (end + 1 < rc->n_ranks && host_of[end + 1] == h &&
		       rc->ranks[end + 1].rank == rc->ranks[end].rank + 1)
			end++;
		if (end > r)
			snprintf(piece, sizeof(piece), "%s%u-%u", at ? "," : "",
				 rc->ranks[r].rank, rc->ranks[end].rank);
		else
			snprintf(piece, sizeof(piece), "%s%u", at ? "," : "", rc->ranks[r].rank);
		if (at + strlen(piece) + 4 >= len) {
			snprintf(buf + at, len - at, ",...");
			return;
		}
		at += (size_t)snprintf(buf + at, len - at, "%s", piece);
	}
}

/* A mean latency in ns as "850.00nsec", "1.50usec", "12.31msec". */
static void mean_lat(char *buf, size_t len, const struct lat_stat *s)
{
	if (!s->n)
		snprintf(buf, len, "-");
	else if (s->mean < 1000.0)
		snprintf(buf, len, "%.2fnsec", s->mean);
	else if (s->mean < 1000000.0)
		snprintf(buf, len, "%.2fusec", s->mean / 1000.0);
	else
		snprintf(buf, len, "%.2fmsec", s->mean / 1000000.0);
}

int report_hosts_normal(FILE *out, const struct report_data *d)
{
	static const char *const dir_name[DIR_NR] = { "read", "write", "trim" };
	const struct report_ctx *rc = d->rc;
	/* units as the first job's (fio's defaults without one) */
	unsigned int kb_base = d->n ? d->e[0].fmt.kb_base : 1024;
	int sf = d->n ? d->e[0].fmt.sig_figs : 4;
	enum num_unit ru = d->n && d->e[0].fmt.bits ? NU_BIT_PER_SEC : NU_BYTE_PER_SEC;
	int p2 = kb_base && !(kb_base & (kb_base - 1));
	bool moved[DIR_NR] = { false };
	char ranks[RANKS_MAX_CHARS + 1], iops[32], bw[32], lat[32];
	unsigned int *host_of, n, h, r;
	int name_w = 0, ranks_w = 0, dir;
	struct host_row *rows;
	size_t i;

	if (!rc->n_ranks)
		return 0;
	rows = calloc(rc->n_ranks, sizeof(*rows));
	host_of = calloc(rc->n_ranks, sizeof(*host_of));
	if (!rows || !host_of) {
		free(rows);
		free(host_of);
		return -ENOMEM;
	}
	n = host_rows(rc, rows, host_of);
	for (r = 0; r < rc->n_ranks; r++)
		for (i = 0; i < rc->plan->n_jobs; i++)
			for (dir = 0; dir < DIR_NR; dir++)
				moved[dir] |= rc->ranks[r].stats[i].dir[dir].bytes != 0;
	for (h = 0; h < n; h++) {
		int w = (int)strlen(rows[h].name);

		rank_list(ranks, sizeof(ranks), rc, host_of, h);
		if (w > name_w)
			name_w = w;
		if ((int)strlen(ranks) > ranks_w)
			ranks_w = (int)strlen(ranks);
	}

	fprintf(out, "\nHosts (%u rank%s on %u host%s):\n", rc->n_ranks,
		rc->n_ranks > 1 ? "s" : "", n, n > 1 ? "s" : "");
	for (h = 0; h < n; h++) {
		const struct host_row *row = &rows[h];

		rank_list(ranks, sizeof(ranks), rc, host_of, h);
		fprintf(out, "  %-*s  ranks=%-*s  failed jobs=%u", name_w, row->name,
			ranks_w, ranks, row->failed);
		for (dir = 0; dir < DIR_NR; dir++) {
			if (!moved[dir])
				continue;
			num2str(iops, sizeof(iops), row->iops[dir], sf, 0, NU_NONE);
			num2str(bw, sizeof(bw), row->bw[dir], sf, p2, ru);
			mean_lat(lat, sizeof(lat), &row->clat[dir]);
			fprintf(out, "  %s: IOPS=%s, BW=%s, clat avg=%s", dir_name[dir], iops,
				bw, lat);
		}
		fputc('\n', out);
	}
	free(rows);
	free(host_of);
	return ferror(out) ? -EIO : 0;
}
