/*
 * cmdline.c - argv to program settings and job sections (see cmdline.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmdline.h"
#include "options.h"
#include "parse.h"
#include "report.h"

/* Program options that take a value, and whether it may be a separate argv. */
static const struct {
	const char *name;
	bool separate;
} value_opts[] = {
	{ "output", true },
	{ "output-format", true },
	{ "plugin-dir", true },
	{ "profile", false },
	{ "debug", false },
	{ "section", true },
	{ "max-jobs", true },
	{ "eta", true },
	{ "eta-newline", true },
	{ "eta-interval", true },
	{ "status-interval", true },
	{ "terse-version", true },
};

/* fio 3.33's program options plio does not have (client/server mode,
 * triggers, blktrace merging, self-tests, ...): named as fio's. */
static const char *const fio_program_opts[] = {
	"alloc-size", "append-terse", "aux-path", "client", "cpuclock-test",
	"crctest", "daemonize", "idle-prof", "inflate-log",
	"merge-blktrace-only", "remote-config", "server", "trigger",
	"trigger-file", "trigger-remote", "trigger-timeout",
};

/* Program options that take no value. */
static const char *const flag_opts[] = {
	"showcmd", "readonly", "warnings-fatal", "minimal", "bandwidth-log", "latency-log",
};

int cmdline_formats(const char *s, unsigned int *formats)
{
	char *copy = strdup(s), *tok, *save = NULL;
	unsigned int f = 0;
	int rc = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "normal"))
			f |= REPORT_NORMAL;
		else if (!strcmp(tok, "json"))
			f |= REPORT_JSON;
		else if (!strcmp(tok, "json+"))
			f |= REPORT_JSONPLUS;
		else if (!strcmp(tok, "terse"))
			f |= REPORT_TERSE;
		else
			rc = -EINVAL;
	}
	free(copy);
	if (!rc && !f)
		rc = -EINVAL;
	if (!rc)
		*formats = f;
	return rc;
}

void cmdline_usage(FILE *out)
{
	fprintf(out,
		"usage: plio [options] [job files]\n"
		"  --name=NAME            start a job; job options follow as --option=value\n"
		"  --output=FILE          write the report to FILE\n"
		"  --output-format=LIST   normal, json, json+, terse (comma-separated)\n"
		"  --minimal              terse output (the same as --output-format=terse)\n"
		"  --enghelp[=ENGINE[,OPTION]]\n"
		"                         list engines, one engine's options, or one option\n"
		"  --cmdhelp[=OPTION|all] list the job options, or show one in detail;\n"
		"                         all: every option, by category\n"
		"  --showcmd              print each job file's jobs as a command line\n"
		"  --section=NAME         run only this job section of the job files, and\n"
		"                         the global ones (repeatable)\n"
		"  --readonly             refuse jobs that write or trim\n"
		"  --max-jobs=N           refuse to start more than N workers\n"
		"  --warnings-fatal       make warnings errors\n"
		"  --eta=WHEN             always, never or auto (default)\n"
		"  --eta-newline=TIME     a new status line every TIME (bare: seconds)\n"
		"  --eta-interval=TIME    update the status line every TIME (at least 250ms)\n"
		"  --status-interval=TIME full status every TIME (at least 1s)\n"
		"  --bandwidth-log        write agg-read_bw.log, agg-write_bw.log, agg-trim_bw.log\n"
		"  --latency-log          every job writes its latency logs (write_lat_log)\n"
		"  --plugin-dir=DIR       search DIR for plugins first (repeatable)\n"
		"  --profile=NAME         generate jobs from a profile plugin\n"
		"  --parse-only           check the jobs, run nothing\n"
		"  --debug=LIST           parse,process,file,io,random,plugin\n"
		"  --version, --help\n"
		"Plugins are searched in --plugin-dir, PLIO_PLUGIN_PATH, then %s.\n",
		PLIO_PLUGINDIR);
}

