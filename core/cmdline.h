/*
 * cmdline.h - argv to program settings and job sections.
 *
 * Splits the command line as fio does: program options (--output,
 * --output-format, --enghelp, --plugin-dir, ...) are settings of this run;
 * every other --key[=value] is a job option that goes into the jobfile as
 * an entry (--name=x starts a section; options before the first --name are
 * global); other arguments are job files, parsed after the command-line
 * jobs.  Options after --profile=NAME, up to the next --name, are kept apart
 * for the profile.
 */
#ifndef PLIO_CMDLINE_H
#define PLIO_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "jobfile.h"
#include "log.h"

struct cmd_kv {
	char *key;
	char *value;		/* NULL for a bare --key */
	struct origin where;
};

struct cmdline {
	const char *output;		/* --output=FILE, or NULL for stdout */
	unsigned int formats;		/* REPORT_* (report.h) */
	bool enghelp;			/* --enghelp given */
	const char *enghelp_name;	/* --enghelp=NAME */
	const char **plugin_dirs;	/* --plugin-dir, in order */
	size_t n_plugin_dirs;
	bool parse_only;
	bool help;
	bool version;
	const char *profile;		/* --profile=NAME */
	struct cmd_kv *profile_args;	/* options that followed it */
	size_t n_profile_args;
	const char **job_files;
	size_t n_job_files;
	struct jobfile jf;		/* command-line jobs */
};

/* Fill cl from argv; 0, or -EINVAL with e set ("argument 3: ..."). */
int cmdline_parse(int argc, char **argv, struct cmdline *cl, struct perr *e);
void cmdline_free(struct cmdline *cl);
void cmdline_usage(FILE *out);

/* Parse an --output-format list ("normal,json"); 0 or -EINVAL. */
int cmdline_formats(const char *s, unsigned int *formats);

#endif
