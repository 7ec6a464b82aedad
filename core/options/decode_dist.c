/*
 * decode_dist.c - the distributions of random_distribution and of
 * file_service_type (zipf, pareto, normal with their parameter and centre;
 * zoned and zoned_abs with their zones), decoded into struct dist_spec
 * with fio's defaults and ranges (see decode.c for the decode hooks).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "options/internal.h"
#include "options/value.h"

/* Defaults of a distribution given without its parameter (fio's). */
static double dist_default(enum dist_kind k)
{
	return k == DIST_ZIPF ? 1.1 : k == DIST_PARETO ? 0.2 : 0.0;
}

/* A number of a distribution's text: the whole of t. */
static bool dist_number(const char *t, double *out)
{
	char *end;

	if (!*t)
		return false;
	*out = strtod(t, &end);
	return !*end && isfinite(*out);
}

/*
 * KIND[:ARG[:CENTER]] of random_distribution and file_service_type into
 * *d, with fio's ranges: zipf's theta above 0 (and, unlike fio's, 1 too:
 * plio draws zipf exactly), pareto's h between 0 and 1, normal's deviation
 * 0 to under 100 percent, the centre 0 to 1.  NULL, or what is wrong.
 */
const char *decode_dist_args(char *args, struct dist_spec *d)
{
	char *center = args ? strchr(args, ':') : NULL;
	double a;

	d->arg = dist_default(d->kind);
	d->center = -1.0;
	if (center)
		*center++ = '\0';
	if (args && !dist_number(args, &d->arg))
		return "its parameter is not a number";
	if (center && (!dist_number(center, &d->center) || d->center < 0.0 || d->center > 1.0))
		return "the centre is not a number from 0 to 1";
	a = d->arg;
	if (d->kind == DIST_ZIPF && !(a > 0.0))
		return "zipf's theta must be above 0";
	if (d->kind == DIST_PARETO && !(a > 0.0 && a < 1.0))
		return "pareto's h must lie between 0 and 1 (exclusive)";
	if (d->kind == DIST_NORMAL && !(a >= 0.0 && a < 100.0))
		return "normal's deviation is a percentage, 0 to less than 100";
	return NULL;
}

/*
 * zoned's PCT/SIZE:PCT/SIZE...: access percentages that add up to 100,
 * sizes in percent of the region (zoned, adding up to 100 at most; a last
 * entry without a size takes what the others leave) or in bytes
 * (zoned_abs).  NULL, or what is wrong (into why).
 */
static const char *decode_zones(char *list, unsigned int kb_base, struct dist_spec *d,
				char *why, size_t len)
{
	char *items[DIST_ZONES_MAX + 1], *size;
	unsigned int n, i, pct = 0;
	uint64_t total = 0;
	int64_t v;

	n = (unsigned int)option_split(list, ':', items, DIST_ZONES_MAX + 1);
	if (n > DIST_ZONES_MAX)
		return "more than 256 zones";
	for (i = 0; i < n; i++) {
		struct dist_zone *z = &d->zones[i];

		size = strchr(items[i], '/');
		if (!size) {
			snprintf(why, len, "zone '%s' is not PERCENT/SIZE", items[i]);
			return why;
		}
		*size++ = '\0';
		if (parse_int(items[i], &v) || v < 0 || v > 100) {
			snprintf(why, len, "'%s' is not a percentage of the I/O", items[i]);
			return why;
		}
		z->pct = (unsigned int)v;
		pct += z->pct;
		if (!*size && i + 1 == n && d->kind == DIST_ZONED) {
			z->size = total < 100 ? 100 - total : 0;
		} else if (d->kind == DIST_ZONED ? parse_int(size, &v) || v < 0 || v > 100 :
			   parse_size(size, kb_base, &z->size)) {
			snprintf(why, len, "'%s' is not a %s", size,
				 d->kind == DIST_ZONED ? "percentage of the region" : "size");
			return why;
		} else if (d->kind == DIST_ZONED) {
			z->size = (uint64_t)v;
		}
		total += z->size;
	}
	d->nzones = n;
	if (pct != 100) {
		snprintf(why, len, "the zones' access percentages add up to %u, not 100", pct);
		return why;
	}
	if (d->kind == DIST_ZONED && total > 100) {
		snprintf(why, len, "the zones' sizes add up to %" PRIu64 "%% of the region, more than 100%%",
			 total);
		return why;
	}
	return NULL;
}

/*
 * random_distribution=KIND[:ARGS][,KIND[:ARGS][,...]]: per direction as
 * bs= is (a missing part repeats the last); a part of zoned or zoned_abs
 * may leave out the kind ("zoned:60/10:40/90,100/50"), which is that of
 * the part before.
 */
int decode_random_distribution(struct job_spec *js, struct perr *e)
{
	const char *t = js->txt.random_distribution;
	char where[256], why[160], *buf, *parts[3], *args;
	const struct plio_option_choice *c;
	const char *bad = NULL;
	enum dist_kind last = DIST_RANDOM;
	int n, d, rc = 0;

	memset(js->rdist, 0, sizeof(js->rdist));
	if (!t || !*t)
		return 0;
	buf = strdup(t);
	if (!buf)
		return perr_setrc(e, -ENOMEM, "out of memory");
	n = option_split(buf, ',', parts, 3);
	if (n < 1)
		bad = "more than three parts (READ,WRITE,TRIM)";
	for (d = 0; d < n && !bad; d++) {
		struct dist_spec *ds = &js->rdist[d];

		args = strchr(parts[d], ':');
		if (args)
			*args++ = '\0';
		for (c = random_distribution_choices; c->value; c++)
			if (!strcmp(c->value, parts[d]))
				break;
		if (c->value) {
			ds->kind = (enum dist_kind)c->ival;
		} else if (d && (last == DIST_ZONED || last == DIST_ZONED_ABS) &&
			   isdigit((unsigned char)*parts[d])) {
			ds->kind = last;	/* zoned:...,PCT/SIZE:... */
			if (args)
				args[-1] = ':';
			args = parts[d];
		} else {
			snprintf(why, sizeof(why), "'%s' is not a distribution", parts[d]);
			bad = why;
			break;
		}
		last = ds->kind;
		if (ds->kind == DIST_ZONED || ds->kind == DIST_ZONED_ABS)
			bad = args ? decode_zones(args, (unsigned int)js->kb_base, ds, why, sizeof(why)) :
			      "zoned needs its zones (PERCENT/SIZE:...)";
		else if (ds->kind != DIST_RANDOM)
			bad = decode_dist_args(args, ds);
	}
	for (; !bad && n > 0 && d < 3; d++)
		js->rdist[d] = js->rdist[n - 1];
	if (bad)
		rc = perr_set(e, "%s: random_distribution: '%s': %s",
			      options_where(js, CO_RANDOM_DISTRIBUTION, where, sizeof(where)), t, bad);
	free(buf);
	return rc;
}
