/*
 * value.c - one option's value (see value.h): the generic parser, checker,
 * formatter and help row that every option table shares.
 *
 * A value is parsed where its entry is applied, with the job's kb_base;
 * errors are the WHAT of "WHERE: KEY: WHAT" ("'4q' is not a size (e.g.
 * 4k, 1m, 512)"), composed here once for every table.  The text types
 * are checked against fio's syntax and stored as the validated text.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse.h"
#include "options/internal.h"
#include "options/value.h"

/* Where option o's value lives in block. */
static void *field(void *block, const struct plio_option *o)
{
	return (char *)block + o->offset;
}

/* The same, read-only. */
static const void *cfield(const void *block, const struct plio_option *o)
{
	return (const char *)block + o->offset;
}

unsigned int option_type(const struct plio_option *o)
{
	const struct core_option *co = core_of(o);

	return co ? co->type : o->type;
}

/* The core-only flags of o: none for a plugin's option. */
static unsigned int vflags(const struct plio_option *o)
{
	const struct core_option *co = core_of(o);

	return co ? co->flags : 0;
}

#define vtype(o) option_type(o)

/* Whether a bare key (no value) is allowed: it means 1. */
bool option_is_bool(const struct plio_option *o)
{
	return vtype(o) == PLIO_OPT_BOOL || vtype(o) == OPT_BOOL_INV;
}

/* Whether min/max apply: not when both are 0 (max 0 alone: no upper bound). */
bool option_bounded(const struct plio_option *o)
{
	return o->min || o->max;
}

/* The option named or aliased `name`, or NULL.  Names are case-sensitive,
 * as in fio ("SIZE" is a typo of "size", see option_suggest). */
const struct plio_option *option_find(const struct plio_option *opts, size_t n,
				      const char *name)
{
	size_t i;

	if (!opts || !name)
		return NULL;
	for (i = 0; i < n; i++) {
		if (opts[i].name && !strcmp(opts[i].name, name))
			return &opts[i];
		if (opts[i].alias && !strcmp(opts[i].alias, name))
			return &opts[i];
	}
	return NULL;
}

/* "'VALUE' is out of range (MIN to MAX)" into e; returns -ERANGE. */
/* A time bound (microseconds) in the largest unit that holds it whole. */
static const char *time_text(int64_t us, char *buf, size_t len)
{
	static const struct {
		const char *unit;
		int64_t us;
	} units[] = {
		{ "d", 86400000000LL }, { "h", 3600000000LL }, { "m", 60000000LL },
		{ "s", 1000000LL }, { "ms", 1000LL }, { "us", 1LL },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(units) - 1; i++)
		if (us && us % units[i].us == 0)
			break;
	snprintf(buf, len, "%" PRId64 "%s", us / units[i].us, units[i].unit);
	return buf;
}

static int range_error(const struct plio_option *o, const char *value,
		       struct perr *e)
{
	char lo[32], hi[32];

	if (vtype(o) == PLIO_OPT_TIME && o->max && o->max != INT64_MAX)
		return perr_setrc(e, -ERANGE, "'%s' is out of range (%s to %s)", value,
				  time_text(o->min, lo, sizeof(lo)),
				  time_text(o->max, hi, sizeof(hi)));
	if (vtype(o) == PLIO_OPT_TIME && option_bounded(o))
		return perr_setrc(e, -ERANGE, "'%s' is out of range (at least %s)", value,
				  time_text(o->min, lo, sizeof(lo)));
	if (o->max && o->max != INT64_MAX)
		return perr_setrc(e, -ERANGE, "'%s' is out of range (%" PRId64
				  " to %" PRId64 ")", value, o->min, o->max);
	if (option_bounded(o))
		return perr_setrc(e, -ERANGE, "'%s' is out of range (at least %"
				  PRId64 ")", value, o->min);
	return perr_setrc(e, -ERANGE, "'%s' is out of range", value);
}

/* "'VALUE' is out of range (0% to 100%)" into e; returns -ERANGE. */
static int pct_error(const struct plio_option *o, const char *value,
		     struct perr *e)
{
	return perr_setrc(e, -ERANGE, "'%s' is out of range (%d%% to 100%%)", value,
			  vflags(o) & OPTF_PCT0 ? 0 : 1);
}

/* Bounds of an unsigned (SIZE or TIME) value. */
static bool in_bounds_u(const struct plio_option *o, uint64_t v)
{
	if (!option_bounded(o))
		return true;
	if (o->min > 0 && v < (uint64_t)o->min)
		return false;
	return !(o->max > 0 && v > (uint64_t)o->max);
}

/*
 * A value in parentheses that cannot be computed: why, from the evaluator
 * ("cannot compute '(4k/0)': division by zero") into e, -EINVAL; likewise
 * a size or time that comes out negative.  0 when text is no expression,
 * or one that computes, for the caller's own message.
 */
static int expr_error(const char *text, const char *value, enum expr_kind kind,
		      unsigned int kb_base, struct perr *e)
{
	char why[96];
	int64_t v;
	int rc;

	while (*text == ' ' || *text == '\t')
		text++;
	if (*text != '(')
		return 0;
	rc = parse_expr(text, kind, kb_base, &v, why, sizeof(why));
	if (!rc && v < 0 && kind != EXPR_INT)
		return perr_set(e, "'%s' comes to %" PRId64 ": a %s cannot be negative", value, v,
				kind == EXPR_SIZE ? "size" : "time");
	if (!rc)
		return 0;
	if (rc == -ERANGE)
		return perr_set(e, "cannot compute '%s': the value does not fit in 64 bits", value);
	return perr_set(e, "cannot compute '%s': %s", value, why[0] ? why : "not an expression");
}

/* One size of a SIZE or SIZE_RW option; messages name `value`. */
/*
 * Why text (part of value) did not parse as a number of its kind, parse
 * error rc: the evaluator's reason for an expression, out of range, or
 * "'VALUE' is not WHAT" (WHAT: "a size (e.g. 4k, 1m, 512)", ...).
 */
static int number_error(const struct plio_option *o, int rc, const char *text,
			const char *value, enum expr_kind kind, unsigned int kb_base,
			const char *what, struct perr *e)
{
	if (expr_error(text, value, kind, kb_base, e))
		return -EINVAL;
	if (rc == -ERANGE)
		return range_error(o, value, e);
	return perr_set(e, "'%s' is not %s", value, what);
}

static int one_size(const struct plio_option *o, const char *text,
		    const char *value, unsigned int kb_base, uint64_t *out,
		    struct perr *e)
{
	uint64_t v;
	int rc = parse_size(text, kb_base, &v);

	if (rc)
		return number_error(o, rc, text, value, EXPR_SIZE, kb_base,
				    "a size (e.g. 4k, 1m, 512)", e);
	if (!in_bounds_u(o, v))
		return range_error(o, value, e);
	*out = v;
	return 0;
}

/*
 * "4k" sets all three; "4k,8k" reads 4k, writes and trims 8k (missing
 * trailing values copy the last one, as fio does); an empty value (",8k")
 * keeps that direction's current size.
 */
static int parse_size_rw(const struct plio_option *o, const char *value,
			 unsigned int kb_base, uint64_t *bs, struct perr *e)
{
	uint64_t v[3] = { bs[0], bs[1], bs[2] };
	char buf[192], *parts[3], *p;
	int n, i, rc, given = 0;

	if (strlen(value) >= sizeof(buf))
		return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512)", value);
	strcpy(buf, value);
	for (p = buf; *p; p++)
		if (*p == ':')
			*p = ',';
	n = option_split(buf, ',', parts, 3);
	if (n < 0)
		return perr_set(e, "'%s' has more than three sizes (READ,WRITE,TRIM)",
				value);
	for (i = 0; i < n; i++) {
		if (!*parts[i])
			continue;
		rc = one_size(o, parts[i], value, kb_base, &v[i], e);
		if (rc)
			return rc;
		given++;
	}
	if (!given)
		return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512)", value);
	for (i = n; i < 3; i++)
		v[i] = v[n - 1];
	memcpy(bs, v, sizeof(v));
	return 0;
}

