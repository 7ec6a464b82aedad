/*
 * fuzz_jobfile.c - libFuzzer target: job-file text to job specs.
 *
 * The input is one job file, or two separated by a NUL byte (the second
 * is read as a later job file: its own defaults and an implicit
 * stonewall).  The first is written to FUZZ_JOBFILE in the sandbox and
 * read by jobfile_parse_file() (so that it includes files beside it, and
 * cannot include itself), the second by jobfile_parse_string(): sections,
 * include, ${VAR}, $keywords.  Then options_build() parses every
 * value with the fake engines of fuzz_common.c (every core value parser,
 * arithmetic, ranges, splits, engine option types), then what main checks
 * before a run, --debug=parse's dump and a small plan.  Errors are
 * expected; crashes, leaks, undefined behaviour and hangs are the finds.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/jobfile.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init("");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jobfile jf;
	struct job_list jl = { 0 };
	struct perr e = { "" };
	char *text = malloc(size + 2);
	const char *second;
	FILE *f;
	int rc;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	text[size + 1] = '\0';
	second = text + strlen(text) + 1;
	if (fuzz_include_escapes(text) || fuzz_include_escapes(second)) {
		free(text);
		return -1;	/* not kept in the corpus */
	}
	fuzz_enter();
	jobfile_init(&jf);
	f = fopen(FUZZ_JOBFILE, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
	rc = jobfile_parse_file(&jf, FUZZ_JOBFILE, &e);
	if (!rc && second < text + size + 1)
		rc = jobfile_parse_string(&jf, "second.fio", second, &e);
	if (!rc && !options_build(&jf, fuzz_lookup, &jl, &e))
		fuzz_after_build(&jl);
	job_list_free(&jl);
	jobfile_free(&jf);
	fuzz_leave();
	fuzz_reset(&e);
	free(text);
	return 0;
}
