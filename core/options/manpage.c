/*
 * manpage.c - plio(1) in roff (man(7) macros), as plio --dump-options=man
 * writes it for `make` (plio.1 in the build tree; doc/plio.1 in the
 * sources is the same, committed).
 *
 * Every option, engine, profile, format and debug category in it comes
 * from the tables plio reads: the program options (input/cmdline.c), the
 * core option table by --cmdhelp's categories, and the options of each
 * in-tree plugin that loads here (an in-tree plugin that does not is
 * named, with configure's reason).  Only the prose around them is
 * written here.  The one line that depends on how plio was configured
 * (the plugin directory) ends in the roff comment `\" configured`, so a
 * check that compares two builds' pages can leave it out.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "input/cmdline.h"
#include "options/internal.h"
#include "options/options.h"
#include "options/table.h"
#include "options/value.h"
#include "plugin/loader.h"

/* ------------------------------------------------------------ roff text */

/* c as roff text: a backslash or a dash escaped (a dash is a minus, so
 * options can be copied and searched for). */
static void esc_char(FILE *out, char c)
{
	if (c == '\\')
		fputs("\\e", out);
	else if (c == '-')
		fputs("\\-", out);
	else
		fputc(c, out);
}

/* s as roff text. */
static void esc(FILE *out, const char *s)
{
	for (; *s; s++)
		esc_char(out, *s);
}

/* A value as roff text, with a place to break the line after each ':'
 * and ',' (a long list of percentiles would not fit one). */
static void esc_value(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == ':' || *s == ',')
			fprintf(out, "%c\\:", *s);
		else
			esc_char(out, *s);
	}
}

/* s as one text line ('.' or '\'' first would make it a request). */
static void line(FILE *out, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", out);
	esc(out, s);
	fputc('\n', out);
}

/* s as a sentence: a text line ending in a full stop.  Its first letter
 * stays as the table has it: help texts begin with names (fsync, fio's,
 * zonesize) as often as with words. */
static void sentence(FILE *out, const char *s)
{
	size_t len = strlen(s);

	if (!len)
		return;
	if (*s == '.' || *s == '\'')
		fputs("\\&", out);
	esc(out, s);
	fputs(s[len - 1] == '.' ? "\n" : ".\n", out);
}

/* Prose: written as it is (it holds roff escapes of its own). */
static void prose(FILE *out, const char *s)
{
	fputs(s, out);
}

/* -------------------------------------------------------------- options */

/* The unit of a bare number of a time option, as --cmdhelp says it. */
static const char *time_unit(const struct plio_option *o)
{
	return o->unit == 1 ? "microseconds" : o->unit == 1000 ? "milliseconds" : "seconds";
}

/*
 * One option as a tagged paragraph: NAME=TYPE (NAME[=TYPE] when it may be
 * given bare), its help, alias, default, range and choices.  ioengine's
 * value is an engine name (the ENGINES section).
 */
static void option_entry(FILE *out, const struct plio_option *o)
{
	const struct plio_option_choice *c;
	unsigned int t = option_type(o);
	bool bare = option_bare_ok(o);
	int64_t min, max;

	fputs(".TP\n\\fB", out);
	esc(out, o->name);
	fputs(bare ? "\\fR[=\\fI" : "\\fR=\\fI", out);
	esc(out, core_id(o) == CO_IOENGINE ? "engine" : option_type_name(o));
	fputs(bare ? "\\fR]\n" : "\\fR\n", out);
	sentence(out, o->help && *o->help ? o->help : "(no description)");
	if (o->alias) {
		fputs("Also written \\fB", out);
		esc(out, o->alias);
		fputs("\\fR.\n", out);
	}
	if (t == PLIO_OPT_TIME || t == OPT_TEXT_TIMES)
		fprintf(out, "A bare number is in %s.\n", time_unit(o));
	if (o->def) {
		fputs("Default: \\fB", out);
		esc_value(out, o->def);
		fputs("\\fR.\n", out);
	} else if (!option_is_text(o) && !(o->help && strstr(o->help, "default"))) {
		/* (a help that names its default says it better than 0) */
		fputs("Default: \\fB0\\fR.\n", out);
	}
	/* bools are 0 or 1; "0 or more" says nothing */
	if (!option_is_bool(o) && option_shown_range(o, &min, &max)) {
		if (max != INT64_MAX)
			fprintf(out, "Range: %" PRId64 " to %" PRId64 ".\n", min, max);
		else if (min > 0)
			fprintf(out, "Range: %" PRId64 " or more.\n", min);
	}
	if ((t != PLIO_OPT_ENUM && t != OPT_TEXT_CHOICE_ARG) || !o->choices ||
	    !o->choices->value)
		return;
	fputs(t == OPT_TEXT_CHOICE_ARG ? "Values (some take :ARGUMENTS):\n" : "Values:\n", out);
	fputs(".RS\n", out);
	for (c = o->choices; c->value; c++) {
		fputs(".TP\n.B ", out);
		esc(out, c->value);
		fputc('\n', out);
		sentence(out, c->help && *c->help ? c->help : "-");
	}
	fputs(".RE\n", out);
}

