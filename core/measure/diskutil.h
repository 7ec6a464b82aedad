/*
 * diskutil.h - disk utilisation of the devices under a run's files.
 *
 * Before the run, finds the block devices that hold each job's files (the
 * file's device, or its directory's when the file does not exist yet; a
 * partition counts as its whole disk; device-mapper and md devices bring
 * their slaves, which are listed too) and snapshots each device's
 * /sys/block/NAME/stat; after the run, snapshots again and keeps the
 * differences, as fio's disk_util section reports.  Diskless runs (tmpfs,
 * the null engine) have no devices: the set is empty and every rendering
 * below prints nothing, as fio prints nothing.
 *
 * Owner: main holds the set for the whole run (start, stop, report, free),
 * all in its thread (interim reports come from the runner's watch loop,
 * which runs in main's thread); the report only reads it.
 */
#ifndef PLIO_DISKUTIL_H
#define PLIO_DISKUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct plan;
struct json_writer;

/* Counters of one device: a snapshot, or the differences over the run. */
struct disk_counters {
	uint64_t ios[2];	/* reads, writes completed */
	uint64_t merges[2];
	uint64_t sectors[2];
	uint64_t ticks[2];	/* ms spent reading, writing */
	uint64_t io_ticks;	/* ms the device was busy */
	uint64_t time_in_queue;	/* weighted ms */
};

struct disk_util {
	char name[64];			/* "vda", "dm-0", "md0" */
	char *stat_path;		/* its sysfs stat file (owned) */
	struct disk_counters before, delta;
	double util;			/* percent busy over the run, <= 100 */
	size_t *slaves;			/* indices in the set of its direct
					 * dm/md members; NULL when none */
	size_t n_slaves;
};

/* Devices in fio's order: each device, then its slaves (depth first). */
struct disk_util_set {
	struct disk_util *disks;
	size_t n;
	uint64_t start_ms, run_ms;	/* monotonic time between snapshots */
};

/* Find the devices under the plan's files and take the first snapshot.
 * Never fails the run: devices it cannot find or read are left out. */
void diskutil_start(const struct plan *plan, struct disk_util_set *set);
/* Another snapshot: fill delta and util with the differences since the
 * first one.  Called for each interim report (--status-interval, SIGUSR1)
 * and once after the run; each call replaces the previous figures. */
void diskutil_stop(struct disk_util_set *set);
void diskutil_free(struct disk_util_set *set);

/*
 * fio's three renderings; each prints nothing for an empty set, so callers
 * call them unconditionally:
 * - diskutil_print_normal: "\nDisk stats (read/write):\n" and a line per
 *   device, after the "Run status group" lines;
 * - diskutil_json: the "disk_util" array, as a member of the open
 *   top-level object, after "jobs";
 * - diskutil_terse: ";name;..." (9 fields per device, and 9 more starting
 *   "slaves" after a device with slaves), appended to every job's terse
 *   line of versions 3, 4 and 5 after the latency buckets and before the
 *   description; never to version 2.  No newline.
 */
void diskutil_print_normal(FILE *out, const struct disk_util_set *set);
void diskutil_json(struct json_writer *w, const struct disk_util_set *set);
void diskutil_terse(FILE *out, const struct disk_util_set *set);

#endif