static int debug_mask(const char *s, unsigned int *mask)
{
	static const char *const names[] = { "parse", "process", "file", "io",
					     "random", "plugin" };
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
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(tok, names[i]))
				break;
		if (i == sizeof(names) / sizeof(names[0])) {
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
static bool needs_value(const char *key)
{
	const struct plio_option *o = option_find(core_options, n_core_options, key);

	return !strcmp(key, "name") || (o && !option_bare_ok(o));
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

/* A program option with its value; 0 when handled, 1 when not ours. */
static int program_option(struct cmdline *cl, const char *key, const char *value,
			  int argi, struct perr *e)
{
	int64_t n;

	if (!strcmp(key, "output")) {
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
		if (debug_mask(value, &log_debug_mask))
			return perr_set(e, "command line (argument %d): --debug: '%s' is not a debug list (parse, process, file, io, random, plugin, all)",
					argi, value);
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
		report_terse_version = (unsigned int)n;
	} else if (!strcmp(key, "status-interval")) {
		return time_value(key, value, 1000000, "its minimum, 1s", argi,
				  &cl->status_interval_us, e);
	} else {
		return 1;
	}
	return 0;
}

int cmdline_parse(int argc, char **argv, struct cmdline *cl, struct perr *e)
{
	bool in_profile = false;
	int i, rc;

	memset(cl, 0, sizeof(*cl));
	cl->formats = REPORT_NORMAL;
	jobfile_init(&cl->jf);

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		struct origin where = { NULL, (unsigned int)i };
		char key[128];
		const char *eq, *value = NULL;
		size_t klen;
		unsigned int j;

		if (strncmp(arg, "--", 2) || !arg[2]) {
			if (arg[0] == '-' && arg[1] && strcmp(arg, "-"))
				return perr_set(e, "command line (argument %d): '%s': options start with -- (e.g. --name=job)",
						i, arg);
			rc = push_str(&cl->job_files, &cl->n_job_files, arg);
			if (rc)
				return rc;
			continue;
		}
		arg += 2;
		eq = strchr(arg, '=');
		klen = eq ? (size_t)(eq - arg) : strlen(arg);
		if (!klen || klen >= sizeof(key))
			return perr_set(e, "command line (argument %d): '%s' is not an option", i, argv[i]);
		memcpy(key, arg, klen);
		key[klen] = '\0';
		if (eq)
			value = eq + 1;

		if (!strcmp(key, "help") || !strcmp(key, "h")) {
			cl->help = true;
			continue;
		}
		if (!strcmp(key, "version")) {
			cl->version = true;
			continue;
		}
		for (j = 0; j < sizeof(fio_program_opts) / sizeof(fio_program_opts[0]); j++)
			if (!strcmp(key, fio_program_opts[j]))
				return perr_set(e, "command line (argument %d): --%s: fio's option --%s is not supported by plio",
						i, key, key);
		if (!strcmp(key, "parse-only")) {
			cl->parse_only = true;
			continue;
		}
		if (!strcmp(key, "enghelp")) {
			cl->enghelp = true;
			cl->enghelp_name = value;
			cl->enghelp_argi = (unsigned int)i;
			continue;
		}
		if (!strcmp(key, "cmdhelp")) {
			cl->cmdhelp = true;
			cl->cmdhelp_name = value && *value ? value : NULL;
			cl->cmdhelp_argi = (unsigned int)i;
			continue;
		}
		for (j = 0; j < sizeof(flag_opts) / sizeof(flag_opts[0]); j++)
			if (!strcmp(key, flag_opts[j]))
				break;
		if (j < sizeof(flag_opts) / sizeof(flag_opts[0])) {
			if (value)
				return perr_set(e, "command line (argument %d): --%s: takes no value",
						i, key);
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
			else
				cl->formats = REPORT_TERSE;
			continue;
		}
		for (j = 0; j < sizeof(value_opts) / sizeof(value_opts[0]); j++)
			if (!strcmp(key, value_opts[j].name))
				break;
		if (j < sizeof(value_opts) / sizeof(value_opts[0])) {
			if (!value && value_opts[j].separate && i + 1 < argc)
				value = argv[++i];
			if (!value || !*value)
				return perr_set(e, "command line (argument %d): --%s: needs a value",
						i, key);
			rc = program_option(cl, key, value, i, e);
			if (rc < 0)
				return rc;
			if (!strcmp(key, "profile"))
				in_profile = true;
			continue;
		}

		/* a job option; as with fio's getopt, one that needs a value
		 * takes the next argument when no '=' is given ("--bs 4k") */
		if (!eq && i + 1 < argc && strncmp(argv[i + 1], "--", 2) &&
		    needs_value(key))
			value = argv[++i];
		if (!strcmp(key, "name")) {
			in_profile = false;
			if (!value || !*value)
				return perr_set(e, "command line (argument %d): name: needs a value (the job's name)", i);
			if (!jobfile_add_section(&cl->jf, value,
						 !strncmp(value, "global", 6), where))
				return -ENOMEM;
		}
		if (in_profile)
			rc = push_profile_arg(cl, key, value, where);
		else
			rc = jobfile_add_entry(&cl->jf, key, value, where);
		if (rc)
			return rc;
	}
	return 0;
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
