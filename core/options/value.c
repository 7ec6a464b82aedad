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
unsigned int option_flags(const struct plio_option *o)
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

/* Whether an integer value meets o's bounds: min always, max unless it is
 * 0 (plio/plugin.h's rule). */
bool option_int_in_bounds(const struct plio_option *o, int64_t i)
{
	return i >= o->min && (!o->max || i <= o->max);
}

/* Whether o's values are integers (INT, the text INTS, INT_DIRS). */
static bool is_int_type(const struct plio_option *o)
{
	unsigned int t = vtype(o);

	return t == PLIO_OPT_INT || t == OPT_TEXT_INTS || t == PLIO_OPT_INT_DIRS;
}

int option_range_error(const struct plio_option *o, const char *value,
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
	if (option_bounded(o) || is_int_type(o))
		return perr_setrc(e, -ERANGE, "'%s' is out of range (at least %"
				  PRId64 ")", value, o->min);
	return perr_setrc(e, -ERANGE, "'%s' is out of range", value);
}

/* "'VALUE' is out of range (0% to 100%)" into e; returns -ERANGE. */
int option_pct_error(const struct plio_option *o, const char *value,
		     struct perr *e)
{
	return perr_setrc(e, -ERANGE, "'%s' is out of range (%d%% to 100%%)", value,
			  option_flags(o) & OPTF_PCT0 ? 0 : 1);
}

/* Bounds of an unsigned (SIZE or TIME) value. */
bool option_size_in_bounds(const struct plio_option *o, uint64_t v)
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
/* text (part of value, or all of it) is out of o's range: "'0' is out of
 * range (1 to 9)", with "'5,0': " in front when text is only a part. */
static int part_range_error(const struct plio_option *o, const char *text,
			    const char *value, struct perr *e)
{
	char whole[PERR_LEN + 80];
	int rc = option_range_error(o, text, e);

	if (!strcmp(text, value))
		return rc;
	snprintf(whole, sizeof(whole), "'%.64s': %s", value, e->msg);
	memcpy(e->msg, whole, sizeof(e->msg) - 1);
	e->msg[sizeof(e->msg) - 1] = '\0';
	return rc;
}

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
		return part_range_error(o, text, value, e);
	return perr_set(e, "'%s' is not %s", value, what);
}

int option_one_size(const struct plio_option *o, const char *text,
		    const char *value, unsigned int kb_base, uint64_t *out,
		    struct perr *e)
{
	uint64_t v;
	int rc = parse_size(text, kb_base, &v);