/* The choice an ENUM value names (case-sensitive, as in fio), or NULL. */
static const struct plio_option_choice *find_choice(const struct plio_option *o,
						    const char *value)
{
	const struct plio_option_choice *c;

	for (c = o->choices; c && c->value; c++)
		if (!strcmp(c->value, value))
			return c;
	return NULL;
}

/* "'x' is not one of: a, b, c" into e. */
static int enum_error(const struct plio_option *o, const char *value,
		      struct perr *e)
{
	const struct plio_option_choice *c;
	char list[PERR_LEN] = "";
	size_t used = 0;

	for (c = o->choices; c && c->value && used < sizeof(list); c++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
					 c == o->choices ? "" : ", ", c->value);
	return perr_set(e, "'%s' is not one of: %s", value, list);
}

/* ----------------------------------------------- validated-text types */

/* Whether o's value is an owned string: PLIO_OPT_STR or a text type. */
bool option_is_text(const struct plio_option *o)
{
	return vtype(o) == PLIO_OPT_STR ||
	       (vtype(o) >= OPT_TEXT_SIZES && vtype(o) <= OPT_TEXT_CPULIST);
}

/*
 * Whether a bare key (no value) is accepted: as in fio, for the core's
 * flags (OPTF_FLAG) but not its other bools; for every engine or profile
 * bool (the plugin ABI says so); for strings marked OPTF_BARE.
 */
static bool takes_bare(const struct plio_option *o)
{
	if (vflags(o) & OPTF_BARE)
		return true;
	return option_is_bool(o) && (!core_of(o) || (vflags(o) & OPTF_FLAG));
}

/*
 * Split s in place at each sep into at most max parts (empty parts kept,
 * blanks around each trimmed).  Returns the count, or -E2BIG for more.
 */
int option_split(char *s, char sep, char **parts, int max)
{
	int n = 0;
	char *p = s, *end;

	for (;;) {
		char *next = strchr(p, sep);

		if (n == max)
			return -E2BIG;
		if (next)
			*next = '\0';
		p += strspn(p, " \t");
		end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		parts[n++] = p;
		if (!next)
			return n;
		p = next + 1;
	}
}

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
		if ((vflags(o) & OPTF_PCT) && t[len - 1] == '%') {
			char num[32];

			if (len > sizeof(num))
				return -EINVAL;
			memcpy(num, t, len - 1);
			num[len - 1] = '\0';
			rc = parse_int(num, &i);
			if (rc)
				return rc;
			return i < (vflags(o) & OPTF_PCT0 ? 0 : 1) || i > 100 ?
			       -EDOM : 0;
		}
		rc = parse_size(t, kb_base, &u);
		break;
	case OPT_TEXT_TIMES:
		rc = parse_time_us(t, o->unit ? o->unit : 1000000, &u);
		break;
	default:
		rc = parse_int_mult(t, kb_base, &i);
		if (!rc && option_bounded(o) && (i < o->min || (o->max && i > o->max)))
			rc = -ERANGE;
		return rc;
	}
	if (!rc && !in_bounds_u(o, u))
		rc = -ERANGE;
	return rc;
}

