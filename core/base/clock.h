/*
 * clock.h - the time source of the hot path.
 *
 * clock_gettime(CLOCK_MONOTONIC), through the vDSO: no system call.
 *
 * Why not the TSC directly, as fio's clocksource=cpu does.  Measured with
 * bench/clock.sh on the development VM (AMD EPYC, 2.6 GHz, KVM; flags
 * constant_tsc nonstop_tsc rdtscp tsc_known_freq; kernel clocksource tsc;
 * TSC readings ordered across the two CPUs):
 *
 *   clock_gettime(CLOCK_MONOTONIC)   23.9 ns   ordered, ns, kernel-calibrated
 *   rdtscp / lfence;rdtsc            18.6 ns   ordered, cycles
 *   rdtsc                             9.6 ns   not ordered: may run before
 *                                              the I/O it is meant to follow
 *   CLOCK_MONOTONIC_COARSE            5.5 ns   4 ms resolution
 *
 * Where the kernel's clocksource is the TSC (here, and on most current
 * x86 machines and VMs), the vDSO already reads it with an ordered rdtsc
 * and scales it with the kernel's calibration; what a TSC of our own would
 * save is that scaling, about 5 ns, while it would have to calibrate
 * itself, detect an unstable or non-invariant TSC (and a VM migrated to a
 * host of another frequency), and stay consistent with the CLOCK_MONOTONIC
 * the rest of plio uses for deadlines.  Only an unordered rdtsc is really
 * cheaper, and a latency measured with it is not correct to the tens of
 * nanoseconds the null engine needs.  When the kernel falls back to
 * another clocksource (kvm-clock, hpet) because the TSC is unreliable,
 * clock_gettime follows, which is what correctness asks for.  So the
 * cheap and correct choice is to read this clock fewer times (the worker
 * reads it per I/O only when stats_run_io_times() says a latency or
 * per-I/O sample needs it, and once per reap batch), not a cheaper clock.
 *
 * A later reading (2026-12-05, AMD EPYC VM at 2.1 GHz, kernel clocksource
 * kvm-clock, TSC flags constant/nonstop/reliable/known_freq, ordered):
 * CLOCK_MONOTONIC 33-35 ns, MONOTONIC_RAW 38-40, COARSE 5.6 (4 ms),
 * rdtsc 16-19, lfence;rdtsc 25-28, rdtscp 32.  An ordered TSC read would
 * save 7-8 ns per reading here, against the same calibration and
 * migration risks; the choice stands.
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

/*
 * The same clock at the kernel tick's resolution (4 ms here) for 5.5 ns:
 * enough for what needs only milliseconds once per I/O (timed bandwidth
 * and IOPS samples under gtod_reduce, deadline checks).  It may lag
 * clock_ns() by up to a tick: never subtract a clock_ns() reading from it.
 */
static inline uint64_t clock_coarse_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif
