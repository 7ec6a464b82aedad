/*
 * options.c - second stage of the data flow: sections to typed job specs.
 *
 * Owns the core option table, core_options[]: each option is data (name,
 * alias, type, offset into struct job_spec, default, bounds, help), and one
 * generic parser serves it and every engine's and profile's table alike.
 * options_build() walks the jobfile's sections in order: a global section
 * updates the defaults that later jobs start from; every other section
 * becomes one job_spec.  Options the core does not know go to the job's
 * engine, found through the lookup callback once the job's own ioengine=
 * is known, so engine options may come before ioengine= or sit in a
 * [global] section.  The few rules that tie options together (rwmixread
 * and rwmixwrite add up to 100, buffered is the inverse of direct, the
 * trim modes of rw= are refused for now) live in apply_core().
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "options.h"
#include "parse.h"

#define JS(f) ((uint32_t)offsetof(struct job_spec, f))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct plio_option_choice rw_choices[] = {
	{ "read", RW_READ, "sequential reads" },
	{ "write", RW_WRITE, "sequential writes" },
	{ "randread", RW_READ | RW_RAND, "reads at random offsets" },
	{ "randwrite", RW_WRITE | RW_RAND, "writes at random offsets" },
	{ "rw", RW_READ | RW_WRITE, "sequential reads and writes, mixed" },
	{ "readwrite", RW_READ | RW_WRITE, "the same as rw" },
	{ "randrw", RW_READ | RW_WRITE | RW_RAND, "random reads and writes, mixed" },
	{ NULL, 0, NULL },
};

static const struct plio_option_choice kb_base_choices[] = {
	{ "1024", 1024, "k/m/g are powers of 1024, ki/kib powers of 1000" },
	{ "1000", 1000, "k/m/g are powers of 1000, ki/kib powers of 1024" },
	{ NULL, 0, NULL },
};

/* fio's rw= values plio cannot run yet (no trim support). */
static const char *const rw_unsupported[] = {
	"trim", "randtrim", "trimwrite", "randtrimwrite",
};

