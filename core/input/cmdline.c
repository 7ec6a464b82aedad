/*
 * cmdline.c - argv to program settings and job sections (see cmdline.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <plio/plugin.h>

#include "input/cmdline.h"
#include "base/parse.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The program options, with fio's one-letter forms: what --help, the man
 * page and the shell completion say about each comes from here.  The
 * CMDO_FIO_ONLY ones are fio 3.33's that plio does not have (client/server
 * mode, triggers, blktrace merging, self-tests, ...): known, so that they
 * are named as fio's, and so that a shortened name is ambiguous where it
 * is in fio.  The order is the one an ambiguous abbreviation lists them
 * in, and --help's.
 */
static const struct cmdline_option prog_opts[] = {
	{ "output", 'o', CV_NEEDED, 0, "FILE",
	  "write the report to FILE instead of standard output", CC_FILE, NULL },
	{ "output-format", 'F', CV_NEEDED, 0, "LIST",
	  "the report's formats, comma-separated: normal (the default), json, json+, terse",
	  CC_FORMATS, NULL },
	{ "minimal", 'm', CV_NONE, 0, NULL,
	  "terse output (the same as --output-format=terse)", CC_NONE, NULL },
	{ "terse-version", 'V', CV_NEEDED, 0, "N",
	  "terse format 2, 3 (the default), 4 or 5", CC_WORDS, "2 3 4 5" },
	{ "version", 'v', CV_NONE, 0, NULL, "print plio's version", CC_NONE, NULL },
	{ "help", 'h', CV_NONE, 0, NULL, "print a summary of these options", CC_NONE, NULL },
	{ "cmdhelp", 'c', CV_OPTIONAL, 0, "OPTION|all",
	  "list the job options, or show one in detail (a core, engine or profile option); all: every option, by category",
	  CC_OPTION, NULL },
	{ "enghelp", 'i', CV_OPTIONAL, 0, "ENGINE[,OPTION]",
	  "list the engines (plugin file, ABI, whether each loads and why not), or one engine's description and options, or one of its options",
	  CC_ENGINE, NULL },
	{ "showcmd", 's', CV_NONE, 0, NULL,
	  "print each job file's jobs as a command line", CC_NONE, NULL },
	{ "section", 'x', CV_NEEDED, 0, "NAME",
	  "run only this job section of the job files, and the global ones (repeatable)",
	  CC_NONE, NULL },
	{ "readonly", 'r', CV_NONE, 0, NULL, "refuse jobs that write or trim", CC_NONE, NULL },
	{ "max-jobs", 'j', CV_NEEDED, 0, "N", "refuse to start more than N workers",
	  CC_NONE, NULL },
	{ "warnings-fatal", 'w', CV_NONE, 0, NULL,
	  "make job-file and option warnings errors", CC_NONE, NULL },
	{ "eta", 'e', CV_NEEDED, 0, "WHEN",
	  "show the status line while jobs run: always, never, or auto (the default: when standard output is a terminal)",
	  CC_WORDS, "always never auto" },
	{ "eta-newline", 'E', CV_NEEDED, 0, "TIME",
	  "start a new status line every TIME (a bare number: seconds)", CC_NONE, NULL },
	{ "eta-interval", 'O', CV_NEEDED, 0, "TIME",
	  "update the status line every TIME (at least 250ms)", CC_NONE, NULL },
	{ "status-interval", 'L', CV_NEEDED, 0, "TIME",
	  "print the full report every TIME while jobs run (at least 1ms; a bare number: seconds)",
	  CC_NONE, NULL },
	{ "bandwidth-log", 'b', CV_NONE, 0, NULL,
	  "write agg-read_bw.log, agg-write_bw.log and agg-trim_bw.log", CC_NONE, NULL },
	{ "latency-log", 'l', CV_NONE, 0, NULL,
	  "every job writes its latency logs (as with write_lat_log)", CC_NONE, NULL },
	{ "parse-only", 'P', CV_NONE, 0, NULL, "check the jobs, run nothing", CC_NONE, NULL },
	{ "debug", 'd', CV_NEEDED, 0, "LIST",
	  "print what plio makes of the jobs on standard error: categories, comma-separated, or all (? lists them)",
	  CC_DEBUG, NULL },
	{ "profile", 'p', CV_NEEDED, 0, "NAME",
	  "generate jobs from a profile plugin; the profile's options follow", CC_PROFILE, NULL },
	{ "plugin-dir", 0, CV_NEEDED, 0, "DIR", "search DIR for plugins first (repeatable)",
	  CC_DIR, NULL },
	{ "alloc-size", 'a', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "append-terse", 'f', CV_NONE, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "aux-path", 'K', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "client", 'C', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "cpuclock-test", 'T', CV_NONE, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "crctest", 'G', CV_OPTIONAL, 0, "LIST",
	  "measure how fast verify's checksums run here: all of them, or a comma-separated LIST (md5,crc32c,...)",
	  CC_NONE, NULL },
	{ "daemonize", 'D', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "idle-prof", 'I', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "inflate-log", 'X', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "merge-blktrace-only", 'A', CV_NONE, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "remote-config", 'R', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "server", 'S', CV_OPTIONAL, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "trigger", 'H', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "trigger-file", 'W', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "trigger-remote", 'J', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	{ "trigger-timeout", 'B', CV_NEEDED, CMDO_FIO_ONLY, NULL, NULL, CC_NONE, NULL },
	/* taken out of argv by mpi/plio-mpi.c before plio reads it */
	{ "rank-files", 0, CV_NEEDED, CMDO_MPI_ONLY, "unique|shared",
	  "unique: each rank its own files, their generated names carrying host and rank (the default); shared: every rank the same files, each rank its share of the region",
	  CC_WORDS, "unique shared" },
	/* `make` writes the man page and the bash completion with it */
	{ "dump-options", 0, CV_NEEDED, CMDO_HIDDEN, "man|bash",
	  "write the man page (man) or the bash completion (bash) from the option tables",
	  CC_WORDS, "man bash" },
};

const struct cmdline_option *cmdline_options(size_t *n)
{
	*n = ARRAY_SIZE(prog_opts);
	return prog_opts;
}

/* --output-format's names, in --help's order. */
static const struct cmdline_format out_formats[] = {
	{ "normal", REPORT_NORMAL,
	  "fio's report for people: per job and direction IOPS, bandwidth, latencies with percentiles, CPU, I/O depths; then each group's totals and the disks' statistics" },
	{ "terse", REPORT_TERSE,
	  "fio's semicolon-separated line per job, in the version --terse-version names (2 to 5)" },
	{ "json", REPORT_JSON,
	  "fio's JSON document, with fio 3.33's keys, nesting and types" },
	{ "json+", REPORT_JSONPLUS,
	  "json, with each job's latency histogram (its bins) added" },
};

const struct cmdline_format *cmdline_output_formats(size_t *n)
{
	*n = ARRAY_SIZE(out_formats);
	return out_formats;
}

/* --debug's categories: plio's (the DBG_* bits of log.h, in order), and
 * fio's others, which plio has no messages for. */
static const struct cmdline_debug_cat debug_cats[] = {
	{ "parse", "each job's options that differ from their defaults" },
	{ "process", "each job's process or thread, group and start" },
	{ "file", "each job's files: regions, layout, open and close" },
	{ "io", "every I/O queued and completed (slow)" },
	{ "random", "each clone's random seeds (fio's rand_seeds lines, with the report)" },
	{ "plugin", "the plugins searched, loaded and refused" },
};
static const char *const fio_debug_cats[] = {
	"mem", "blktrace", "verify", "diskutil", "job", "mutex", "profile",
	"time", "net", "rate", "compress", "steadystate", "helperthread", "zbd",
};

const struct cmdline_debug_cat *cmdline_debug_cats(size_t *n)
{
	*n = ARRAY_SIZE(debug_cats);
	return debug_cats;
}

int cmdline_formats(const char *s, unsigned int *formats)
{
	char *copy = strdup(s), *tok, *save = NULL;
	unsigned int f = 0;
	size_t i;
	int rc = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(out_formats); i++)
			if (!strcmp(tok, out_formats[i].name))
				break;
		if (i == ARRAY_SIZE(out_formats))
			rc = -EINVAL;
		else
			f |= out_formats[i].bit;
	}
	free(copy);
	if (!rc && !f)
		rc = -EINVAL;
	if (!rc)
		*formats = f;
	return rc;
}

