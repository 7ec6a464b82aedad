/*
 * statwire.h - a job's statistics as bytes, and back (runs across hosts).
 *
 * A job_stats is mostly histogram buckets no sample reached (a megabyte
 * with the priorities'); the wire form carries only the buckets of each
 * histogram's span (lat_stat_span), so a job of one latency band takes a
 * few kilobytes.  Packing reads of the histograms only those buckets, as
 * stats_copy does.  Both sides must be the same plio build.
 */
#ifndef PLIO_STATWIRE_H
#define PLIO_STATWIRE_H

#include <stddef.h>

#include "measure/stats.h"

/* Bytes statwire_pack writes for st. */
size_t statwire_size(const struct job_stats *st);
/* st into buf (statwire_size(st) bytes). */
void statwire_pack(const struct job_stats *st, void *buf);
/* buf's len bytes into st, which must be zeroed (stats_zalloc); -EINVAL
 * when they are not what statwire_pack writes (cut short, too long, a
 * span outside the histograms). */
int statwire_unpack(struct job_stats *st, const void *buf, size_t len);

#endif
