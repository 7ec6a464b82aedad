/*
 * completion.c - the bash completion of plio and plio-mpi, as plio
 * --dump-options=bash writes it for `make` (plio.bash-completion in the
 * build tree; tools/plio.bash-completion in the sources is the same).
 *
 * The words come from the tables plio reads: the program options
 * (input/cmdline.c, with what each one's value is), the core option table
 * (choices, bools, the options that name files or directories), and the
 * options, choices and names of every in-tree engine and profile that
 * loads here; the engine names are every in-tree plugin's, built here or
 * not.  What is written here is only the shell code that uses them: it
 * completes --OPTION (with '=' when it takes a value), the value after
 * --OPTION= or after an option that takes the next argument, and job
 * files otherwise.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/cmdline.h"
#include "options/internal.h"
#include "options/options.h"
#include "options/table.h"
#include "options/value.h"
#include "plugin/loader.h"

/* What completes a value. */
enum kind { K_NONE, K_WORDS, K_LIST, K_FILE, K_DIR, K_ENGINE, K_OPTION, K_PROFILE };

/* Where a name is offered after "--". */
enum listed { L_NOT, L_PLIO, L_MPI };

/* A name the shell completes, or a letter whose value it completes. */
struct word {
	const char *name;	/* without dashes */
	bool bare;		/* "--name" alone is an option */
	bool value;		/* "--name=VALUE" is */
	bool next;		/* "--name VALUE": the next argument is its value */
	enum listed listed;	/* letters are not offered */
	bool job;		/* a job option's name (--cmdhelp=NAME) */
	enum kind kind;
	char *words;		/* K_WORDS, K_LIST: blank-separated, owned */
	bool done;		/* in a case pattern already */
};

struct words {
	struct word *w;
	size_t n, cap;
	bool oom;
};

/* Whether the blank-separated list s has the word p (len bytes). */
static bool has_word(const char *s, const char *p, size_t len)
{
	while (s && *s) {
		size_t l = strcspn(s, " ");

		if (l == len && !strncmp(s, p, len))
			return true;
		s += l;
		while (*s == ' ')
			s++;
	}
	return false;
}