/* --help's columns: the option, then its help from HELP_COL to WIDTH. */
#define HELP_COL 28
#define HELP_WIDTH 80

/* text, wrapped at blanks into lines from column `col` (the first line's
 * indent already printed up to `at`). */
static void print_wrapped(FILE *out, const char *text, int at, int col)
{
	const char *p = text;

	while (*p) {
		int room = HELP_WIDTH - col, len = (int)strlen(p), cut = len;

		if (at < col)
			fprintf(out, "%*s", col - at, "");
		if (len > room) {
			for (cut = room; cut > 0 && p[cut] != ' '; cut--)
				;
			if (!cut)	/* one long word: as it is */
				cut = (int)strcspn(p, " ");
		}
		fprintf(out, "%.*s\n", cut, p);
		p += cut;
		while (*p == ' ')
			p++;
		at = 0;
	}
}

void cmdline_usage(FILE *out)
{
	size_t i;
	int n;

	fputs("usage: plio [options] [job files]\n", out);
	n = fprintf(out, "  --name=NAME");
	print_wrapped(out, "start a job; job options follow as --option=value", n, HELP_COL);
	for (i = 0; i < ARRAY_SIZE(prog_opts); i++) {
		const struct cmdline_option *o = &prog_opts[i];
		const char *open = o->val == CV_OPTIONAL ? "[=" : "=";
		const char *close = o->val == CV_OPTIONAL ? "]" : "";

		if (o->flags)	/* fio's, plio-mpi's or the build's */
			continue;
		n = fprintf(out, "  ");
		if (o->letter)
			n += fprintf(out, "-%c, ", o->letter);
		n += fprintf(out, "--%s", o->name);
		if (o->arg)
			n += fprintf(out, "%s%s%s", open, o->arg, close);
		if (n + 2 > HELP_COL) {
			fputc('\n', out);
			n = 0;
		}
		print_wrapped(out, o->help, n, HELP_COL);
	}
	fprintf(out,
		"As in fio, an option may start with - or --, a name may be shortened to\n"
		"any unique prefix (--ioeng=null; not engine options), and an option that\n"
		"needs a value takes the next argument when no = is given (-bs 4k).\n"
		"Plugins are searched in --plugin-dir, PLIO_PLUGIN_PATH, then %s.\n",
		PLIO_PLUGINDIR);
}