/* ------------------------------------------------------------- sections */

static void head(FILE *out)
{
	size_t n, i;
	const struct cmdline_option *po = cmdline_options(&n);

	prose(out,
	      ".\\\" plio(1), written by `plio --dump-options=man` from plio's option\n"
	      ".\\\" tables and the plugins of its build: do not edit.  `make` writes it\n"
	      ".\\\" again; tests/integration/man_completion.sh fails when it is stale.\n");
	fprintf(out, ".TH PLIO 1 \"\" \"plio %s\" \"User Commands\"\n", PACKAGE_VERSION);
	prose(out,
	      ".SH NAME\n"
	      "plio, plio\\-mpi \\- an I/O tester that speaks fio's job files, options and output,\n"
	      "with its engines in plugins\n"
	      ".SH SYNOPSIS\n"
	      ".B plio\n"
	      "[\\fIOPTION\\fR]... [\\fB\\-\\-name\\fR=\\fIJOB\\fR [\\fB\\-\\-\\fIJOBOPTION\\fR[=\\fIVALUE\\fR]]...]...\n"
	      "[\\fIJOBFILE\\fR]...\n"
	      ".br\n"
	      ".B mpirun\n"
	      "[\\fIMPIOPTION\\fR]...\n"
	      ".B plio\\-mpi\n");
	for (i = 0; i < n; i++) {
		if (!(po[i].flags & CMDO_MPI_ONLY))
			continue;
		fputs("[\\fB\\-\\-", out);
		esc(out, po[i].name);
		fputs("\\fR=\\fI", out);
		esc(out, po[i].arg);
		fputs("\\fR]\n", out);
	}
	prose(out, "[\\fIOPTION\\fR]... \\fIJOBFILE\\fR...\n");
}

static void description(FILE *out)
{
	prose(out,
	      ".SH DESCRIPTION\n"
	      "\\fBplio\\fR runs I/O workloads written in fio's language and reports on them\n"
	      "in fio's formats.\n"
	      "A workload is one or more jobs.\n"
	      "A job is a set of job options: what to read or write, where, in blocks of\n"
	      "which sizes, how many at a time, for how long.\n"
	      "Jobs come from job files, in fio's ini form (a \\fB[global]\\fR section sets\n"
	      "defaults for the sections after it; every other section is a job), and from\n"
	      "the command line, where \\fB\\-\\-name\\fR=\\fIJOB\\fR starts a job and the job\n"
	      "options after it are that job's (those before the first \\fB\\-\\-name\\fR\n"
	      "are global).\n"
	      "Job files are read as fio reads them: \\fBinclude\\fR, \\fB${VAR}\\fR from the\n"
	      "environment, fio's units, arithmetic in parentheses.\n"
	      "An option of fio's that plio lacks is refused by name;\n"
	      "what plio does differently on purpose is listed in\n"
	      "\\fIdoc/fio\\-differences.md\\fR of its sources.\n"
	      ".PP\n"
	      "Each job moves its data through an engine, named by \\fBioengine\\fR.\n"
	      "Engines live in plugins: shared objects that plio finds and loads when it\n"
	      "runs (see \\fBENGINES\\fR and \\fBFILES\\fR), or that are linked into it.\n"
	      "\\fBplio \\-\\-enghelp\\fR lists the engines that load, and why any does not.\n"
	      ".PP\n"
	      "While jobs run, plio keeps fio's status line on a terminal.\n"
	      "\\fBSIGUSR1\\fR prints a full report;\n"
	      "\\fBSIGINT\\fR or \\fBSIGTERM\\fR stops every job, and the report of what was\n"
	      "done is printed.\n");
}

