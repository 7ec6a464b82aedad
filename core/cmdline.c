/*
 * cmdline.c - argv to program settings and job sections (see cmdline.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
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
		"  --output-format=LIST   normal, json, json+ (comma-separated)\n"
		"  --enghelp[=ENGINE]     list engines, or one engine's options\n"
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

/* A program option with its value; 0 when handled, 1 when not ours. */
static int program_option(struct cmdline *cl, const char *key, const char *value,
			  int argi, struct perr *e)
{
	if (!strcmp(key, "output")) {
		cl->output = value;
	} else if (!strcmp(key, "output-format")) {
		if (cmdline_formats(value, &cl->formats))
			return perr_set(e, "command line (argument %d): --output-format: '%s' is not a format list (normal, json, json+)",
					argi, value);
	} else if (!strcmp(key, "plugin-dir")) {
		return push_str(&cl->plugin_dirs, &cl->n_plugin_dirs, value);
	} else if (!strcmp(key, "profile")) {
		cl->profile = value;
	} else if (!strcmp(key, "debug")) {
		if (debug_mask(value, &log_debug_mask))
			return perr_set(e, "command line (argument %d): --debug: '%s' is not a debug list (parse, process, file, io, random, plugin, all)",
					argi, value);
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
		if (!strcmp(key, "parse-only")) {
			cl->parse_only = true;
			continue;
		}
		if (!strcmp(key, "enghelp")) {
			cl->enghelp = true;
			cl->enghelp_name = value;
			continue;
		}
		for (j = 0; j < sizeof(value_opts) / sizeof(value_opts[0]); j++)
			if (!strcmp(key, value_opts[j].name))
				break;
		if (j < sizeof(value_opts) / sizeof(value_opts[0])) {
			if (!value && value_opts[j].separate && i + 1 < argc)
				value = argv[++i];
			if (!value || !*value)
				return perr_set(e, "command line (argument %d): --%s needs a value",
						i, key);
			rc = program_option(cl, key, value, i, e);
			if (rc < 0)
				return rc;
			if (!strcmp(key, "profile"))
				in_profile = true;
			continue;
		}

		/* a job option */
		if (!strcmp(key, "name")) {
			in_profile = false;
			if (!value || !*value)
				return perr_set(e, "command line (argument %d): --name needs a value", i);
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
	free(cl->plugin_dirs);
	free(cl->job_files);
	jobfile_free(&cl->jf);
}
