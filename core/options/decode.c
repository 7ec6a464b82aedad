/*
 * decode.c - each option's value into what the later stages read.
 *
 * The decode hooks of the core option table (table.h): when every section
 * of a job is applied and its kb_base is final, each option kept as text
 * (bsrange=4k-16k,8k, file_service_type=random:4, percentile_list=...) is
 * decoded here once, into the typed fields of struct job_spec, with fio's
 * rules and fio's warnings.  The text was checked against fio's syntax when
 * its entry was applied (value.c), so what can still fail here is what
 * ties values together; errors and warnings name the entry that gave the
 * option ("jobs.fio:4: bssplit: ...").  No later stage parses an option.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/parse.h"
#include "options/internal.h"
#include "options/value.h"

/*
 * Split a per-direction text value into its parts: parts[d] for each
 * direction, a missing trailing part repeating the last one given (fio's
 * rule: "4k,8k" also trims 8k).  buf holds the parts.
 */
static void dir_parts(const char *text, char *buf, size_t len, char **parts)
{
	char *p[3];
	int n, d;

	snprintf(buf, len, "%s", text);
	n = option_split(buf, ',', p, 3);
	if (n < 1) {		/* checked when parsed: cannot happen */
		p[0] = buf + strlen(buf);
		n = 1;
	}
	for (d = 0; d < 3; d++)
		parts[d] = p[d < n ? d : n - 1];
}

/* bsrange's LOW-HIGH (or LOW:HIGH, or one size) into *lo, *hi. */
static int decode_range(char *t, unsigned int kb_base, uint64_t *lo, uint64_t *hi)
{
	char *sep = strchr(t, '-');
	uint64_t x;

	if (!sep)
		sep = strchr(t, ':');
	if (sep)
		*sep++ = '\0';
	if (parse_size(t, kb_base, lo) || (sep && parse_size(sep, kb_base, hi)))
		return -EINVAL;
	if (!sep)
		*hi = *lo;
	if (*lo > *hi) {
		x = *lo;
		*lo = *hi;
		*hi = x;
	}
	return 0;
}

/*
 * One direction's bssplit list, drawn as fio draws it: entries without
 * a percentage (or with 0) share what the others leave of 100 (nothing
 * when they leave nothing; more than 100 with such entries is refused
 * when parsed); the entries are then ordered by percentage, smallest
 * first, keeping the given order among equal ones, and each takes its
 * percentage of the picks in that order until 100 is used up: beyond
 * 100, an entry gets only what is left of it (4k/80:8k/50: 8k 50, 4k 50);
 * under 100, the last entry (the largest share) takes what is left over
 * (4k/60:8k/30: 8k 30, 4k 70).  Returns the total of the percentages.
 */
static unsigned int decode_bssplit(char *list, unsigned int kb_base, struct bs_dir *b)
{
	char *items[BSSPLIT_MAX], *pct;
	unsigned int pcts[BSSPLIT_MAX], sum = 0, missing = 0, cum = 0, share, pc;
	uint64_t bs;
	int n, i, j, k;
	int64_t p;

	n = option_split(list, ':', items, BSSPLIT_MAX);
	b->nsplit = 0;
	for (i = j = 0; i < n; i++) {
		if (!*items[i])
			continue;	/* a trailing ':' */
		pct = strchr(items[i], '/');
		if (pct)
			*pct++ = '\0';
		if (parse_size(items[i], kb_base, &b->split[j].bs))
			return 0;	/* checked when parsed */
		pcts[j] = 0;
		if (pct && *pct && !option_bssplit_pct(pct, &p))
			pcts[j] = (unsigned int)p;
		sum += pcts[j];
		if (!pcts[j])
			missing++;
		j++;
	}
	n = j;
	share = missing && sum < 100 ? (100 - sum) / missing : 0;
	for (i = 0; i < n; i++) {
		if (!pcts[i]) {
			pcts[i] = share;
			sum += share;
		}
	}
	/* stable insertion sort by percentage, smallest first */
	for (i = 1; i < n; i++) {
		bs = b->split[i].bs;
		pc = pcts[i];
		for (k = i; k > 0 && pcts[k - 1] > pc; k--) {
			pcts[k] = pcts[k - 1];
			b->split[k].bs = b->split[k - 1].bs;
		}
		pcts[k] = pc;
		b->split[k].bs = bs;
	}
	for (i = 0; i < n; i++) {
		cum += pcts[i];
		b->split[i].cum = cum;
		if (!i || b->split[i].bs < b->min)
			b->min = b->split[i].bs;
		if (!i || b->split[i].bs > b->max)
			b->max = b->split[i].bs;
	}
	b->nsplit = (unsigned int)n;
	return sum;
}

