/*
 * report.h - last stage: measured statistics to fio's output formats.
 *
 * Reads the plan and one job_stats per plan job; merges per group when a
 * job asks for group_reporting; prints fio's normal text layout or its JSON
 * (same keys and nesting as fio 3.33 for what plio measures).
 */
#ifndef PLIO_REPORT_H
#define PLIO_REPORT_H

#include <stdio.h>
#include <time.h>

#include "plan.h"
#include "stats.h"

#define REPORT_NORMAL (1u << 0)
#define REPORT_JSON (1u << 1)
#define REPORT_JSONPLUS (1u << 2)
#define REPORT_TERSE (1u << 3)

struct report_ctx {
	const struct plan *plan;
	const struct job_stats *stats;	/* plan->n_jobs entries */
	time_t start_time;		/* wall clock when the run started */
	uint64_t start_ms;		/* same, milliseconds since the epoch */
	const char *version;		/* "plio-0.1" */
};

/* Print the report in each format of `formats`, in fio's order. */
int report_print(FILE *out, unsigned int formats, const struct report_ctx *rc);

#endif
