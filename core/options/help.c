/*
 * help.c - what plio says about its options: --cmdhelp (the core's and
 * every engine's options, by category or one in detail), --enghelp=NAME
 * (an engine's or a profile's description and option table), and the
 * "did you mean" of a misspelt name.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "options/internal.h"
#include "options/options.h"
#include "options/value.h"
#include "plugin/loader.h"

/* ------------------------------------------------------- suggestions */

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

void options_suggest_table(const struct plio_option *opts, size_t n,
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
		options_suggest_table(opts, n, name, &best, &score);
	return best;
}

void options_suggest_core(const char *typo, const char **best, size_t *score)
{
	size_t i;

	for (i = 0; i < CO_NR; i++)
		options_suggest_table(&core_options[i].o, 1, typo, best, score);
}

/* ------------------------------------------------------- help tables */

/* What the default column shows: the table's text, or the zero value. */
static const char *default_text(const struct plio_option *o)
{
	if (o->def)
		return o->def;
	return option_is_text(o) ? "-" : "0";
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
/* An option table: a plugin's array, or the core's wrappers. */
struct table_view {
	const struct plio_option *opts;	/* a plugin's; NULL: the core's */
	size_t n;
};

static const struct plio_option *view_at(const struct table_view *t, size_t i)
{
	return t->opts ? &t->opts[i] : &core_options[i].o;
}

/* One aligned row per option, ENUM choices listed below their option. */
static void print_help(FILE *out, const struct table_view *t)
{
	int wname = 4, wtype = 4, wdef = 7, w;
	const struct plio_option_choice *c;
	char nb[128];
	size_t i;

	for (i = 0; i < t->n; i++) {
		w = (int)strlen(name_text(view_at(t, i), nb, sizeof(nb)));
		wname = w > wname ? w : wname;
		w = (int)strlen(option_type_name(view_at(t, i)));
		wtype = w > wtype ? w : wtype;
		w = (int)strlen(default_text(view_at(t, i)));
		wdef = w > wdef ? w : wdef;
	}
	fprintf(out, "%-*s  %-*s  %-*s  %s\n", wname, "name", wtype, "type",
		wdef, "default", "description");
	for (i = 0; i < t->n; i++) {
		const struct plio_option *o = view_at(t, i);

		fprintf(out, "%-*s  %-*s  %-*s  %s", wname,
			name_text(o, nb, sizeof(nb)), wtype, option_type_name(o), wdef,
			default_text(o), o->help ? o->help : "");
		if (option_type(o) == PLIO_OPT_INT && option_bounded(o)) {
			if (o->max && o->max != INT64_MAX)
				fprintf(out, " [%" PRId64 "-%" PRId64 "]", o->min, o->max);
			else
				fprintf(out, " [>= %" PRId64 "]", o->min);
		}
		fputc('\n', out);
		for (c = o->choices; (option_type(o) == PLIO_OPT_ENUM ||
				      option_type(o) == OPT_TEXT_CHOICE_ARG) &&
				     c && c->value; c++)
			fprintf(out, "%-*s    %-*s  %s\n", wname, "", wtype + wdef,
				c->value, c->help ? c->help : "");
	}
}

void option_print_help(FILE *out, const struct plio_option *opts, size_t n)
{
	struct table_view t = { opts, n };

	if (opts)
		print_help(out, &t);
}

void options_print_core_help(FILE *out)
{
	struct table_view t = { NULL, CO_NR };

	print_help(out, &t);
}

/* ------------------------------------------------------- --cmdhelp */

/* The "type" line of --cmdhelp=NAME: the kind of value, with an example. */
static void cmdhelp_type(FILE *out, const struct plio_option *o)
{
	const char *bare;

	switch (option_type(o)) {
	case PLIO_OPT_BOOL:
	case OPT_BOOL_INV:
		fprintf(out, "%20s: bool (0 or 1%s)\n", "type",
			option_bare_ok(o) ? "; the bare name means 1" : "");
		return;
	case PLIO_OPT_INT:
		fprintf(out, "%20s: int, k/m/g/t/p suffixes allowed (e.g. 16k)\n", "type");
		return;
	case PLIO_OPT_SIZE:
		fprintf(out, "%20s: size, k/m/g/t/p suffixes allowed (e.g. 4k)\n", "type");
		return;
	case OPT_SIZE_RW:
		fprintf(out, "%20s: size[,size] for reads and writes (e.g. 4k,64k)\n", "type");
		return;
	case PLIO_OPT_TIME:
	case OPT_TEXT_TIMES:
		bare = o->unit == 1 ? "microseconds" : o->unit == 1000 ?
		       "milliseconds" : "seconds";
		fprintf(out, "%20s: %s, us/ms/s/m/h suffixes allowed (bare number: %s)\n",
			"type", option_type_name(o), bare);
		return;
	case PLIO_OPT_STR:
		fprintf(out, "%20s: string%s\n", "type",
			core_of(o) && (core_of(o)->flags & OPTF_BARE) ? " (may be given bare)" : "");
		return;
	case PLIO_OPT_ENUM:
		fprintf(out, "%20s: choice (one of the values below)\n", "type");
		return;
	}
	fprintf(out, "%20s: %s\n", "type", option_type_name(o));
}

bool option_shown_range(const struct plio_option *o, int64_t *min, int64_t *max)
{
	unsigned int t = option_type(o);

	if (option_is_bool(o)) {
		*min = 0;
		*max = 1;
		return true;
	}
	if ((t != PLIO_OPT_INT && t != PLIO_OPT_SIZE && t != OPT_SIZE_RW &&
	     t != OPT_TEXT_SIZES && t != OPT_TEXT_INTS && t != OPT_TEXT_FLOATS) ||
	    !option_bounded(o))
		return false;
	*min = o->min;
	*max = o->max ? o->max : INT64_MAX;
	return true;
}

/*
 * fio's --cmdhelp=NAME layout: labels right-aligned in 20 columns, then
 * name: help, alias, type, default, range, valid values, a blank line.
 * kind and owner, when owner is not NULL, say whose option it is
 * ("engine", "sync"; "profile", "act").
 */
static void cmdhelp_detail(FILE *out, const struct plio_option *o, const char *kind,
			   const char *owner)
{
	const struct plio_option_choice *c;
	int64_t min, max;
	bool first = true;

	fprintf(out, "%20s: %s\n", o->name, o->help ? o->help : "");
	if (o->alias)
		fprintf(out, "%20s: %s\n", "alias", o->alias);
	if (owner)
		fprintf(out, "%20s: %s\n", kind, owner);
	cmdhelp_type(out, o);
	fprintf(out, "%20s: %s\n", "default",
		o->def ? o->def : option_is_text(o) ? "no default" : "0");
	if (option_shown_range(o, &min, &max)) {
		if (max != INT64_MAX)
			fprintf(out, "%20s: min=%" PRId64 ", max=%" PRId64 "\n",
				"range", min, max);
		else
			fprintf(out, "%20s: min=%" PRId64 ", no max\n", "range", min);
	}
	if (option_type(o) == PLIO_OPT_ENUM || option_type(o) == OPT_TEXT_CHOICE_ARG) {
		for (c = o->choices; c && c->value; c++) {
			fprintf(out, "%20s: %-10s %s\n", first ? "valid values" : "",
				c->value, c->help ? c->help : "");
			first = false;
		}
	}
	fputc('\n', out);
}

void option_print_cmdhelp(FILE *out, const struct plio_option *o,
			  const char *engine)
{
	cmdhelp_detail(out, o, "engine", engine);
}

/* One "name : help" row of the --cmdhelp list (fio's 24 columns). */
void option_print_cmdhelp_row(FILE *out, const struct plio_option *o,
			      const char *indent)
{
	int w = 24 - (int)strlen(indent);

	fprintf(out, "%s%-*s: %s\n", indent, w > 0 ? w : 0, o->name,
		o->help ? o->help : "");
}

/* ---------------------------------------------------------- --enghelp */

size_t options_engines_with_option(const char *name, char *buf, size_t len)
{
	size_t i, n = 0, used = 0;

	if (len)
		buf[0] = '\0';
	loader_scan();
	for (i = 0; i < loader_n_engines(); i++) {
		const struct loaded_engine *le = loader_engine(i);

		if (le->disabled || le->shadowed_by ||
		    !option_find(le->options, le->n_options, name))
			continue;
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 n ? ", " : "", le->e.name);
		n++;
	}
	return n;
}

int options_print_engine_help(FILE *out, const char *name, struct perr *e)
{
	const struct loaded_engine *le;
	const struct loaded_profile *lp;
	struct perr pe;

	le = loader_find_engine(name, e);
	if (!le) {
		/* --enghelp=NAME also describes a profile of that name */
		lp = strchr(name, '/') ? NULL : loader_find_profile(name, &pe);
		if (!lp)
			return -ENOENT;
		fprintf(out, "%s: %s\n", lp->p.name, lp->p.help ? lp->p.help : "(profile)");
		loader_print_origin(out, lp->plugin);
		fprintf(out, "  profile options (plio --profile=%s --OPTION=VALUE ...):\n",
			lp->p.name);
		if (lp->n_options)
			option_print_help(out, lp->options, lp->n_options);
		else
			fprintf(out, "  (none)\n");
		return 0;
	}
	fprintf(out, "%s: %s\n", le->e.name, le->e.help ? le->e.help : "(no description)");
	loader_print_origin(out, le->plugin);
	loader_print_caps(out, le->e.caps);
	if (le->n_options) {
		fprintf(out, "  options:\n");
		option_print_help(out, le->options, le->n_options);
	} else {
		fprintf(out, "  options:      none\n");
	}
	return 0;
}

int options_enghelp(FILE *out, const char *arg, unsigned int argi, struct perr *e)
{
	const char *comma, *best;
	const struct loaded_engine *le;
	const struct plio_option *o;
	struct perr why = { "" };
	char name[256];

	if (!arg || !*arg) {
		loader_print_engines(out);
		if (loader_is_static())
			fprintf(out, "(a static plio: every engine it has is built in; it loads no plugin files)\n");
		return 0;
	}
	comma = strchr(arg, ',');
	if (!comma) {
		if (!options_print_engine_help(out, arg, &why))
			return 0;
		return perr_set(e, "command line (argument %u): --enghelp: %s", argi, why.msg);
	}
	snprintf(name, sizeof(name), "%.*s", (int)(comma - arg), arg);
	le = loader_find_engine(name, &why);
	if (!le)
		return perr_set(e, "command line (argument %u): --enghelp: %s", argi, why.msg);
	o = option_find(le->options, le->n_options, comma + 1);
	if (o) {
		option_print_cmdhelp(out, o, le->e.name);
		return 0;
	}
	best = option_suggest(le->options, le->n_options, comma + 1);
	return perr_set(e, "command line (argument %u): --enghelp: engine %s has no option '%s'%s%s%s",
			argi, le->e.name, comma + 1, best ? " (did you mean '" : "",
			best ? best : "", best ? "'?)" : "");
}

/* --cmdhelp=all: the core's options by category, then each engine's and
 * each profile's. */
static void cmdhelp_all(FILE *out)
{
	const struct loaded_engine *le;
	const struct loaded_profile *lp;
	bool any;
	size_t c, i, k;

	for (c = 0; c < CAT_NR; c++) {
		any = false;
		for (i = 0; i < CO_NR; i++) {
			if (core_options[i].cat != c)
				continue;
			if (!any)
				fprintf(out, "%s%s:\n", c ? "\n" : "", option_category_names[c]);
			any = true;
			option_print_cmdhelp_row(out, &core_options[i].o, "  ");
		}
	}
	for (k = 0; k < loader_n_engines(); k++) {
		le = loader_engine(k);
		if (le->shadowed_by || !le->n_options)
			continue;
		fprintf(out, "\nI/O engine %s:\n", le->e.name);
		for (i = 0; i < le->n_options; i++)
			option_print_cmdhelp_row(out, &le->options[i], "  ");
	}
	for (k = 0; k < loader_n_profiles(); k++) {
		lp = loader_profile(k);
		if (lp->disabled || !lp->n_options)
			continue;
		fprintf(out, "\nProfile %s (--profile=%s):\n", lp->p.name, lp->p.name);
		for (i = 0; i < lp->n_options; i++)
			option_print_cmdhelp_row(out, &lp->options[i], "  ");
	}
}

