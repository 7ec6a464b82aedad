/*
 * build.c - second stage of the data flow: sections to job specs.
 *
 * options_build() walks the jobfile's sections in order: a global section
 * updates the defaults that later jobs start from; every other section
 * becomes one job_spec.  Each entry is applied with its option's parser
 * (value.c), or its apply hook where one entry means more than one value;
 * options the core does not know go to the job's engine, found through
 * the lookup callback once the job's own ioengine= is known, so engine
 * options may come before ioengine= or sit in a [global] section.  When
 * a job's sections are applied, each option's decode hook (decode.c)
 * turns its value into what later stages read.  fio's names plio does
 * not know (names.c) are refused as fio's, so only real typos read
 * "unknown option"; a profile's options are accepted in any job, without
 * effect, as fio accepts them (profile.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "options/internal.h"
#include "options/options.h"
#include "options/value.h"
#include "plugin/loader.h"

#define JS(f) ((uint32_t)offsetof(struct job_spec, f))

bool options_warnings_fatal;

const struct plio_option *options_suggest_extra;
size_t options_n_suggest_extra;

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

/* Where core option i's value lives in js. */
static char **text_of(struct job_spec *js, size_t i)
{
	return (char **)((char *)js + core_options[i].o.offset);
}

int options_core_defaults(struct job_spec *js, struct perr *e)
{
	struct perr what;
	size_t i;
	int rc;

	for (i = 0; i < CO_NR; i++) {
		const struct plio_option *o = &core_options[i].o;

		if (!o->def)
			continue;
		rc = option_parse_value(o, o->def, 1024, js, &what);
		if (rc)
			return perr_setrc(e, rc, "option '%s': bad default: %s", o->name,
					  what.msg);
	}
	js->wait_for_job = -1;
	return 0;
}

void options_core_free(struct job_spec *js)
{
	size_t i;

	for (i = 0; i < CO_NR; i++) {
		if (!option_is_text(&core_options[i].o))
			continue;
		free(*text_of(js, i));
		*text_of(js, i) = NULL;
	}
}

/* Free a job spec with its strings and engine options. */
static void spec_free(struct job_spec *js)
{
	if (!js)
		return;
	options_core_free(js);
	if (js->engine && js->engine_opts)
		option_free_values(js->engine->options, js->engine->n_options,
				   js->engine_opts);
	free(js->engine_opts);
	free(js->engine_where);
	free(js);
}

/* A deep copy of the core part of src (no engine); NULL when out of memory. */
static struct job_spec *spec_dup(const struct job_spec *src)
{
	struct job_spec *js = malloc(sizeof(*js));
	bool failed = false;
	size_t i;

	if (!js)
		return NULL;
	*js = *src;
	js->engine = NULL;
	js->engine_opts = NULL;
	js->engine_where = NULL;
	for (i = 0; i < CO_NR; i++) {
		char **s = text_of(js, i);

		if (!option_is_text(&core_options[i].o) || !*s)
			continue;
		*s = strdup(*s);
		failed |= !*s;
	}
	if (failed) {
		spec_free(js);
		return NULL;
	}
	return js;
}

int options_apply_entry(const struct plio_option *o, const struct jf_entry *en,
			unsigned int kb_base, void *block, struct perr *e)
{
	char where[256];
	struct perr what;
	int rc;

	origin_str(&en->where, where, sizeof(where));
	rc = option_parse_value(o, en->value, kb_base, block, &what);
	if (rc)
		return perr_setrc(e, rc, "%s: %s: %s", where, en->key, what.msg);
	return 0;
}

/* rw=MODE:N: the mode is checked as usual, N is kept (read:-8k: sequential
 * I/O going backwards, as in fio). */
int apply_rw(struct job_spec *js, const struct core_option *co,
	     const struct jf_entry *en, struct perr *e)
{
	const char *colon = en->value ? strchr(en->value, ':') : NULL;
	struct jf_entry mode_en = *en;
	char where[256], mode[32];
	uint64_t nr = 0;
	bool back;
	int rc;

	if (!colon) {
		rc = options_apply_entry(&co->o, en, (unsigned int)js->kb_base, js, e);
		if (!rc)
			js->rw_nr = 0;
		return rc;
	}
	back = colon[1] == '-';
	if ((size_t)(colon - en->value) >= sizeof(mode) ||
	    parse_size(colon + 1 + back, (unsigned int)js->kb_base, &nr) ||
	    (back && (!nr || nr > INT64_MAX)))
		return perr_set(e, "%s: %s: '%s' is not MODE or MODE:N (e.g. randread:8)",
				origin_str(&en->where, where, sizeof(where)), en->key,
				en->value);
	memcpy(mode, en->value, (size_t)(colon - en->value));
	mode[colon - en->value] = '\0';
	mode_en.value = mode;
	rc = options_apply_entry(&co->o, &mode_en, (unsigned int)js->kb_base, js, e);
	if (rc)
		return rc;
	if (back && (js->rw & RW_RAND))
		return perr_set(e, "%s: %s: '%s': a random mode's N counts I/Os (1 or more); only sequential modes go backwards (e.g. read:-8k)",
				origin_str(&en->where, where, sizeof(where)), en->key,
				en->value);
	js->rw_nr = back ? -(int64_t)nr : (int64_t)nr;
	return 0;
}