/* Append the blank-separated words of add to *dst that it lacks. */
static void merge_words(char **dst, const char *add, bool *oom)
{
	const char *p = add;

	while (p && *p) {
		size_t len = strcspn(p, " "), had = *dst ? strlen(*dst) : 0;
		char *grown;

		if (len && !has_word(*dst, p, len)) {
			grown = realloc(*dst, had + len + 2);
			if (!grown) {
				*oom = true;
				return;
			}
			if (had)
				grown[had++] = ' ';
			memcpy(grown + had, p, len);
			grown[had + len] = '\0';
			*dst = grown;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
}

/* The word named name, added when new (NULL: out of memory). */
static struct word *word_of(struct words *ws, const char *name)
{
	struct word *w;
	size_t i;

	for (i = 0; i < ws->n; i++)
		if (!strcmp(ws->w[i].name, name))
			return &ws->w[i];
	if (ws->n == ws->cap) {
		size_t cap = ws->cap ? 2 * ws->cap : 256;

		w = realloc(ws->w, cap * sizeof(*w));
		if (!w) {
			ws->oom = true;
			return NULL;
		}
		ws->w = w;
		ws->cap = cap;
	}
	w = &ws->w[ws->n++];
	memset(w, 0, sizeof(*w));
	w->name = name;
	return w;
}

/*
 * Add nw (its words are copied), or merge it into the word of its name
 * (an option several engines have: the choices of each).
 */
static void add(struct words *ws, const struct word *nw)
{
	struct word *w = word_of(ws, nw->name);

	if (!w)
		return;
	w->bare |= nw->bare;
	w->value |= nw->value;
	w->next |= nw->next;
	w->job |= nw->job;
	if (nw->listed > w->listed)
		w->listed = nw->listed;
	if (w->kind == K_NONE)
		w->kind = nw->kind;
	if (nw->words && w->kind == nw->kind)
		merge_words(&w->words, nw->words, &ws->oom);
}

/* A job option (the core's, an engine's or a profile's) and its alias. */
static void add_job_option(struct words *ws, const struct plio_option *o)
{
	const struct plio_option_choice *c;
	unsigned int t = option_type(o), flags = option_flags(o);
	bool bare = option_bare_ok(o);
	struct word nw = {
		.bare = bare, .value = !(bare && option_is_bool(o)), .listed = L_PLIO,
		.job = true,
		/* only the core's options are known to the command line well
		 * enough to take the next argument ("--bs 4k") */
		.next = core_of(o) && !bare,
	};
	int k;

	if (core_id(o) == CO_IOENGINE) {
		nw.kind = K_ENGINE;
	} else if (flags & OPTF_FILE) {
		nw.kind = K_FILE;
	} else if (flags & OPTF_DIR) {
		nw.kind = K_DIR;
	} else if ((t == PLIO_OPT_ENUM || t == OPT_TEXT_CHOICE_ARG) && o->choices) {
		nw.kind = K_WORDS;
		for (c = o->choices; c->value; c++)
			merge_words(&nw.words, c->value, &ws->oom);
	} else if (option_is_bool(o)) {
		nw.kind = K_WORDS;
		merge_words(&nw.words, "0 1", &ws->oom);
	}
	for (k = 0; k < 2; k++) {
		nw.name = k ? o->alias : o->name;
		if (nw.name)
			add(ws, &nw);
	}
	free(nw.words);
}

/* Each program option, by its long name and by fio's letter ("-o FILE"). */
static void add_program_options(struct words *ws)
{
	static const enum kind kinds[] = {
		[CC_NONE] = K_NONE, [CC_FILE] = K_FILE, [CC_DIR] = K_DIR,
		[CC_WORDS] = K_WORDS, [CC_FORMATS] = K_LIST, [CC_DEBUG] = K_LIST,
		[CC_ENGINE] = K_ENGINE, [CC_OPTION] = K_OPTION, [CC_PROFILE] = K_PROFILE,
	};
	static char letter_names[128][2];
	const struct cmdline_format *f;
	const struct cmdline_debug_cat *dc;
	const struct cmdline_option *po;
	size_t n, i, m;

	po = cmdline_options(&n);
	for (i = 0; i < n; i++) {
		const struct cmdline_option *o = &po[i];
		struct word nw = {
			.name = o->name, .kind = kinds[o->complete],
			.bare = o->val != CV_NEEDED, .value = o->val != CV_NONE,
			/* plio-mpi takes its own only as --NAME=VALUE */
			.next = o->val == CV_NEEDED && !(o->flags & CMDO_MPI_ONLY),
			.listed = o->flags & CMDO_MPI_ONLY ? L_MPI : L_PLIO,
		};

		if (o->flags & (CMDO_FIO_ONLY | CMDO_HIDDEN))
			continue;
		if (o->complete == CC_WORDS)
			merge_words(&nw.words, o->words, &ws->oom);
		for (f = cmdline_output_formats(&m); o->complete == CC_FORMATS && m; m--, f++)
			merge_words(&nw.words, f->name, &ws->oom);
		for (dc = cmdline_debug_cats(&m); o->complete == CC_DEBUG && m; m--, dc++)
			merge_words(&nw.words, dc->name, &ws->oom);
		if (o->complete == CC_DEBUG)
			merge_words(&nw.words, "all", &ws->oom);
		add(ws, &nw);
		if (o->letter > 0) {
			letter_names[(int)o->letter][0] = o->letter;
			nw.name = letter_names[(int)o->letter];
			nw.listed = L_NOT;
			add(ws, &nw);
		}
		free(nw.words);
	}
	add(ws, &(struct word){ .name = "name", .value = true, .next = true,
				.listed = L_PLIO });
}

/* Every job option: the core's, then each in-tree engine's and profile's. */
static void add_job_options(struct words *ws)
{
	const struct loaded_engine *le;
	const struct loaded_profile *lp;
	const struct plugin_rec *r;
	struct intree_plugin ip;
	size_t i, j, k;

	for (i = 0; i < CO_NR; i++)
		add_job_option(ws, &core_options[i].o);
	for (i = 0; loader_intree_plugin(i, &ip); i++) {
		r = loader_intree_record(ip.name);
		for (k = 0; r && (le = docs_next_engine(r, &k));)
			for (j = 0; j < le->n_options; j++)
				add_job_option(ws, &le->options[j]);
		for (k = 0; r && (lp = docs_next_profile(r, &k));)
			for (j = 0; j < lp->n_options; j++)
				add_job_option(ws, &lp->options[j]);
	}
}

/* --------------------------------------------------------------- output */

/* Blank-separated words in a shell string, wrapped for reading. */
struct line_out {
	FILE *out;
	int col;
	bool any;
};

static void list_word(struct line_out *lo, const char *pre, const char *w, const char *post)
{
	int len = (int)(strlen(pre) + strlen(w) + strlen(post));

	if (lo->any && lo->col + 1 + len > 78) {
		fputs("\n\t", lo->out);
		lo->col = 8;
	} else if (lo->any) {
		fputc(' ', lo->out);
		lo->col++;
	}
	lo->col += fprintf(lo->out, "%s%s%s", pre, w, post);
	lo->any = true;
}

/* var='--a= --b ...': the options of ws offered where, job options or
 * not (as_names: NAME alone, for --cmdhelp=). */
static void write_option_list(FILE *out, const char *var, const struct words *ws,
			      enum listed where, bool job, bool as_names)
{
	struct line_out lo = { out, 0, false };
	size_t i;

	lo.col = fprintf(out, "%s='", var);
	for (i = 0; i < ws->n; i++) {
		const struct word *w = &ws->w[i];

		if (w->listed != where || w->job != job)
			continue;
		if (as_names)
			list_word(&lo, "", w->name, "");
		if (w->bare && !as_names)
			list_word(&lo, "--", w->name, "");
		if (w->value && !as_names)
			list_word(&lo, "--", w->name, "=");
	}
	fputs("'\n", out);
}

static void write_engine_list(FILE *out)
{
	struct line_out lo = { out, 0, false };
	struct intree_plugin ip;
	char *name, *save = NULL;
	size_t i;

	lo.col = fprintf(out, "_plio_engines='");
	for (i = 0; loader_intree_plugin(i, &ip); i++)
		for (name = strtok_r(ip.engines, ",", &save); name;
		     name = strtok_r(NULL, ",", &save))
			list_word(&lo, "", name, "");
	fputs("'\n", out);
}

static void write_profile_list(FILE *out)
{
	const struct loaded_profile *lp;
	const struct plugin_rec *r;
	struct line_out lo = { out, 0, false };
	struct intree_plugin ip;
	size_t i, k;

	lo.col = fprintf(out, "_plio_profiles='");
	for (i = 0; loader_intree_plugin(i, &ip); i++) {
		r = loader_intree_record(ip.name);
		for (k = 0; r && (lp = docs_next_profile(r, &k));)
			list_word(&lo, "", lp->p.name, "");
	}
	fputs("'\n", out);
}

/* Whether x's value completes as w's does. */
static bool same_values(const struct word *x, const struct word *w)
{
	if (x->kind != w->kind)
		return false;
	if (!x->words || !w->words)
		return x->words == w->words;
	return !strcmp(x->words, w->words);
}

/* "\ta|b|c)": the names of every word not yet done that match(x, w),
 * from index first on; marks them done. */
static void write_pattern(FILE *out, struct words *ws, size_t first,
			  bool (*match)(const struct word *x, const struct word *w))
{
	const struct word *w = &ws->w[first];
	struct line_out lo = { out, 8, false };
	size_t i;

	fputc('\t', out);
	for (i = first; i < ws->n; i++) {
		struct word *x = &ws->w[i];

		if (x->done || !match(x, w))
			continue;
		x->done = true;
		if (lo.any && lo.col + (int)strlen(x->name) + 3 > 78) {
			fputs("|\\\n\t", out);
			lo.col = 8;
		} else if (lo.any) {
			fputc('|', out);
			lo.col++;
		}
		lo.col += fprintf(out, "%s", x->name);
		lo.any = true;
	}
	fputs(")\n", out);
}

/* _plio_values NAME VALUE: a case per way a value completes. */
static void write_values(FILE *out, struct words *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		ws->w[i].done = ws->w[i].kind == K_NONE || !ws->w[i].value;
	fputs("\n# _plio_values NAME VALUE: COMPREPLY for option NAME's value, VALUE so\n"
	      "# far; status 1 when plio cannot list NAME's values.\n"
	      "_plio_values()\n"
	      "{\n"
	      "\tlocal w\n"
	      "\tcase $1 in\n", out);
	for (i = 0; i < ws->n; i++) {
		struct word *w = &ws->w[i];

		if (w->done)
			continue;
		write_pattern(out, ws, i, same_values);
		switch (w->kind) {
		case K_WORDS:
			fprintf(out, "\t\tw='%s' ;;\n", w->words ? w->words : "");
			break;
		case K_LIST:
			fprintf(out, "\t\t_plio_list '%s' \"$2\"\n\t\treturn 0 ;;\n",
				w->words ? w->words : "");
			break;
		case K_FILE:
			fputs("\t\t_plio_files \"$2\"\n\t\treturn 0 ;;\n", out);
			break;
		case K_DIR:
			fputs("\t\t_plio_files \"$2\" -d\n\t\treturn 0 ;;\n", out);
			break;
		case K_ENGINE:
			fputs("\t\tw=$_plio_engines ;;\n", out);
			break;
		case K_OPTION:
			fputs("\t\tw=\"all $_plio_job_names\" ;;\n", out);
			break;
		case K_PROFILE:
			fputs("\t\tw=$_plio_profiles ;;\n", out);
			break;
		case K_NONE:
			break;
		}
	}
	fputs("\t*)\n"
	      "\t\treturn 1 ;;\n"
	      "\tesac\n"
	      "\tCOMPREPLY=($(compgen -W \"$w\" -- \"$2\"))\n"
	      "}\n", out);
}

static bool takes_next(const struct word *x, const struct word *w)
{
	return x->next;
}

/* _plio_takes_next NAME: whether "--NAME VALUE" (or "-X VALUE") is one
 * option. */
static void write_takes_next(FILE *out, struct words *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		ws->w[i].done = !ws->w[i].next;
	fputs("\n# _plio_takes_next NAME: whether option NAME takes the next argument\n"
	      "# as its value when no '=' is given (as fio's getopt does).\n"
	      "_plio_takes_next()\n"
	      "{\n"
	      "\tcase $1 in\n", out);
	for (i = 0; i < ws->n && ws->w[i].done; i++)
		;
	if (i < ws->n) {
		write_pattern(out, ws, i, takes_next);
		fputs("\t\treturn 0 ;;\n", out);
	}
	fputs("\tesac\n"
	      "\treturn 1\n"
	      "}\n", out);
}

/* The shell code that uses the lists. */
static const char completion_code[] =
	"\n"
	"# _plio_files WORD [-d]: COMPREPLY with the files (-d: directories) that\n"
	"# WORD begins; bash-completion's _filedir when it is loaded.\n"
	"_plio_files()\n"
	"{\n"
	"\tif declare -F _filedir >/dev/null 2>&1; then\n"
	"\t\tlocal cur=$1\n"
	"\t\t_filedir $2\n"
	"\telse\n"
	"\t\tlocal IFS=$'\\n'\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\tCOMPREPLY=($(compgen ${2:--f} -- \"$1\"))\n"
	"\tfi\n"
	"}\n"
	"\n"
	"# _plio_list WORDS WORD: COMPREPLY for the last of WORD's comma-separated\n"
	"# items, one of WORDS.\n"
	"_plio_list()\n"
	"{\n"
	"\tlocal head=\n"
	"\t[[ $2 == *,* ]] && head=${2%,*},\n"
	"\tCOMPREPLY=($(compgen -P \"$head\" -W \"$1\" -- \"${2##*,}\"))\n"
	"}\n"
	"\n"
	"_plio()\n"
	"{\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= name= value= pre= w\n"
	"\tCOMPREPLY=()\n"
	"\t((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
	"\t# --NAME=VALUE is one word, or three (NAME = VALUE) when '=' breaks\n"
	"\t# words, as in COMP_WORDBREAKS by default\n"
	"\tif [[ $cur == -*=* ]]; then\n"
	"\t\tname=${cur%%=*} value=${cur#*=} pre=${cur%%=*}=\n"
	"\telif [[ $cur == = && $prev == -?* ]]; then\n"
	"\t\tname=$prev\n"
	"\telif [[ $prev == = ]] && ((COMP_CWORD > 1)) &&\n"
	"\t\t[[ ${COMP_WORDS[COMP_CWORD - 2]} == -?* ]]; then\n"
	"\t\tname=${COMP_WORDS[COMP_CWORD - 2]} value=$cur\n"
	"\telif [[ $prev == -?* && $prev != *=* && $cur != -* ]]; then\n"
	"\t\tw=${prev#-}\n"
	"\t\t_plio_takes_next \"${w#-}\" && name=$prev value=$cur\n"
	"\tfi\n"
	"\tif [[ -n $name ]]; then\n"
	"\t\tname=${name#-}\n"
	"\t\t_plio_values \"${name#-}\" \"$value\" || return 0\n"
	"\t\t[[ -n $pre ]] && COMPREPLY=(\"${COMPREPLY[@]/#/$pre}\")\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\tif [[ $cur == -* ]]; then\n"
	"\t\tw=\"$_plio_prog_opts $_plio_job_opts\"\n"
	"\t\t[[ ${COMP_WORDS[0]##*/} == plio-mpi ]] && w+=\" $_plio_mpi_opts\"\n"
	"\t\tCOMPREPLY=($(compgen -W \"$w\" -- \"$cur\"))\n"
	"\t\t[[ ${COMPREPLY[*]} == *= || ${COMPREPLY[*]} == *=\\ * ]] &&\n"
	"\t\t\tcompopt -o nospace 2>/dev/null\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\t_plio_files \"$cur\"\t# a job file\n"
	"}\n"
	"\n"
	"complete -F _plio plio plio-mpi\n";

int completion_write(FILE *out)
{
	struct words ws = { 0 };
	size_t i;
	int rc = 0;

	add_program_options(&ws);
	add_job_options(&ws);
	if (ws.oom) {
		rc = -ENOMEM;
		goto out;
	}
	fprintf(out,
		"# bash completion for plio and plio-mpi                 -*- shell-script -*-\n"
		"#\n"
		"# Written by `plio --dump-options=bash` (plio %s) from plio's option\n"
		"# tables and the plugins of its build: do not edit.  `make` writes it\n"
		"# again; tests/integration/man_completion.sh fails when it is stale.\n"
		"\n"
		"# --OPTION words ('=' when it takes a value): plio's program options,\n"
		"# its job options (the core's, then each engine's and profile's), and\n"
		"# plio-mpi's own\n", PACKAGE_VERSION);
	write_option_list(out, "_plio_prog_opts", &ws, L_PLIO, false, false);
	write_option_list(out, "_plio_job_opts", &ws, L_PLIO, true, false);
	write_option_list(out, "_plio_mpi_opts", &ws, L_MPI, false, false);
	fputs("# the job options' names, for --cmdhelp=NAME\n", out);
	write_option_list(out, "_plio_job_names", &ws, L_PLIO, true, true);
	fputs("# the engines of plio's own plugins, and its profiles\n", out);
	write_engine_list(out);
	write_profile_list(out);
	write_values(out, &ws);
	write_takes_next(out, &ws);
	fputs(completion_code, out);
	if (ferror(out))
		rc = -EIO;
out:
	for (i = 0; i < ws.n; i++)
		free(ws.w[i].words);
	free(ws.w);
	return rc;
}