/* A program option's --help tag, in roff. */
static void program_tag(FILE *out, const struct cmdline_option *o)
{
	fputs(".TP\n", out);
	if (o->letter)
		fprintf(out, "\\fB\\-%c\\fR, ", o->letter);
	fputs("\\fB\\-\\-", out);
	esc(out, o->name);
	fputs("\\fR", out);
	if (o->arg) {
		fputs(o->val == CV_OPTIONAL ? "[=\\fI" : "=\\fI", out);
		esc(out, o->arg);
		fputs(o->val == CV_OPTIONAL ? "\\fR]" : "\\fR", out);
	}
	fputc('\n', out);
}

static void program_options(FILE *out)
{
	const struct cmdline_option *po;
	const struct cmdline_debug_cat *dc;
	size_t n, i, nd;

	prose(out,
	      ".SH OPTIONS\n"
	      "Program options set up this run of plio; every other\n"
	      "\\fB\\-\\-\\fIKEY\\fR[=\\fIVALUE\\fR] is a job option (see \\fBJOB OPTIONS\\fR).\n"
	      "As with fio, an option may start with \\fB\\-\\fR or \\fB\\-\\-\\fR;\n"
	      "its name may be shortened to a prefix that only it has among the program\n"
	      "options and the core's job options (never an engine's option);\n"
	      "and an option that needs a value takes the next argument when no \\fB=\\fR\n"
	      "is given (\\fB\\-bs 4k\\fR).\n"
	      "\\fB\\-\\fR alone as a job file is standard input; after \\fB\\-\\-\\fR every\n"
	      "argument is a job file.\n"
	      ".TP\n"
	      "\\fB\\-\\-name\\fR=\\fIJOB\\fR\n"
	      "Start a job named \\fIJOB\\fR; the job options after it are its own.\n");
	po = cmdline_options(&n);
	for (i = 0; i < n; i++) {
		if (po[i].flags)	/* fio's, plio-mpi's, the build's */
			continue;
		program_tag(out, &po[i]);
		sentence(out, po[i].help);
		if (po[i].complete == CC_FORMATS)
			prose(out, "See \\fBOUTPUT FORMATS\\fR.\n");
		if (po[i].complete != CC_DEBUG)
			continue;
		dc = cmdline_debug_cats(&nd);
		prose(out, ".RS\n");
		for (; nd; nd--, dc++) {
			fputs(".TP\n.B ", out);
			esc(out, dc->name);
			fputc('\n', out);
			sentence(out, dc->what);
		}
		prose(out, ".RE\n");
	}
}

static void job_options(FILE *out)
{
	size_t c, i;

	prose(out,
	      ".SH JOB OPTIONS\n"
	      "A job option is written \\fIKEY\\fR=\\fIVALUE\\fR in a section of a job file,\n"
	      "or \\fB\\-\\-\\fIKEY\\fR=\\fIVALUE\\fR on the command line.\n"
	      "Names and choices are case\\-sensitive.\n"
	      "A \\fIbool\\fR is 1 or 0; where an entry reads \\fIKEY\\fR[=\\fIbool\\fR], the\n"
	      "bare key means 1.\n"
	      "An \\fIint\\fR or a \\fIsize\\fR may end in k, m, g, t or p\n"
	      "(multiples of 1024, or of 1000 with \\fBkb_base\\fR=1000).\n"
	      "A \\fItime\\fR may end in us, ms, s, m, h or d; each entry says what a bare\n"
	      "number means.\n"
	      "Where a type reads \\fIsize[,size,size]\\fR or the like, the values are for\n"
	      "reads, writes and trims in turn, a missing one taking the last given.\n"
	      "A \\fIrange\\fR is \\fILOW\\fR\\-\\fIHIGH\\fR; an \\fIN%\\fR is a share of the\n"
	      "file or device.\n"
	      "The options of an engine (\\fBENGINES\\fR) or of a profile\n"
	      "(\\fBPROFILES\\fR) are written the same way, in full.\n");
	for (c = 0; c < CAT_NR; c++) {
		bool any = false;

		for (i = 0; i < CO_NR; i++) {
			if (core_options[i].cat != c)
				continue;
			if (!any) {
				fputs(".SS \"", out);
				esc(out, option_category_names[c]);
				fputs("\"\n", out);
				any = true;
			}
			option_entry(out, &core_options[i].o);
		}
	}
}