const struct plio_option core_options[] = {
	{ .name = "name", .type = PLIO_OPT_STR, .offset = JS(name),
	  .help = "job name in reports (default: the section name)" },
	{ .name = "description", .type = PLIO_OPT_STR, .offset = JS(description),
	  .help = "free text describing the job" },
	{ .name = "filename", .type = PLIO_OPT_STR, .offset = JS(filename),
	  .help = "file(s) to do I/O on, ':' between names (default: NAME.N.0)" },
	{ .name = "directory", .type = PLIO_OPT_STR, .offset = JS(directory),
	  .help = "directory that relative file names are in" },
	{ .name = "size", .type = PLIO_OPT_SIZE, .offset = JS(size),
	  .help = "bytes of I/O per job, spread over its files (default: file size)" },
	{ .name = "bs", .alias = "blocksize", .type = OPT_CORE_SIZE_RW,
	  .offset = JS(bs), .def = "4k", .min = 1,
	  .help = "bytes per I/O; READ,WRITE gives each direction its own" },
	{ .name = "rw", .alias = "readwrite", .type = PLIO_OPT_ENUM,
	  .offset = JS(rw), .def = "read", .choices = rw_choices,
	  .help = "direction and order of the I/O" },
	{ .name = "rwmixread", .type = PLIO_OPT_INT, .offset = JS(rwmixread),
	  .def = "50", .min = 0, .max = 100,
	  .help = "percent of a mixed job's I/O that reads (sets rwmixwrite)" },
	{ .name = "rwmixwrite", .type = PLIO_OPT_INT, .offset = JS(rwmixwrite),
	  .def = "50", .min = 0, .max = 100,
	  .help = "percent of a mixed job's I/O that writes (sets rwmixread)" },
	{ .name = "ioengine", .type = PLIO_OPT_STR, .offset = JS(ioengine),
	  .def = "psync",
	  .help = "engine doing the I/O: a name, a plugin path or external:PATH" },
	{ .name = "iodepth", .type = PLIO_OPT_INT, .offset = JS(iodepth),
	  .def = "1", .min = 1, .max = 65535,
	  .help = "I/O units kept in flight" },
	{ .name = "direct", .type = PLIO_OPT_BOOL, .offset = JS(direct),
	  .def = "0", .help = "open files with O_DIRECT (the opposite of buffered)" },
	{ .name = "buffered", .type = OPT_CORE_BOOL_INV, .offset = JS(direct),
	  .def = "1", .help = "go through the page cache (the opposite of direct)" },
	{ .name = "numjobs", .type = PLIO_OPT_INT, .offset = JS(numjobs),
	  .def = "1", .min = 1,
	  .help = "run this many clones of the job" },
	{ .name = "thread", .type = PLIO_OPT_BOOL, .offset = JS(thread),
	  .help = "run workers as threads instead of processes" },
	{ .name = "runtime", .alias = "timeout", .type = PLIO_OPT_TIME,
	  .offset = JS(runtime), .def = "0", .unit = 1000000,
	  .help = "stop the job after this long (bare number: seconds; 0: no limit)" },
	{ .name = "time_based", .type = PLIO_OPT_BOOL, .offset = JS(time_based),
	  .help = "repeat the workload until runtime has passed" },
	{ .name = "ramp_time", .type = PLIO_OPT_TIME, .offset = JS(ramp_time),
	  .unit = 1000000,
	  .help = "run this long before counting statistics (bare number: seconds)" },
	{ .name = "loops", .type = PLIO_OPT_INT, .offset = JS(loops),
	  .def = "1", .min = 1,
	  .help = "go over the job's region this many times" },
	{ .name = "randrepeat", .type = PLIO_OPT_BOOL, .offset = JS(randrepeat),
	  .def = "1", .help = "seed random offsets the same way on every run" },
	{ .name = "randseed", .type = PLIO_OPT_INT, .offset = JS(randseed),
	  .def = "0x89", .min = 0, .max = INT64_MAX,
	  .help = "seed of the random generators" },
	{ .name = "norandommap", .type = PLIO_OPT_BOOL, .offset = JS(norandommap),
	  .help = "random I/O may repeat blocks and skip others" },
	{ .name = "group_reporting", .type = PLIO_OPT_BOOL,
	  .offset = JS(group_reporting),
	  .help = "report a group's jobs together, not one by one" },
	{ .name = "end_fsync", .type = PLIO_OPT_BOOL, .offset = JS(end_fsync),
	  .def = "0", .help = "fsync the files when the job's writes are done" },
	{ .name = "fsync", .type = PLIO_OPT_INT, .offset = JS(fsync),
	  .def = "0", .min = 0, .max = INT64_MAX,
	  .help = "fsync after this many writes (0: never)" },
	{ .name = "fdatasync", .type = PLIO_OPT_INT, .offset = JS(fdatasync),
	  .def = "0", .min = 0, .max = INT64_MAX,
	  .help = "fdatasync after this many writes (0: never)" },
	/* plio's default differs from fio's 1: see doc/fio-differences.md */
	{ .name = "iodepth_batch_submit", .alias = "iodepth_batch",
	  .type = PLIO_OPT_INT, .offset = JS(iodepth_batch), .def = "0",
	  .min = 0, .max = 65535,
	  .help = "submit after this many I/Os are queued (0: once every free unit is queued)" },
	{ .name = "iodepth_batch_complete_min", .alias = "iodepth_batch_complete",
	  .type = PLIO_OPT_INT, .offset = JS(iodepth_batch_complete_min),
	  .def = "1", .min = 0, .max = 65535,
	  .help = "wait for at least this many completions at a time (0: poll)" },
	{ .name = "iodepth_batch_complete_max", .type = PLIO_OPT_INT,
	  .offset = JS(iodepth_batch_complete_max), .def = "0", .min = 0,
	  .max = 65535,
	  .help = "take at most this many completions at a time (0: iodepth)" },
	{ .name = "iodepth_low", .type = PLIO_OPT_INT, .offset = JS(iodepth_low),
	  .def = "0", .min = 0, .max = 65535,
	  .help = "once the queue is full, let it drain to this depth before refilling (default: iodepth)" },
	{ .name = "invalidate", .type = PLIO_OPT_BOOL, .offset = JS(invalidate),
	  .def = "1", .help = "drop the files' cached pages before the job starts" },
	{ .name = "buffer_pattern", .type = PLIO_OPT_STR,
	  .offset = JS(buffer_pattern),
	  .help = "fill write buffers with this: 0x hex bytes, a \"string\" or a byte 0-255" },
	{ .name = "kb_base", .type = PLIO_OPT_ENUM, .offset = JS(kb_base),
	  .def = "1024", .choices = kb_base_choices,
	  .help = "what k, m, g... mean in sizes" },
};

