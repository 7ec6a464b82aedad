/*
 * cmdline.h - argv to program settings and job sections.
 *
 * Reads the command line as fio's getopt_long_only does: an option starts
 * with "--" or a single "-" ("-" alone is stdin, "--" alone ends the
 * options); a name may be shortened to a unique prefix of a program
 * option or a core job option (names and aliases; an exact name wins);
 * "-X" is one of fio's one-letter options first (-o FILE, -v, ...).
 * Program options (--output, --output-format, --enghelp, --plugin-dir,
 * ...) are settings of this run; every other --key[=value] is a job
 * option that goes into the jobfile as an entry (--name=x starts a
 * section; options before the first --name are global).  "--key value"
 * works too, as fio's getopt takes it, for the program options and core
 * job options that need a value (and --name): the next argument, whatever
 * it looks like.  Engine options are not known yet: written in full, with
 * '=' for a value.  Other arguments are job files, parsed after the
 * command-line jobs.  Options after --profile=NAME, up to the next
 * --name, are kept apart for the profile.
 */
#ifndef PLIO_CMDLINE_H
#define PLIO_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/log.h"
#include "base/outfmt.h"
#include "input/jobfile.h"

struct plio_option;

/*
 * The job options the command line tells apart from program options, as
 * the options stage knows them (options_cmdline_vocab()): the core's
 * option names and aliases in table order, each with whether it needs a
 * value (so "--bs 4k" takes the next argument), and the names fio has
 * that plio does not (an engine's option is never read as a prefix).
 * The command line knows no option table of its own.
 */
struct cmdline_word {
	const char *name;	/* an option's name or alias */
	bool needs_value;	/* never given bare */
};
struct cmdline_vocab {
	const struct cmdline_word *words;
	size_t n_words;
	bool (*fio_knows)(const char *name);
};

struct cmd_kv {
	char *key;
	char *value;		/* NULL for a bare --key */
	struct origin where;
};

/* --eta=WHEN */
enum cmd_eta { ETA_AUTO = 0, ETA_ALWAYS, ETA_NEVER };

struct cmdline {
	const char *output;		/* --output=FILE, or NULL for stdout */
	unsigned int output_argi;	/* its argv index, for errors */
	unsigned int formats;		/* REPORT_* (base/outfmt.h) */
	unsigned int terse_version;	/* --terse-version: 2..5 (fio's 3) */
	bool enghelp;			/* --enghelp given */
	const char *enghelp_name;	/* --enghelp=NAME or NAME,OPTION */
	unsigned int enghelp_argi;	/* its argv index, for errors */
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

	bool showcmd;			/* --showcmd */
	bool crctest;			/* --crctest given */
	const char *crctest_list;	/* its value: which checksums, or NULL */
	bool cmdhelp;			/* --cmdhelp given */
	const char *cmdhelp_name;	/* --cmdhelp=NAME; NULL: the list */
	unsigned int cmdhelp_argi;	/* argv index, for errors */
	const char **sections;		/* --section=NAME, in order */
	unsigned int *section_argi;	/* argv index of each */
	size_t n_sections;
	uint64_t max_jobs;		/* --max-jobs=N; 0: no limit */
	unsigned int max_jobs_argi;
	bool readonly;			/* --readonly */
	bool warnings_fatal;		/* --warnings-fatal */
	enum cmd_eta eta;		/* --eta=always|never|auto */
	uint64_t eta_newline_us;	/* --eta-newline=T; 0: not given */
	uint64_t eta_interval_us;	/* --eta-interval=T; 0: not given */
	uint64_t status_interval_us;	/* --status-interval=T; 0: not given */
	bool bandwidth_log;		/* --bandwidth-log */
	bool latency_log;		/* --latency-log: every job's write_lat_log */
	bool debug_help;		/* --debug=? or help: list the categories */
	const char *dump_options;	/* --dump-options=man|bash (the build's) */
	const char **debug_lists;	/* each --debug=LIST, for its warnings */
	unsigned int *debug_argi;	/* and its argv index */
	size_t n_debug;
};

/* How a program option takes its value, as getopt's has_arg. */
enum cmd_value {
	CV_NONE,	/* a flag: "--x=1" is an error */
	CV_NEEDED,	/* "--x=v", or "--x v": the next argument, whatever it is */
	CV_OPTIONAL,	/* "--x" or "--x=v" only */
};