/* "Plugin x.so (plugin 'x' 1.0, MIT); library: ...; capabilities: ..." */
static void plugin_line(FILE *out, const struct intree_plugin *ip,
			const struct plugin_rec *r)
{
	const struct plio_plugin *d = r ? r->desc : NULL;

	fputs(".br\nPlugin \\fB", out);
	esc(out, ip->name);
	fputs(".so\\fR", out);
	if (d && d->version) {
		fputs(" (version ", out);
		esc(out, d->version);
		if (d->license) {
			fputs(", licence ", out);
			esc(out, d->license);
		}
		fputc(')', out);
	}
	fputs("; library: ", out);
	esc(out, *ip->library ? ip->library : "none");
	fputs(".\n", out);
}

/* A plugin configure knew of that did not load here: why. */
static void missing_line(FILE *out, const struct intree_plugin *ip)
{
	fputs(".br\n", out);
	if (*ip->why) {
		fputs("Not in this build: ", out);
		esc(out, ip->why);
		fputs(".\n", out);
	} else {
		line(out, "Its plugin file is not installed here (distributions may ship it in a package of its own).");
	}
}

static void engines(FILE *out)
{
	const struct loaded_engine *le;
	const struct plugin_rec *r;
	struct intree_plugin ip;
	char caps[512], *name, *save = NULL;
	size_t i, k, j;

	prose(out,
	      ".SH ENGINES\n"
	      "The engines of plio's own plugins, each with its plugin file, the library\n"
	      "it needs, what it can do and its own options.\n"
	      "Another engine is a plugin file too: \\fBioengine\\fR=\\fI/path/to/x.so\\fR\n"
	      "(or fio's \\fBexternal:\\fR\\fIPATH\\fR) loads it, and plugins in the\n"
	      "directories of \\fBFILES\\fR are found by their engines' names.\n");
	for (i = 0; loader_intree_plugin(i, &ip); i++) {
		if (!*ip.engines)
			continue;	/* a profile plugin */
		r = loader_intree_record(ip.name);
		for (k = 0; r && (le = docs_next_engine(r, &k));) {
			fputs(".SS \"", out);
			esc(out, le->e.name);
			fputs("\"\n", out);
			sentence(out, le->e.help && *le->e.help ? le->e.help : "(no description)");
			plugin_line(out, &ip, r);
			loader_caps_text(le->e.caps, caps, sizeof(caps));
			fputs(".br\nCapabilities: ", out);
			esc(out, caps);
			fputs(".\n", out);
			if (!le->n_options)
				prose(out, ".br\nIt has no options of its own.\n");
			for (j = 0; j < le->n_options; j++)
				option_entry(out, &le->options[j]);
		}
		if (r)
			continue;
		for (name = strtok_r(ip.engines, ",", &save); name;
		     name = strtok_r(NULL, ",", &save)) {
			fputs(".SS \"", out);
			esc(out, name);
			fputs("\"\n", out);
			plugin_line(out, &ip, NULL);
			missing_line(out, &ip);
		}
	}
}

static void profiles(FILE *out)
{
	const struct loaded_profile *lp;
	const struct plugin_rec *r;
	struct intree_plugin ip;
	size_t i, k, j;

	prose(out,
	      ".SH PROFILES\n"
	      "A profile adds jobs of its own making from a few options, as fio's do:\n"
	      "\\fBplio \\-\\-profile\\fR=\\fINAME\\fR \\fB\\-\\-\\fIOPTION\\fR=\\fIVALUE\\fR ...\n"
	      "(\\fBplio \\-\\-profile\\fR=\\fINAME\\fR \\fB\\-\\-cmdhelp\\fR lists them).\n");
	for (i = 0; loader_intree_plugin(i, &ip); i++) {
		if (*ip.engines)
			continue;
		r = loader_intree_record(ip.name);
		if (!r) {
			fputs(".SS \"", out);
			esc(out, ip.name);
			fputs("\"\n", out);
			plugin_line(out, &ip, NULL);
			missing_line(out, &ip);
			continue;
		}
		for (k = 0; (lp = docs_next_profile(r, &k));) {
			fputs(".SS \"", out);
			esc(out, lp->p.name);
			fputs("\"\n", out);
			sentence(out, lp->p.help && *lp->p.help ? lp->p.help : "(no description)");
			plugin_line(out, &ip, r);
			for (j = 0; j < lp->n_options; j++)
				option_entry(out, &lp->options[j]);
		}
	}
}