const size_t n_core_options = ARRAY_LEN(core_options);

/* ------------------------------------------------------- generic helpers */

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

/* Whether a bare key (no value) is allowed: it means 1. */
static bool is_bool(const struct plio_option *o)
{
	return o->type == PLIO_OPT_BOOL || o->type == OPT_CORE_BOOL_INV;
}

/* Whether min/max apply: not when both are 0 (max 0 alone: no upper bound). */
static bool bounded(const struct plio_option *o)
{
	return o->min || o->max;
}

/* The option named or aliased `name` (any case), or NULL. */
const struct plio_option *option_find(const struct plio_option *opts, size_t n,
				      const char *name)
{
	size_t i;

	if (!opts || !name)
		return NULL;
	for (i = 0; i < n; i++) {
		if (opts[i].name && !strcasecmp(opts[i].name, name))
			return &opts[i];
		if (opts[i].alias && !strcasecmp(opts[i].alias, name))
			return &opts[i];
	}
	return NULL;
}

/* "'VALUE' is out of range (MIN to MAX)" into e; returns -ERANGE. */
static int range_error(const struct plio_option *o, const char *value,
		       struct perr *e)
{
	if (o->max && o->max != INT64_MAX)
		return perr_setrc(e, -ERANGE, "'%s' is out of range (%" PRId64
				  " to %" PRId64 ")", value, o->min, o->max);
	if (bounded(o))
		return perr_setrc(e, -ERANGE, "'%s' is out of range (at least %"
				  PRId64 ")", value, o->min);
	return perr_setrc(e, -ERANGE, "'%s' is out of range", value);
}

/* Bounds of an unsigned (SIZE or TIME) value. */
static bool in_bounds_u(const struct plio_option *o, uint64_t v)
{
	if (!bounded(o))
		return true;
	if (o->min > 0 && v < (uint64_t)o->min)
		return false;
	return !(o->max > 0 && v > (uint64_t)o->max);
}

/* One size of a SIZE or SIZE_RW option; messages name `value`. */
static int one_size(const struct plio_option *o, const char *text,
		    const char *value, unsigned int kb_base, uint64_t *out,
		    struct perr *e)
{
	uint64_t v;
	int rc = parse_size(text, kb_base, &v);

	if (rc == -ERANGE)
		return range_error(o, value, e);
	if (rc)
		return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512)", value);
	if (!in_bounds_u(o, v))
		return range_error(o, value, e);
	*out = v;
	return 0;
}

/* "4k" sets both, "4k,8k" read then write, ",8k" or "4k," only one. */
static int parse_size_rw(const struct plio_option *o, const char *value,
			 unsigned int kb_base, uint64_t *bs, struct perr *e)
{
	const char *sep = strpbrk(value, ",:");
	uint64_t v[2] = { bs[0], bs[1] };
	char part[64];
	size_t len;
	int rc;

	if (!sep) {
		rc = one_size(o, value, value, kb_base, &v[0], e);
		if (rc)
			return rc;
		bs[0] = bs[1] = v[0];
		return 0;
	}
	if (strpbrk(sep + 1, ",:"))
		return perr_set(e, "'%s' has more than two sizes (only READ,WRITE is supported)",
				value);
	len = (size_t)(sep - value);
	if (len >= sizeof(part))
		return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512)", value);
	memcpy(part, value, len);
	part[len] = '\0';
	if (!part[strspn(part, " \t")] && !sep[1 + strspn(sep + 1, " \t")])
		return perr_set(e, "'%s' is not a size (e.g. 4k, 1m, 512)", value);
	if (part[strspn(part, " \t")]) {
		rc = one_size(o, part, value, kb_base, &v[0], e);
		if (rc)
			return rc;
	}
	if (sep[1 + strspn(sep + 1, " \t")]) {
		rc = one_size(o, sep + 1, value, kb_base, &v[1], e);
		if (rc)
			return rc;
	}
	bs[0] = v[0];
	bs[1] = v[1];
	return 0;
}

