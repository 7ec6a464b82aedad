/*
 * test_jobfile.c - unit tests for core/input/jobfile.c: fio's ini language.
 *
 * Job files are given as strings (jobfile_parse_string) or written to a
 * temporary file; each test checks the sections and entries produced,
 * with their origins, or the exact error text.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/jobfile.h"

static struct jobfile jf;
static struct perr err;

static void setup(void)
{
	jobfile_init(&jf);
	memset(&err, 0, sizeof(err));
}

static char tmpdir[64];		/* the include tests' scratch folder */

static void teardown(void)
{
	char cmd[96];

	jobfile_free(&jf);
	if (!tmpdir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "note: could not remove %s\n", tmpdir);
	tmpdir[0] = '\0';
}

static int parse(const char *text)
{
	return jobfile_parse_string(&jf, "jobs.fio", text, &err);
}

/* Assert entry i of section s is key=value (value NULL: bare) at line. */
static void check_entry(size_t s, size_t i, const char *key, const char *value,
			unsigned int line)
{
	const struct jf_entry *en;

	ck_assert_uint_lt(s, jf.n_sections);
	ck_assert_uint_lt(i, jf.sections[s].n_entries);
	en = &jf.sections[s].entries[i];
	ck_assert_str_eq(en->key, key);
	if (value)
		ck_assert_pstr_eq(en->value, value);
	else
		ck_assert_ptr_null(en->value);
	ck_assert_uint_eq(en->where.line, line);
	ck_assert_pstr_eq(en->where.file, "jobs.fio");
}

/* A UTF-8 byte order mark starts the file, not its first line */
START_TEST(utf8_bom_skipped)
{
	ck_assert_int_eq(parse("\xef\xbb\xbf[j]\nbs=4k\n"), 0);
	ck_assert_uint_eq(jf.n_sections, 1);
	ck_assert_str_eq(jf.sections[0].name, "j");
	ck_assert_uint_eq(jf.sections[0].where.line, 1);
	check_entry(0, 0, "bs", "4k", 2);
}
END_TEST

START_TEST(sections_and_entries)
{
	ck_assert_int_eq(parse("[global]\n"
			       "bs=4k\n"
			       "[job1]\n"
			       "rw=randread\n"
			       "size=1m\n"
			       "[job2]\n"), 0);
	ck_assert_uint_eq(jf.n_sections, 3);
	ck_assert_str_eq(jf.sections[0].name, "global");
	ck_assert(jf.sections[0].global);
	ck_assert_uint_eq(jf.sections[0].where.line, 1);
	check_entry(0, 0, "bs", "4k", 2);
	ck_assert_str_eq(jf.sections[1].name, "job1");
	ck_assert(!jf.sections[1].global);
	ck_assert_uint_eq(jf.sections[1].where.line, 3);
	ck_assert_uint_eq(jf.sections[1].n_entries, 2);
	check_entry(1, 0, "rw", "randread", 4);
	check_entry(1, 1, "size", "1m", 5);
	ck_assert_str_eq(jf.sections[2].name, "job2");
	ck_assert_uint_eq(jf.sections[2].n_entries, 0);
}
END_TEST

START_TEST(comments_and_blank_lines)
{
	ck_assert_int_eq(parse("; a comment\n"
			       "# another\n"
			       "   ; indented comment\n"
			       "\t# tab-indented\n"
			       "\n"
			       "   \n"
			       "[job] ; header comment\n"
			       "bs=8k # trailing hash comment\n"
			       "filename=/tmp/x ; trailing semicolon comment\n"
			       "description=a;b\n"
			       "directory=/a#b\n"), 0);
	ck_assert_uint_eq(jf.n_sections, 1);
	ck_assert_str_eq(jf.sections[0].name, "job");
	ck_assert_uint_eq(jf.sections[0].where.line, 7);
	check_entry(0, 0, "bs", "8k", 8);
	check_entry(0, 1, "filename", "/tmp/x", 9);
	/* as in fio, ';' and '#' end the text even inside a value */
	check_entry(0, 2, "description", "a", 10);
	check_entry(0, 3, "directory", "/a", 11);
	jobfile_free(&jf);
	/* quotes do not protect either (fio 3.33 alike); '=' in a value stays */
	ck_assert_int_eq(parse("[job]\ndescription=\"a#b\"\nfilename=a=b\n"), 0);
	check_entry(0, 0, "description", "\"a", 2);
	check_entry(0, 1, "filename", "a=b", 3);
}
END_TEST

