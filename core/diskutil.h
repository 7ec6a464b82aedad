/*
 * diskutil.h - disk utilisation of the devices under a run's files.
 *
 * Before the run, finds the block devices that hold each job's files (the
 * file's device, or its directory's when the file does not exist yet; a
 * partition counts as its whole disk; device-mapper and md devices carry
 * their slaves) and snapshots /proc/diskstats; after the run, snapshots
 * again and keeps the differences, as fio's disk_util section reports.
 * Diskless runs (tmpfs, the null engine) have no devices: the set is empty
 * and the reports print no disk section.
 */
#ifndef PLIO_DISKUTIL_H
#define PLIO_DISKUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct plan;
struct json_writer;

/* Counters of one device over the run (differences of /proc/diskstats). */
struct disk_counters {
	uint64_t ios[2];	/* reads, writes completed */
	uint64_t merges[2];
	uint64_t sectors[2];
	uint64_t ticks[2];	/* ms spent reading, writing */
	uint64_t io_ticks;	/* ms the device was busy */
	uint64_t time_in_queue;	/* weighted ms */
};

struct disk_util {
	char name[64];			/* "sda", "dm-0", "md0" */
	struct disk_counters before, delta;
	double util;			/* percent busy over the run */
	struct disk_util *slaves;	/* dm/md members, NULL when none */
	size_t n_slaves;
};

struct disk_util_set {
	struct disk_util *disks;
	size_t n;
	uint64_t start_ms, run_ms;	/* wall time between the snapshots */
};

/* Find the devices under the plan's files and take the first snapshot.
 * Never fails the run: devices it cannot read are left out. */
void diskutil_start(const struct plan *plan, struct disk_util_set *set);
/* Second snapshot: fill delta and util. */
void diskutil_stop(struct disk_util_set *set);
void diskutil_free(struct disk_util_set *set);

/* fio's three renderings: "Disk stats (read/write):" lines, the JSON
 * "disk_util" array (written as a member of the open top-level object),
 * and the terse fields appended per disk. */
void diskutil_print_normal(FILE *out, const struct disk_util_set *set);
void diskutil_json(struct json_writer *w, const struct disk_util_set *set);
void diskutil_terse(FILE *out, const struct disk_util_set *set);

#endif