/* One value, or with OPTF_RANGE a LOW-HIGH / LOW:HIGH range of two. */
static int check_element(const struct plio_option *o, char *t,
			 unsigned int kb_base)
{
	char *sep = NULL;
	int rc;

	if (vflags(o) & OPTF_RANGE) {
		sep = strchr(t + (*t == '-'), '-');
		if (!sep)
			sep = strchr(t, ':');
	}
	if (!sep)
		return vflags(o) & OPTF_NEEDS_RANGE ? -EINVAL : check_scalar(o, t, kb_base);
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

	n = option_split(buf, ',', parts, vflags(o) & OPTF_DIRS ? 3 : 1);
	if (n < 0)
		return perr_set(e, "'%s' has too many values (%s)", value,
				vflags(o) & OPTF_DIRS ? "at most READ,WRITE,TRIM" :
				"only one is allowed");
	for (i = 0; i < n; i++) {
		if (!*parts[i] && n > 1)
			continue;
		rc = check_element(o, parts[i], kb_base);
		if (rc == -EDOM)
			return pct_error(o, value, e);
		if (rc == -ERANGE)
			return range_error(o, value, e);
		if (rc == -EILSEQ)
			return perr_set(e, "'%s' is a range from high to low: write LOW-HIGH",
					value);
		if (rc && (vflags(o) & OPTF_NEEDS_RANGE))
			return perr_set(e, "'%s' is not a LOW-HIGH size range (e.g. 4k-64k)%s",
					value, vflags(o) & OPTF_DIRS ?
					"; READ,WRITE,TRIM ranges allowed" : "");
		if (rc)
			return perr_set(e, "'%s' is not %s%s%s", value, kind,
					vflags(o) & OPTF_RANGE ? ", or a LOW-HIGH range" : "",
					vflags(o) & OPTF_PCT ? ", or N%" : "");
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
			return range_error(o, value, e);
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
	if (!find_choice(o, buf))
		return enum_error(o, buf, e);
	if (!colon && core_id(o) == CO_STEADYSTATE)
		return perr_set(e, "'%s' has no :LIMIT (e.g. iops_slope:0.1%%)", value);
	if (!colon)
		return 0;
	if (!colon[1])
		return perr_set(e, "'%s' has nothing after ':'", value);
	if (core_id(o) == CO_MEM)
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

bool option_bare_ok(const struct plio_option *o)
{
	return takes_bare(o);
}

/* Check value against a text type's syntax; 0 or the error in e. */
static int check_text(const struct plio_option *o, const char *value,
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

/* BOOL (and its inverse): 1 or 0; a flag (OPTF_FLAG) takes any number,
 * and a bare name (value NULL) means 1. */
static int parse_bool_value(const struct plio_option *o, const char *value,
			    unsigned int kb_base, void *block, struct perr *e)
{
	int64_t i;
	int b = 1;

	if (value && (vflags(o) & OPTF_FLAG) && !parse_int_mult(value, kb_base, &i))
		b = i != 0;	/* fio takes any number for a flag */
	else if (value && parse_bool(value, &b))
		return perr_set(e, "'%s' is not a boolean (1 or 0)", value);
	*(int *)field(block, o) = vtype(o) == OPT_BOOL_INV ? !b : b;
	return 0;
}

static int parse_int_value(const struct plio_option *o, const char *value,
			   unsigned int kb_base, void *block, struct perr *e)
{
	int64_t i;
	int rc = parse_int_mult(value, kb_base, &i);

	if (rc)
		return number_error(o, rc, value, value, EXPR_INT, kb_base,
				    "an integer (e.g. 8, 16k, 0x10)", e);
	if (option_bounded(o) && (i < o->min || (o->max && i > o->max)))
		return range_error(o, value, e);
	*(int64_t *)field(block, o) = i;
	return 0;
}

/* SIZE, with OPTF_PCT also N% of the file: kept apart from bytes by
 * OPT_PCT_FLAG. */
static int parse_size_value(const struct plio_option *o, const char *value,
			    unsigned int kb_base, void *block, struct perr *e)
{
	size_t len = strlen(value);
	uint64_t u;
	int64_t i;
	int rc;

	if ((vflags(o) & OPTF_PCT) && len && value[len - 1] == '%') {
		char num[32];

		if (len - 1 >= sizeof(num))
			return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512), or N%%", value);
		memcpy(num, value, len - 1);
		num[len - 1] = '\0';
		if (parse_int(num, &i))
			return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512), or N%%", value);
		if (i < (vflags(o) & OPTF_PCT0 ? 0 : 1) || i > 100)
			return pct_error(o, value, e);
		*(uint64_t *)field(block, o) = OPT_PCT_FLAG | (uint64_t)i;
		return 0;
	}
	rc = one_size(o, value, value, kb_base, &u, e);
	if (rc)
		return rc;
	if ((vflags(o) & OPTF_PCT) && (u & OPT_PCT_FLAG))
		return range_error(o, value, e);
	*(uint64_t *)field(block, o) = u;
	return 0;
}

static int parse_time_value(const struct plio_option *o, const char *value,
			    void *block, struct perr *e)
{
	uint64_t u;
	int rc = parse_time_us(value, o->unit ? o->unit : 1000000, &u);

	if (rc)
		return number_error(o, rc, value, value, EXPR_TIME, 0,
				    "a time (e.g. 10s, 500ms, 2m)", e);
	if (!in_bounds_u(o, u))
		return range_error(o, value, e);
	*(uint64_t *)field(block, o) = u;
	return 0;
}

/* STR and the text types: the text itself (checked before), owned. */
static int parse_text_value(const struct plio_option *o, const char *value,
			    void *block, struct perr *e)
{
	char *s = strdup(value);

	if (!s)
		return perr_setrc(e, -ENOMEM, "out of memory");
	free(*(char **)field(block, o));
	*(char **)field(block, o) = s;
	return 0;
}

static int parse_enum_value(const struct plio_option *o, const char *value,
			    void *block, struct perr *e)
{
	const struct plio_option_choice *c;

	if (!*value && (vflags(o) & OPTF_BARE))
		value = "1";	/* a choice given bare: its "on" */
	c = find_choice(o, value);
	if (!c)
		return enum_error(o, value, e);
	*(int64_t *)field(block, o) = c->ival;
	return 0;
}

/*
 * Store value (NULL: bare key) into o's place in block.  On error block is
 * unchanged and e holds the WHAT part ("'4q' is not a size ...").
 */
int option_parse_value(const struct plio_option *o, const char *value,
		       unsigned int kb_base, void *block, struct perr *e)
{
	int rc;

	if (!value && !takes_bare(o))
		return perr_set(e, "needs a value%s", option_is_bool(o) ? " (1 or 0)" : "");
	/* fio refuses key= for every option: an unset ${VAR} or a slip */
	if (value && !*value)
		return perr_set(e, "an empty value is not allowed");
	if (!value && (vflags(o) & OPTF_BARE))
		value = "";
	if (option_is_text(o) && vtype(o) != PLIO_OPT_STR) {
		rc = check_text(o, value, kb_base, e);
		if (rc)
			return rc;
	}
	switch (vtype(o)) {
	case PLIO_OPT_BOOL:
	case OPT_BOOL_INV:
		return parse_bool_value(o, value, kb_base, block, e);
	case PLIO_OPT_INT:
		return parse_int_value(o, value, kb_base, block, e);
	case PLIO_OPT_SIZE:
		return parse_size_value(o, value, kb_base, block, e);
	case PLIO_OPT_TIME:
		return parse_time_value(o, value, block, e);
	case PLIO_OPT_ENUM:
		return parse_enum_value(o, value, block, e);
	case OPT_SIZE_RW:
		return parse_size_rw(o, value, kb_base, (uint64_t *)field(block, o), e);
	}
	if (option_is_text(o))
		return parse_text_value(o, value, block, e);
	return perr_set(e, "option '%s' has an unknown type (%u)", o->name, vtype(o));
}

/* Store every option's default (def, parsed with kb_base 1024) into block. */
int option_set_defaults(const struct plio_option *opts, size_t n, void *block,
			struct perr *e)
{
	struct perr what;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (!opts[i].def)
			continue;
		rc = option_parse_value(&opts[i], opts[i].def, 1024, block, &what);
		if (rc)
			return perr_setrc(e, rc, "option '%s': bad default: %s",
					  opts[i].name, what.msg);
	}
	return 0;
}