START_TEST(whitespace_trimmed_keys_keep_case)
{
	ck_assert_int_eq(parse("  [  my job  ]  \n"
			       "  BS = 4k  \n"
			       "\tIoDepth\t=\t8\t\n"
			       "Description = two words \n"
			       "Thread\n"
			       "  time_based  \n"
			       "filename=\n"), 0);
	ck_assert_str_eq(jf.sections[0].name, "my job");
	/* keys keep their case: fio's names are case-sensitive, and the
	 * options stage calls "BS" a typo of "bs" */
	check_entry(0, 0, "BS", "4k", 2);
	check_entry(0, 1, "IoDepth", "8", 3);
	/* values keep their case and inner blanks */
	check_entry(0, 2, "Description", "two words", 4);
	check_entry(0, 3, "Thread", NULL, 5);
	check_entry(0, 4, "time_based", NULL, 6);
	/* "key=" is an empty value, not a bare key */
	check_entry(0, 5, "filename", "", 7);
}
END_TEST

START_TEST(crlf_line_endings)
{
	ck_assert_int_eq(parse("[job]\r\nbs=8k\r\nthread\r\n"), 0);
	ck_assert_str_eq(jf.sections[0].name, "job");
	check_entry(0, 0, "bs", "8k", 2);
	check_entry(0, 1, "thread", NULL, 3);
}
END_TEST

START_TEST(no_newline_at_end)
{
	ck_assert_int_eq(parse("[job]\nbs=8k"), 0);
	check_entry(0, 0, "bs", "8k", 2);
}
END_TEST

START_TEST(global_names)
{
	ck_assert_int_eq(parse("[global]\n[globalfoo]\n[global-2]\n[myglobal]\n[Global]\n"), 0);
	ck_assert_uint_eq(jf.n_sections, 5);
	ck_assert(jf.sections[0].global);
	ck_assert(jf.sections[1].global);
	ck_assert(jf.sections[2].global);
	ck_assert(!jf.sections[3].global);
	/* fio compares case-sensitively */
	ck_assert(!jf.sections[4].global);
}
END_TEST

START_TEST(several_files_append)
{
	ck_assert_int_eq(parse("[a]\nbs=1k\n"), 0);
	ck_assert_int_eq(jobfile_parse_string(&jf, "more.fio", "[b]\nbs=2k\n", &err), 0);
	ck_assert_uint_eq(jf.n_sections, 2);
	ck_assert_str_eq(jf.sections[1].entries[0].where.file, "more.fio");
	ck_assert_uint_eq(jf.sections[1].entries[0].where.line, 2);
	/* one owned copy per file name */
	ck_assert_uint_eq(jf.n_paths, 2);
	ck_assert_ptr_eq(jf.sections[0].where.file, jf.paths[0]);
}
END_TEST

START_TEST(entry_before_section)
{
	ck_assert_int_eq(parse("; comment\nsize=4k\n[job]\n"), -EINVAL);
	ck_assert_str_eq(err.msg, "jobs.fio:2: option <size=4k> outside of [] job section");
}
END_TEST

START_TEST(entry_before_section_in_second_file)
{
	/* each file must open its own section */
	ck_assert_int_eq(parse("[a]\n"), 0);
	ck_assert_int_eq(jobfile_parse_string(&jf, "b.fio", "bs=4k\n", &err), -EINVAL);
	ck_assert_str_eq(err.msg, "b.fio:1: option <bs=4k> outside of [] job section");
}
END_TEST

START_TEST(bad_headers)
{
	ck_assert_int_eq(parse("[job\nbs=4k\n"), -EINVAL);
	ck_assert_str_eq(err.msg, "jobs.fio:1: '[job' has no closing ']'");
	jobfile_free(&jf);
	ck_assert_int_eq(parse("\n[job]x\n"), -EINVAL);
	ck_assert_str_eq(err.msg, "jobs.fio:2: unexpected text after ']': 'x'");
	jobfile_free(&jf);
	ck_assert_int_eq(parse("[ ]\n"), -EINVAL);
	ck_assert_str_eq(err.msg, "jobs.fio:1: empty section name '[]'");
	jobfile_free(&jf);
	/* the comment cuts the header */
	ck_assert_int_eq(parse("[a#b]\n"), -EINVAL);
	ck_assert_str_eq(err.msg, "jobs.fio:1: '[a' has no closing ']'");
}
END_TEST