static void output_formats(FILE *out)
{
	const struct cmdline_format *f;
	size_t n;

	prose(out,
	      ".SH OUTPUT FORMATS\n"
	      "\\fB\\-\\-output\\-format\\fR takes one format or several, comma\\-separated,\n"
	      "and the report is printed in each.\n"
	      "The JSON formats have fio 3.33's keys and types, with\n"
	      "\\fB\"fio version\"\\fR set to plio's version, so scripts and tools that read\n"
	      "fio's output read plio's.\n");
	for (f = cmdline_output_formats(&n); n; n--, f++) {
		fputs(".TP\n.B ", out);
		esc(out, f->name);
		fputc('\n', out);
		sentence(out, f->help);
	}
}

static void mpi(FILE *out)
{
	const struct cmdline_option *po;
	size_t n, i;

	prose(out,
	      ".SH PLIO\\-MPI\n"
	      "\\fBplio\\-mpi\\fR, started by \\fBmpirun\\fR(1) or Slurm's \\fBsrun\\fR,\n"
	      "runs the same job files on every rank, each rank on its own host.\n"
	      "The ranks start together, each \\fBstonewall\\fR waits for every rank,\n"
	      "and a job failing on one rank stops the run.\n"
	      "Rank 0 prints one report in any of the formats above: each job's I/O\n"
	      "summed over the ranks, its latency percentiles from the ranks' histograms\n"
	      "added bucket by bucket, then a short table per host.\n"
	      "It takes plio's options, and this one of its own:\n");
	po = cmdline_options(&n);
	for (i = 0; i < n; i++) {
		if (!(po[i].flags & CMDO_MPI_ONLY))
			continue;
		program_tag(out, &po[i]);
		sentence(out, po[i].help);
	}
	prose(out,
	      ".PP\n"
	      "It is built when configure finds MPI, and only it links MPI.\n"
	      "Running it on a cluster is described in \\fIdoc/cluster.md\\fR of plio's\n"
	      "sources.\n");
}

static void tail(FILE *out)
{
	prose(out,
	      ".SH EXIT STATUS\n"
	      ".TP\n"
	      ".B 0\n"
	      "Every job ran and none failed (or an option that only prints, such as\n"
	      "\\fB\\-\\-help\\fR, did).\n"
	      ".TP\n"
	      ".B 1\n"
	      "A mistake in the command line, a job file or an option (one line on standard\n"
	      "error says where and what); or a job failed (an I/O error, a verify\n"
	      "failure, ...); or the report could not be written.\n"
	      ".TP\n"
	      ".B 128\n"
	      "\\fBSIGINT\\fR or \\fBSIGTERM\\fR stopped the run; the report of what was\n"
	      "done was printed.\n"
	      ".SH ENVIRONMENT\n"
	      ".TP\n"
	      ".B PLIO_PLUGIN_PATH\n"
	      "Directories, separated by colons, searched for plugins after\n"
	      "\\fB\\-\\-plugin\\-dir\\fR and before the installed plugin directory.\n"
	      "One that is not a directory is skipped with a warning.\n"
	      ".TP\n"
	      ".B PLIO_PLUGIN_LOAD_TIMEOUT\n"
	      "How many seconds (1 to 3600; 10 when unset) a plugin file may take to load,\n"
	      "in a child process, before plio leaves it out as hung.\n"
	      ".PP\n"
	      "A job file's \\fB${\\fINAME\\fB}\\fR is the environment's \\fINAME\\fR.\n"
	      ".SH FILES\n"
	      ".TP\n");
	fputs(".I ", out);
	esc(out, PLIO_PLUGINDIR);
	fputs(" \\\" configured\n", out);
	prose(out,
	      "The installed plugins, one shared object each.\n"
	      "plio searches each \\fB\\-\\-plugin\\-dir\\fR, then \\fBPLIO_PLUGIN_PATH\\fR,\n"
	      "then this directory, and never the current directory; run from its build\n"
	      "tree, it finds the build's plugins too.\n"
	      "A plugin is tried in a child process before plio loads it; a file (or its\n"
	      "directory) owned by a user other than you or root, or that everyone may\n"
	      "write, is not loaded.\n"
	      ".SH SEE ALSO\n"
	      ".BR fio (1),\n"
	      ".BR mpirun (1).\n"
	      ".PP\n"
	      "In plio's sources: \\fIREADME.md\\fR, \\fIdoc/fio\\-differences.md\\fR,\n"
	      "\\fIdoc/engine\\-guide.md\\fR (writing an engine), \\fIdoc/cluster.md\\fR.\n");
}

int manpage_write(FILE *out)
{
	head(out);
	description(out);
	program_options(out);
	job_options(out);
	engines(out);
	profiles(out);
	output_formats(out);
	mpi(out);
	tail(out);
	return ferror(out) ? -EIO : 0;
}
