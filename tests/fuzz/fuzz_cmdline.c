/*
 * fuzz_cmdline.c - libFuzzer target: a command line to job specs.
 *
 * The input is the arguments after "plio", one per line.  cmdline_parse()
 * reads them with the core's vocabulary (options_cmdline_vocab(): prefixes,
 * fio's letters, "--key value"), then, as main does, --cmdhelp is printed
 * (to /dev/null), --section is applied, and the command line's jobs are
 * built by options_build() with the fake engines of fuzz_common.c,
 * printed by --showcmd, checked and planned (fuzz_after_build).  Job files
 * named on the line are not read (fuzz_jobfile does that part).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/cmdline.h"
#include "fuzz.h"

#define MAX_ARGS 256

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init("--");
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 1], *text = malloc(size + 1), *p;
	struct cmdline cl;
	struct job_list jl = { 0 };
	struct perr e = { "" };
	int argc = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (strlen(text) != size) {	/* an argument cannot hold a NUL */
		free(text);
		return -1;
	}
	argv[argc++] = "plio";
	for (p = text; argc < MAX_ARGS;) {
		char *nl = strchr(p, '\n');

		argv[argc++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	argv[argc] = NULL;
	fuzz_enter();
	if (cmdline_parse(argc, argv, options_cmdline_vocab(), &cl, &e))
		goto out;
	if (cl.help || cl.version || cl.debug_help || cl.enghelp)
		goto out;
	if (cl.cmdhelp) {
		(void)options_cmdhelp(devnull, cl.cmdhelp_name, cl.profile, cl.cmdhelp_argi, &e);
		goto out;
	}
	if (cmdline_select_sections(&cl, &cl.jf, 0, true, &e))
		goto out;
	options_warnings_fatal = cl.warnings_fatal;
	if (options_build(&cl.jf, fuzz_lookup, &jl, &e))
		goto out;
	if (cl.showcmd)
		cmdline_print_showcmd(devnull, &cl.jf, 0, cl.jf.n_sections);
	fuzz_after_build(&jl);
out:
	job_list_free(&jl);
	cmdline_free(&cl);
	fuzz_leave();
	fuzz_reset(&e);
	free(text);
	return 0;
}