/* bsrange over bs: fio takes bsrange whichever comes later (bs fills in
 * the directions bsrange leaves empty).  ranged[d]: bsrange gave d. */
static int decode_bsrange(struct job_spec *js, bool *ranged, struct perr *e)
{
	unsigned int kb = (unsigned int)js->kb_base;
	char buf[1024], *parts[3], where[256];
	int d;

	if (!js->txt.bsrange || !*js->txt.bsrange)
		return 0;
	dir_parts(js->txt.bsrange, buf, sizeof(buf), parts);
	for (d = 0; d < 3; d++) {
		char one[128];

		/* parts may share one text: decode each from a copy */
		snprintf(one, sizeof(one), "%s", parts[d]);
		if (*one && decode_range(one, kb, &js->bsd[d].min, &js->bsd[d].max))
			return perr_set(e, "%s: bsrange: '%s' is not a LOW-HIGH size range",
					options_where(js, CO_BSRANGE, where, sizeof(where)),
					js->txt.bsrange);
		ranged[d] = *one;
	}
	return 0;
}

/*
 * bssplit: each direction's list.  With bsrange too, fio draws from
 * bssplit but keeps bsrange's bounds (shown, and aligning random
 * offsets): a size above them is cut to the largest (the mix is not the
 * one written), and with one below them fio 3.33 can spin without doing
 * I/O: refused.
 */
static int decode_bssplits(struct job_spec *js, const bool *ranged, struct perr *e)
{
	unsigned int kb = (unsigned int)js->kb_base;
	char buf[1024], *parts[3], where[256];
	bool over = false;
	int d;

	if (!js->txt.bssplit || !*js->txt.bssplit)
		return 0;
	dir_parts(js->txt.bssplit, buf, sizeof(buf), parts);
	for (d = 0; d < 3; d++) {
		uint64_t lo = js->bsd[d].min, hi = js->bsd[d].max;
		char one[1024];

		if (!*parts[d])
			continue;
		/* parts may share one list: decode each from a copy */
		snprintf(one, sizeof(one), "%s", parts[d]);
		if (decode_bssplit(one, kb, &js->bsd[d]) > 100)
			over = true;
		if (!ranged[d])
			continue;
		if (js->bsd[d].min < lo || js->bsd[d].max > hi)
			return perr_set(e, "%s: bssplit: '%s' has sizes outside bsrange '%s' (%" PRIu64
					"-%" PRIu64 " for %s): give one of the two, or a bsrange that holds them",
					options_where(js, CO_BSSPLIT, where, sizeof(where)),
					js->txt.bssplit, js->txt.bsrange, lo, hi,
					d == 0 ? "reads" : d == 1 ? "writes" : "trims");
		js->bsd[d].min = lo;
		js->bsd[d].max = hi;
	}
	if (over)
		return options_warn_at(&js->set_where[CO_BSSPLIT], "bssplit", e,
				       "the percentages add up to more than 100: as in fio, sizes are served from the smallest share up, and the largest shares get only what is left of 100");
	return 0;
}

/*
 * bs, bsrange, bssplit, ba and bs_unaligned: each direction's block-size
 * table (struct bs_dir), and the smallest and largest size over the
 * directions the job does.
 */
int decode_blocksizes(struct job_spec *js, struct perr *e)
{
	unsigned int kb = (unsigned int)js->kb_base;
	char buf[1024], *parts[3];
	bool ranged[3] = { false, false, false };
	int d, rc;

	memset(js->bsd, 0, sizeof(js->bsd));
	for (d = 0; d < 3; d++) {
		js->bsd[d].min = js->bsd[d].max = js->bs[d];
		js->bsd[d].unaligned = js->bs_unaligned;
	}
	rc = decode_bsrange(js, ranged, e);
	if (!rc)
		rc = decode_bssplits(js, ranged, e);
	if (rc)
		return rc;
	js->ba_given = js->txt.ba && *js->txt.ba;
	if (js->ba_given) {
		dir_parts(js->txt.ba, buf, sizeof(buf), parts);
		for (d = 0; d < 3; d++)
			if (*parts[d] && parse_size(parts[d], kb, &js->bsd[d].align))
				js->bsd[d].align = 0;
	}
	js->min_bs = js->max_bs = 0;
	for (d = 0; d < 3; d++) {
		struct bs_dir *b = &js->bsd[d];

		if (!b->align)
			b->align = b->min;
		if (!(js->rw & (d == 0 ? RW_READ : d == 1 ? RW_WRITE : RW_TRIM)))
			continue;
		if (!js->min_bs || b->min < js->min_bs)
			js->min_bs = b->min;
		if (b->max > js->max_bs)
			js->max_bs = b->max;
	}
	/* fio's warning: the random map goes (the plan leaves it out) */
	if (js->ba_given && (js->rw & RW_RAND) && !js->norandommap)
		return options_warn_at(&js->set_where[CO_BA], "ba", e,
				       "any use of blockalign turns off the random map (norandommap)");
	return 0;
}

/* A size or N% (offset=, offset_increment=, io_size=): checked when
 * parsed. */
static size_or_pct size_or_pct_of(const char *t, const struct job_spec *js)
{
	size_t len = t ? strlen(t) : 0;
	uint64_t bytes = 0;
	int64_t v = 0;

	if (!len)
		return 0;
	if (t[len - 1] == '%') {
		char num[32];

		snprintf(num, sizeof(num), "%.*s", (int)(len - 1), t);
		if (!parse_int(num, &v) && v)
			return OPT_PCT_FLAG | (uint64_t)v;
		return 0;
	}
	parse_size(t, (unsigned int)js->kb_base, &bytes);
	return bytes;
}

int decode_io_size(struct job_spec *js, struct perr *e)
{
	(void)e;
	js->io_size = size_or_pct_of(js->txt.io_size, js);
	return 0;
}

int decode_offset(struct job_spec *js, struct perr *e)
{
	(void)e;
	js->offset = size_or_pct_of(js->txt.offset, js);
	return 0;
}

int decode_offset_increment(struct job_spec *js, struct perr *e)
{
	(void)e;
	js->offset_increment = size_or_pct_of(js->txt.offset_increment, js);
	return 0;
}

/* filesize=N or LOW-HIGH (LOW:HIGH): the sizes a file is picked from. */
int decode_filesize(struct job_spec *js, struct perr *e)
{
	char buf[128], *sep;
	uint64_t lo = 0, hi, v;

	(void)e;
	js->filesize_lo = js->filesize_hi = 0;
	if (!js->txt.filesize)
		return 0;
	snprintf(buf, sizeof(buf), "%s", js->txt.filesize);
	sep = strchr(buf + (*buf == '-'), '-');
	if (!sep)
		sep = strchr(buf, ':');
	if (sep)
		*sep++ = '\0';
	parse_size(buf, (unsigned int)js->kb_base, &lo);
	hi = lo;
	if (sep)
		parse_size(sep + strspn(sep, " \t"), (unsigned int)js->kb_base, &hi);
	if (hi < lo) {
		v = lo;
		lo = hi;
		hi = v;
	}
	js->filesize_lo = lo;
	js->filesize_hi = hi;
	return 0;
}

/* startdelay=T or LOW-HIGH (LOW:HIGH); the plan picks each clone's. */
int decode_startdelay(struct job_spec *js, struct perr *e)
{
	const char *t = js->txt.startdelay;
	char buf[128], *sep, where[256];
	uint64_t lo = 0, hi;

	js->startdelay_lo = js->startdelay_hi = 0;
	if (!t || !*t)
		return 0;
	if (strlen(t) >= sizeof(buf))
		goto bad;
	strcpy(buf, t);
	sep = strchr(buf, '-');
	if (!sep)
		sep = strchr(buf, ':');
	if (sep)
		*sep++ = '\0';
	if (parse_time_us(buf, 1000000, &lo))
		goto bad;
	hi = lo;
	if (sep && parse_time_us(sep, 1000000, &hi))
		goto bad;
	js->startdelay_lo = lo < hi ? lo : hi;
	js->startdelay_hi = lo < hi ? hi : lo;
	return 0;
bad:
	return perr_set(e, "%s: startdelay: '%s' is not a time or a range of times",
			options_where(js, CO_STARTDELAY, where, sizeof(where)), t);
}