/* The choice an ENUM value names (any case), or NULL. */
static const struct plio_option_choice *find_choice(const struct plio_option *o,
						    const char *value)
{
	const struct plio_option_choice *c;

	for (c = o->choices; c && c->value; c++)
		if (!strcasecmp(c->value, value))
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

/*
 * Store value (NULL: bare key) into o's place in block.  On error block is
 * unchanged and e holds the WHAT part ("'4q' is not a size ...").
 */
int option_parse_value(const struct plio_option *o, const char *value,
		       unsigned int kb_base, void *block, struct perr *e)
{
	const struct plio_option_choice *c;
	uint64_t u;
	int64_t i;
	int b, rc;
	char *s;

	if (!value && !is_bool(o))
		return perr_set(e, "'%s' needs a value", o->name);
	switch (o->type) {
	case PLIO_OPT_BOOL:
	case OPT_CORE_BOOL_INV:
		b = 1;
		if (value && parse_bool(value, &b))
			return perr_set(e, "'%s' is not a boolean (1/0, true/false, yes/no, on/off)",
					value);
		*(int *)field(block, o) = o->type == OPT_CORE_BOOL_INV ? !b : b;
		return 0;
	case PLIO_OPT_INT:
		rc = parse_int(value, &i);
		if (rc == -ERANGE)
			return range_error(o, value, e);
		if (rc)
			return perr_set(e, "'%s' is not an integer", value);
		if (bounded(o) && (i < o->min || (o->max && i > o->max)))
			return range_error(o, value, e);
		*(int64_t *)field(block, o) = i;
		return 0;
	case PLIO_OPT_SIZE:
		rc = one_size(o, value, value, kb_base, &u, e);
		if (rc)
			return rc;
		*(uint64_t *)field(block, o) = u;
		return 0;
	case PLIO_OPT_TIME:
		rc = parse_time_us(value, o->unit ? o->unit : 1000000, &u);
		if (rc == -ERANGE)
			return range_error(o, value, e);
		if (rc)
			return perr_set(e, "'%s' is not a time (e.g. 10s, 500ms, 2m)", value);
		if (!in_bounds_u(o, u))
			return range_error(o, value, e);
		*(uint64_t *)field(block, o) = u;
		return 0;
	case PLIO_OPT_STR:
		s = strdup(value);
		if (!s)
			return perr_setrc(e, -ENOMEM, "out of memory");
		free(*(char **)field(block, o));
		*(char **)field(block, o) = s;
		return 0;
	case PLIO_OPT_ENUM:
		c = find_choice(o, value);
		if (!c)
			return enum_error(o, value, e);
		*(int64_t *)field(block, o) = c->ival;
		return 0;
	case OPT_CORE_SIZE_RW:
		return parse_size_rw(o, value, kb_base, (uint64_t *)field(block, o), e);
	}
	return perr_set(e, "option '%s' has an unknown type (%u)", o->name, o->type);
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

	switch (o->type) {
	case PLIO_OPT_BOOL:
		return put(buf, len, "%d", *(const int *)cfield(block, o) ? 1 : 0);
	case OPT_CORE_BOOL_INV:
		return put(buf, len, "%d", *(const int *)cfield(block, o) ? 0 : 1);
	case PLIO_OPT_INT:
		return put(buf, len, "%" PRId64, *(const int64_t *)cfield(block, o));
	case PLIO_OPT_SIZE:
		/* plain bytes re-parse the same under either kb_base */
		return put(buf, len, "%" PRIu64, *(const uint64_t *)cfield(block, o));
	case PLIO_OPT_TIME:
		return put_time(buf, len, *(const uint64_t *)cfield(block, o));
	case PLIO_OPT_STR:
		s = *(char *const *)cfield(block, o);
		return put(buf, len, "%s", s ? s : "");
	case PLIO_OPT_ENUM:
		i = *(const int64_t *)cfield(block, o);
		for (c = o->choices; c && c->value; c++)
			if (c->ival == i)
				return put(buf, len, "%s", c->value);
		return put(buf, len, "%" PRId64, i);
	case OPT_CORE_SIZE_RW:
		bs = cfield(block, o);
		if (bs[0] == bs[1])
			return put(buf, len, "%" PRIu64, bs[0]);
		return put(buf, len, "%" PRIu64 ",%" PRIu64, bs[0], bs[1]);
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
		if (opts[i].type != PLIO_OPT_STR)
			continue;
		free(*(char **)field(block, &opts[i]));
		*(char **)field(block, &opts[i]) = NULL;
	}
}

/* The type column of the help table. */
static const char *type_name(const struct plio_option *o)
{
	switch (o->type) {
	case PLIO_OPT_BOOL:
	case OPT_CORE_BOOL_INV:
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
	case OPT_CORE_SIZE_RW:
		return "size[,size]";
	}
	return "?";
}

/* What the default column shows: the table's text, or the zero value. */
static const char *default_text(const struct plio_option *o)
{
	if (o->def)
		return o->def;
	return o->type == PLIO_OPT_STR ? "-" : "0";
}

/* "name" or "name (alias)" into buf. */
static const char *name_text(const struct plio_option *o, char *buf, size_t len)
{
	if (o->alias)
		snprintf(buf, len, "%s (%s)", o->name, o->alias);
	else
		snprintf(buf, len, "%s", o->name);
	return buf;
}

/* One aligned row per option, ENUM choices listed below their option. */
void option_print_help(FILE *out, const struct plio_option *opts, size_t n)
{
	int wname = 4, wtype = 4, wdef = 7, w;
	const struct plio_option_choice *c;
	char nb[128];
	size_t i;

	for (i = 0; i < n; i++) {
		w = (int)strlen(name_text(&opts[i], nb, sizeof(nb)));
		wname = w > wname ? w : wname;
		w = (int)strlen(type_name(&opts[i]));
		wtype = w > wtype ? w : wtype;
		w = (int)strlen(default_text(&opts[i]));
		wdef = w > wdef ? w : wdef;
	}
	fprintf(out, "%-*s  %-*s  %-*s  %s\n", wname, "name", wtype, "type",
		wdef, "default", "description");
	for (i = 0; i < n; i++) {
		const struct plio_option *o = &opts[i];

		fprintf(out, "%-*s  %-*s  %-*s  %s", wname,
			name_text(o, nb, sizeof(nb)), wtype, type_name(o), wdef,
			default_text(o), o->help ? o->help : "");
		if (o->type == PLIO_OPT_INT && bounded(o)) {
			if (o->max && o->max != INT64_MAX)
				fprintf(out, " [%" PRId64 "-%" PRId64 "]", o->min, o->max);
			else
				fprintf(out, " [>= %" PRId64 "]", o->min);
		}
		fputc('\n', out);
		for (c = o->choices; o->type == PLIO_OPT_ENUM && c && c->value; c++)
			fprintf(out, "%-*s    %-*s  %s\n", wname, "", wtype + wdef,
				c->value, c->help ? c->help : "");
	}
}

/* Levenshtein distance of a and b, ignoring case; large when too long. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[65], prev, tmp;

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) !=
				      tolower((unsigned char)b[j - 1]);
			size_t best = prev + cost;

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

/*
 * How close candidate cand is to the typo: its edit distance when that is
 * at most 2 (and shorter than the typo), 3 for a prefix match either way
 * (at least 3 characters), else SIZE_MAX.
 */
static size_t closeness(const char *typo, const char *cand)
{
	size_t d, lt = strlen(typo), lc = strlen(cand);

	d = edit_distance(typo, cand);
	if (d <= 2 && d < lt)
		return d;
	if (lt >= 3 && lt < lc && !strncasecmp(typo, cand, lt))
		return 3;
	if (lc >= 3 && lc < lt && !strncasecmp(typo, cand, lc))
		return 3;
	return SIZE_MAX;
}

/* Keep in *best the closest name of the table to typo seen so far. */
static void suggest_in(const struct plio_option *opts, size_t n,
		       const char *typo, const char **best, size_t *score)
{
	size_t i, s;

	for (i = 0; opts && i < n; i++) {
		s = opts[i].name ? closeness(typo, opts[i].name) : SIZE_MAX;
		if (s < *score) {
			*score = s;
			*best = opts[i].name;
		}
		s = opts[i].alias ? closeness(typo, opts[i].alias) : SIZE_MAX;
		if (s < *score) {
			*score = s;
			*best = opts[i].alias;
		}
	}
}

/* The table's closest name or alias to a typo (see closeness()), or NULL. */
const char *option_suggest(const struct plio_option *opts, size_t n,
			   const char *name)
{
	const char *best = NULL;
	size_t score = SIZE_MAX;

	if (name)
		suggest_in(opts, n, name, &best, &score);
	return best;
}

/* ------------------------------------------------------------ job specs */

/* A global option the core does not know, kept for the jobs' engines. */
struct pending {
	const struct jf_entry *en;
	bool used;
};

struct builder {
	engine_lookup_fn lookup;
	struct perr *e;
	struct job_spec glob;		/* defaults for the next job */
	const struct jf_entry *glob_ioengine;	/* the global ioengine= */
	struct pending *gext;		/* global non-core entries, in order */
	size_t n_gext;
	struct job_list out;
};

/* Whether core option o is the one stored at offset. */
static bool core_is(const struct plio_option *o, uint32_t offset)
{
	return o->offset == offset;
}

/* Free a job spec with its strings, set[] and engine options. */
static void spec_free(struct job_spec *js)
{
	if (!js)
		return;
	option_free_values(core_options, n_core_options, js);
	free(js->set);
	if (js->engine && js->engine_opts)
		option_free_values(js->engine->options, js->engine->n_options,
				   js->engine_opts);
	free(js->engine_opts);
	free(js);
}

/* A deep copy of the core part of src (no engine); NULL when out of memory. */
static struct job_spec *spec_dup(const struct job_spec *src)
{
	struct job_spec *js = malloc(sizeof(*js));
	size_t i;

	if (!js)
		return NULL;
	*js = *src;
	js->engine = NULL;
	js->engine_opts = NULL;
	js->set = malloc(n_core_options);
	for (i = 0; i < n_core_options; i++) {
		char **s = field(js, &core_options[i]);

		if (core_options[i].type == PLIO_OPT_STR && *s)
			*s = strdup(*s);
	}
	for (i = 0; i < n_core_options; i++) {
		char *const *s = field(js, &core_options[i]);
		char *const *o = cfield(src, &core_options[i]);

		if (core_options[i].type == PLIO_OPT_STR && *o && !*s)
			goto fail;
	}
	if (!js->set)
		goto fail;
	memcpy(js->set, src->set, n_core_options);
	return js;
fail:
	spec_free(js);
	return NULL;
}

/* Parse one entry with option o into block; "WHERE: KEY: WHAT" on error. */
static int apply_opt(const struct plio_option *o, const struct jf_entry *en,
		     unsigned int kb_base, void *block, struct perr *e)
{
	char where[256];
	struct perr what;
	int rc;

	origin_str(&en->where, where, sizeof(where));
	if (!en->value && !is_bool(o))
		return perr_set(e, "%s: '%s' needs a value", where, en->key);
	rc = option_parse_value(o, en->value, kb_base, block, &what);
	if (rc)
		return perr_setrc(e, rc, "%s: %s: %s", where, en->key, what.msg);
	return 0;
}

/* Apply one core option entry to js, with the rules that tie options. */
static int apply_core(struct job_spec *js, const struct plio_option *o,
		      const struct jf_entry *en, struct perr *e)
{
	char where[256];
	size_t i;
	int rc;

	if (core_is(o, JS(rw)) && en->value) {
		for (i = 0; i < ARRAY_LEN(rw_unsupported); i++)
			if (!strcasecmp(en->value, rw_unsupported[i]))
				return perr_setrc(e, -ENOTSUP,
						  "%s: %s: rw=%s is not supported yet",
						  origin_str(&en->where, where, sizeof(where)),
						  en->key, rw_unsupported[i]);
	}
	rc = apply_opt(o, en, (unsigned int)js->kb_base, js, e);
	if (rc)
		return rc;
	if (core_is(o, JS(buffer_pattern))) {
		uint8_t pat[PATTERN_MAX];
		size_t len;

		rc = parse_pattern(js->buffer_pattern, pat, sizeof(pat), &len);
		if (rc)
			return perr_setrc(e, rc, "%s: %s: '%s' is not a pattern (e.g. 0xdeadbeef, \"text\", 255)%s",
					  origin_str(&en->where, where, sizeof(where)),
					  en->key, en->value ? en->value : "",
					  rc == -ERANGE ? ": too long or above 255" : "");
	}
	/* only the option given counts as set, as in fio (not its partner) */
	js->set[o - core_options] = 1;
	if (core_is(o, JS(rwmixread)))
		js->rwmixwrite = 100 - js->rwmixread;
	else if (core_is(o, JS(rwmixwrite)))
		js->rwmixread = 100 - js->rwmixwrite;
	return 0;
}

/* Append p to the array *arr of *n entries. */
static int push_entry(const struct jf_entry ***arr, size_t *n,
		      const struct jf_entry *p)
{
	const struct jf_entry **a = realloc(*arr, (*n + 1) * sizeof(*a));

	if (!a)
		return -ENOMEM;
	a[(*n)++] = p;
	*arr = a;
	return 0;
}

/*
 * Apply a section's core options to js (kb_base first, so sizes anywhere
 * in the section use it); the others go to *rest in order.  *ioeng gets
 * the entry that set ioengine=, if any.
 */
static int apply_section(struct job_spec *js, const struct jf_section *sec,
			 const struct jf_entry **ioeng,
			 const struct jf_entry ***rest, size_t *n_rest,
			 struct perr *e)
{
	const struct plio_option *o;
	size_t i;
	int pass, rc;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < sec->n_entries; i++) {
			const struct jf_entry *en = &sec->entries[i];

			o = option_find(core_options, n_core_options, en->key);
			if (!o) {
				if (pass && (rc = push_entry(rest, n_rest, en)))
					return perr_setrc(e, rc, "out of memory");
				continue;
			}
			if (core_is(o, JS(kb_base)) != !pass)
				continue;
			rc = apply_core(js, o, en, e);
			if (rc)
				return rc;
			if (core_is(o, JS(ioengine)))
				*ioeng = en;
		}
	}
	return 0;
}