/* rwmixread and rwmixwrite add up to 100: either sets the other (which
 * does not count as given, as in fio). */
int apply_rwmix(struct job_spec *js, const struct core_option *co,
		const struct jf_entry *en, struct perr *e)
{
	int rc = options_apply_entry(&co->o, en, (unsigned int)js->kb_base, js, e);

	if (rc)
		return rc;
	if (co == &core_options[CO_RWMIXREAD])
		js->rwmixwrite = 100 - js->rwmixread;
	else
		js->rwmixread = 100 - js->rwmixwrite;
	return 0;
}

/* buffer_pattern and verify_pattern: every form fio takes ("%o" only in
 * verify_pattern), at most 512 bytes. */
int apply_pattern(struct job_spec *js, const struct core_option *co,
		  const struct jf_entry *en, struct perr *e)
{
	bool verify = co == &core_options[CO_VERIFY_PATTERN];
	uint8_t pat[PATTERN_MAX];
	struct pattern_fmt fmt;
	char where[256];
	size_t len;
	int rc;

	rc = options_apply_entry(&co->o, en, (unsigned int)js->kb_base, js, e);
	if (rc)
		return rc;
	rc = parse_pattern_fmt(en->value, pat, sizeof(pat), &len, verify ? &fmt : NULL);
	if (rc)
		return perr_setrc(e, rc, "%s: %s: '%s' is not a pattern (e.g. 0xdeadbeef, \"text\", 255%s, or these one after another)%s",
				  origin_str(&en->where, where, sizeof(where)),
				  en->key, en->value, verify ? ", %o" : "",
				  rc == -ERANGE ? ": longer than 512 bytes, or a number beyond 32 bits" : "");
	return 0;
}

/*
 * numjobs: at most OPTIONS_MAX_JOBS, fio's limit, refused where it is
 * written (a bound beside the table's minimum, whose message stays "at
 * least 1").
 */
int apply_numjobs(struct job_spec *js, const struct core_option *co,
		  const struct jf_entry *en, struct perr *e)
{
	int rc = options_apply_entry(&co->o, en, (unsigned int)js->kb_base, js, e);
	char where[256];

	if (rc || js->numjobs <= OPTIONS_MAX_JOBS)
		return rc;
	return perr_setrc(e, -ERANGE, "%s: %s: '%s' is out of range (at most %d, fio's limit)",
			  origin_str(&en->where, where, sizeof(where)), en->key, en->value,
			  OPTIONS_MAX_JOBS);
}

/* Apply one core option entry to js, and note where it was given. */
static int apply_core(struct job_spec *js, const struct core_option *co,
		      const struct jf_entry *en, struct perr *e)
{
	enum core_opt id = (enum core_opt)(co - core_options);
	int rc;

	if (co->apply)
		rc = co->apply(js, co, en, e);
	else
		rc = options_apply_entry(&co->o, en, (unsigned int)js->kb_base, js, e);
	if (rc)
		return rc;
	/* only the option given counts as set, as in fio (not its partner) */
	js->set[id] = 1;
	js->set_where[id] = en->where;
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
	const struct core_option *co;
	size_t i;
	int pass, rc;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < sec->n_entries; i++) {
			const struct jf_entry *en = &sec->entries[i];

			co = core_option_find(en->key);
			if (!co) {
				if (pass && (rc = push_entry(rest, n_rest, en)))
					return perr_setrc(e, rc, "out of memory");
				continue;
			}
			if ((co == &core_options[CO_KB_BASE]) != !pass)
				continue;
			rc = apply_core(js, co, en, e);
			if (rc)
				return rc;
			if (co == &core_options[CO_IOENGINE])
				*ioeng = en;
		}
	}
	return 0;
}

/* fio's options that only warn ("Option X is deprecated"), and do nothing. */
static const char *const soft_deprecated[] = { "verifysort", "verifysort_nr" };