/*
 * --profile=NAME --cmdhelp[=OPTION|all]: only that profile's options, as
 * fio lists them with --profile: the list, or one option in detail.
 */
static int cmdhelp_profile(FILE *out, const char *profile, const char *name,
			   unsigned int argi, struct perr *e)
{
	const struct loaded_profile *lp;
	const struct plio_option *o;
	struct perr why = { "" };
	const char *best;
	size_t i;

	lp = loader_find_profile(profile, &why);
	if (!lp)
		return perr_set(e, "command line (argument %u): --cmdhelp: %s", argi, why.msg);
	if (!name || !strcmp(name, "all")) {
		for (i = 0; i < lp->n_options; i++)
			option_print_cmdhelp_row(out, &lp->options[i], "");
		return 0;
	}
	o = option_find(lp->options, lp->n_options, name);
	if (o) {
		cmdhelp_detail(out, o, "profile", lp->p.name);
		return 0;
	}
	best = option_suggest(lp->options, lp->n_options, name);
	return perr_set(e, "command line (argument %u): --cmdhelp: profile %s has no option '%s'%s%s%s",
			argi, lp->p.name, name, best ? " (did you mean '" : "",
			best ? best : "", best ? "'?)" : "");
}

int options_cmdhelp(FILE *out, const char *name, const char *profile, unsigned int argi,
		    struct perr *e)
{
	const struct core_option *co;
	const struct loaded_engine *le;
	const struct loaded_profile *lp;
	const char *best = NULL;
	size_t i, k, score = SIZE_MAX;
	bool found = false;

	loader_scan();	/* every plugin, for the engines' options */
	if (profile)
		return cmdhelp_profile(out, profile, name, argi, e);
	if (!name) {
		for (i = 0; i < CO_NR; i++)
			option_print_cmdhelp_row(out, &core_options[i].o, "");
		return 0;
	}
	if (!strcmp(name, "all")) {
		cmdhelp_all(out);
		return 0;
	}
	co = core_option_find(name);
	if (co) {
		option_print_cmdhelp(out, &co->o, NULL);
		return 0;
	}
	for (k = 0; k < loader_n_engines(); k++) {
		const struct plio_option *o;

		le = loader_engine(k);
		if (le->shadowed_by)
			continue;
		o = option_find(le->options, le->n_options, name);
		if (o) {
			option_print_cmdhelp(out, o, le->e.name);
			found = true;
		}
	}
	for (k = 0; k < loader_n_profiles(); k++) {
		const struct plio_option *o;

		lp = loader_profile(k);
		if (lp->disabled)
			continue;
		o = option_find(lp->options, lp->n_options, name);
		if (o) {
			cmdhelp_detail(out, o, "profile", lp->p.name);
			found = true;
		}
	}
	if (found)
		return 0;
	options_suggest_core(name, &best, &score);
	if (best)
		return perr_set(e, "command line (argument %u): --cmdhelp: no option named '%s' (did you mean '%s'?)",
				argi, name, best);
	return perr_set(e, "command line (argument %u): --cmdhelp: no option named '%s'",
			argi, name);
}
