/*
 * docs.c - plio --dump-options: what `make` writes plio(1) (manpage.c)
 * and the bash completion (completion.c) with (Makefile.am), both
 * from the tables plio itself reads (the program options of
 * input/cmdline.c, the core option table, the options of each in-tree
 * plugin that loads), so neither is a list kept by hand.
 */
#include <errno.h>
#include <string.h>

#include "options/internal.h"
#include "options/options.h"
#include "plugin/loader.h"

const struct loaded_engine *docs_next_engine(const struct plugin_rec *r, size_t *k)
{
	const struct loaded_engine *le;

	while ((le = loader_engine((*k)++)))
		if (le->plugin == r && le->e.name)
			return le;
	return NULL;
}

const struct loaded_profile *docs_next_profile(const struct plugin_rec *r, size_t *k)
{
	const struct loaded_profile *lp;

	while ((lp = loader_profile((*k)++)))
		if (lp->plugin == r && lp->p.name)
			return lp;
	return NULL;
}

int options_dump_docs(FILE *out, const char *kind, struct perr *e)
{
	loader_scan();
	if (!strcmp(kind, "man"))
		return manpage_write(out);
	if (!strcmp(kind, "bash"))
		return completion_write(out);
	return perr_setrc(e, -EINVAL, "--dump-options: '%s' is not man or bash", kind);
}