START_TEST(entry_without_name)
{
	ck_assert_int_eq(parse("[job]\n = 5\n"), -EINVAL);
	ck_assert_str_eq(err.msg, "jobs.fio:2: '= 5' has no option name");
}
END_TEST

START_TEST(nul_byte_refused)
{
	static const char text[] = "[job]\nbs=4k\0junk\n";
	char path[] = "/tmp/test_jobfile_XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	ck_assert_int_eq(jobfile_parse_file(&jf, path, &err), -EINVAL);
	unlink(path);
	ck_assert(strstr(err.msg, ":2: NUL byte in job file"));
}
END_TEST

START_TEST(parse_file_keeps_path)
{
	char path[] = "/tmp/test_jobfile_XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("[global]\nioengine=null\n\n[job]\nsize=1m\n", f);
	fclose(f);
	ck_assert_int_eq(jobfile_parse_file(&jf, path, &err), 0);
	unlink(path);
	ck_assert_uint_eq(jf.n_sections, 2);
	ck_assert_str_eq(jf.sections[1].entries[0].where.file, path);
	ck_assert_uint_eq(jf.sections[1].entries[0].where.line, 5);
	ck_assert_uint_eq(jf.n_paths, 1);
	ck_assert_str_eq(jf.paths[0], path);
	/* the jobfile's copy, not the caller's buffer */
	ck_assert_ptr_ne(jf.paths[0], path);
}
END_TEST

START_TEST(parse_file_missing)
{
	ck_assert_int_eq(jobfile_parse_file(&jf, "/nonexistent/x.fio", &err), -ENOENT);
	ck_assert_str_eq(err.msg,
			 "/nonexistent/x.fio: cannot open job file: No such file or directory");
}
END_TEST

START_TEST(parse_stdin)
{
	char path[] = "/tmp/test_jobfile_XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "[job]\nbs=2k\n", 12), 12);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	ck_assert_int_eq(dup2(fd, 0), 0);
	close(fd);
	unlink(path);
	ck_assert_int_eq(jobfile_parse_file(&jf, "-", &err), 0);
	ck_assert_str_eq(jf.sections[0].name, "job");
	ck_assert_str_eq(jf.sections[0].entries[0].where.file, "<stdin>");
	ck_assert_str_eq(jf.sections[0].entries[0].value, "2k");
}
END_TEST

START_TEST(add_entry_creates_global)
{
	struct origin o1 = { NULL, 1 }, o3 = { NULL, 3 };

	ck_assert_int_eq(jobfile_add_entry(&jf, " bs ", " 4k ", o1), 0);
	ck_assert_uint_eq(jf.n_sections, 1);
	ck_assert(jf.sections[0].global);
	ck_assert_str_eq(jf.sections[0].entries[0].key, "bs");
	ck_assert_str_eq(jf.sections[0].entries[0].value, "4k");
	ck_assert_ptr_nonnull(jobfile_add_section(&jf, "x", false, o3));
	ck_assert_int_eq(jobfile_add_entry(&jf, "name", "x", o3), 0);
	ck_assert_int_eq(jobfile_add_entry(&jf, "thread", NULL, o3), 0);
	ck_assert_uint_eq(jf.n_sections, 2);
	ck_assert_str_eq(jf.sections[1].name, "x");
	ck_assert_uint_eq(jf.sections[1].n_entries, 2);
	ck_assert_ptr_null(jf.sections[1].entries[1].value);
	ck_assert_ptr_null(jf.sections[1].entries[1].where.file);
	ck_assert_uint_eq(jf.sections[1].entries[1].where.line, 3);
	ck_assert_int_eq(jobfile_add_entry(&jf, "", "x", o3), -EINVAL);
}
END_TEST

START_TEST(add_section_copies_origin_file)
{
	char name[] = "profile";
	struct origin o = { name, 7 };
	char buf[64];

	ck_assert_ptr_nonnull(jobfile_add_section(&jf, "p", false, o));
	name[0] = 'X';
	ck_assert_str_eq(jf.sections[0].where.file, "profile");
	ck_assert_str_eq(origin_str(&jf.sections[0].where, buf, sizeof(buf)), "profile:7");
}
END_TEST

START_TEST(origin_strings)
{
	struct origin f = { "jobs.fio", 12 }, c = { NULL, 3 }, z = { NULL, 0 };
	char buf[64], small[6];

	ck_assert_str_eq(origin_str(&f, buf, sizeof(buf)), "jobs.fio:12");
	ck_assert_str_eq(origin_str(&c, buf, sizeof(buf)), "command line (argument 3)");
	ck_assert_str_eq(origin_str(&z, buf, sizeof(buf)), "command line");
	ck_assert_str_eq(origin_str(&f, small, sizeof(small)), "jobs.");
}
END_TEST

/* A scratch directory for include tests; teardown removes it. */
static void mktmpdir(void)
{
	strcpy(tmpdir, "/tmp/test_jobfile_inc_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Write text to tmpdir/name; returns the full path (static buffer). */
static const char *put(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Parse tmpdir/name as a job file. */
static int parse_tmp(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return jobfile_parse_file(&jf, path, &err);
}

/* Assert err.msg equals fmt with every "@" replaced by tmpdir. */
static void check_err(const char *fmt)
{
	char want[PERR_LEN] = "";
	const char *p;

	for (p = fmt; *p; p++) {
		if (*p == '@')
			strcat(want, tmpdir);
		else
			strncat(want, p, 1);
	}
	ck_assert_str_eq(err.msg, want);
}

START_TEST(include_nested_into_current_section)
{
	char inc1[256], inc2[256];

	mktmpdir();
	ck_assert_int_eq(mkdir(strcat(strcpy(inc1, tmpdir), "/sub"), 0700), 0);
	put("sub/inc2.fio", "; deeper\niodepth=4\n");
	strcpy(inc2, put("sub/inc1.fio", "bs=8k\ninclude inc2.fio\n"));
	strcpy(inc1, put("main.fio", "[global]\ninclude sub/inc1.fio ; comment\n"
			 "[job]\nsize=1m\ninclude\tsub/inc2.fio\nrw=read\n"));
	ck_assert_int_eq(parse_tmp("main.fio"), 0);
	ck_assert_uint_eq(jf.n_sections, 2);
	ck_assert_uint_eq(jf.sections[0].n_entries, 2);
	ck_assert_str_eq(jf.sections[0].entries[0].key, "bs");
	ck_assert_str_eq(jf.sections[0].entries[0].where.file, inc2);
	ck_assert_uint_eq(jf.sections[0].entries[0].where.line, 1);
	ck_assert_str_eq(jf.sections[0].entries[1].key, "iodepth");
	/* inc1.fio's "include inc2.fio" is looked up beside inc1.fio */
	ck_assert(strstr(jf.sections[0].entries[1].where.file, "/sub/inc2.fio"));
	ck_assert_uint_eq(jf.sections[0].entries[1].where.line, 2);
	ck_assert_uint_eq(jf.sections[1].n_entries, 3);
	ck_assert_str_eq(jf.sections[1].entries[0].key, "size");
	ck_assert_str_eq(jf.sections[1].entries[1].key, "iodepth");
	ck_assert_str_eq(jf.sections[1].entries[2].key, "rw");
	ck_assert_str_eq(jf.sections[1].entries[2].where.file, inc1);
	ck_assert_uint_eq(jf.sections[1].entries[2].where.line, 6);
}
END_TEST

START_TEST(include_falls_back_to_name_as_written)
{
	char absfile[256], cwd[256], text[512];

	mktmpdir();
	strcpy(absfile, put("abs.fio", "bs=2k\n"));
	snprintf(cwd, sizeof(cwd), "%s/cwd", tmpdir);
	ck_assert_int_eq(mkdir(cwd, 0700), 0);
	put("cwd/here.fio", "iodepth=2\n");
	/* fio: not beside the including file, so relative to the current dir */
	ck_assert_int_eq(chdir(cwd), 0);
	put("main.fio", "[job]\ninclude here.fio\n");
	ck_assert_int_eq(parse_tmp("main.fio"), 0);
	ck_assert_str_eq(jf.sections[0].entries[0].key, "iodepth");
	ck_assert_str_eq(jf.sections[0].entries[0].where.file, "here.fio");
	jobfile_free(&jf);
	/* an absolute name is used as it is; text in memory includes from . */
	snprintf(text, sizeof(text), "[job]\ninclude %s\ninclude here.fio\n", absfile);
	ck_assert_int_eq(parse(text), 0);
	ck_assert_str_eq(jf.sections[0].entries[0].key, "bs");
	ck_assert_str_eq(jf.sections[0].entries[1].key, "iodepth");
	jobfile_free(&jf);
	/* a file of that name beside the includer wins over the current
	 * directory's (fio 3.33 takes the current directory's first) */
	put("here.fio", "numjobs=3\n");
	ck_assert_int_eq(parse_tmp("main.fio"), 0);
	ck_assert_str_eq(jf.sections[0].entries[0].key, "numjobs");
	ck_assert(strstr(jf.sections[0].entries[0].where.file, "/here.fio") != NULL);
}
END_TEST

START_TEST(include_keyword_spelling)
{
	/* only lower-case "include" followed by a blank is the directive */
	ck_assert_int_eq(parse("[job]\nINCLUDE x.fio\nincludes\ninclude=x\n"), 0);
	check_entry(0, 0, "INCLUDE x.fio", NULL, 2);
	check_entry(0, 1, "includes", NULL, 3);
	check_entry(0, 2, "include", "x", 4);
}
END_TEST

START_TEST(include_missing_names_includer)
{
	mktmpdir();
	put("main.fio", "[job]\nsize=1m\ninclude nothere.fio\n");
	ck_assert_int_eq(parse_tmp("main.fio"), -ENOENT);
	check_err("@/main.fio:3: cannot open included file '@/nothere.fio': "
		  "No such file or directory");
}
END_TEST

START_TEST(include_cycle_refused)
{
	mktmpdir();
	put("a.fio", "bs=1k\ninclude b.fio\n");
	put("b.fio", "bs=2k\n\ninclude a.fio\n");
	put("main.fio", "[job]\ninclude a.fio\n");
	ck_assert_int_eq(parse_tmp("main.fio"), -EINVAL);
	check_err("@/b.fio:3: include cycle: '@/a.fio' is already being read");
	jobfile_free(&jf);
	put("self.fio", "[job]\ninclude self.fio\n");
	ck_assert_int_eq(parse_tmp("self.fio"), -EINVAL);
	check_err("@/self.fio:2: include cycle: '@/self.fio' is already being read");
}
END_TEST

START_TEST(include_depth_limited)
{
	char name[32], text[64];
	int i;

	mktmpdir();
	/* dN.fio includes d(N+1).fio; d18.fio ends the chain */
	for (i = 1; i <= 17; i++) {
		snprintf(name, sizeof(name), "d%d.fio", i);
		snprintf(text, sizeof(text), "bs=%dk\ninclude d%d.fio\n", i, i + 1);
		put(name, text);
	}
	put("d18.fio", "bs=18k\n");
	put("main.fio", "[job]\ninclude d3.fio\n");
	ck_assert_int_eq(parse_tmp("main.fio"), 0);	/* d3..d18: 16 deep */
	ck_assert_uint_eq(jf.sections[0].n_entries, 16);
	jobfile_free(&jf);
	put("main.fio", "[job]\ninclude d1.fio\n");
	ck_assert_int_eq(parse_tmp("main.fio"), -EINVAL);
	check_err("@/d16.fio:2: includes nested more than 16 deep");
}
END_TEST

/* Write n bytes of comment lines to tmpdir/name. */
static void put_comments(const char *name, size_t n)
{
	char path[256], line[64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	memset(line, '#', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\n';
	for (; n >= sizeof(line); n -= sizeof(line))
		ck_assert_uint_eq(fwrite(line, 1, sizeof(line), f), sizeof(line));
	if (n) {
		line[n - 1] = '\n';
		ck_assert_uint_eq(fwrite(line, 1, n, f), n);
	}
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(not_regular_files_refused)
{
	char path[300];

	/* a directory, a FIFO (whose open would wait for a writer), a device */
	mktmpdir();
	ck_assert_int_eq(jobfile_parse_file(&jf, tmpdir, &err), -EINVAL);
	check_err("@: cannot read job file: it is a directory, not a regular file (- reads standard input)");
	jobfile_free(&jf);
	snprintf(path, sizeof(path), "%s/fifo", tmpdir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(parse_tmp("fifo"), -EINVAL);
	check_err("@/fifo: cannot read job file: it is a FIFO, not a regular file (- reads standard input)");
	jobfile_free(&jf);
	put("main.fio", "[job]\nbs=4k\ninclude fifo\n");
	ck_assert_int_eq(parse_tmp("main.fio"), -EINVAL);
	check_err("@/main.fio:3: cannot read included file '@/fifo': it is a FIFO, not a regular file");
	jobfile_free(&jf);
	if (access("/dev/zero", R_OK))
		return;
	ck_assert_int_eq(jobfile_parse_file(&jf, "/dev/zero", &err), -EINVAL);
	ck_assert_str_eq(err.msg, "/dev/zero: cannot read job file: it is a character device, not a regular file (- reads standard input)");
	jobfile_free(&jf);
	put("main.fio", "[job]\ninclude /dev/zero\n");
	ck_assert_int_eq(parse_tmp("main.fio"), -EINVAL);
	check_err("@/main.fio:2: cannot read included file '/dev/zero': it is a character device, not a regular file");
}
END_TEST

START_TEST(handed_pipe_read)
{
	char path[32];
	int p[2];

	/* `plio <(cmd)`: the shell hands a pipe by name */
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], "[job]\nbs=2k\n", 12), 12);
	close(p[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", p[0]);
	ck_assert_int_eq(jobfile_parse_file(&jf, path, &err), 0);
	ck_assert_str_eq(jf.sections[0].entries[0].value, "2k");
	close(p[0]);
}
END_TEST

START_TEST(size_bounded)
{
	int fd;

	/* JOBFILE_MAX_SIZE from one file is fine, a byte more is not */
	mktmpdir();
	put_comments("max.fio", JOBFILE_MAX_SIZE);
	ck_assert_int_eq(parse_tmp("max.fio"), 0);
	jobfile_free(&jf);
	put_comments("big.fio", JOBFILE_MAX_SIZE + 1);
	ck_assert_int_eq(parse_tmp("big.fio"), -EFBIG);
	check_err("@/big.fio: cannot read job file: larger than 4 MiB, the most plio reads from one job file");
	jobfile_free(&jf);
	put("main.fio", "[job]\ninclude big.fio\n");
	ck_assert_int_eq(parse_tmp("main.fio"), -EFBIG);
	check_err("@/main.fio:2: cannot read included file '@/big.fio': larger than 4 MiB, the most plio reads from one job file");
	jobfile_free(&jf);
	/* each include counts: five of 3 MiB fit in 16 MiB, a sixth not */
	put_comments("part.fio", (size_t)3 << 20);
	put("main.fio", "[job]\ninclude part.fio\ninclude part.fio\ninclude part.fio\n"
		       "include part.fio\ninclude part.fio\ninclude part.fio\n");
	ck_assert_int_eq(parse_tmp("main.fio"), -EFBIG);
	check_err("@/main.fio:7: cannot read included file '@/part.fio': the job files read add up to more than 16 MiB (an included file counts each time it is read)");
	jobfile_free(&jf);
	/* standard input is taken as it comes, but not without end */
	fd = open("/dev/zero", O_RDONLY);
	if (fd < 0)
		return;
	ck_assert_int_eq(dup2(fd, 0), 0);
	close(fd);
	ck_assert_int_eq(jobfile_parse_file(&jf, "-", &err), -EFBIG);
	ck_assert_str_eq(err.msg, "<stdin>: cannot read job file: larger than 4 MiB, the most plio reads from one job file");
}
END_TEST

START_TEST(include_errors_in_place)
{
	mktmpdir();
	put("sec.fio", "bs=4k\n[other]\n");
	put("main.fio", "[job]\ninclude sec.fio\n");
	ck_assert_int_eq(parse_tmp("main.fio"), -EINVAL);
	check_err("@/sec.fio:2: no new sections in included files");
	jobfile_free(&jf);
	put("bad.fio", "\n = 1\n");
	put("main.fio", "[job]\ninclude bad.fio\n");
	ck_assert_int_eq(parse_tmp("main.fio"), -EINVAL);
	check_err("@/bad.fio:2: '= 1' has no option name");
	jobfile_free(&jf);
	ck_assert_int_eq(parse("include x.fio\n[job]\n"), -EINVAL);
	ck_assert_str_eq(err.msg, "jobs.fio:1: option <include x.fio> outside of [] job section");
	jobfile_free(&jf);
	ck_assert_int_eq(parse("[job]\ninclude   ; nothing\n"), -EINVAL);
	ck_assert_str_eq(err.msg, "jobs.fio:2: include needs a file name");
}
END_TEST

START_TEST(env_expansion)
{
	setenv("PLIO_T_SIZE", "64m", 1);
	setenv("PLIO_T_DIR", "/d", 1);
	unsetenv("PLIO_T_UNSET");
	ck_assert_int_eq(parse("[job]\n"
			       "size=${PLIO_T_SIZE}\n"
			       "filename=${PLIO_T_DIR}/${PLIO_T_DIR}x\n"
			       "description=a${PLIO_T_UNSET}b\n"
			       "directory=${}z\n"
			       "nrfiles=${PLIO_T_SIZE\n"
			       "bs=$${PLIO_T_DIR}\n"
			       "${PLIO_T_SIZE}=1\n"
			       "${PLIO_T_DIR}dir${PLIO_T_UNSET}=${PLIO_T_DIR}\n"
			       "${PLIO_T_UNSET}nrfiles=2\n"), 0);
	check_entry(0, 0, "size", "64m", 2);
	check_entry(0, 1, "filename", "/d//dx", 3);
	/* unset or empty names expand to nothing, as in fio */
	check_entry(0, 2, "description", "ab", 4);
	check_entry(0, 3, "directory", "z", 5);
	/* no closing brace: left alone */
	check_entry(0, 4, "nrfiles", "${PLIO_T_SIZE", 6);
	check_entry(0, 5, "bs", "$/d", 7);
	/* as in fio, the whole line is expanded before it is split at
	 * '=', keys too */
	check_entry(0, 6, "64m", "1", 8);
	check_entry(0, 7, "/ddir", "/d", 9);
	check_entry(0, 8, "nrfiles", "2", 10);
}
END_TEST

START_TEST(reserved_keywords)
{
	long long page = sysconf(_SC_PAGESIZE);
	long long mb = (long long)((unsigned long long)sysconf(_SC_PHYS_PAGES) *
				   (unsigned long long)page / (1024 * 1024));
	long long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	char want[128];

	ck_assert_int_eq(parse("[job]\n"
			       "bs=$pagesize\n"
			       "size=$mb_memory\n"
			       "numjobs=$ncpus\n"
			       "description=x$ncpus $ncpus\n"
			       "directory=$pagesize$ncpus\n"
			       "nrfiles=$PAGESIZE\n"
			       "size=8*$mb_memory\n"
			       "numjobs=($ncpus - 1) * 2\n"
			       "iodepth=$ncpus^2\n"
			       "description='$ncpus-1'\n"), 0);
	snprintf(want, sizeof(want), "%lld", page);
	check_entry(0, 0, "bs", want, 2);
	snprintf(want, sizeof(want), "%lld", mb);
	check_entry(0, 1, "size", want, 3);
	snprintf(want, sizeof(want), "%lld", cpus);
	check_entry(0, 2, "numjobs", want, 4);
	snprintf(want, sizeof(want), "x%lld %lld", cpus, cpus);
	check_entry(0, 3, "description", want, 5);
	snprintf(want, sizeof(want), "%lld%lld", page, cpus);
	check_entry(0, 4, "directory", want, 6);
	/* case-sensitive */
	check_entry(0, 5, "nrfiles", "$PAGESIZE", 7);
	/* fio's keyword math (bc there): whole numbers, no units */
	snprintf(want, sizeof(want), "%lld", 8 * mb);
	check_entry(0, 6, "size", want, 8);
	snprintf(want, sizeof(want), "%lld", (cpus - 1) * 2);
	check_entry(0, 7, "numjobs", want, 9);
	/* only + - * / trigger it; a quote turns it off */
	snprintf(want, sizeof(want), "%lld^2", cpus);
	check_entry(0, 8, "iodepth", want, 10);
	snprintf(want, sizeof(want), "'%lld-1'", cpus);
	check_entry(0, 9, "description", want, 11);
}
END_TEST

START_TEST(keyword_math_errors)
{
	char want[128];

	ck_assert_int_eq(parse("[job]\nfilename=/dev/$ncpus\n"), -EINVAL);
	snprintf(want, sizeof(want),
		 "jobs.fio:2: filename: cannot compute '/dev/$ncpus' (read as '/dev/%ld'): unexpected '/'",
		 sysconf(_SC_NPROCESSORS_ONLN));
	ck_assert_str_eq(err.msg, want);
	jobfile_free(&jf);
	ck_assert_int_eq(parse("[job]\n\nsize=$ncpus/0\n"), -EINVAL);
	snprintf(want, sizeof(want), "jobs.fio:3: size: cannot compute '$ncpus/0' (read as '%ld/0'): division by zero",
		 sysconf(_SC_NPROCESSORS_ONLN));
	ck_assert_str_eq(err.msg, want);
	jobfile_free(&jf);
	/* the option and the text as written, not only what it became */
	ck_assert_int_eq(parse("[job]\niodepth=$ncpus*\n"), -EINVAL);
	snprintf(want, sizeof(want), "jobs.fio:2: iodepth: cannot compute '$ncpus*' (read as '%ld*'): unexpected end of expression",
		 sysconf(_SC_NPROCESSORS_ONLN));
	ck_assert_str_eq(err.msg, want);
	jobfile_free(&jf);
	/* an unset ${VAR} leaving nothing: named */
	unsetenv("PLIO_TEST_UNSET");
	ck_assert_int_eq(parse("[job]\nsize=${PLIO_TEST_UNSET}\n"), -EINVAL);
	ck_assert_str_eq(err.msg, "jobs.fio:2: size: '${PLIO_TEST_UNSET}' is empty once expanded (PLIO_TEST_UNSET is not set)");
}
END_TEST

START_TEST(later_files_stonewalled)
{
	ck_assert_int_eq(parse("[a]\n[b]\n"), 0);
	ck_assert_int_eq(jobfile_parse_string(&jf, "two.fio", "[global]\nbs=8k\n[c]\n[d]\n", &err), 0);
	ck_assert_int_eq(jobfile_parse_string(&jf, "three.fio", "[e]\n", &err), 0);
	ck_assert_uint_eq(jf.n_sections, 6);
	ck_assert(!jf.sections[0].stonewall_before);
	ck_assert(!jf.sections[1].stonewall_before);
	/* the first job of each later file, not its [global] */
	ck_assert(!jf.sections[2].stonewall_before);
	ck_assert(jf.sections[3].stonewall_before);
	ck_assert(!jf.sections[4].stonewall_before);
	ck_assert(jf.sections[5].stonewall_before);
	ck_assert_uint_eq(jf.n_files, 3);
}
END_TEST

START_TEST(later_files_stonewalled_from_disk)
{
	mktmpdir();
	put("one.fio", "[a]\n");
	put("two.fio", "[b]\n");
	ck_assert_int_eq(parse_tmp("one.fio"), 0);
	ck_assert_int_eq(parse_tmp("two.fio"), 0);
	ck_assert(!jf.sections[0].stonewall_before);
	ck_assert(jf.sections[1].stonewall_before);
	/* sections added by the command line are not files */
	ck_assert_ptr_nonnull(jobfile_add_section(&jf, "cl", false, (struct origin){ NULL, 1 }));
	ck_assert(!jf.sections[2].stonewall_before);
}
END_TEST

static Suite *jobfile_suite(void)
{
	Suite *s = suite_create("jobfile");
	TCase *tc;

	tc = tcase_create("syntax");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sections_and_entries);
	tcase_add_test(tc, utf8_bom_skipped);
	tcase_add_test(tc, comments_and_blank_lines);
	tcase_add_test(tc, whitespace_trimmed_keys_keep_case);
	tcase_add_test(tc, crlf_line_endings);
	tcase_add_test(tc, no_newline_at_end);
	tcase_add_test(tc, global_names);
	tcase_add_test(tc, several_files_append);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, entry_before_section);
	tcase_add_test(tc, entry_before_section_in_second_file);
	tcase_add_test(tc, bad_headers);
	tcase_add_test(tc, entry_without_name);
	tcase_add_test(tc, nul_byte_refused);
	tcase_add_test(tc, parse_file_missing);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parse_file_keeps_path);
	tcase_add_test(tc, parse_stdin);
	tcase_add_test(tc, not_regular_files_refused);
	tcase_add_test(tc, handed_pipe_read);
	tcase_add_test(tc, size_bounded);
	suite_add_tcase(s, tc);

	tc = tcase_create("api");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, add_entry_creates_global);
	tcase_add_test(tc, add_section_copies_origin_file);
	tcase_add_test(tc, origin_strings);
	suite_add_tcase(s, tc);

	tc = tcase_create("include");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, include_nested_into_current_section);
	tcase_add_test(tc, include_falls_back_to_name_as_written);
	tcase_add_test(tc, include_keyword_spelling);
	tcase_add_test(tc, include_missing_names_includer);
	tcase_add_test(tc, include_cycle_refused);
	tcase_add_test(tc, include_depth_limited);
	tcase_add_test(tc, include_errors_in_place);
	suite_add_tcase(s, tc);

	tc = tcase_create("expansion");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, env_expansion);
	tcase_add_test(tc, reserved_keywords);
	tcase_add_test(tc, keyword_math_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("several_files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, later_files_stonewalled);
	tcase_add_test(tc, later_files_stonewalled_from_disk);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(jobfile_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
