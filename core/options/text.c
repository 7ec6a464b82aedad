/*
 * text.c - the syntax of the option values kept as text (value.h's
 * OPT_TEXT_* types): fio's sizes, integers and times per direction or as
 * ranges, decimal lists, bssplit, a choice with arguments,
 * sync_file_range, CPU lists.  What is checked here is stored as the text
 * given; decode.c turns the text of the options plio runs into values.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "options/internal.h"
#include "options/value.h"

#define vtype(o) option_type(o)

/* One number of a SIZES, INTS or TIMES value, bounds checked: 0,
 * -EINVAL when it is not one, -ERANGE out of bounds, -EDOM for a
 * percentage out of bounds. */
static int check_scalar(const struct plio_option *o, const char *t,
			unsigned int kb_base)
{
	size_t len = strlen(t);
	uint64_t u;
	int64_t i;
	int rc;

	if (!len)
		return -EINVAL;
	switch (vtype(o)) {
	case OPT_TEXT_SIZES:
		if ((option_flags(o) & OPTF_PCT) && t[len - 1] == '%') {
			char num[32];

			if (len > sizeof(num))
				return -EINVAL;
			memcpy(num, t, len - 1);
			num[len - 1] = '\0';
			rc = parse_int(num, &i);
			if (rc)
				return rc;
			return i < (option_flags(o) & OPTF_PCT0 ? 0 : 1) || i > 100 ?
			       -EDOM : 0;
		}
		rc = parse_size(t, kb_base, &u);
		break;
	case OPT_TEXT_TIMES:
		rc = parse_time_us(t, o->unit ? o->unit : 1000000, &u);
		break;
	default:
		rc = parse_int_mult(t, kb_base, &i);
		if (!rc && !option_int_in_bounds(o, i))
			rc = -ERANGE;
		return rc;
	}
	if (!rc && !option_size_in_bounds(o, u))
		rc = -ERANGE;
	return rc;
}

/* One value, or with OPTF_RANGE a LOW-HIGH / LOW:HIGH range of two. */
static int check_element(const struct plio_option *o, char *t,
			 unsigned int kb_base)
{
	char *sep = NULL;
	int rc;

	if (option_flags(o) & OPTF_RANGE) {
		sep = strchr(t + (*t == '-'), '-');
		if (!sep)
			sep = strchr(t, ':');
	}
	if (!sep)
		return option_flags(o) & OPTF_NEEDS_RANGE ? -EINVAL : check_scalar(o, t, kb_base);
	*sep = '\0';
	rc = check_scalar(o, t, kb_base);
	if (!rc)
		rc = check_scalar(o, sep + 1 + strspn(sep + 1, " \t"), kb_base);
	/*
	 * HIGH-LOW: fio swaps bsrange's, but takes filesize's and
	 * startdelay's as a wrapped-around span (16 EiB files, a delay that
	 * never ends): refused there
	 */
	if (!rc && core_id(o) != CO_BSRANGE) {
		uint64_t lo = 0, hi = 0;
		const char *h = sep + 1 + strspn(sep + 1, " \t");

		if (vtype(o) == OPT_TEXT_TIMES) {
			parse_time_us(t, o->unit ? o->unit : 1000000, &lo);
			parse_time_us(h, o->unit ? o->unit : 1000000, &hi);
		} else {
			parse_size(t, kb_base, &lo);
			parse_size(h, kb_base, &hi);
		}
		if (lo > hi)
			rc = -EILSEQ;
	}
	return rc;
}

/* SIZES, INTS, TIMES: one element, or up to three per direction. */
static int check_values(const struct plio_option *o, const char *value,
			char *buf, unsigned int kb_base, struct perr *e)
{
	static const char *const what[] = {
		"a size (e.g. 4k, 1m, 512)", "an integer (e.g. 8, 16k, 0x10)", "a time (e.g. 10s, 500ms, 2m)",
	};
	const char *kind = what[vtype(o) == OPT_TEXT_SIZES ? 0 :
				vtype(o) == OPT_TEXT_INTS ? 1 : 2];
	char *parts[3];
	int n, i, rc, given = 0;

	n = option_split(buf, ',', parts, option_flags(o) & OPTF_DIRS ? 3 : 1);
	if (n < 0)
		return perr_set(e, "'%s' has too many values (%s)", value,
				option_flags(o) & OPTF_DIRS ? "at most READ,WRITE,TRIM" :
				"only one is allowed");
	for (i = 0; i < n; i++) {
		if (!*parts[i] && n > 1)
			continue;
		rc = check_element(o, parts[i], kb_base);
		if (rc == -EDOM)
			return option_pct_error(o, value, e);
		if (rc == -ERANGE)
			return option_range_error(o, value, e);
		if (rc == -EILSEQ)
			return perr_set(e, "'%s' is a range from high to low: write LOW-HIGH",
					value);
		if (rc && (option_flags(o) & OPTF_NEEDS_RANGE))
			return perr_set(e, "'%s' is not a LOW-HIGH size range (e.g. 4k-64k)%s",
					value, option_flags(o) & OPTF_DIRS ?
					"; READ,WRITE,TRIM ranges allowed" : "");
		if (rc)
			return perr_set(e, "'%s' is not %s%s%s", value, kind,
					option_flags(o) & OPTF_RANGE ? ", or a LOW-HIGH range" : "",
					option_flags(o) & OPTF_PCT ? ", or N%" : "");
		given++;
	}
	if (!given)
		return perr_set(e, "'%s' is not %s", value, kind);
	return 0;
}

