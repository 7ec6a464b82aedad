/*
 * decode_prio.c - the per-I/O priorities: cmdprio_percentage, cmdprio_class
 * and cmdprio (READ[,WRITE] each), or cmdprio_bssplit (per block size:
 * bs/percent, taking cmdprio_class/cmdprio, or bs/percent/class/level;
 * READS[,WRITES]), decoded together into job_spec.cmdprio_rule with fio's
 * rules: the two ways exclude each other, trims take no priority.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "options/internal.h"
#include "options/value.h"

#define PRIO_VALUE(cls, level) ((uint16_t)((unsigned int)(cls) << 13 | (unsigned int)(level)))

/* READ[,WRITE] ints (checked in range when parsed): a single value is
 * both; a third (trims) is refused. */
static int two_dirs(const struct job_spec *js, enum core_opt id, const char *t, int64_t *v,
		    struct perr *e)
{
	char buf[256], *parts[3], where[256];
	int n;

	if (!t || !*t)
		return 0;
	snprintf(buf, sizeof(buf), "%s", t);
	n = option_split(buf, ',', parts, 3);
	if (n < 0 || n > 2)
		return perr_set(e, "%s: %s: '%s': trims take no priority: give READ[,WRITE]",
				options_where(js, id, where, sizeof(where)),
				core_options[id].o.name, t);
	if (n >= 1 && *parts[0] && parse_int(parts[0], &v[0]))
		return -EINVAL;	/* checked when parsed */
	v[1] = v[0];
	if (n == 2 && *parts[1] && parse_int(parts[1], &v[1]))
		return -EINVAL;
	return 0;
}

/* One direction's cmdprio_bssplit list into r; NULL or what is wrong. */
static const char *split_list(char *list, unsigned int kb_base, uint16_t dflt,
			      struct cmdprio_dir *r, char *why, size_t len)
{
	char *items[BSSPLIT_MAX + 1], *f[5];
	unsigned int n, i, k;
	int64_t v[3];

	n = (unsigned int)option_split(list, ':', items, BSSPLIT_MAX + 1);
	if (n > BSSPLIT_MAX) {
		snprintf(why, len, "more than %d entries", BSSPLIT_MAX);
		return why;
	}
	for (i = 0; i < n; i++) {
		char entry[64];

		snprintf(entry, sizeof(entry), "%s", items[i]);
		k = (unsigned int)option_split(items[i], '/', f, 5);
		if ((k != 2 && k != 4) || parse_size(f[0], kb_base, &r->split[i].bs) ||
		    !r->split[i].bs) {
			snprintf(why, len, "'%.60s' is not bs/percent or bs/percent/class/level",
				 entry);
			return why;
		}
		if (parse_int(f[1], &v[0]) || v[0] < 0 || v[0] > 100) {
			snprintf(why, len, "'%s' is not a percentage", f[1]);
			return why;
		}
		r->split[i].pct = (unsigned int)v[0];
		r->split[i].ioprio = dflt;
		if (k == 4) {
			if (parse_int(f[2], &v[1]) || v[1] < 1 || v[1] > 3) {
				snprintf(why, len, "class '%s' is not 1 to 3", f[2]);
				return why;
			}
			if (parse_int(f[3], &v[2]) || v[2] < 0 || v[2] > 7) {
				snprintf(why, len, "level '%s' is not 0 to 7", f[3]);
				return why;
			}
			r->split[i].ioprio = PRIO_VALUE(v[1], v[2]);
		}
	}
	r->nsplit = n;
	return NULL;
}

/* The distinct priorities a direction's rules give, beside the job's own:
 * what the statistics keep one slot each for. */
static unsigned int distinct(const struct cmdprio_dir *r)
{
	uint16_t seen[BSSPLIT_MAX + 1];
	unsigned int n = 0, i, j;

	if (r->pct)
		seen[n++] = r->ioprio;
	for (i = 0; i < r->nsplit; i++) {
		for (j = 0; j < n && seen[j] != r->split[i].ioprio; j++)
			;
		if (j == n)
			seen[n++] = r->split[i].ioprio;
	}
	return n;
}

int decode_cmdprio(struct job_spec *js, struct perr *e)
{
	int64_t pct[2] = { 0, 0 }, cls[2] = { 1, 1 }, lvl[2] = { 0, 0 };
	char buf[4096], *lists[3] = { NULL, NULL, NULL }, where[256], why[160];
	const char *bad = NULL;
	int d, n, rc;

	memset(js->cmdprio_rule, 0, sizeof(js->cmdprio_rule));
	js->cmdprio_on = false;
	rc = two_dirs(js, CO_CMDPRIO_PERCENTAGE, js->txt.cmdprio_percentage, pct, e);
	if (!rc)
		rc = two_dirs(js, CO_CMDPRIO_CLASS, js->txt.cmdprio_class, cls, e);
	if (!rc)
		rc = two_dirs(js, CO_CMDPRIO, js->txt.cmdprio, lvl, e);
	if (rc)
		return rc;
	for (d = 0; d < 2; d++) {
		js->cmdprio_rule[d].pct = (unsigned int)pct[d];
		js->cmdprio_rule[d].ioprio = PRIO_VALUE(cls[d], lvl[d]);
	}
	if (js->cmdprio_bssplit && *js->cmdprio_bssplit) {
		if (pct[0] || pct[1])
			return perr_set(e, "%s: cmdprio_bssplit: cmdprio_percentage and cmdprio_bssplit exclude each other (fio's rule)",
					options_where(js, CO_CMDPRIO_BSSPLIT, where, sizeof(where)));
		snprintf(buf, sizeof(buf), "%s", js->cmdprio_bssplit);
		n = option_split(buf, ',', lists, 3);
		if (n < 0 || n > 2)
			bad = "trims take no priority: give READS[,WRITES]";
		for (d = 0; !bad && d < 2; d++) {
			char one[4096];

			/* a single list is the writes' too: parsed again, from
			 * a copy (parsing cuts it up) */
			snprintf(one, sizeof(one), "%s", lists[d < n ? d : n - 1]);
			bad = split_list(one, (unsigned int)js->kb_base, js->cmdprio_rule[d].ioprio,
					 &js->cmdprio_rule[d], why, sizeof(why));
		}
		if (bad)
			return perr_set(e, "%s: cmdprio_bssplit: '%s': %s",
					options_where(js, CO_CMDPRIO_BSSPLIT, where, sizeof(where)),
					js->cmdprio_bssplit, bad);
	}
	for (d = 0; d < 2; d++) {
		const struct cmdprio_dir *r = &js->cmdprio_rule[d];

		if (distinct(r) > CMDPRIO_VALUES_MAX)
			return perr_set(e, "%s: cmdprio_bssplit: more than %d priorities for %s (plio keeps statistics for each)",
					options_where(js, CO_CMDPRIO_BSSPLIT, where, sizeof(where)),
					CMDPRIO_VALUES_MAX, d ? "writes" : "reads");
		js->cmdprio_on |= r->pct || r->nsplit;
	}
	return 0;
}