/* snprintf into buf; -ENOSPC when it did not fit. */
static int put(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int put(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!len)
		return -ENOSPC;
	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 ? -EINVAL : (size_t)n >= len ? -ENOSPC : 0;
}

/* A time in microseconds in the largest unit that is exact. */
static int put_time(char *buf, size_t len, uint64_t us)
{
	if (!us)
		return put(buf, len, "0");
	if (!(us % 1000000))
		return put(buf, len, "%" PRIu64 "s", us / 1000000);
	if (!(us % 1000))
		return put(buf, len, "%" PRIu64 "ms", us / 1000);
	return put(buf, len, "%" PRIu64 "us", us);
}

/*
 * The value as job-file text that re-parses to the same value under either
 * kb_base (sizes as plain bytes).  0, or -ENOSPC when truncated.
 */
int option_format_value(const struct plio_option *o, const void *block,
			char *buf, size_t len)
{
	const struct plio_option_choice *c;
	const uint64_t *bs;
	const char *s;
	int64_t i;

	switch (vtype(o)) {
	case PLIO_OPT_BOOL:
		return put(buf, len, "%d", *(const int *)cfield(block, o) ? 1 : 0);
	case OPT_BOOL_INV:
		return put(buf, len, "%d", *(const int *)cfield(block, o) ? 0 : 1);
	case PLIO_OPT_INT:
		return put(buf, len, "%" PRId64, *(const int64_t *)cfield(block, o));
	case PLIO_OPT_SIZE:
		if ((vflags(o) & OPTF_PCT) && (*(const uint64_t *)cfield(block, o) & OPT_PCT_FLAG))
			return put(buf, len, "%" PRIu64 "%%",
				   (uint64_t)(*(const uint64_t *)cfield(block, o) & ~OPT_PCT_FLAG));
		/* plain bytes re-parse the same under either kb_base */
		return put(buf, len, "%" PRIu64, *(const uint64_t *)cfield(block, o));
	case PLIO_OPT_TIME:
		return put_time(buf, len, *(const uint64_t *)cfield(block, o));
	case PLIO_OPT_STR:
	case OPT_TEXT_SIZES:
	case OPT_TEXT_INTS:
	case OPT_TEXT_TIMES:
	case OPT_TEXT_FLOATS:
	case OPT_TEXT_BSSPLIT:
	case OPT_TEXT_CHOICE_ARG:
	case OPT_TEXT_SYNC_RANGE:
	case OPT_TEXT_CPULIST:
		s = *(char *const *)cfield(block, o);
		return put(buf, len, "%s", s ? s : "");
	case PLIO_OPT_ENUM:
		i = *(const int64_t *)cfield(block, o);
		for (c = o->choices; c && c->value; c++)
			if (c->ival == i)
				return put(buf, len, "%s", c->value);
		return put(buf, len, "%" PRId64, i);
	case OPT_SIZE_RW:
		bs = cfield(block, o);
		if (bs[0] == bs[1] && bs[1] == bs[2])
			return put(buf, len, "%" PRIu64, bs[0]);
		if (bs[1] == bs[2])
			return put(buf, len, "%" PRIu64 ",%" PRIu64, bs[0], bs[1]);
		return put(buf, len, "%" PRIu64 ",%" PRIu64 ",%" PRIu64, bs[0],
			   bs[1], bs[2]);
	}
	if (len)
		buf[0] = '\0';
	return -EINVAL;
}

/* Free (and clear) the strings block holds for this table. */
void option_free_values(const struct plio_option *opts, size_t n, void *block)
{
	size_t i;

	if (!block)
		return;
	for (i = 0; i < n; i++) {
		if (!option_is_text(&opts[i]))
			continue;
		free(*(char **)field(block, &opts[i]));
		*(char **)field(block, &opts[i]) = NULL;
	}
}

/* The type column of the help table. */
const char *option_type_name(const struct plio_option *o)
{
	switch (vtype(o)) {
	case PLIO_OPT_BOOL:
	case OPT_BOOL_INV:
		return "bool";
	case PLIO_OPT_INT:
		return "int";
	case PLIO_OPT_SIZE:
		return "size";
	case PLIO_OPT_TIME:
		return "time";
	case PLIO_OPT_STR:
		return "string";
	case PLIO_OPT_ENUM:
		return "choice";
	case OPT_SIZE_RW:
		return "size[,size,size]";
	case OPT_TEXT_SIZES:
		return vflags(o) & OPTF_RANGE ? "size range" :
		       vflags(o) & OPTF_DIRS ? "size[,size,size]" : "size or N%";
	case OPT_TEXT_INTS:
		return "int[,int,int]";
	case OPT_TEXT_TIMES:
		return vflags(o) & OPTF_RANGE ? "time range" : "time[,time,time]";
	case OPT_TEXT_FLOATS:
		return o->unit > 1 ? "number list" : "number";
	case OPT_TEXT_BSSPLIT:
		return "bssplit";
	case OPT_TEXT_CHOICE_ARG:
		return "choice[:args]";
	case OPT_TEXT_SYNC_RANGE:
		return "flags:int";
	case OPT_TEXT_CPULIST:
		return "cpu list";
	}
	return "?";
}