	if (rc)
		return number_error(o, rc, text, value, EXPR_SIZE, kb_base,
				    "a size (e.g. 4k, 1m, 512)", e);
	if (!option_size_in_bounds(o, v))
		return part_range_error(o, text, value, e);
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
		rc = option_one_size(o, parts[i], value, kb_base, &v[i], e);
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
const struct plio_option_choice *option_find_choice(const struct plio_option *o,
						    const char *value)
{
	const struct plio_option_choice *c;

	for (c = o->choices; c && c->value; c++)
		if (!strcmp(c->value, value))
			return c;
	return NULL;
}

/* "'x' is not one of: a, b, c" into e. */
int option_enum_error(const struct plio_option *o, const char *value,
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
	if (option_flags(o) & OPTF_BARE)
		return true;
	return option_is_bool(o) && (!core_of(o) || (option_flags(o) & OPTF_FLAG));
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

bool option_bare_ok(const struct plio_option *o)
{
	return takes_bare(o);
}

/* BOOL (and its inverse): 1 or 0; a flag (OPTF_FLAG) takes any number,
 * and a bare name (value NULL) means 1. */
static int parse_bool_value(const struct plio_option *o, const char *value,
			    unsigned int kb_base, void *block, struct perr *e)
{
	int64_t i;
	int b = 1;

	if (value && (option_flags(o) & OPTF_FLAG) && !parse_int_mult(value, kb_base, &i))
		b = i != 0;	/* fio takes any number for a flag */
	else if (value && parse_bool(value, &b))
		return perr_set(e, "'%s' is not a boolean (1 or 0)", value);
	*(int *)field(block, o) = vtype(o) == OPT_BOOL_INV ? !b : b;
	return 0;
}

int option_one_int(const struct plio_option *o, const char *text, const char *value,
		   unsigned int kb_base, int64_t *out, struct perr *e)
{
	int64_t i;
	int rc = parse_int_mult(text, kb_base, &i);

	if (rc)
		return number_error(o, rc, text, value, EXPR_INT, kb_base,
				    "an integer (e.g. 8, 16k, 0x10)", e);
	if (!option_int_in_bounds(o, i))
		return part_range_error(o, text, value, e);
	*out = i;
	return 0;
}

static int parse_int_value(const struct plio_option *o, const char *value,
			   unsigned int kb_base, void *block, struct perr *e)
{
	return option_one_int(o, value, value, kb_base, (int64_t *)field(block, o), e);
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

	if ((option_flags(o) & OPTF_PCT) && len && value[len - 1] == '%') {
		char num[32];

		if (len - 1 >= sizeof(num))
			return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512), or N%%", value);
		memcpy(num, value, len - 1);
		num[len - 1] = '\0';
		if (parse_int(num, &i))
			return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512), or N%%", value);
		if (i < (option_flags(o) & OPTF_PCT0 ? 0 : 1) || i > 100)
			return option_pct_error(o, value, e);
		*(uint64_t *)field(block, o) = OPT_PCT_FLAG | (uint64_t)i;
		return 0;
	}
	rc = option_one_size(o, value, value, kb_base, &u, e);
	if (rc)
		return rc;
	if ((option_flags(o) & OPTF_PCT) && (u & OPT_PCT_FLAG))
		return option_range_error(o, value, e);
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
	if (!option_size_in_bounds(o, u))
		return option_range_error(o, value, e);
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

	if (!*value && (option_flags(o) & OPTF_BARE))
		value = "1";	/* a choice given bare: its "on" */
	c = option_find_choice(o, value);
	if (!c)
		return option_enum_error(o, value, e);
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
	if (!value && (option_flags(o) & OPTF_BARE))
		value = "";
	if (option_is_text(o) && vtype(o) != PLIO_OPT_STR) {
		rc = option_check_text(o, value, kb_base, e);
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
	case PLIO_OPT_INT_DIRS:
	case PLIO_OPT_SIZE_DIRS:
	case PLIO_OPT_SIZE_LIST:
	case PLIO_OPT_SPLIT:
		return option_parse_composite(o, value, kb_base, field(block, o), e);
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
		option_composite_ungiven(&opts[i], field(block, &opts[i]));
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
		if ((option_flags(o) & OPTF_PCT) && (*(const uint64_t *)cfield(block, o) & OPT_PCT_FLAG))
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
	case PLIO_OPT_INT_DIRS:
	case PLIO_OPT_SIZE_DIRS:
	case PLIO_OPT_SIZE_LIST:
	case PLIO_OPT_SPLIT:
		return option_format_composite(o, cfield(block, o), buf, len);
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
	case PLIO_OPT_SIZE_DIRS:
		return "size[,size,size]";
	case PLIO_OPT_INT_DIRS:
		return "int[,int,int]";
	case PLIO_OPT_SIZE_LIST:
		return "size[:size...]";
	case PLIO_OPT_SPLIT:
		return "split";
	case OPT_TEXT_SIZES:
		return option_flags(o) & OPTF_RANGE ? "size range" :
		       option_flags(o) & OPTF_DIRS ? "size[,size,size]" : "size or N%";
	case OPT_TEXT_INTS:
		return "int[,int,int]";
	case OPT_TEXT_TIMES:
		return option_flags(o) & OPTF_RANGE ? "time range" : "time[,time,time]";
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