/* "WHERE: KEY: unknown option (did you mean 'x'?)" */
static int unknown_option(const struct jf_entry *en,
			  const struct loaded_engine *const *engines,
			  size_t n_engines, struct perr *e)
{
	const char *best = NULL;
	size_t score = SIZE_MAX, i;
	char where[256];

	suggest_in(core_options, n_core_options, en->key, &best, &score);
	for (i = 0; i < n_engines; i++)
		if (engines[i])
			suggest_in(engines[i]->options, engines[i]->n_options,
				   en->key, &best, &score);
	origin_str(&en->where, where, sizeof(where));
	if (best)
		return perr_setrc(e, -ENOENT, "%s: %s: unknown option (did you mean '%s'?)",
				  where, en->key, best);
	return perr_setrc(e, -ENOENT, "%s: %s: unknown option", where, en->key);
}

/*
 * Resolve js's engine and parse its options: defaults, then the global
 * entries it knows, then the job's own (rest), which it must know.
 */
static int attach_engine(struct builder *b, struct job_spec *js,
			 const struct jf_section *sec,
			 const struct jf_entry *ioeng,
			 const struct jf_entry *const *rest, size_t n_rest)
{
	const struct loaded_engine *eng = NULL;
	const struct plio_option *o;
	struct perr why = { "" };
	char where[256];
	size_t i;
	int rc;

	if (b->lookup) {
		origin_str(ioeng ? &ioeng->where : &sec->where, where, sizeof(where));
		eng = b->lookup(js->ioengine ? js->ioengine : "", &why);
		if (!eng)
			return perr_setrc(b->e, -ENOENT, "%s: ioengine: %s", where,
					  why.msg[0] ? why.msg : "no such engine");
		js->engine = eng;
		js->engine_opts = calloc(1, eng->e.options_size ? eng->e.options_size : 1);
		if (!js->engine_opts)
			return perr_setrc(b->e, -ENOMEM, "%s: out of memory", where);
		rc = option_set_defaults(eng->options, eng->n_options,
					 js->engine_opts, &why);
		if (rc)
			return perr_setrc(b->e, rc, "%s: ioengine: engine '%s': %s",
					  where, eng->e.name ? eng->e.name : "?",
					  why.msg);
		for (i = 0; i < b->n_gext; i++) {
			o = option_find(eng->options, eng->n_options,
					b->gext[i].en->key);
			if (!o)
				continue;
			rc = apply_opt(o, b->gext[i].en, (unsigned int)js->kb_base,
				       js->engine_opts, b->e);
			if (rc)
				return rc;
			b->gext[i].used = true;
		}
	}
	for (i = 0; i < n_rest; i++) {
		o = eng ? option_find(eng->options, eng->n_options, rest[i]->key) : NULL;
		if (!o)
			return unknown_option(rest[i], &eng, 1, b->e);
		rc = apply_opt(o, rest[i], (unsigned int)js->kb_base,
			       js->engine_opts, b->e);
		if (rc)
			return rc;
	}
	return 0;
}

