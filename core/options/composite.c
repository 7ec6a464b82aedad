/*
 * composite.c - the option values of ABI 1.1 that hold more than one
 * number (plio/plugin.h): per-direction integers and sizes, size lists
 * and size/percentage splits.
 *
 * An engine or profile declares such an option and gets it parsed by the
 * core, with the job's kb_base and the same messages as the core's own
 * options, instead of parsing text by hand (and reading "4k" as 4096 when
 * the job says kb_base=1000).  Parsing fills a scratch copy and stores it
 * only when the whole value is good, so a bad value leaves the option as
 * it was.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/parse.h"
#include "options/internal.h"
#include "options/value.h"

/* One value of a per-direction option into v[d]: an integer or a size. */
static int dir_value(const struct plio_option *o, const char *text, const char *value,
		     unsigned int kb_base, int64_t *v, struct perr *e)
{
	uint64_t u;
	int rc;

	if (o->type == PLIO_OPT_INT_DIRS)
		return option_one_int(o, text, value, kb_base, v, e);
	rc = option_one_size(o, text, value, kb_base, &u, e);
	if (!rc)
		*v = (int64_t)u;
	return rc;
}

/*
 * READ[,WRITE[,TRIM]], as fio reads bs=: a missing trailing value repeats
 * the last one given, an empty one keeps that direction's value.  v and
 * given hold the current values on entry.
 */
static int parse_dirs(const struct plio_option *o, const char *value, unsigned int kb_base,
		      int64_t v[3], uint8_t given[3], struct perr *e)
{
	const char *kind = o->type == PLIO_OPT_INT_DIRS ? "an integer (e.g. 8, 16k, 0x10)" :
			   "a size (e.g. 4k, 1m, 512)";
	char buf[256], *parts[3];
	int n, d, rc, any = 0;

	if (strlen(value) >= sizeof(buf))
		return perr_set(e, "'%s' is too long", value);
	strcpy(buf, value);
	n = option_split(buf, ',', parts, 3);
	if (n < 0)
		return perr_set(e, "'%s' has more than three values (READ,WRITE,TRIM)", value);
	for (d = 0; d < n; d++) {
		if (!*parts[d])
			continue;
		rc = dir_value(o, parts[d], value, kb_base, &v[d], e);
		if (rc)
			return rc;
		given[d] = 1;
		any = 1;
	}
	if (!any)
		return perr_set(e, "'%s' is not %s", value, kind);
	for (d = n; d < 3; d++)
		v[d] = v[n - 1];	/* repeated, not written out: given stays */
	return 0;
}

/* SIZE[:SIZE...], at most PLIO_SIZE_LIST_MAX. */
static int parse_size_list(const struct plio_option *o, const char *value,
			   unsigned int kb_base, struct plio_size_list *l, struct perr *e)
{
	char buf[512], *parts[PLIO_SIZE_LIST_MAX];
	int n, i, rc;

	if (strlen(value) >= sizeof(buf))
		return perr_set(e, "'%s' is too long", value);
	strcpy(buf, value);
	n = option_split(buf, ':', parts, PLIO_SIZE_LIST_MAX);
	if (n < 0)
		return perr_set(e, "'%s' has more than %d sizes", value, PLIO_SIZE_LIST_MAX);
	memset(l, 0, sizeof(*l));
	for (i = 0; i < n; i++) {
		if (!*parts[i] && i + 1 == n && n > 1)
			break;	/* a trailing ':', as fio takes it */
		rc = option_one_size(o, parts[i], value, kb_base, &l->v[l->n], e);
		if (rc)
			return rc;
		l->n++;
	}
	return 0;
}