/* "WHERE: KEY: unknown option (did you mean 'x'?)"; 0 for an option that
 * only warns (with --warnings-fatal: the error). */
static int unknown_option(const struct jf_entry *en,
			  const struct loaded_engine *const *engines,
			  size_t n_engines, struct perr *e)
{
	const char *best = NULL;
	size_t score = SIZE_MAX, i;
	char where[256], owners[256];
	int rc;

	origin_str(&en->where, where, sizeof(where));
	/* fio's soft-deprecated options: accepted, with fio's warning */
	for (i = 0; i < ARRAY_LEN(soft_deprecated); i++)
		if (!strcmp(en->key, soft_deprecated[i]))
			return options_warn_at(&en->where, en->key, e,
					       "option %s is deprecated and does nothing",
					       en->key);
	/* a profile's option: accepted as fio does, without effect */
	rc = options_profile_entry(en, e);
	if (rc != -ENOENT)
		return rc;
	/* another engine's option: say whose */
	i = options_engines_with_option(en->key, owners, sizeof(owners));
	if (i && n_engines == 1 && engines[0])
		return perr_setrc(e, -ENOTSUP, "%s: %s: option %s belongs to engine%s %s, not to ioengine=%s",
				  where, en->key, en->key, i > 1 ? "s" : "", owners,
				  engines[0]->e.name);
	if (i)
		return perr_setrc(e, -ENOTSUP, "%s: %s: option %s belongs to engine%s %s, which no job uses",
				  where, en->key, en->key, i > 1 ? "s" : "", owners);
	if (fio_option_known(en->key))
		return perr_setrc(e, -ENOTSUP, "%s: %s: fio's option %s is not supported by plio",
				  where, en->key, en->key);
	/* a value written as a key ("randread" alone): name its option */
	for (i = 0; i < CO_NR; i++) {
		const struct core_option *co = &core_options[i];
		const struct plio_option_choice *c;

		if (co->type != PLIO_OPT_ENUM || strlen(en->key) < 4)
			continue;
		for (c = co->o.choices; c && c->value; c++)
			if (!strcmp(c->value, en->key))
				return perr_setrc(e, -ENOENT, "%s: %s: unknown option (did you mean '%s=%s'?)",
						  where, en->key, co->o.name, c->value);
	}
	options_suggest_core(en->key, &best, &score);
	for (i = 0; i < n_engines; i++)
		if (engines[i])
			options_suggest_table(engines[i]->options, engines[i]->n_options,
					      en->key, &best, &score);
	if (!en->where.file)	/* the command line: its program options too */
		options_suggest_table(options_suggest_extra, options_n_suggest_extra,
				      en->key, &best, &score);
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
		js->engine_where = calloc(eng->n_options ? eng->n_options : 1,
					  sizeof(*js->engine_where));
		if (!js->engine_opts || !js->engine_where)
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
			rc = options_apply_entry(o, b->gext[i].en, (unsigned int)js->kb_base,
						 js->engine_opts, b->e);
			if (rc)
				return rc;
			b->gext[i].used = true;
			js->engine_where[o - eng->options] = b->gext[i].en->where;
		}
	}
	for (i = 0; i < n_rest; i++) {
		o = eng ? option_find(eng->options, eng->n_options, rest[i]->key) : NULL;
		if (!o) {
			rc = unknown_option(rest[i], &eng, 1, b->e);
			if (rc)
				return rc;
			continue;
		}
		rc = options_apply_entry(o, rest[i], (unsigned int)js->kb_base,
					 js->engine_opts, b->e);
		if (rc)
			return rc;
		js->engine_where[o - eng->options] = rest[i]->where;
	}
	return 0;
}

/*
 * The engine's own check of its options (ABI 1.1 check_options), once the
 * job is built: "WHERE: OPTION: WHY" at the option it blames, else at the
 * job's ioengine= (or section).
 */
static int check_engine_options(struct job_spec *js, const struct jf_entry *ioeng,
				struct perr *e)
{
	const struct loaded_engine *le = js->engine;
	char why[256] = "", where[256];
	uint32_t bad = UINT32_MAX;
	struct plio_job job;
	int rc;

