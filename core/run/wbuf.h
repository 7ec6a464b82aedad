/*
 * wbuf.h - what a job's writes carry, for the worker (run/wbuf.c) and for
 * the files laid out before the run (run/layout.c), which hold the same
 * kind of data as fio's do.
 */
#ifndef PLIO_WBUF_H
#define PLIO_WBUF_H

#include <stddef.h>
#include <stdint.h>

#include "plan/plan.h"

/*
 * len bytes of write data made from seed as pb says: compressible to
 * buffer_compress_percentage, the pattern, zeroes, or random bytes.  The
 * same seed gives the same bytes; which seed (dedupe) is the caller's.
 */
void wbuf_data(const struct plan_buffers *pb, uint64_t seed, void *buf, size_t len);

/* A seed's own stream: different seeds, unrelated data. */
uint64_t wbuf_seed_mix(uint64_t x);

#endif
