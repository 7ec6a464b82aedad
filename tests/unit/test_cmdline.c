/*
 * test_cmdline.c - unit tests for core/input/cmdline.c: argv read as fio's
 * getopt_long_only reads it (single-dash long options, abbreviations,
 * fio's one-letter options, "--key value", "--"), and the program
 * options' values (--status-interval, --debug).
 */
#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/cmdline.h"
#include "base/log.h"
#include "options/options.h"
#include "report/report.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct cmdline cl;
static struct perr e;

static void teardown(void)
{
	cmdline_free(&cl);
	log_debug_mask = 0;
}

/* Parse argv ("plio" first); the return of cmdline_parse. */
static int parse(int argc, const char **argv)
{
	memset(&e, 0, sizeof(e));
	return cmdline_parse(argc, (char **)argv, options_cmdline_vocab(), &cl, &e);
}

/* The value of key in command-line section si ("(bare)" for none). */
static const char *entry(size_t si, const char *key)
{
	const struct jf_section *s;
	size_t i;

	ck_assert_uint_lt(si, cl.jf.n_sections);
	s = &cl.jf.sections[si];
	for (i = 0; i < s->n_entries; i++)
		if (!strcmp(s->entries[i].key, key))
			return s->entries[i].value ? s->entries[i].value : "(bare)";
	return NULL;
}

START_TEST(resolve_exact_and_prefixes)
{
	char list[384];
	const char *full;

	/* a whole name wins over the longer names it begins */
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "bs", &full, list, sizeof(list)), CMD_JOB);
	ck_assert_str_eq(full, "bs");
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "output", &full, list, sizeof(list)), CMD_PROGRAM);
	ck_assert_str_eq(full, "output");
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "eta", &full, list, sizeof(list)), CMD_PROGRAM);
	ck_assert_str_eq(full, "eta");
	/* unique prefixes: a program option, a job option, an alias */
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "parse", &full, list, sizeof(list)), CMD_PROGRAM);
	ck_assert_str_eq(full, "parse-only");
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "ioeng", &full, list, sizeof(list)), CMD_JOB);
	ck_assert_str_eq(full, "ioengine");
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "blocksize_u", &full, list, sizeof(list)), CMD_JOB);
	ck_assert_str_eq(full, "blocksize_unaligned");
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "k", &full, list, sizeof(list)), CMD_JOB);
	ck_assert_str_eq(full, "kb_base");
	/* fio's program options plio lacks count as well */
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "daemon", &full, list, sizeof(list)), CMD_PROGRAM);
	ck_assert_str_eq(full, "daemonize");
}
END_TEST

START_TEST(resolve_ambiguous_and_unknown)
{
	char list[384];
	const char *full;

	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "s", &full, list, sizeof(list)), CMD_AMBIGUOUS);
	{
		static const char want[] = "--showcmd, --section, --status-interval, --server, --size, ";

		ck_assert_msg(!strncmp(list, want, sizeof(want) - 1), "list: %s", list);
	}
	ck_assert_ptr_nonnull(strstr(list, ", --ss_dur, "));
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "g", &full, list, sizeof(list)), CMD_AMBIGUOUS);
	ck_assert_ptr_nonnull(strstr(list, "--group_reporting"));
	ck_assert_ptr_nonnull(strstr(list, "--gtod_reduce"));
	/* a short buffer ends the list with "..." */
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "s", &full, list, 40), CMD_AMBIGUOUS);
	ck_assert_uint_lt(strlen(list), 40);
	ck_assert_msg(strlen(list) >= 3 && !strcmp(list + strlen(list) - 3, "..."),
		      "list: %s", list);
	/* engine options are not abbreviated: an engine option fio knows is
	 * kept, and so is any name that begins nothing */
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "hipri", &full, list, sizeof(list)), CMD_UNKNOWN);
	ck_assert_str_eq(full, "hipri");
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "sqthread_poll", &full, list, sizeof(list)), CMD_UNKNOWN);
	ck_assert_int_eq(cmdline_resolve(options_cmdline_vocab(), "nosuch", &full, list, sizeof(list)), CMD_UNKNOWN);
	ck_assert_str_eq(full, "nosuch");
}
END_TEST

START_TEST(single_dash_long_options)
{
	const char *argv[] = { "plio", "-name=x", "-ioeng=sync", "-size=64k",
			       "-bs", "8k", "-thread", "-group_reporting",
			       "-minimal", "-hipri" };

	ck_assert_int_eq(parse(ARGC(argv), argv), 0);
	ck_assert_uint_eq(cl.jf.n_sections, 1);
	ck_assert_str_eq(cl.jf.sections[0].name, "x");
	ck_assert_str_eq(entry(0, "bs"), "8k");
	ck_assert_str_eq(entry(0, "size"), "64k");
	ck_assert_str_eq(entry(0, "thread"), "(bare)");
	ck_assert_str_eq(entry(0, "group_reporting"), "(bare)");
	ck_assert_str_eq(entry(0, "ioengine"), "sync");
	ck_assert_str_eq(entry(0, "hipri"), "(bare)");
	ck_assert_uint_eq(cl.formats, REPORT_TERSE);
	ck_assert_uint_eq(cl.n_job_files, 0);
}
END_TEST

START_TEST(short_options)
{
	const char *argv[] = { "plio", "-v", "-h", "-s", "-r", "-w", "-b", "-P",
			       "-o", "out.txt", "-x", "b", "-j", "4", "-e", "never",
			       "-E", "2", "-O", "500ms", "-L", "250ms", "-F", "json",
			       "-d", "parse,io", "-V", "4", "-i", "-c", "-l", "-m" };

	ck_assert_int_eq(parse(ARGC(argv), argv), 0);
	ck_assert(cl.version && cl.help && cl.showcmd && cl.readonly);
	ck_assert(cl.warnings_fatal && cl.bandwidth_log && cl.parse_only);
	ck_assert(cl.enghelp && !cl.enghelp_name && cl.cmdhelp && !cl.cmdhelp_name);
	ck_assert(cl.latency_log);
	ck_assert_str_eq(cl.output, "out.txt");
	ck_assert_uint_eq(cl.n_sections, 1);
	ck_assert_str_eq(cl.sections[0], "b");
	ck_assert_uint_eq(cl.max_jobs, 4);
	ck_assert_int_eq(cl.eta, ETA_NEVER);
	ck_assert_uint_eq(cl.eta_newline_us, 2000000);
	ck_assert_uint_eq(cl.eta_interval_us, 500000);
	ck_assert_uint_eq(cl.status_interval_us, 250000);
	ck_assert_uint_eq(cl.formats, REPORT_TERSE);	/* -m came last */
	ck_assert_uint_eq(log_debug_mask, DBG_PARSE | DBG_IO);
	ck_assert_uint_eq(cl.terse_version, 4);
	ck_assert_uint_eq(cl.n_job_files, 0);
	ck_assert_uint_eq(cl.jf.n_sections, 0);
}
END_TEST

START_TEST(next_argument_taken_whatever_it_is)
{
	/* as getopt: an option that needs a value takes the next argument
	 * even when it starts with '-'; a flag never does */
	const char *argv[] = { "plio", "--name", "-x", "--size", "-1",
			       "--output", "-", "--thread", "job.fio" };

	ck_assert_int_eq(parse(ARGC(argv), argv), 0);
	ck_assert_str_eq(cl.jf.sections[0].name, "-x");
	ck_assert_str_eq(entry(0, "size"), "-1");
	ck_assert_str_eq(entry(0, "thread"), "(bare)");
	ck_assert_str_eq(cl.output, "-");
	ck_assert_uint_eq(cl.n_job_files, 1);
	ck_assert_str_eq(cl.job_files[0], "job.fio");
}
END_TEST

START_TEST(double_dash_ends_options)
{
	const char *argv[] = { "plio", "-", "--", "-m", "--name=x" };

	ck_assert_int_eq(parse(ARGC(argv), argv), 0);
	ck_assert_uint_eq(cl.n_job_files, 3);
	ck_assert_str_eq(cl.job_files[0], "-");
	ck_assert_str_eq(cl.job_files[1], "-m");
	ck_assert_str_eq(cl.job_files[2], "--name=x");
	ck_assert_uint_eq(cl.formats, REPORT_NORMAL);
}
END_TEST

START_TEST(misuse_errors)
{
	const char *amb[] = { "plio", "--name=x", "--s=4k" };
	const char *flag[] = { "plio", "-showcmd=1" };
	const char *fio[] = { "plio", "-S" };
	const char *fio_long[] = { "plio", "--name=x", "--daemonize=/p" };
	const char *last[] = { "plio", "-o" };

	ck_assert_int_ne(parse(ARGC(amb), amb), 0);
	{
		static const char want[] = "command line (argument 2): '--s=4k' is ambiguous: it could be --showcmd, --section, ";

		ck_assert_msg(!strncmp(e.msg, want, sizeof(want) - 1), "%s", e.msg);
	}
	cmdline_free(&cl);
	ck_assert_int_ne(parse(ARGC(flag), flag), 0);
	ck_assert_str_eq(e.msg, "command line (argument 1): --showcmd: takes no value");
	cmdline_free(&cl);
	ck_assert_int_ne(parse(ARGC(fio), fio), 0);
	ck_assert_str_eq(e.msg, "command line (argument 1): -S: fio's option --server is not supported by plio");
	cmdline_free(&cl);
	ck_assert_int_ne(parse(ARGC(fio_long), fio_long), 0);
	ck_assert_str_eq(e.msg, "command line (argument 2): --daemonize: fio's option --daemonize is not supported by plio");
	cmdline_free(&cl);
	ck_assert_int_ne(parse(ARGC(last), last), 0);
	ck_assert_str_eq(e.msg, "command line (argument 1): --output: needs a value");
}
END_TEST

START_TEST(profile_options_not_abbreviated)
{
	/* the profile's own options are not known here: kept as written */
	const char *argv[] = { "plio", "--profile", "p", "--ioeng=x", "--s=1",
			       "--name=j", "--ioeng=null" };

	ck_assert_int_eq(parse(ARGC(argv), argv), 0);
	ck_assert_str_eq(cl.profile, "p");
	ck_assert_uint_eq(cl.n_profile_args, 2);
	ck_assert_str_eq(cl.profile_args[0].key, "ioeng");
	ck_assert_str_eq(cl.profile_args[1].key, "s");
	ck_assert_str_eq(entry(0, "ioengine"), "null");
}
END_TEST

START_TEST(status_interval_floor)
{
	const char *ok[] = { "plio", "--status-interval=1ms" };
	const char *half[] = { "plio", "--status-interval", "500ms" };
	const char *low[] = { "plio", "--status-interval=500us" };

	ck_assert_int_eq(parse(ARGC(ok), ok), 0);
	ck_assert_uint_eq(cl.status_interval_us, 1000);
	cmdline_free(&cl);
	ck_assert_int_eq(parse(ARGC(half), half), 0);
	ck_assert_uint_eq(cl.status_interval_us, 500000);
	cmdline_free(&cl);
	ck_assert_int_ne(parse(ARGC(low), low), 0);
	ck_assert_str_eq(e.msg, "command line (argument 1): --status-interval: '500us' is below its minimum, 1ms");
}
END_TEST

START_TEST(debug_categories)
{
	const char *fio_cats[] = { "plio", "--debug=mem,io,zbd" };
	const char *fatal[] = { "plio", "--debug=file,steadystate", "--warnings-fatal" };
	const char *typo[] = { "plio", "--debug=io,fiel" };
	const char *list[] = { "plio", "--debug=?" };
	const char *help[] = { "plio", "-d", "help" };

	/* fio's categories plio has no messages for: warned, not refused */
	ck_assert_int_eq(parse(ARGC(fio_cats), fio_cats), 0);
	ck_assert_uint_eq(log_debug_mask, DBG_IO);
	cmdline_free(&cl);
	/* ... and an error with --warnings-fatal, given before or after */
	ck_assert_int_ne(parse(ARGC(fatal), fatal), 0);
	ck_assert_str_eq(e.msg, "command line (argument 1): --debug: 'steadystate' has no messages in plio (--warnings-fatal)");
	cmdline_free(&cl);
	ck_assert_int_ne(parse(ARGC(typo), typo), 0);
	{
		static const char want[] = "command line (argument 1): --debug: 'fiel' is not a debug category (parse, ";

		ck_assert_msg(!strncmp(e.msg, want, sizeof(want) - 1), "%s", e.msg);
	}
	cmdline_free(&cl);
	ck_assert_int_eq(parse(ARGC(list), list), 0);
	ck_assert(cl.debug_help);
	cmdline_free(&cl);
	ck_assert_int_eq(parse(ARGC(help), help), 0);
	ck_assert(cl.debug_help);
}
END_TEST

START_TEST(program_options_suggested)
{
	size_t n, i;
	const struct plio_option *t = cmdline_suggest_table(&n);
	bool parse_only = false, server = false;

	for (i = 0; i < n; i++) {
		parse_only |= !strcmp(t[i].name, "parse-only");
		server |= !strcmp(t[i].name, "server");
	}
	ck_assert(parse_only);
	ck_assert(!server);	/* fio's, which plio does not have */
	ck_assert_str_eq(option_suggest(t, n, "parse-onyl"), "parse-only");
	ck_assert_str_eq(option_suggest(t, n, "outputformat"), "output-format");
}
END_TEST

static Suite *cmdline_suite(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("getopt");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, resolve_exact_and_prefixes);
	tcase_add_test(tc, resolve_ambiguous_and_unknown);
	tcase_add_test(tc, single_dash_long_options);
	tcase_add_test(tc, short_options);
	tcase_add_test(tc, next_argument_taken_whatever_it_is);
	tcase_add_test(tc, double_dash_ends_options);
	tcase_add_test(tc, misuse_errors);
	tcase_add_test(tc, profile_options_not_abbreviated);
	tcase_add_test(tc, status_interval_floor);
	tcase_add_test(tc, debug_categories);
	tcase_add_test(tc, program_options_suggested);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cmdline_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
