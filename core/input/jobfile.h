/*
 * jobfile.h - first stage of the data flow: text to sections.
 *
 * Reads fio's ini job-file language (sections, [global], comments, key=value
 * and bare keys) and the command line's job options (--name=x starts a
 * section; options before the first --name are global) into one ordered list
 * of sections.  Nothing here knows what an option means; every entry keeps
 * the file and line (or argv position) it came from so later stages can name
 * it in errors.  The jobfile owns all its strings.
 */
#ifndef PLIO_JOBFILE_H
#define PLIO_JOBFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/log.h"

/* Where a piece of text came from: "jobs.fio:12" or "command line". */
struct origin {
	const char *file;	/* job file path, or NULL for the command line */
	unsigned int line;	/* 1-based line, or argv index for the command line */
};

struct jf_entry {
	char *key;		/* option name as written, trimmed */
	char *value;		/* trimmed value, or NULL for a bare key */
	struct origin where;
};

struct jf_section {
	char *name;		/* section name as written */
	bool global;		/* name starts with "global" */
	struct origin where;
	struct jf_entry *entries;
	size_t n_entries;
	/* first job section of the second and later job files: fio runs
	 * each job file as its own group, as if it began with stonewall */
	bool stonewall_before;
	/* first section of the second and later job files: fio starts each
	 * job file from the default options, not the last file's globals */
	bool file_start;
};

struct jobfile {
	struct jf_section *sections;
	size_t n_sections;
	char **paths;		/* owned copies of file names used in origins */
	size_t n_paths;
	unsigned int n_files;	/* top-level job files (and strings) parsed */
	size_t bytes_read;	/* from files, includes each time counted */
};

/* How deep "include" may nest: a file read by include is depth 1. */
#define JOBFILE_MAX_INCLUDE_DEPTH 16
/*
 * The most a jobfile reads: from one file (a job file is a few KiB; an
 * include of /dev/zero or of a disk image must not take the machine's
 * memory), and from every file together (the same include repeated).
 */
#define JOBFILE_MAX_SIZE ((size_t)4 << 20)
#define JOBFILE_MAX_SIZE_TEXT "4 MiB"
#define JOBFILE_MAX_TOTAL ((size_t)16 << 20)
#define JOBFILE_MAX_TOTAL_TEXT "16 MiB"

/*
 * What a profile's generate() holds (opaque to plugins): new jobs become
 * sections of jf, with origins naming the profile.  host.c implements
 * job_add/job_set on top of jobfile_add_section/jobfile_add_entry.
 */
struct plio_jobgen {
	struct jobfile *jf;
	struct origin where;
	bool have_job;		/* job_set before job_add is an error */
};

void jobfile_init(struct jobfile *jf);
void jobfile_free(struct jobfile *jf);

/*
 * Append the sections of the job file at path ("-" reads stdin).
 * Returns 0, or -errno with e set ("jobs.fio:3: ...").  A job file or an
 * included one is a regular file, or a pipe handed by name (/dev/fd/N,
 * /dev/stdin): a directory, a device, a socket or a FIFO is refused, as
 * is more than JOBFILE_MAX_SIZE from one file or JOBFILE_MAX_TOTAL in all.
 *
 * Beyond plain ini text, as in fio: "include FILE" inside a section reads
 * FILE's lines into that section (FILE is looked up beside the including
 * file first, then as written, relative to the current directory;
 * included files may include others, up to JOBFILE_MAX_INCLUDE_DEPTH, but
 * may not open sections); in an option line, key included, "${VAR}"
 * becomes the environment variable's value (empty when unset); in values,
 * the keywords $pagesize, $mb_memory and $ncpus become numbers, with the
 * value then computed when it holds + - * or / (fio runs bc there).
 * Every call after the first on the same jobfile marks its first job
 * section stonewall_before.
 */
int jobfile_parse_file(struct jobfile *jf, const char *path, struct perr *e);

/* Same, for text already in memory (name is used in origins). */
int jobfile_parse_string(struct jobfile *jf, const char *name, const char *text,
			 struct perr *e);

/* Start a new section (command line --name=x, or a profile's job). */
struct jf_section *jobfile_add_section(struct jobfile *jf, const char *name,
				       bool global, struct origin where);

/* Append key=value (value may be NULL) to the last section, creating an
 * unnamed global section first when there is none. */
int jobfile_add_entry(struct jobfile *jf, const char *key, const char *value,
		      struct origin where);

/* "file:line" or "command line" (argv index in parentheses), into buf. */
const char *origin_str(const struct origin *o, char *buf, size_t len);

#endif