/* percentage_random per direction (100: all random). */
int decode_pct_random(struct job_spec *js, struct perr *e)
{
	char buf[1024], *parts[3];
	int d;

	(void)e;
	for (d = 0; d < 3; d++)
		js->pct_random[d] = 100;
	if (!js->txt.percentage_random || !*js->txt.percentage_random)
		return 0;
	dir_parts(js->txt.percentage_random, buf, sizeof(buf), parts);
	for (d = 0; d < 3; d++)
		if (*parts[d] && parse_int(parts[d], &js->pct_random[d]))
			js->pct_random[d] = 100;
	return 0;
}

/* replay_skip=read,write,trim,sync: the log's directions left out (bits
 * 1 << READ, WRITE, TRIM; sync covers fsync and fdatasync, bits 3 and 4,
 * as the I/O log's actions are numbered); replay_align a power of 2. */
int decode_replay_skip(struct job_spec *js, struct perr *e)
{
	static const char *const names[] = { "read", "write", "trim", "sync" };
	char buf[256], *p = buf, *tok, where[256];
	unsigned int i;

	js->replay_skip_mask = 0;
	if (js->replay_align & (js->replay_align - 1))
		return perr_set(e, "%s: replay_align: %llu is not a power of 2",
				options_where(js, CO_REPLAY_ALIGN, where, sizeof(where)),
				(unsigned long long)js->replay_align);
	if (!js->replay_skip)
		return 0;
	snprintf(buf, sizeof(buf), "%s", js->replay_skip);
	while ((tok = strsep(&p, ","))) {
		for (i = 0; i < 4 && strcmp(tok, names[i]); i++)
			;
		if (i == 4)
			return perr_set(e, "%s: replay_skip: '%s' is not read, write, trim or sync",
					options_where(js, CO_REPLAY_SKIP, where, sizeof(where)), tok);
		js->replay_skip_mask |= i == 3 ? 3u << 3 : 1u << i;
	}
	return 0;
}

/* READ[,WRITE[,TRIM]] of rate=, rate_min= (sizes a second), rate_iops=,
 * rate_iops_min= (I/Os a second) and max_latency= (times, bare us),
 * checked when parsed: one value is every direction's, an empty part none. */
enum dir_value { DV_SIZE, DV_INT, DV_TIME };

static void decode_dirs(const struct job_spec *js, const char *t, enum dir_value kind,
			uint64_t *out)
{
	char buf[1024], *parts[3];
	int64_t n;
	int d, bad;

	for (d = 0; d < 3; d++)
		out[d] = 0;
	if (!t || !*t)
		return;
	dir_parts(t, buf, sizeof(buf), parts);
	for (d = 0; d < 3; d++) {
		if (!*parts[d])
			continue;
		if (kind == DV_SIZE) {
			bad = parse_size(parts[d], (unsigned int)js->kb_base, &out[d]);
		} else if (kind == DV_TIME) {
			bad = parse_time_us(parts[d], 1, &out[d]);
		} else {
			bad = parse_int(parts[d], &n) || n < 0;
			out[d] = (uint64_t)n;
		}
		if (bad)
			out[d] = 0;
	}
}

int decode_rate(struct job_spec *js, struct perr *e)
{
	(void)e;
	decode_dirs(js, js->txt.rate, DV_SIZE, js->rate);
	return 0;
}

int decode_rate_min(struct job_spec *js, struct perr *e)
{
	(void)e;
	decode_dirs(js, js->txt.rate_min, DV_SIZE, js->rate_min);
	return 0;
}

int decode_rate_iops(struct job_spec *js, struct perr *e)
{
	(void)e;
	decode_dirs(js, js->txt.rate_iops, DV_INT, js->rate_iops);
	return 0;
}

int decode_rate_iops_min(struct job_spec *js, struct perr *e)
{
	(void)e;
	decode_dirs(js, js->txt.rate_iops_min, DV_INT, js->rate_iops_min);
	return 0;
}