/* A decimal number, all of t; -EINVAL otherwise. */
static int check_float(const char *t, double *out)
{
	char *end;

	if (!*t)
		return -EINVAL;
	errno = 0;
	*out = strtod(t, &end);
	if (*end || errno || *out != *out)
		return -EINVAL;
	return 0;
}

/* FLOATS: at most max(unit, 1) decimals, ':' between them, in bounds. */
static int check_floats(const struct plio_option *o, const char *value,
			char *buf, struct perr *e)
{
	int max = o->unit ? (int)o->unit : 1;
	size_t len = strlen(buf);
	char *p, *next;
	double d;

	/* fio takes a trailing ':' ("50:99:"); report.c stops there too */
	if (max > 1 && len > 1 && buf[len - 1] == ':')
		buf[len - 1] = '\0';
	/* a list longer than `max` is taken, as fio takes it: the job's
	 * checks warn that only the first `max` count (options_build) */
	if (max == 1 && strchr(buf, ':'))
		return perr_set(e, "'%s' has more than one number", value);
	for (p = buf; p; p = next) {
		next = strchr(p, ':');
		if (next)
			*next++ = '\0';
		if (check_float(p, &d))
			return perr_set(e, "'%s' is not %s", value, max > 1 ?
					"a list of numbers (e.g. 50:99:99.9)" :
					"a number (e.g. 99.9)");
		if (option_bounded(o) && (d < (double)o->min ||
				   (o->max && d > (double)o->max)))
			return option_range_error(o, value, e);
	}
	return 0;
}

/*
 * A bssplit percentage: N or N% (fio reads both), 0 or more; 0 means
 * none given, as in fio.  Above 100 counts as 100 (fio caps it too).
 */
int option_bssplit_pct(const char *t, int64_t *p)
{
	char num[32];
	size_t len = strlen(t);

	if (len && t[len - 1] == '%')
		len--;
	if (!len || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, t, len);
	num[len] = '\0';
	if (parse_int(num, p) || *p < 0 || *p > INT32_MAX)
		return -EINVAL;
	if (*p > 100)
		*p = 100;
	return 0;
}

/*
 * BSSPLIT: per direction, SIZE/PERCENT items with ':' between them
 * (empty items, as a trailing ':' leaves, are skipped as in fio).  Sizes
 * without a percentage (or with 0) share what the others leave of 100;
 * when the others already pass 100 there is nothing to share, and fio
 * gives them a wrapped-around share that takes nearly every pick:
 * refused here.
 */
static int check_bssplit(const char *value, char *buf, unsigned int kb_base,
			 struct perr *e)
{
	char *dirs[3], *items[64], *pct;
	int nd, ni, d, i, sizes, missing, given = 0;
	uint64_t u;
	int64_t p, sum;

	nd = option_split(buf, ',', dirs, 3);
	if (nd < 0)
		return perr_set(e, "'%s' has too many lists (at most READ,WRITE,TRIM)",
				value);
	for (d = 0; d < nd; d++) {
		if (!*dirs[d] && nd > 1)
			continue;
		ni = option_split(dirs[d], ':', items, 64);
		if (ni < 0)
			return perr_set(e, "'%s' has too many block sizes (at most 64)",
					value);
		for (i = sizes = missing = 0, sum = 0; i < ni; i++) {
			if (!*items[i] && ni > 1)
				continue;
			pct = strchr(items[i], '/');
			if (pct)
				*pct++ = '\0';
			if (parse_size(items[i], kb_base, &u) || !u)
				goto bad;
			p = 0;
			if (pct && *pct && option_bssplit_pct(pct, &p))
				return perr_set(e, "'%s': '%s' is not a percentage (a whole number, e.g. 30 or 30%%)",
						value, pct);
			if (p)
				sum += p;
			else
				missing++;
			sizes++;
		}
		if (!sizes)
			goto bad;
		if (missing && sum > 100)
			return perr_set(e, "'%s': the percentages given add up to %" PRId64
					", over 100: nothing is left for the sizes without one (or with 0)",
					value, sum);
		given++;
	}
	if (given)
		return 0;
bad:
	return perr_set(e, "'%s' is not a block size split (e.g. 4k/30:64k/70)",
			value);
}