/* Turn a non-global section into a job on b->out. */
static int build_job(struct builder *b, const struct jf_section *sec)
{
	const struct plio_option *name_opt =
		option_find(core_options, n_core_options, "name");
	const struct jf_entry *ioeng = b->glob_ioengine, **rest = NULL;
	struct job_spec *js, **jobs;
	size_t n_rest = 0;
	char where[256];
	int rc;

	js = spec_dup(&b->glob);
	if (!js)
		return perr_setrc(b->e, -ENOMEM, "out of memory");
	js->where = sec->where;
	js->section = sec;
	/* the section names the job; a name= in [global] does not */
	free(js->name);
	js->name = strdup(sec->name);
	js->set[name_opt - core_options] = 0;
	if (!js->name) {
		rc = perr_setrc(b->e, -ENOMEM, "out of memory");
		goto out;
	}
	rc = apply_section(js, sec, &ioeng, &rest, &n_rest, b->e);
	if (!rc)
		rc = attach_engine(b, js, sec, ioeng, rest, n_rest);
	if (!rc && !*js->name)
		rc = perr_set(b->e, "%s: name: a job needs a name",
			      origin_str(&sec->where, where, sizeof(where)));
	if (rc)
		goto out;
	jobs = realloc(b->out.jobs, (b->out.n + 1) * sizeof(*jobs));
	if (!jobs) {
		rc = perr_setrc(b->e, -ENOMEM, "out of memory");
		goto out;
	}
	jobs[b->out.n++] = js;
	b->out.jobs = jobs;
	js = NULL;
out:
	free(rest);
	spec_free(js);
	return rc;
}

