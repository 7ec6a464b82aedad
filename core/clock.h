/*
 * clock.h - the time source of the hot path.
 *
 * CLOCK_MONOTONIC through the vDSO: no system call, ~20 ns here.  One
 * inline function so a cheaper source (the TSC) can replace it in one place.
 */
#ifndef PLIO_CLOCK_H
#define PLIO_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif
