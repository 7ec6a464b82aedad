/*
 * fuzz.h - what the libFuzzer targets share (tests/fuzz/fuzz_*.c).
 *
 * Each target feeds its input to the first stages of the data flow (the
 * job-file reader or the command line, then options_build, the checks main
 * makes before a run, and a small plan) with engines faked as in
 * tests/unit/fixture.c: no loader, no plugin file.  What it may not do is
 * touch anything outside a private directory: the sandbox, a temporary
 * directory made at start with a few files to include, is the current
 * directory while an input runs, and an input whose "include" could leave
 * it (an absolute name, "..") is refused before it is parsed.
 *
 * Built only by `make fuzz` in a tree configured with --enable-fuzz
 * (clang, -fsanitize=fuzzer,address,undefined); tests/fuzz/run.sh runs
 * them over the seed corpus.
 */
#ifndef PLIO_FUZZ_H
#define PLIO_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options/options.h"

/* libFuzzer's entry points. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Once, from LLVMFuzzerInitialize: the sandbox, the environment the
 * inputs may name (${FUZZ_SIZE}, ...), and, when PLIO_FUZZ_DICT names a
 * file, a libFuzzer dictionary of the option names and choices written
 * there (each name prefixed with `prefix`: "" for job files, "--" for the
 * command line), after which the program exits.  PLIO_FUZZ_VERBOSE: see
 * fuzz_reset.
 */
void fuzz_init(const char *prefix);

/* The fake engines, by ioengine= text (null, psync, mmap, libaio, ...). */
const struct loaded_engine *fuzz_lookup(const char *name, struct perr *e);

/* Whether text has an include line that could name a file outside the
 * sandbox (such an input is refused: -1 to libFuzzer). */
bool fuzz_include_escapes(const char *text);

/* A job file the target may write, in a folder of the sandbox, so that
 * what it includes is looked up beside it first. */
#define FUZZ_JOBFILE "d/jobs.fio"

/* Enter the sandbox for one input, and leave it. */
void fuzz_enter(void);
void fuzz_leave(void);

/*
 * What main does with built jobs before running them: the runnable and
 * readonly checks, --debug=parse's dump, and the plan (its readonly check
 * and --debug dump too), when it stays small (a few clones and files:
 * huge counts only cost time here).  Then each clone of an engine without
 * files (null, mem) is set up as a worker and picks its first I/Os, each
 * checked to lie in its region (an abort when not: a find).
 */
void fuzz_after_build(const struct job_list *jl);

/* Globals an input may have set (--debug, --warnings-fatal), reset; with
 * PLIO_FUZZ_VERBOSE set, the input's error line (e), if any, printed
 * first (to see what the seeds reach). */
void fuzz_reset(const struct perr *e);

#endif