void cmdline_print_debug(FILE *out)
{
	size_t i;

	fputs("plio's --debug categories (comma-separated, or all):\n", out);
	for (i = 0; i < ARRAY_SIZE(debug_cats); i++)
		fprintf(out, "  %-8s %s\n", debug_cats[i].name, debug_cats[i].what);
}

/* Whether tok is one of fio's debug categories plio has no messages for. */
static bool fio_debug_cat(const char *tok)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fio_debug_cats); i++)
		if (!strcmp(tok, fio_debug_cats[i]))
			return true;
	return false;
}

/*
 * A --debug list into *mask: plio's categories and all; fio's others are
 * skipped here (cmdline_parse warns about them once the whole command
 * line, and so --warnings-fatal, is known).  -EINVAL with the first
 * unknown name in bad.
 */
static int debug_mask(const char *s, unsigned int *mask, char *bad, size_t len)
{
	char *copy = strdup(s), *tok, *save = NULL;
	unsigned int m = 0, i;
	int rc = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			m = ~0u;
			continue;
		}
		if (fio_debug_cat(tok))
			continue;
		for (i = 0; i < ARRAY_SIZE(debug_cats); i++)
			if (!strcmp(tok, debug_cats[i].name))
				break;
		if (i == ARRAY_SIZE(debug_cats)) {
			snprintf(bad, len, "%s", tok);
			rc = -EINVAL;
			break;
		}
		m |= 1u << i;
	}
	free(copy);
	if (!rc)
		*mask = m;
	return rc;
}

static int push_str(const char ***arr, size_t *n, const char *s)
{
	const char **a = realloc(*arr, (*n + 1) * sizeof(*a));

	if (!a)
		return -ENOMEM;
	a[(*n)++] = s;
	*arr = a;
	return 0;
}

static int push_profile_arg(struct cmdline *cl, const char *key, const char *value,
			    struct origin where)
{
	struct cmd_kv *a = realloc(cl->profile_args,
				   (cl->n_profile_args + 1) * sizeof(*a));

	if (!a)
		return -ENOMEM;
	cl->profile_args = a;
	a += cl->n_profile_args;
	a->key = strdup(key);
	a->value = value ? strdup(value) : NULL;
	a->where = where;
	if (!a->key || (value && !a->value))
		return -ENOMEM;
	cl->n_profile_args++;
	return 0;
}

/* A time option's value (bare: seconds) into *us, at least min_us. */
static int time_value(const char *key, const char *value, uint64_t min_us,
		      const char *floor, int argi, uint64_t *us, struct perr *e)
{
	if (parse_time_us(value, 1000000, us))
		return perr_set(e, "command line (argument %d): --%s: '%s' is not a time (e.g. 2s, 500ms)",
				argi, key, value);
	if (*us < min_us)
		return perr_set(e, "command line (argument %d): --%s: '%s' is below %s",
				argi, key, value, floor);
	return 0;
}

/*
 * Whether job option key always needs a value, so "--key VALUE" means
 * "--key=VALUE": --name and the core's options that cannot be bare.
 * Engine options are not known yet: they need "--key=value".
 */
static bool needs_value(const struct cmdline_vocab *v, const char *key)
{
	size_t i;

	if (!strcmp(key, "name"))
		return true;
	for (i = 0; i < v->n_words; i++)
		if (!strcmp(v->words[i].name, key))
			return v->words[i].needs_value;
	return false;
}

/* Whether key is one of v's names or aliases. */
static bool vocab_has(const struct cmdline_vocab *v, const char *key)
{
	size_t i;

	for (i = 0; i < v->n_words; i++)
		if (!strcmp(v->words[i].name, key))
			return true;
	return false;
}

static int push_section(struct cmdline *cl, const char *name, int argi)
{
	unsigned int *a = realloc(cl->section_argi,
				  (cl->n_sections + 1) * sizeof(*a));

	if (!a)
		return -ENOMEM;
	cl->section_argi = a;
	a[cl->n_sections] = (unsigned int)argi;
	return push_str(&cl->sections, &cl->n_sections, name);
}

/* Remember a --debug list, for its warnings at the end of the parse. */
static int push_debug(struct cmdline *cl, const char *value, int argi)
{
	unsigned int *a = realloc(cl->debug_argi, (cl->n_debug + 1) * sizeof(*a));

	if (!a)
		return -ENOMEM;
	cl->debug_argi = a;
	a[cl->n_debug] = (unsigned int)argi;
	return push_str(&cl->debug_lists, &cl->n_debug, value);
}

/* A program flag (CV_NONE). */
static void program_flag(struct cmdline *cl, const char *key)
{
	if (!strcmp(key, "showcmd"))
		cl->showcmd = true;
	else if (!strcmp(key, "readonly"))
		cl->readonly = true;
	else if (!strcmp(key, "warnings-fatal"))
		cl->warnings_fatal = true;
	else if (!strcmp(key, "bandwidth-log"))
		cl->bandwidth_log = true;
	else if (!strcmp(key, "latency-log"))
		cl->latency_log = true;
	else if (!strcmp(key, "parse-only"))
		cl->parse_only = true;
	else if (!strcmp(key, "help"))
		cl->help = true;
	else if (!strcmp(key, "version"))
		cl->version = true;
	else	/* minimal */
		cl->formats = REPORT_TERSE;
}

/* A program option that takes a value (CV_NEEDED, or CV_OPTIONAL with
 * value NULL when not given). */