/* Whether t is a number with an optional size suffix or '%'. */
static bool numeric_arg(const char *t)
{
	char *end;

	if (!*t)
		return false;
	(void)strtod(t, &end);
	return end != t && strspn(end, "kKmMgGtTpPiIbB%") == strlen(end);
}

/* CHOICE_ARG: CHOICE or CHOICE:ARGS; ARGS are numbers with ':' ',' '/'
 * between them (mem= takes a file name instead). */
static int check_choice_arg(const struct plio_option *o, const char *value,
			    char *buf, struct perr *e)
{
	char *colon = strchr(buf, ':'), *p, *tok;

	if (colon)
		*colon = '\0';
	if (!option_find_choice(o, buf))
		return option_enum_error(o, buf, e);
	if (!colon && core_id(o) == CO_STEADYSTATE)
		return perr_set(e, "'%s' has no :LIMIT (e.g. iops_slope:0.1%%)", value);
	if (!colon)
		return 0;
	if (!colon[1])
		return perr_set(e, "'%s' has nothing after ':'", value);
	if (core_id(o) == CO_MEM)
		return 0;	/* a file name */
	/* zones, and a part per direction: decoded with the job */
	if (core_id(o) == CO_RANDOM_DISTRIBUTION && (strchr(value, ',') || !strncmp(value, "zoned", 5)))
		return 0;
	for (p = colon + 1; (tok = strsep(&p, ":,/"));)
		if (!numeric_arg(tok))
			return perr_set(e, "'%s': '%s' is not a number", value, tok);
	return 0;
}

/* SYNC_RANGE: FLAG[,FLAG...][:N] with flags wait_before, write,
 * wait_after; without :N every write (fio's rule). */
static int check_sync_range(const char *value, char *buf, struct perr *e)
{
	char *colon = strchr(buf, ':'), *p = buf, *tok;
	int64_t n;

	if (colon && (parse_int_mult(colon + 1, 1024, &n) || n < 0))
		goto bad;
	if (colon)
		*colon = '\0';
	while ((tok = strsep(&p, ",")))
		if (strcmp(tok, "wait_before") && strcmp(tok, "write") &&
		    strcmp(tok, "wait_after"))
			goto bad;
	return 0;
bad:
	return perr_set(e, "'%s' is not FLAGS[:N] (flags: wait_before, write, wait_after)",
			value);
}

/* CPULIST: N or N-M (N <= M), ',' between them. */
static int check_cpulist(const char *value, char *buf, struct perr *e)
{
	char *p = buf, *tok, *dash;
	size_t len = strlen(buf);
	int64_t lo, hi;

	if (len > 1 && buf[len - 1] == ',')
		buf[len - 1] = '\0';	/* fio takes a trailing ',' */
	while ((tok = strsep(&p, ","))) {
		dash = strchr(tok, '-');
		if (dash)
			*dash = '\0';
		if (parse_int(tok, &lo) || lo < 0)
			goto bad;
		hi = lo;
		if (dash && (parse_int(dash + 1, &hi) || hi < lo))
			goto bad;
	}
	return 0;
bad:
	return perr_set(e, "'%s' is not a CPU list (e.g. 0-3,8)", value);
}

/* Check value against a text type's syntax; 0 or the error in e. */
int option_check_text(const struct plio_option *o, const char *value,
		      unsigned int kb_base, struct perr *e)
{
	char *buf = strdup(value);
	int rc = 0;

	if (!buf)
		return perr_setrc(e, -ENOMEM, "out of memory");
	switch (vtype(o)) {
	case OPT_TEXT_SIZES:
	case OPT_TEXT_INTS:
	case OPT_TEXT_TIMES:
		rc = check_values(o, value, buf, kb_base, e);
		break;
	case OPT_TEXT_FLOATS:
		rc = check_floats(o, value, buf, e);
		break;
	case OPT_TEXT_BSSPLIT:
		rc = check_bssplit(value, buf, kb_base, e);
		break;
	case OPT_TEXT_CHOICE_ARG:
		rc = check_choice_arg(o, value, buf, e);
		break;
	case OPT_TEXT_SYNC_RANGE:
		rc = check_sync_range(value, buf, e);
		break;
	case OPT_TEXT_CPULIST:
		rc = check_cpulist(value, buf, e);
		break;
	}
	free(buf);
	return rc;
}
