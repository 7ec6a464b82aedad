/*
 * iolog.h - read_iolog: fio's version 2 and 3 I/O logs, read whole before
 * the run (from a file, "-" for standard input, or a FIFO, each opened
 * once) into the list of what a replaying worker issues.
 *
 * Version 3 lines: "USEC FILE ACTION [OFFSET LENGTH]"; version 2: the same
 * without the time, and "FILE wait USEC 0" lines instead (the time since
 * the last wait, below 100 us ignored: fio's manual).  ACTION: add, open,
 * close (file management), read, write, trim, sync, datasync.  Each I/O
 * gets the time it is due (us from the replay's start); offsets are
 * divided by replay_scale and aligned down to replay_align; the
 * directions in replay_skip are left out; with replay_redirect every file
 * is that one.  Anything else in a log is refused with its line.
 */
#ifndef PLIO_PLAN_IOLOG_H
#define PLIO_PLAN_IOLOG_H

#include <stdint.h>

#include "base/log.h"

enum iolog_act {
	IOLOG_READ,		/* as PLIO_DDIR_READ ... DATASYNC */
	IOLOG_WRITE,
	IOLOG_TRIM,
	IOLOG_SYNC,
	IOLOG_DATASYNC,
};

/* replay_skip's bits: 1 << IOLOG_READ, _WRITE, _TRIM; SYNC covers both */
#define IOLOG_SKIP_SYNC ((1u << IOLOG_SYNC) | (1u << IOLOG_DATASYNC))

struct iolog_entry {
	uint64_t due_us;	/* from the replay's start */
	uint64_t offset, length;
	uint32_t file;		/* index in iolog.files */
	uint8_t act;		/* enum iolog_act */
};

struct iolog {
	char *name;		/* the log's file name, for messages */
	int version;		/* 2 or 3 */
	char **files;		/* the files its I/O goes to */
	uint64_t *extent;	/* per file: the end of its farthest I/O */
	unsigned int nfiles;
	struct iolog_entry *e;
	uint64_t n;
	uint64_t bytes;		/* read, written and trimmed */
	uint64_t count[5];	/* entries per enum iolog_act */
	uint64_t max_len;	/* the longest I/O */
};

struct iolog_opts {
	const char *redirect;	/* replay_redirect; NULL: none */
	uint64_t scale;		/* replay_scale (1: as logged) */
	uint64_t align;		/* replay_align (0: as logged) */
	unsigned int skip;	/* replay_skip: 1 << enum iolog_act */
};

/* Read the log at path ("-": standard input) into *out: 0, or -errno with
 * e set ("read_iolog 'PATH': line N: what is wrong"). */
int iolog_load(const char *path, const struct iolog_opts *o, struct iolog *out,
	       struct perr *e);
void iolog_free(struct iolog *l);

#endif