static int program_option(struct cmdline *cl, const char *key, const char *value,
			  int argi, struct perr *e)
{
	char bad[64];
	int64_t n;
	int rc;

	if (!strcmp(key, "enghelp")) {
		cl->enghelp = true;
		cl->enghelp_name = value;
		cl->enghelp_argi = (unsigned int)argi;
	} else if (!strcmp(key, "crctest")) {
		cl->crctest = true;
		cl->crctest_list = value;
	} else if (!strcmp(key, "cmdhelp")) {
		cl->cmdhelp = true;
		cl->cmdhelp_name = value && *value ? value : NULL;
		cl->cmdhelp_argi = (unsigned int)argi;
	} else if (!value || !*value) {
		return perr_set(e, "command line (argument %d): --%s: needs a value",
				argi, key);
	} else if (!strcmp(key, "output")) {
		cl->output = value;
		cl->output_argi = (unsigned int)argi;
	} else if (!strcmp(key, "output-format")) {
		if (cmdline_formats(value, &cl->formats))
			return perr_set(e, "command line (argument %d): --output-format: '%s' is not a format list (normal, json, json+, terse, comma-separated)",
					argi, value);
	} else if (!strcmp(key, "plugin-dir")) {
		struct stat st;

		/* checked here, where the argument's place is known */
		if (stat(value, &st))
			return perr_set(e, "command line (argument %d): --plugin-dir: cannot use '%s': %s",
					argi, value, strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return perr_set(e, "command line (argument %d): --plugin-dir: '%s' is not a directory",
					argi, value);
		return push_str(&cl->plugin_dirs, &cl->n_plugin_dirs, value);
	} else if (!strcmp(key, "profile")) {
		cl->profile = value;
	} else if (!strcmp(key, "debug")) {
		if (!strcmp(value, "?") || !strcmp(value, "help")) {
			cl->debug_help = true;
			return 0;
		}
		rc = debug_mask(value, &log_debug_mask, bad, sizeof(bad));
		if (rc == -EINVAL)
			return perr_set(e, "command line (argument %d): --debug: '%s' is not a debug category (parse, process, file, io, random, plugin, all; --debug=? describes them)",
					argi, bad);
		if (rc)
			return rc;
		return push_debug(cl, value, argi);
	} else if (!strcmp(key, "dump-options")) {
		if (strcmp(value, "man") && strcmp(value, "bash"))
			return perr_set(e, "command line (argument %d): --dump-options: '%s' is not man or bash",
					argi, value);
		cl->dump_options = value;
	} else if (!strcmp(key, "section")) {
		return push_section(cl, value, argi);
	} else if (!strcmp(key, "max-jobs")) {
		if (parse_int(value, &n) || n < 1)
			return perr_set(e, "command line (argument %d): --max-jobs: '%s' is not a number of jobs (1 or more)",
					argi, value);
		cl->max_jobs = (uint64_t)n;
		cl->max_jobs_argi = (unsigned int)argi;
	} else if (!strcmp(key, "eta")) {
		if (!strcmp(value, "auto"))
			cl->eta = ETA_AUTO;
		else if (!strcmp(value, "always"))
			cl->eta = ETA_ALWAYS;
		else if (!strcmp(value, "never"))
			cl->eta = ETA_NEVER;
		else
			return perr_set(e, "command line (argument %d): --eta: '%s' is not always, never or auto",
					argi, value);
	} else if (!strcmp(key, "eta-newline")) {
		return time_value(key, value, 1, "its minimum, 1us", argi,
				  &cl->eta_newline_us, e);
	} else if (!strcmp(key, "eta-interval")) {
		return time_value(key, value, 250000, "its minimum, 250ms", argi,
				  &cl->eta_interval_us, e);
	} else if (!strcmp(key, "terse-version")) {
		if (parse_int(value, &n) || n < 2 || n > 5)
			return perr_set(e, "command line (argument %d): --terse-version: '%s' is not a terse version (2, 3, 4 or 5)",
					argi, value);
		cl->terse_version = (unsigned int)n;
	} else if (!strcmp(key, "status-interval")) {
		/* fio's floor: 1 ms */
		return time_value(key, value, 1000, "its minimum, 1ms", argi,
				  &cl->status_interval_us, e);
	}
	return 0;
}

/* Append ", --name" to the candidate list in buf (used: its length),
 * "..." once it is full. */
static void list_add(char *buf, size_t len, size_t *used, const char *name)
{
	int n;

	if (!buf || *used >= len)
		return;
	n = snprintf(buf + *used, len - *used, "%s--%s", *used ? ", " : "", name);
	if (n < 0 || (size_t)n >= len - *used || *used + (size_t)n + 5 >= len) {
		/* no room for this one and the ellipsis: end the list */
		buf[*used] = '\0';
		snprintf(buf + *used, len - *used, "%s...", *used ? ", " : "");
		*used = len;
		return;
	}
	*used += (size_t)n;
}

static const struct cmdline_option *prog_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prog_opts); i++)
		if (!strcmp(name, prog_opts[i].name))
			return &prog_opts[i];
	return NULL;
}