/* Fold a global section into the defaults for later jobs. */
static int apply_global(struct builder *b, const struct jf_section *sec)
{
	const struct jf_entry **rest = NULL;
	struct pending *g;
	size_t n_rest = 0, i;
	int rc;

	rc = apply_section(&b->glob, sec, &b->glob_ioengine, &rest, &n_rest, b->e);
	if (!rc && n_rest) {
		g = realloc(b->gext, (b->n_gext + n_rest) * sizeof(*g));
		if (!g) {
			rc = perr_setrc(b->e, -ENOMEM, "out of memory");
		} else {
			b->gext = g;
			for (i = 0; i < n_rest; i++) {
				g[b->n_gext].en = rest[i];
				g[b->n_gext++].used = false;
			}
		}
	}
	free(rest);
	return rc;
}

/* A global non-core option that no job's engine took is an error. */
static int check_globals_used(struct builder *b)
{
	const struct loaded_engine **engines;
	size_t i, j;
	int rc = 0;

	if (!b->out.n)
		return 0;
	engines = calloc(b->out.n, sizeof(*engines));
	if (!engines)
		return perr_setrc(b->e, -ENOMEM, "out of memory");
	for (j = 0; j < b->out.n; j++)
		engines[j] = b->out.jobs[j]->engine;
	for (i = 0; i < b->n_gext && !rc; i++) {
		bool known = b->gext[i].used;

		/* one after the last job still counts if some engine has it */
		for (j = 0; j < b->out.n && !known; j++)
			known = engines[j] && option_find(engines[j]->options,
							  engines[j]->n_options,
							  b->gext[i].en->key);
		if (!known)
			rc = unknown_option(b->gext[i].en, engines, b->out.n, b->e);
	}
	free(engines);
	return rc;
}

/*
 * Sections in order: globals fold into b.glob, other sections become jobs.
 * On any error nothing is returned and *out is empty.
 */
int options_build(const struct jobfile *jf, engine_lookup_fn lookup,
		  struct job_list *out, struct perr *e)
{
	struct builder b;
	size_t i;
	int rc = 0;

	memset(&b, 0, sizeof(b));
	b.lookup = lookup;
	b.e = e;
	out->jobs = NULL;
	out->n = 0;
	b.glob.set = calloc(n_core_options, 1);
	if (!b.glob.set)
		return perr_setrc(e, -ENOMEM, "out of memory");
	rc = option_set_defaults(core_options, n_core_options, &b.glob, e);
	for (i = 0; !rc && i < jf->n_sections; i++) {
		const struct jf_section *sec = &jf->sections[i];

		rc = sec->global ? apply_global(&b, sec) : build_job(&b, sec);
	}
	if (!rc)
		rc = check_globals_used(&b);
	option_free_values(core_options, n_core_options, &b.glob);
	free(b.glob.set);
	free(b.gext);
	if (rc) {
		job_list_free(&b.out);
		return rc;
	}
	*out = b.out;
	return 0;
}

/* Free every job of l; l is empty afterwards. */
void job_list_free(struct job_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		spec_free(l->jobs[i]);
	free(l->jobs);
	l->jobs = NULL;
	l->n = 0;
}

/* Whether core option `name` (or its alias) was given for this job. */
bool options_is_set(const struct job_spec *js, const char *name)
{
	const struct plio_option *o = option_find(core_options, n_core_options, name);

	return o && js->set && js->set[o - core_options];
}
