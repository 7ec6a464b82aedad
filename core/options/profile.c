/*
 * profile.c - --profile=NAME: a profile plugin's options, then the jobs it
 * adds to the command line's jobfile (through the host table's job_add and
 * job_set, as fio's tiobench and act profiles add theirs).  Also what a
 * profile's option means in an ordinary job: fio registers every
 * profile's options beside its own, so a job may carry one (fio's
 * examples write tiobench's threads=1); it has no effect there.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "options/internal.h"
#include "options/options.h"
#include "options/value.h"
#include "plugin/loader.h"

/* The profile --profile runs, once options_run_profile has begun; NULL
 * when none.  Its options in a job are accepted without a warning. */
static const char *running;

int options_profile_entry(const struct jf_entry *en, struct perr *e)
{
	const struct loaded_profile *owner = NULL, *lp;
	const struct plio_option *o = NULL, *po;
	char names[256] = "";
	size_t i, n = 0, used = 0;
	bool mine = false;
	void *block;
	int rc;

	loader_scan();
	for (i = 0; i < loader_n_profiles(); i++) {
		lp = loader_profile(i);
		if (lp->disabled || !lp->p.name ||
		    !(po = option_find(lp->options, lp->n_options, en->key)))
			continue;
		if (!owner || (running && !strcmp(running, lp->p.name))) {
			owner = lp;
			o = po;
		}
		mine |= running && !strcmp(running, lp->p.name);
		if (used < sizeof(names))
			used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
						 n ? ", " : "", lp->p.name);
		n++;
	}
	if (!owner)
		return -ENOENT;
	/* a value fio would refuse is refused: parsed as the profile would */
	block = calloc(1, owner->p.options_size ? owner->p.options_size : 1);
	if (!block)
		return perr_setrc(e, -ENOMEM, "out of memory");
	rc = options_apply_entry(o, en, 1024, block, e);
	option_free_values(owner->options, owner->n_options, block);
	free(block);
	if (rc || mine)
		return rc;
	return options_warn_at(&en->where, en->key, e,
			       "option %s belongs to profile%s %s and has no effect here",
			       en->key, n > 1 ? "s" : "", names);
}

/* The profile's own check of its options (ABI 1.1), before it adds jobs:
 * "command line (argument N): OPTION: WHY" at the option it blames. */
static int check_profile_options(const struct cmdline *cl, const struct loaded_profile *lp,
				 const void *block, const unsigned int *argi, struct perr *e)
{
	char why[256] = "";
	uint32_t bad = UINT32_MAX;
	int rc;

	if (!lp->p.check_options)
		return 0;
	rc = lp->p.check_options(block, why, sizeof(why), &bad);
	if (!rc)
		return 0;
	why[sizeof(why) - 1] = '\0';
	if (!why[0])
		snprintf(why, sizeof(why), "%s", strerror(rc < 0 ? -rc : rc));
	if (bad < lp->n_options && argi[bad])
		return perr_setrc(e, -EINVAL, "command line (argument %u): %s: %s", argi[bad],
				  lp->options[bad].name, why);
	return perr_setrc(e, -EINVAL, "command line: --profile=%s: %s", cl->profile, why);
}

int options_run_profile(struct cmdline *cl, struct perr *e)
{
	const struct loaded_profile *lp;
	struct plio_jobgen gen;
	struct jf_section *glob = NULL;
	char origin_name[160];
	unsigned int *argi;	/* argv index that set each profile option */
	void *block;
	size_t i;
	int rc;

	lp = loader_find_profile(cl->profile, e);
	if (!lp)
		return -ENOENT;
	running = lp->p.name;
	block = calloc(1, lp->p.options_size ? lp->p.options_size : 1);
	argi = calloc(lp->n_options ? lp->n_options : 1, sizeof(*argi));
	if (!block || !argi) {
		free(block);
		free(argi);
		return -ENOMEM;
	}
	rc = option_set_defaults(lp->options, lp->n_options, block, e);
	for (i = 0; !rc && i < cl->n_profile_args; i++) {
		const struct cmd_kv *kv = &cl->profile_args[i];
		const struct plio_option *o = option_find(lp->options, lp->n_options, kv->key);
		struct perr what;

		if (o) {
			rc = option_parse_value(o, kv->value, 1024, block, &what);
			if (rc)
				rc = perr_set(e, "command line (argument %u): %s: %s",
					      kv->where.line, kv->key, what.msg);
			argi[o - lp->options] = kv->where.line;
			continue;
		}
		/* not the profile's: a global option for the jobs it makes */
		if (!glob) {
			glob = jobfile_add_section(&cl->jf, "global", true, kv->where);
			if (!glob) {
				rc = -ENOMEM;
				break;
			}
		}
		rc = jobfile_add_entry(&cl->jf, kv->key, kv->value, kv->where);
	}
	if (!rc)
		rc = check_profile_options(cl, lp, block, argi, e);
	if (!rc) {
		/* the jobfile keeps its own copy of the origin's name */
		snprintf(origin_name, sizeof(origin_name), "profile %s", cl->profile);
		gen.jf = &cl->jf;
		gen.where.file = origin_name;
		gen.where.line = 0;
		gen.have_job = false;
		rc = lp->p.generate(&gen, block);
		if (rc)
			rc = perr_setrc(e, rc, "profile '%s': generating jobs failed: %s",
					cl->profile, strerror(-rc));
	}
	option_free_values(lp->options, lp->n_options, block);
	free(block);
	free(argi);
	return rc;
}