enum cmd_kind cmdline_resolve(const struct cmdline_vocab *v, const char *key,
			      const char **full, char *list, size_t len)
{
	size_t klen = strlen(key), i, n = 0, used = 0;
	enum cmd_kind kind = CMD_UNKNOWN;
	const char *hit = key, *c;

	if (list && len)
		list[0] = '\0';
	*full = key;
	/* a whole name wins over the names it begins */
	if (prog_find(key))
		return CMD_PROGRAM;
	if (vocab_has(v, key))
		return CMD_JOB;
	/* a name fio knows (an engine option, say) is not an abbreviation */
	if (!klen || (v->fio_knows && v->fio_knows(key)))
		return CMD_UNKNOWN;
	for (i = 0; i < ARRAY_SIZE(prog_opts); i++) {
		/* plio-mpi's and the build's are never abbreviated */
		if ((prog_opts[i].flags & (CMDO_MPI_ONLY | CMDO_HIDDEN)) ||
		    strncmp(prog_opts[i].name, key, klen))
			continue;
		n++;
		hit = prog_opts[i].name;
		kind = CMD_PROGRAM;
		list_add(list, len, &used, hit);
	}
	for (i = 0; i < v->n_words; i++) {
		c = v->words[i].name;
		if (strncmp(c, key, klen))
			continue;
		n++;
		hit = c;
		kind = CMD_JOB;
		list_add(list, len, &used, hit);
	}
	if (n > 1)
		return CMD_AMBIGUOUS;
	*full = hit;
	return kind;
}

const struct plio_option *cmdline_suggest_table(size_t *n)
{
	static struct plio_option tab[ARRAY_SIZE(prog_opts)];
	static size_t nt;
	size_t i;

	if (!nt)
		for (i = 0; i < ARRAY_SIZE(prog_opts); i++)
			if (!prog_opts[i].flags)
				tab[nt++].name = prog_opts[i].name;
	*n = nt;
	return tab;
}

/* A program option po given as argv[*i] (`given`: "-X" is named so in
 * errors), value after its '=' or NULL; takes the next argument when po
 * needs one. */
static int program(struct cmdline *cl, const struct cmdline_option *po, const char *given,
		   const char *value, int argc, char **argv, int *i, struct perr *e)
{
	bool fio_only = po->flags & CMDO_FIO_ONLY;

	if (fio_only && given[1] != '-' && !given[2])
		return perr_set(e, "command line (argument %d): %s: fio's option --%s is not supported by plio",
				*i, given, po->name);
	if (fio_only)
		return perr_set(e, "command line (argument %d): --%s: fio's option --%s is not supported by plio",
				*i, po->name, po->name);
	if (po->flags & CMDO_MPI_ONLY)
		return perr_set(e, "command line (argument %d): --%s: an option of plio-mpi (runs across hosts), written --%s=%s",
				*i, po->name, po->name, po->arg);
	if (po->val == CV_NONE) {
		if (value)
			return perr_set(e, "command line (argument %d): --%s: takes no value",
					*i, po->name);
		program_flag(cl, po->name);
		return 0;
	}
	/* as getopt: the next argument, even one that starts with '-' */
	if (po->val == CV_NEEDED && !value && *i + 1 < argc)
		value = argv[++*i];
	return program_option(cl, po->name, value, *i, e);
}

/* One job option, or an engine's: key (resolved), its value or NULL. */
static int job_option(struct cmdline *cl, const char *key, const char *value,
		      bool *in_profile, int argi, struct perr *e)
{
	struct origin where = { NULL, (unsigned int)argi };

	if (!strcmp(key, "name")) {
		*in_profile = false;
		if (!value || !*value)
			return perr_set(e, "command line (argument %d): name: needs a value (the job's name)", argi);
		if (!jobfile_add_section(&cl->jf, value,
					 !strncmp(value, "global", 6), where))
			return -ENOMEM;
	}
	if (*in_profile)
		return push_profile_arg(cl, key, value, where);
	return jobfile_add_entry(&cl->jf, key, value, where);
}