/* One SIZE/PCT[/A[/B]] entry of a split. */
static int split_entry(const struct plio_option *o, char *item, const char *value,
		       unsigned int kb_base, struct plio_split_entry *en, struct perr *e)
{
	char *f[4];
	int n, i, rc;
	int64_t v;

	n = option_split(item, '/', f, 4);
	if (n < 2 && !strcmp(value, item))
		return perr_set(e, "'%s' is not SIZE/PERCENT[/A[/B]] (e.g. 4k/30)", value);
	if (n < 2)
		return perr_set(e, "'%s': '%s' is not SIZE/PERCENT[/A[/B]] (e.g. 4k/30)",
				value, item);
	rc = option_one_size(o, f[0], value, kb_base, &en->size, e);
	if (rc)
		return rc;
	if (!en->size)
		return perr_set(e, "'%s': a size of 0", value);
	if (parse_int(f[1], &v) || v < 0 || v > 100)
		return perr_set(e, "'%s': '%s' is not a percentage (0 to 100)", value, f[1]);
	en->pct = (uint32_t)v;
	en->n_args = (uint32_t)(n - 2);
	for (i = 2; i < n; i++)
		if (parse_int_mult(f[i], kb_base, &en->args[i - 2]))
			return perr_set(e, "'%s': '%s' is not an integer", value, f[i]);
	return 0;
}

/* Up to three ','-lists of ':'-entries; a missing trailing list repeats
 * the last. */
static int parse_split(const struct plio_option *o, const char *value, unsigned int kb_base,
		       struct plio_split *sp, struct perr *e)
{
	char buf[4096], *lists[3], *items[PLIO_SPLIT_MAX];
	int nl, ni, d, i, rc;

	if (strlen(value) >= sizeof(buf))
		return perr_set(e, "'%s' is too long", value);
	strcpy(buf, value);
	nl = option_split(buf, ',', lists, 3);
	if (nl < 0)
		return perr_set(e, "'%s' has more than three lists (READ,WRITE,TRIM)", value);
	memset(sp, 0, sizeof(*sp));
	for (d = 0; d < nl; d++) {
		ni = option_split(lists[d], ':', items, PLIO_SPLIT_MAX);
		if (ni < 0)
			return perr_set(e, "'%s' has more than %d entries in a list", value,
					PLIO_SPLIT_MAX);
		for (i = 0; i < ni; i++) {
			if (!*items[i] && ni > 1)
				continue;	/* a trailing ':' */
			rc = split_entry(o, items[i], value, kb_base, &sp->e[d][sp->n[d]], e);
			if (rc)
				return rc;
			sp->n[d]++;
		}
		if (!sp->n[d] && nl == 1)
			return perr_set(e, "'%s' is not a split (e.g. 4k/30:64k/70)", value);
	}
	sp->n_lists = (uint32_t)nl;
	for (d = nl; d < 3; d++) {
		sp->n[d] = sp->n[nl - 1];
		memcpy(sp->e[d], sp->e[nl - 1], sizeof(sp->e[d]));
	}
	return 0;
}

int option_parse_composite(const struct plio_option *o, const char *value,
			   unsigned int kb_base, void *dst, struct perr *e)
{
	union {
		struct plio_int_dirs id;
		struct plio_size_dirs sd;
		struct plio_size_list sl;
		struct plio_split sp;
	} tmp;
	int64_t v[3];
	uint8_t given[3];
	size_t len;
	int rc, d;

	switch (o->type) {
	case PLIO_OPT_INT_DIRS:
	case PLIO_OPT_SIZE_DIRS:
		/* the current values: an empty field keeps them */
		memcpy(&tmp, dst, o->type == PLIO_OPT_INT_DIRS ? sizeof(tmp.id) : sizeof(tmp.sd));
		for (d = 0; d < 3; d++) {
			v[d] = o->type == PLIO_OPT_INT_DIRS ? tmp.id.v[d] : (int64_t)tmp.sd.v[d];
			given[d] = o->type == PLIO_OPT_INT_DIRS ? tmp.id.given[d] : tmp.sd.given[d];
		}
		rc = parse_dirs(o, value, kb_base, v, given, e);
		if (rc)
			return rc;
		for (d = 0; d < 3; d++) {
			if (o->type == PLIO_OPT_INT_DIRS) {
				tmp.id.v[d] = v[d];
				tmp.id.given[d] = given[d];
			} else {
				tmp.sd.v[d] = (uint64_t)v[d];
				tmp.sd.given[d] = given[d];
			}
		}
		len = o->type == PLIO_OPT_INT_DIRS ? sizeof(tmp.id) : sizeof(tmp.sd);
		break;
	case PLIO_OPT_SIZE_LIST:
		rc = parse_size_list(o, value, kb_base, &tmp.sl, e);
		len = sizeof(tmp.sl);
		break;
	case PLIO_OPT_SPLIT:
		rc = parse_split(o, value, kb_base, &tmp.sp, e);
		len = sizeof(tmp.sp);
		break;
	default:
		return perr_set(e, "option '%s' has an unknown type (%u)", o->name, o->type);
	}
	if (rc)
		return rc;
	memcpy(dst, &tmp, len);
	return 0;
}

/* After a default was parsed into dst: nothing of it was `given`. */
void option_composite_ungiven(const struct plio_option *o, void *dst)
{
	if (o->type == PLIO_OPT_INT_DIRS)
		memset(((struct plio_int_dirs *)dst)->given, 0, 3);
	else if (o->type == PLIO_OPT_SIZE_DIRS)
		memset(((struct plio_size_dirs *)dst)->given, 0, 3);
}

/* snprintf appending at *used; false once buf is full. */
static bool add(char *buf, size_t len, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static bool add(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= len)
		return false;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, len - *used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *used) {
		*used = len;
		return false;
	}
	*used += (size_t)n;
	return true;
}

/*
 * How many per-direction values to write so that reading them back gives
 * the same values and marks no more of them given: a trailing value that
 * repeats the one before and was not written out is left off.
 */
static uint32_t dirs_shown(const uint8_t given[3], const uint64_t v[3])
{
	uint32_t n = 3;

	while (n > 1 && !given[n - 1] && v[n - 1] == v[n - 2])
		n--;
	return n;
}

int option_format_composite(const struct plio_option *o, const void *src, char *buf,
			    size_t len)
{
	const struct plio_int_dirs *id = src;
	const struct plio_size_dirs *sd = src;
	const struct plio_size_list *sl = src;
	const struct plio_split *sp = src;
	size_t used = 0;
	uint32_t d, i, k;
	bool ok = true;

	if (len)
		buf[0] = '\0';
	switch (o->type) {
	case PLIO_OPT_INT_DIRS:
		for (d = 0, k = dirs_shown(id->given, (const uint64_t *)id->v); ok && d < k; d++)
			ok = add(buf, len, &used, "%s%" PRId64, d ? "," : "", id->v[d]);
		break;
	case PLIO_OPT_SIZE_DIRS:
		for (d = 0, k = dirs_shown(sd->given, sd->v); ok && d < k; d++)
			ok = add(buf, len, &used, "%s%" PRIu64, d ? "," : "", sd->v[d]);
		break;
	case PLIO_OPT_SIZE_LIST:
		for (i = 0; ok && i < sl->n && i < PLIO_SIZE_LIST_MAX; i++)
			ok = add(buf, len, &used, "%s%" PRIu64, i ? ":" : "", sl->v[i]);
		break;
	case PLIO_OPT_SPLIT:
		for (d = 0; ok && d < (sp->n_lists ? sp->n_lists : 1) && d < 3; d++) {
			if (d)
				ok = add(buf, len, &used, ",");
			for (i = 0; ok && i < sp->n[d] && i < PLIO_SPLIT_MAX; i++) {
				const struct plio_split_entry *en = &sp->e[d][i];

				ok = add(buf, len, &used, "%s%" PRIu64 "/%u", i ? ":" : "",
					 en->size, en->pct);
				for (k = 0; ok && k < en->n_args && k < 2; k++)
					ok = add(buf, len, &used, "/%" PRId64, en->args[k]);
			}
		}
		break;
	default:
		return -EINVAL;
	}
	return ok ? 0 : -ENOSPC;
}