/* What a program option's value is, for the shell's completion. */
enum cmd_complete {
	CC_NONE,	/* free text */
	CC_FILE,	/* a file name */
	CC_DIR,		/* a directory */
	CC_WORDS,	/* one of `words` */
	CC_FORMATS,	/* output formats, comma-separated */
	CC_DEBUG,	/* debug categories, comma-separated */
	CC_ENGINE,	/* an engine's name */
	CC_OPTION,	/* a job option's name */
	CC_PROFILE,	/* a profile's name */
};

/* cmdline_option.flags */
#define CMDO_FIO_ONLY (1u << 0)	/* fio's, which plio lacks: refused by name */
#define CMDO_MPI_ONLY (1u << 1)	/* plio-mpi's, taken out of argv before
				 * plio reads it: refused by plio */
#define CMDO_HIDDEN (1u << 2)	/* for the build: in no list, no help, no
				 * abbreviation; only its whole name works */

/*
 * A program option, as --help, the man page and the shell completion
 * describe it (plio --dump-options writes the last two from this table).
 */
struct cmdline_option {
	const char *name;	/* without the dashes */
	char letter;		/* fio's short option; 0: none */
	enum cmd_value val;
	unsigned int flags;	/* CMDO_* */
	const char *arg;	/* what the value is ("FILE"), or NULL */
	const char *help;	/* one sentence, no final period */
	enum cmd_complete complete;
	const char *words;	/* CC_WORDS: the values, blank-separated */
};

/* plio's program options, in the table's order (the order of --help and
 * of an ambiguous abbreviation's list). */
const struct cmdline_option *cmdline_options(size_t *n);

/* An output format: its --output-format name, its REPORT_* bit, what it
 * is (one sentence). */
struct cmdline_format {
	const char *name;
	unsigned int bit;
	const char *help;
};
const struct cmdline_format *cmdline_output_formats(size_t *n);

/* A --debug category of plio's: its name, what it prints. */
struct cmdline_debug_cat {
	const char *name;
	const char *what;
};
const struct cmdline_debug_cat *cmdline_debug_cats(size_t *n);

/* Fill cl from argv, telling job options by v; 0, or -EINVAL with e set
 * ("argument 3: ..."). */
int cmdline_parse(int argc, char **argv, const struct cmdline_vocab *v,
		  struct cmdline *cl, struct perr *e);
void cmdline_free(struct cmdline *cl);
void cmdline_usage(FILE *out);
/* --debug=?: plio's debug categories, one line each. */
void cmdline_print_debug(FILE *out);

/* What an option name of the command line stands for. */
enum cmd_kind {
	CMD_UNKNOWN,	/* none known: kept as written (an engine's option?) */
	CMD_PROGRAM,	/* a program option (plio's, or fio's plio lacks) */
	CMD_JOB,	/* a core job option, by name or alias */
	CMD_AMBIGUOUS,	/* the beginning of several */
};

/*
 * Resolve key (an option name, without dashes and value) as fio's
 * getopt_long_only does: an exact program or core option name (or alias)
 * is itself; a name fio knows (an engine option) is kept; else a unique
 * prefix stands for the one name it begins.  *full gets the name (key
 * itself when unknown); for CMD_AMBIGUOUS list gets "--a, --b, ...".
 */
enum cmd_kind cmdline_resolve(const struct cmdline_vocab *v, const char *key,
			      const char **full, char *list, size_t len);

/* plio's program options as an option table (names only), so that a
 * misspelt one gets a "did you mean" (options_suggest_extra). */
const struct plio_option *cmdline_suggest_table(size_t *n);

/* Parse an --output-format list ("normal,json"); 0 or -EINVAL. */
int cmdline_formats(const char *s, unsigned int *formats);

/*
 * --section: drop the job sections of jf from index `from` on (the
 * sections read from job files) that no --section names; global sections
 * stay.  A dropped section's stonewall_before passes to the next kept job
 * section of the same file.  With check, a --section naming no job
 * section at all is an error ("command line (argument N): --section:
 * ...").  No --section: nothing happens.  0, or -errno with e set.
 */
int cmdline_select_sections(const struct cmdline *cl, struct jobfile *jf,
			    size_t from, bool check, struct perr *e);

/*
 * --showcmd: the job sections of jf from index `from` to `to` as one
 * command line, as fio prints it: "plio --key=value ... --name=job ...".
 * Global sections before the first job are bare options; a later global
 * section starts with --name=global, so the line re-parses to the same
 * jobs.  Values that the shell would change are quoted.
 */
void cmdline_print_showcmd(FILE *out, const struct jobfile *jf, size_t from,
			   size_t to);

#endif