	if (!le || !le->e.check_options)
		return 0;
	options_job_facts(js, &job);
	rc = le->e.check_options(js->engine_opts, &job, why, sizeof(why), &bad);
	if (!rc)
		return 0;
	why[sizeof(why) - 1] = '\0';
	if (!why[0])
		snprintf(why, sizeof(why), "engine %s refuses the job's options: %s",
			 le->e.name, strerror(rc < 0 ? -rc : rc));
	if (bad < le->n_options && js->engine_where[bad].line)
		return perr_setrc(e, -EINVAL, "%s: %s: %s",
				  origin_str(&js->engine_where[bad], where, sizeof(where)),
				  le->options[bad].name, why);
	if (bad < le->n_options)
		return perr_setrc(e, -EINVAL, "%s: %s: %s",
				  origin_str(ioeng ? &ioeng->where : &js->where, where,
					     sizeof(where)),
				  le->options[bad].name, why);
	return perr_setrc(e, -EINVAL, "%s: ioengine: engine %s: %s",
			  origin_str(ioeng ? &ioeng->where : &js->where, where, sizeof(where)),
			  le->e.name, why);
}

const char *options_where(const struct job_spec *js, enum core_opt id,
			  char *buf, size_t len)
{
	return origin_str(js->set[id] ? &js->set_where[id] : &js->where, buf, len);
}

bool options_is_set(const struct job_spec *js, enum core_opt id)
{
	return js->set[id] != 0;
}

int options_warn_at(const struct origin *o, const char *opt, struct perr *e,
		    const char *fmt, ...)
{
	char where[256], what[PERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	origin_str(o, where, sizeof(where));
	if (options_warnings_fatal)
		return perr_set(e, "%s: %s: %s (--warnings-fatal)", where, opt, what);
	log_warn("%s: %s: %s", where, opt, what);
	return 0;
}

/* Each option's decode hook, in table order, once js's sections are in. */
static int decode_job(struct job_spec *js, struct perr *e)
{
	size_t i;
	int rc;

	for (i = 0; i < CO_NR; i++) {
		if (!core_options[i].decode)
			continue;
		rc = core_options[i].decode(js, e);
		if (rc)
			return rc;
	}
	return 0;
}

/* Turn a non-global section into a job on b->out. */
static int build_job(struct builder *b, const struct jf_section *sec)
{
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
	js->set[CO_NAME] = 0;
	if (!js->name) {
		rc = perr_setrc(b->e, -ENOMEM, "out of memory");
		goto out;
	}
	rc = apply_section(js, sec, &ioeng, &rest, &n_rest, b->e);
	if (!rc)
		rc = attach_engine(b, js, sec, ioeng, rest, n_rest);
	if (!rc)
		rc = decode_job(js, b->e);
	if (!rc)
		rc = check_engine_options(js, ioeng, b->e);
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
 * wait_for=NAME must name a job defined before this one (fio checks when
 * it runs; here --parse-only catches it too, with the entry's place).
 * The job waits for every earlier job of that name; fio never waits on
 * jobs of its own name.
 */
static int resolve_wait_for(const struct job_list *l, struct perr *e)
{
	char where[256];
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		struct job_spec *js = l->jobs[i];

		js->wait_for_job = -1;
		if (!js->txt.wait_for || !*js->txt.wait_for)
			continue;
		for (j = 0; j < i; j++)
			if (!strcmp(l->jobs[j]->name, js->txt.wait_for))
				break;
		if (j < i) {
			if (strcmp(js->txt.wait_for, js->name))
				js->wait_for_job = (int)j;
			continue;
		}
		options_where(js, CO_WAIT_FOR, where, sizeof(where));
		if (!strcmp(js->txt.wait_for, js->name))
			return perr_set(e, "%s: wait_for: job '%s' cannot wait for itself",
					where, js->name);
		return perr_set(e, "%s: wait_for: no job named '%s' is defined before job '%s'",
				where, js->txt.wait_for, js->name);
	}
	return 0;
}

/* The defaults a job file starts from (the first, and each later one). */
static int reset_globals(struct builder *b)
{
	options_core_free(&b->glob);
	memset(&b->glob, 0, sizeof(b->glob));
	b->glob_ioengine = NULL;
	b->n_gext = 0;
	return options_core_defaults(&b->glob, b->e);
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
	int rc;

	memset(&b, 0, sizeof(b));
	b.lookup = lookup;
	b.e = e;
	out->jobs = NULL;
	out->n = 0;
	rc = reset_globals(&b);
	for (i = 0; !rc && i < jf->n_sections; i++) {
		const struct jf_section *sec = &jf->sections[i];

		/* a later job file starts from the defaults, as in fio; the
		 * earlier file's global engine options were for its own jobs */
		if (sec->file_start) {
			rc = check_globals_used(&b);
			if (!rc)
				rc = reset_globals(&b);
			if (rc)
				break;
		}
		rc = sec->global ? apply_global(&b, sec) : build_job(&b, sec);
	}
	if (!rc)
		rc = check_globals_used(&b);
	if (!rc)
		rc = resolve_wait_for(&b.out, e);
	options_core_free(&b.glob);
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