/* The warnings for fio's --debug categories, or with --warnings-fatal
 * the error of the first. */
static int debug_warnings(const struct cmdline *cl, struct perr *e)
{
	char *copy, *tok, *save = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < cl->n_debug; i++) {
		copy = strdup(cl->debug_lists[i]);
		if (!copy)
			return -ENOMEM;
		for (tok = strtok_r(copy, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			if (!fio_debug_cat(tok))
				continue;
			if (cl->warnings_fatal) {
				rc = perr_set(e, "command line (argument %u): --debug: '%s' has no messages in plio (--warnings-fatal)",
					      cl->debug_argi[i], tok);
				break;
			}
			log_warn("command line (argument %u): --debug: '%s' has no messages in plio, ignored",
				 cl->debug_argi[i], tok);
		}
		free(copy);
	}
	return rc;
}

int cmdline_parse(int argc, char **argv, const struct cmdline_vocab *v,
		  struct cmdline *cl, struct perr *e)
{
	bool in_profile = false, options_end = false;
	int i, argi, rc;

	memset(cl, 0, sizeof(*cl));
	cl->formats = REPORT_NORMAL;
	cl->terse_version = REPORT_TERSE_DEFAULT;
	jobfile_init(&cl->jf);

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq, *value = NULL, *full;
		const struct cmdline_option *po = NULL;
		char key[128], cands[384];
		enum cmd_kind kind;
		size_t klen;

		/* "-" is stdin; after "--" every argument is a job file */
		if (options_end || arg[0] != '-' || !arg[1]) {
			rc = push_str(&cl->job_files, &cl->n_job_files, arg);
			if (rc)
				return rc;
			continue;
		}
		if (!strcmp(arg, "--")) {
			options_end = true;
			continue;
		}
		/* "-X", one of fio's letters: a short option first, as in
		 * getopt_long_only; any longer "-word" is a long option */
		if (arg[1] != '-' && !arg[2]) {
			size_t k;

			for (k = 0; k < ARRAY_SIZE(prog_opts); k++)
				if (prog_opts[k].letter == arg[1])
					po = &prog_opts[k];
			if (po) {
				rc = program(cl, po, arg, NULL, argc, argv, &i, e);
				if (rc)
					return rc;
				if (!strcmp(po->name, "profile"))
					in_profile = true;
				continue;
			}
		}
		arg += arg[1] == '-' ? 2 : 1;
		eq = strchr(arg, '=');
		klen = eq ? (size_t)(eq - arg) : strlen(arg);
		if (!klen || klen >= sizeof(key))
			return perr_set(e, "command line (argument %d): '%s' is not an option", i, argv[i]);
		memcpy(key, arg, klen);
		key[klen] = '\0';
		if (eq)
			value = eq + 1;

		kind = cmdline_resolve(v, key, &full, cands, sizeof(cands));
		/* after --profile, its own options (not known yet) come: a
		 * job option is not abbreviated there */
		if (in_profile && (kind == CMD_AMBIGUOUS ||
				   (kind == CMD_JOB && strcmp(full, key)))) {
			kind = CMD_UNKNOWN;
			full = key;
		}
		if (kind == CMD_AMBIGUOUS)
			return perr_set(e, "command line (argument %d): '%s' is ambiguous: it could be %s",
					i, argv[i], cands);
		if (kind == CMD_PROGRAM) {
			po = prog_find(full);
			rc = program(cl, po, argv[i], value, argc, argv, &i, e);
			if (rc)
				return rc;
			if (!strcmp(po->name, "profile"))
				in_profile = true;
			continue;
		}
		/* a job option; as with fio's getopt, one that needs a value
		 * takes the next argument when no '=' is given ("--bs 4k");
		 * errors name the option's argument */
		argi = i;
		if (kind == CMD_JOB && !eq && i + 1 < argc && needs_value(v, full))
			value = argv[++i];
		rc = job_option(cl, full, value, &in_profile, argi, e);
		if (rc)
			return rc;
	}
	return debug_warnings(cl, e);
}