int decode_max_latency(struct job_spec *js, struct perr *e)
{
	(void)e;
	decode_dirs(js, js->txt.max_latency, DV_TIME, js->max_lat_us);
	return 0;
}

/* file_service_type=KIND[:N]: random, roundrobin and sequential take N,
 * I/Os to a file before the next is picked; the distributions (zipf,
 * pareto, normal, gauss) take their own parameter (and centre), as
 * random_distribution's. */
int decode_file_service_type(struct job_spec *js, struct perr *e)
{
	const char *t = js->txt.file_service_type;
	const struct plio_option_choice *c;
	size_t len = t ? strcspn(t, ":") : 0;
	char where[256];
	int64_t n;

	js->fst = FST_ROUNDROBIN;
	js->fst_nr = 1;
	if (!len)
		return 0;
	for (c = file_service_type_choices; c->value; c++)
		if (strlen(c->value) == len && !strncmp(c->value, t, len))
			break;
	if (!c->value)		/* checked when parsed */
		return 0;
	js->fst = (enum fst_kind)c->ival;
	if (js->fst > FST_SEQUENTIAL) {
		char args[128];
		const char *bad;

		memset(&js->fdist, 0, sizeof(js->fdist));
		js->fdist.kind = js->fst == FST_ZIPF ? DIST_ZIPF :
				 js->fst == FST_PARETO ? DIST_PARETO : DIST_NORMAL;
		snprintf(args, sizeof(args), "%s", t[len] ? t + len + 1 : "");
		bad = decode_dist_args(t[len] ? args : NULL, &js->fdist);
		if (bad)
			return perr_set(e, "%s: file_service_type: '%s': %s",
					options_where(js, CO_FILE_SERVICE_TYPE, where, sizeof(where)),
					t, bad);
		return 0;
	}
	if (!t[len])
		return 0;
	if (parse_int_mult(t + len + 1, (unsigned int)js->kb_base, &n) || n < 1 ||
	    n > UINT32_MAX)
		return perr_set(e, "%s: file_service_type: '%s': N is a number of I/Os, 1 or more",
				options_where(js, CO_FILE_SERVICE_TYPE, where, sizeof(where)), t);
	js->fst_nr = (unsigned int)n;
	return 0;
}

/* mem=TYPE[:FILE] (checked when parsed): the type, and the file of mmap
 * and mmaphuge (pointing into the option's text, which outlives the job). */
int decode_mem(struct job_spec *js, struct perr *e)
{
	const char *t = js->txt.mem;
	const struct plio_option_choice *c;
	size_t len = t ? strcspn(t, ":") : 0;
	char where[256];

	js->mem_type = MEM_MALLOC;
	js->mem_file = NULL;
	if (!len)
		return 0;
	for (c = mem_choices; c->value; c++)
		if (strlen(c->value) == len && !strncmp(c->value, t, len))
			break;
	if (!c->value)
		return 0;
	js->mem_type = (int)c->ival;
	if (!t[len])
		return 0;
	if (js->mem_type != MEM_MMAP && js->mem_type != MEM_MMAPHUGE)
		return perr_set(e, "%s: mem: '%s': only mmap and mmaphuge take a :FILE",
				options_where(js, CO_MEM, where, sizeof(where)), t);
	js->mem_file = t + len + 1;
	return 0;
}

/* verify_async_cpus=LIST (its syntax checked when parsed): a mask of CPUs
 * that exist here. */
int decode_verify_async_cpus(struct job_spec *js, struct perr *e)
{
	js->vasync_pinned = js->txt.verify_async_cpus && *js->txt.verify_async_cpus;
	return decode_cpu_list(js, CO_VERIFY_ASYNC_CPUS, js->txt.verify_async_cpus,
			       js->vasync_cpus, e);
}

/* sync_file_range=FLAG[,FLAG...][:N] (checked when parsed). */
int decode_sync_file_range(struct job_spec *js, struct perr *e)
{
	char buf[128], *colon, *p = buf, *tok;
	int64_t n = 1;

	(void)e;
	js->sfr_flags = 0;
	js->sfr_nr = 0;
	if (!js->txt.sync_file_range || !*js->txt.sync_file_range)
		return 0;
	snprintf(buf, sizeof(buf), "%s", js->txt.sync_file_range);
	colon = strchr(buf, ':');
	if (colon) {
		*colon = '\0';
		if (parse_int_mult(colon + 1, 1024, &n))
			n = 0;
	}
	js->sfr_nr = n;
	while ((tok = strsep(&p, ",")))
		js->sfr_flags |= !strcmp(tok, "wait_before") ? SFR_WAIT_BEFORE :
				 !strcmp(tok, "write") ? SFR_WRITE :
				 !strcmp(tok, "wait_after") ? SFR_WAIT_AFTER : 0;
	return 0;
}

