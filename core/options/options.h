/*
 * options.h - second stage of the data flow: sections to typed, validated
 * job specs (spec.h).
 *
 * Owns the core option table (table.h), the value parser every table
 * shares (value.h), applying [global] sections to the jobs after them,
 * resolving each job's engine through a lookup callback and parsing the
 * engine's options with the engine's own table, and decoding every value
 * when its job is built.  The result, a job_list of job_spec, is
 * immutable for the later stages.  Also what plio says about options:
 * --cmdhelp, --enghelp, --debug=parse, and fio's names.
 */
#ifndef PLIO_OPTIONS_H
#define PLIO_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <plio/plugin.h>

#include "base/log.h"
#include "input/cmdline.h"
#include "input/jobfile.h"
#include "options/spec.h"
#include "options/table.h"
#include "options/value.h"

struct loaded_engine;

/*
 * --warnings-fatal: when set (main sets it before options_build), the
 * warnings options_build would print are errors instead.
 */
extern bool options_warnings_fatal;

/* Finds an engine by ioengine= text (name, path, external:path); on
 * failure returns NULL and sets e->msg to the reason (no WHERE prefix). */
typedef const struct loaded_engine *(*engine_lookup_fn)(const char *name,
							 struct perr *e);

/*
 * Build the job list from the sections.  Every error is "WHERE: OPTION:
 * WHAT" in e (WHERE from the entry's origin) and nothing is returned.
 */
int options_build(const struct jobfile *jf, engine_lookup_fn lookup,
		  struct job_list *out, struct perr *e);

/* verify='s value as a header type (enum vtype); -1: none, pattern or null. */
int options_verify_vtype(int64_t v);
/* What js verifies with: an enum vtype (VT_PATTERN for verify_pattern
 * alone, or verify=pattern, which sets *pattern_only: no header), or -1. */
int options_verify_kind(const struct job_spec *js, bool *pattern_only);
/* verify=null's value: fio's pretence, as verify_kind's VT_META. */
#define OPTIONS_VERIFY_NULL 18

/*
 * Whether plio can run js: 0, or -ENOTSUP (or -EINVAL) with e set to
 * "WHERE: KEY: ..." for a combination of options plio cannot run, or what
 * js's engine cannot do.  main calls it for every job before planning;
 * with --parse-only it is not called (the job file is valid; plio only
 * lacks the capability).
 */
int options_check_runnable(const struct job_spec *js, struct perr *e);

/* What an engine learns about js (plio/plugin.h's struct plio_job), from
 * its decoded options: for check_options and the plan (ctx->job). */
void options_job_facts(const struct job_spec *js, struct plio_job *job);

/* --readonly: the first job that writes (or trims) is refused. */
int options_check_readonly(const struct job_list *jobs, struct perr *e);

/* --debug=parse: each job's options that differ from their defaults, one
 * "job NAME: KEY=VALUE" line each (core options, then the engine's), so
 * two ways of writing the same jobs can be compared. */
void options_dump(const struct job_list *jobs);

/* A spec's core options at their defaults (js zeroed before), and the
 * strings a spec holds freed (what options_build does to its own). */
int options_core_defaults(struct job_spec *js, struct perr *e);
void options_core_free(struct job_spec *js);

/* --profile=NAME: parse its options (cl->profile_args; the others become
 * a global section) and let it add jobs to cl->jf. */
int options_run_profile(struct cmdline *cl, struct perr *e);

/* fio 3.33's option names and aliases (core and engine options), sorted;
 * what plio refuses as "fio's option X is not supported by plio" when
 * neither the core nor the job's engine knows the name. */
extern const char *const fio_option_names[];
extern const size_t n_fio_option_names;
/* Whether name is one of them (case-sensitive, as fio matches them). */
bool fio_option_known(const char *name);

/* Names unknown options are also compared with for a key given on the
 * command line: the program options (set by main); NULL: none. */
extern const struct plio_option *options_suggest_extra;
extern size_t options_n_suggest_extra;

/* The closest option name of a plugin's table to a typo, or NULL. */
const char *option_suggest(const struct plio_option *opts, size_t n,
			   const char *name);
/* Keep in *best (with its *score) the closest name to typo seen so far:
 * of a plugin's table, or of the core's. */
void options_suggest_table(const struct plio_option *opts, size_t n,
			   const char *typo, const char **best, size_t *score);
void options_suggest_core(const char *typo, const char **best, size_t *score);

/* The core table in the form --enghelp=ENGINE shows an engine's (name,
 * type, default, description, choices). */
void options_print_core_help(FILE *out);

/* --cmdhelp[=NAME|all]: the option list, every option by category, or
 * one option (core, any engine's or profile's) in detail; with profile
 * (--profile=NAME), as fio: only that profile's options, the list or one.
 * Errors name argument argi. */
int options_cmdhelp(FILE *out, const char *name, const char *profile, unsigned int argi,
		    struct perr *e);
/* --enghelp[=ENGINE[,OPTION]]: the engines, one engine, or one of its
 * options in --cmdhelp's layout. */
int options_enghelp(FILE *out, const char *arg, unsigned int argi, struct perr *e);
/* One option in detail (fio's --cmdhelp=NAME layout); engine: the engine
 * the option belongs to, or NULL for a core option. */
void option_print_cmdhelp(FILE *out, const struct plio_option *o,
			  const char *engine);
/* One "name : help" row of the option list, after indent. */
void option_print_cmdhelp_row(FILE *out, const struct plio_option *o,
			      const char *indent);
/*
 * The usable engines whose option table has `name` (or as an alias),
 * listed "a, b" into buf (truncated to len); returns how many.  For
 * "option X belongs to engine Y" messages; loads every plugin first.
 */
size_t options_engines_with_option(const char *name, char *buf, size_t len);
/* `plio --enghelp=NAME`: an engine's (or a profile's) description and
 * options; -ENOENT when there is none of that name (e says why). */
int options_print_engine_help(FILE *out, const char *name, struct perr *e);

/*
 * plio --dump-options=man|bash, for the build: plio(1) in roff, or the
 * bash completion, written from the option tables (the program's, the
 * core's) and the in-tree plugins that load here.  0, or -EINVAL with e
 * set for another kind.
 */
int options_dump_docs(FILE *out, const char *kind, struct perr *e);

#endif