void cmdline_free(struct cmdline *cl)
{
	size_t i;

	for (i = 0; i < cl->n_profile_args; i++) {
		free(cl->profile_args[i].key);
		free(cl->profile_args[i].value);
	}
	free(cl->profile_args);
	free(cl->sections);
	free(cl->section_argi);
	free(cl->debug_lists);
	free(cl->debug_argi);
	free(cl->plugin_dirs);
	free(cl->job_files);
	jobfile_free(&cl->jf);
}

/* Whether --section names this section. */
static bool selected(const struct cmdline *cl, const char *name)
{
	size_t i;

	for (i = 0; i < cl->n_sections; i++)
		if (!strcmp(cl->sections[i], name))
			return true;
	return false;
}

static void section_free(struct jf_section *s)
{
	size_t j;

	for (j = 0; j < s->n_entries; j++) {
		free(s->entries[j].key);
		free(s->entries[j].value);
	}
	free(s->entries);
	free(s->name);
}

int cmdline_select_sections(const struct cmdline *cl, struct jobfile *jf,
			    size_t from, bool check, struct perr *e)
{
	const char *carry_file = NULL;
	bool carry = false;
	size_t i, j, k;

	if (!cl->n_sections)
		return 0;
	for (i = 0; check && i < cl->n_sections; i++) {
		for (j = from; j < jf->n_sections; j++)
			if (!jf->sections[j].global &&
			    !strcmp(jf->sections[j].name, cl->sections[i]))
				break;
		if (j == jf->n_sections)
			return perr_set(e, "command line (argument %u): --section: no job section named '%s' in the job files",
					cl->section_argi[i], cl->sections[i]);
	}
	for (i = k = from; i < jf->n_sections; i++) {
		struct jf_section *s = &jf->sections[i];

		if (s->where.file != carry_file)
			carry = false;
		if (s->global || selected(cl, s->name)) {
			if (!s->global && carry) {
				s->stonewall_before = true;
				carry = false;
			}
			jf->sections[k++] = *s;
			continue;
		}
		if (s->stonewall_before) {
			carry = true;
			carry_file = s->where.file;
		}
		section_free(s);
	}
	jf->n_sections = k;
	return 0;
}

/* Whether c needs no quoting in a shell word. */
static bool shell_safe(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("_-.,:/%+=@^", c);
}

/*
 * " --key=value": as it is when the shell leaves it alone; in double
 * quotes, as fio does, when only blanks need them; else in single quotes.
 */
static void print_opt(FILE *out, const char *key, const char *value)
{
	bool safe = true, dq = true;
	const char *p;

	if (!value) {
		fprintf(out, "--%s ", key);
		return;
	}
	for (p = value; *p; p++) {
		if (shell_safe(*p))
			continue;
		safe = false;
		if (strchr("$`\\\"!", *p))
			dq = false;
	}
	if (safe) {
		fprintf(out, "--%s=%s ", key, value);
	} else if (dq) {
		fprintf(out, "--%s=\"%s\" ", key, value);
	} else {
		fprintf(out, "--%s='", key);
		for (p = value; *p; p++) {
			if (*p == '\'')
				fputs("'\\''", out);
			else
				fputc(*p, out);
		}
		fputs("' ", out);
	}
}

void cmdline_print_showcmd(FILE *out, const struct jobfile *jf, size_t from,
			   size_t to)
{
	bool seen_job = false;
	size_t i, j;

	fputs("plio ", out);
	for (i = from; i < to && i < jf->n_sections; i++) {
		const struct jf_section *s = &jf->sections[i];
		const char *name = s->name;

		/* a job's name= entry renames it; a global's has no effect */
		for (j = 0; !s->global && j < s->n_entries; j++)
			if (!strcmp(s->entries[j].key, "name") && s->entries[j].value)
				name = s->entries[j].value;
		if (!s->global || seen_job)
			print_opt(out, "name", name);
		if (!s->global)
			seen_job = true;
		for (j = 0; j < s->n_entries; j++)
			if (strcmp(s->entries[j].key, "name"))
				print_opt(out, s->entries[j].key, s->entries[j].value);
	}
	fputc('\n', out);
}