/* fio marks every Nth write a barrier, which only its SCSI generic engine
 * acts on; no plio engine can: say so rather than ignore it. */
int decode_write_barrier(struct job_spec *js, struct perr *e)
{
	if (js->write_barrier <= 0)
		return 0;
	return options_warn_at(&js->set_where[CO_WRITE_BARRIER], "write_barrier", e,
			       "no plio engine issues barrier writes (fio's sg engine alone does): it changes nothing");
}

/* The number of decimals written in a percentile_list entry. */
static unsigned int decimals(const char *s, size_t len)
{
	const char *dot = memchr(s, '.', len);

	return dot ? (unsigned int)(len - (size_t)(dot + 1 - s)) : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * percentile_list=P:P:...: as fio, a 0 ends it ("50:0:99" is 50 alone,
 * "0:50" no percentiles at all); at most 20 are kept, with fio's warning
 * of more; sorted; shown with as many decimals as the longest entry has.
 */
int decode_percentile_list(struct job_spec *js, struct perr *e)
{
	const char *p = js->txt.percentile_list, *c;
	struct pct_list *l = &js->pcts;
	unsigned int n = 1;

	memset(l, 0, sizeof(*l));
	l->decoded = true;
	if (!p)
		return 0;
	for (c = p; *c; c++)
		n += *c == ':';
	while (*p && l->n < PCT_LIST_MAX) {
		size_t len = strcspn(p, ":");
		unsigned int dec = decimals(p, len);
		double v = strtod(p, NULL);

		if (v == 0.0)
			break;
		l->v[l->n++] = v;
		if (dec > l->prec)
			l->prec = dec;
		p += len;
		if (*p)
			p++;
	}
	qsort(l->v, l->n, sizeof(l->v[0]), cmp_double);
	if (n > PCT_LIST_MAX)
		return options_warn_at(&js->set_where[CO_PERCENTILE_LIST], "percentile_list",
				       e, "%u percentiles given, only the first %u are used",
				       n, (unsigned int)PCT_LIST_MAX);
	return 0;
}

/* latency_percentile=P (a percent; the report shows it, as fio's). */
int decode_latency_percentile(struct job_spec *js, struct perr *e)
{
	(void)e;
	js->latency_pct = js->txt.latency_percentile && *js->txt.latency_percentile ?
			  strtod(js->txt.latency_percentile, NULL) : 100.0;
	return 0;
}

/* errno names ignore_error takes (besides numbers). */
#define ERRNAME(x) { #x, x }
static const struct {
	const char *name;
	int err;
} errnames[] = {
	ERRNAME(EPERM), ERRNAME(ENOENT), ERRNAME(ESRCH), ERRNAME(EINTR),
	ERRNAME(EIO), ERRNAME(ENXIO), ERRNAME(E2BIG), ERRNAME(ENOEXEC),
	ERRNAME(EBADF), ERRNAME(ECHILD), ERRNAME(EAGAIN), ERRNAME(ENOMEM),
	ERRNAME(EACCES), ERRNAME(EFAULT), ERRNAME(ENOTBLK), ERRNAME(EBUSY),
	ERRNAME(EEXIST), ERRNAME(EXDEV), ERRNAME(ENODEV), ERRNAME(ENOTDIR),
	ERRNAME(EISDIR), ERRNAME(EINVAL), ERRNAME(ENFILE), ERRNAME(EMFILE),
	ERRNAME(ENOTTY), ERRNAME(ETXTBSY), ERRNAME(EFBIG), ERRNAME(ENOSPC),
	ERRNAME(ESPIPE), ERRNAME(EROFS), ERRNAME(EMLINK), ERRNAME(EPIPE),
	ERRNAME(EDOM), ERRNAME(ERANGE), ERRNAME(EDEADLK), ERRNAME(ENAMETOOLONG),
	ERRNAME(ENOLCK), ERRNAME(ENOSYS), ERRNAME(ENOTEMPTY), ERRNAME(ELOOP),
	ERRNAME(EWOULDBLOCK), ERRNAME(ENOMSG), ERRNAME(EIDRM), ERRNAME(ENOSTR),
	ERRNAME(ENODATA), ERRNAME(ETIME), ERRNAME(ENOSR), ERRNAME(ENOLINK),
	ERRNAME(EPROTO), ERRNAME(EBADMSG), ERRNAME(EOVERFLOW), ERRNAME(EILSEQ),
	ERRNAME(EUSERS), ERRNAME(ENOTSOCK), ERRNAME(EMSGSIZE), ERRNAME(EOPNOTSUPP),
	ERRNAME(ENOTSUP), ERRNAME(ENOBUFS), ERRNAME(ETIMEDOUT), ERRNAME(ECONNREFUSED),
	ERRNAME(ECONNRESET), ERRNAME(EHOSTUNREACH), ERRNAME(EALREADY),
	ERRNAME(EINPROGRESS), ERRNAME(ESTALE), ERRNAME(EDQUOT), ERRNAME(ECANCELED),
	ERRNAME(EREMOTEIO), ERRNAME(ENOMEDIUM), ERRNAME(EMEDIUMTYPE),
	ERRNAME(EKEYEXPIRED), ERRNAME(EOWNERDEAD), ERRNAME(ENOTRECOVERABLE),
};

/* One errno: a name (EIO, any case) or a number 1..4095; 0 when neither. */
static int errno_of(const char *tok)
{
	size_t k;
	int64_t v;

	for (k = 0; k < ARRAY_LEN(errnames); k++)
		if (!strcasecmp(tok, errnames[k].name))
			return errnames[k].err;
	if (parse_int(tok, &v) || v <= 0 || v > 4095)
		return 0;
	return (int)v;
}

/*
 * continue_on_error and ignore_error=READ_LIST,WRITE_LIST,VERIFY_LIST
 * (':' between errors, each an errno name or number; a list applies only
 * to its type, and makes the job continue after that type's errors).
 */
int decode_errors(struct job_spec *js, struct perr *e)
{
	const char *t = js->txt.ignore_error;
	char buf[1024], *lists[3], *p, *tok, where[256];
	int n, i, err;

	memset(js->ignore, 0, sizeof(js->ignore));
	js->coe_mask = (unsigned int)js->continue_on_error;
	if (!t || !*t)
		return 0;
	options_where(js, CO_IGNORE_ERROR, where, sizeof(where));
	if (strlen(t) >= sizeof(buf))
		goto too_long;
	strcpy(buf, t);
	n = option_split(buf, ',', lists, 3);
	if (n < 0)
		return perr_set(e, "%s: ignore_error: '%s' has more than three lists (READ,WRITE,VERIFY)",
				where, t);
	for (i = 0; i < n; i++) {
		struct err_list *l = &js->ignore[i];

		for (p = lists[i]; p && *p;) {
			tok = strsep(&p, ":");
			tok += strspn(tok, " \t");
			err = errno_of(tok);
			if (!err)
				return perr_set(e, "%s: ignore_error: '%s' is not an error name (e.g. EIO) or number",
						where, tok);
			if (l->n == ERR_LIST_MAX)
				goto too_long;
			l->err[l->n++] = err;
			l->given = true;
		}
		if (l->given)
			js->coe_mask |= 1u << i;
	}
	return 0;
too_long:
	return perr_set(e, "%s: ignore_error: '%s' is too long (at most %d errors a list)",
			where, t, ERR_LIST_MAX);
}

unsigned int options_error_type(unsigned int dir, int err)
{
	if (err == EILSEQ)
		return 2;
	return dir == 0 ? 0 : 1;
}

/* "iops_slope:0.01%", "bw:10M" (sizes under kb_base), "iops:100" ...
 * into *out; 0, or -EINVAL with the reason in e. */
static int parse_ss(const char *s, unsigned int kb_base, struct ss_spec *out,
		    struct perr *e)
{
	static const struct {
		const char *name;
		unsigned int mode;
	} kinds[] = {
		{ "iops", SS_IOPS },
		{ "iops_slope", SS_IOPS | SS_SLOPE },
		{ "bw", 0 },
		{ "bw_slope", SS_SLOPE },
	};
	const char *colon = strchr(s, ':'), *lim;
	size_t klen, i, llen;
	char *end, buf[64];

	if (!colon)
		return perr_set(e, "'%s' has no :LIMIT (e.g. iops_slope:0.1%%)", s);
	klen = (size_t)(colon - s);
	for (i = 0; i < ARRAY_LEN(kinds); i++)
		if (strlen(kinds[i].name) == klen && !strncmp(s, kinds[i].name, klen))
			break;
	if (i == ARRAY_LEN(kinds))
		return perr_set(e, "'%.*s' is not iops, iops_slope, bw or bw_slope",
				(int)klen, s);
	out->mode = kinds[i].mode;
	lim = colon + 1;
	llen = strlen(lim);
	if (llen && lim[llen - 1] == '%') {
		if (llen >= sizeof(buf))
			return perr_set(e, "limit '%s' is too long", lim);
		memcpy(buf, lim, llen - 1);
		buf[llen - 1] = '\0';
		out->limit = strtod(buf, &end);
		if (end == buf || *end || out->limit < 0)
			return perr_set(e, "limit '%s' is not a percentage", lim);
		out->mode |= SS_PCT;
	} else if (out->mode & SS_IOPS) {
		out->limit = strtod(lim, &end);
		if (end == lim || *end || out->limit < 0)
			return perr_set(e, "limit '%s' is not a number", lim);
	} else {
		uint64_t v;

		if (parse_size(lim, kb_base, &v))
			return perr_set(e, "limit '%s' is not a bandwidth (bytes/s, e.g. 10M)", lim);
		out->limit = (double)v;
	}
	return 0;
}

/*
 * steadystate=KIND:LIMIT with ss_dur and ss_interval: the criterion, and a
 * window of whole samples (blaming ss_interval only when it was given).
 * A job without ss_dur does no detection, whatever steadystate says.
 */
int decode_steadystate(struct job_spec *js, struct perr *e)
{
	char where[256];
	struct perr why;

	memset(&js->ss, 0, sizeof(js->ss));
	if (!js->steadystate_duration)
		return 0;
	if (js->steadystate_duration % js->steadystate_check_interval) {
		if (!js->set[CO_STEADYSTATE_CHECK_INTERVAL])
			return perr_set(e, "%s: ss_dur: %" PRIu64 " ms is not a multiple of ss_interval (%" PRIu64
					" ms by default): the window must hold whole samples",
					options_where(js, CO_STEADYSTATE_DURATION, where, sizeof(where)),
					js->steadystate_duration / 1000,
					js->steadystate_check_interval / 1000);
		return perr_set(e, "%s: ss_interval: %" PRIu64 " ms does not divide ss_dur (%" PRIu64
				" ms): the window must hold whole samples",
				options_where(js, CO_STEADYSTATE_CHECK_INTERVAL, where, sizeof(where)),
				js->steadystate_check_interval / 1000,
				js->steadystate_duration / 1000);
	}
	if (js->txt.steadystate &&
	    parse_ss(js->txt.steadystate, (unsigned int)js->kb_base, &js->ss, &why))
		return perr_set(e, "%s: steadystate: %s",
				options_where(js, CO_STEADYSTATE, where, sizeof(where)), why.msg);
	return 0;
}

/* verify_pattern= as bytes, and where its %o go (checked when parsed). */
int decode_verify_pattern(struct job_spec *js, struct perr *e)
{
	(void)e;
	js->vpattern_len = 0;
	if (js->verify_pattern &&
	    parse_pattern_fmt(js->verify_pattern, js->vpattern, sizeof(js->vpattern),
			      &js->vpattern_len, &js->vpattern_fmt))
		js->vpattern_len = 0;
	return 0;
}

/* buffer_pattern= as the bytes every write buffer starts with (checked
 * when parsed). */
int decode_buffer_pattern(struct job_spec *js, struct perr *e)
{
	(void)e;
	js->pattern_len = 0;
	if (js->txt.buffer_pattern &&
	    parse_pattern(js->txt.buffer_pattern, js->pattern, sizeof(js->pattern),
			  &js->pattern_len))
		js->pattern_len = 0;
	return 0;
}
