/*
 * clockbench.c - cost of each time source plio could use on the hot path.
 *
 * Prints ns per call for clock_gettime (MONOTONIC, MONOTONIC_RAW,
 * MONOTONIC_COARSE), rdtsc, lfence+rdtsc and rdtscp, then checks what makes
 * the TSC usable at all: the cpuinfo flags (constant_tsc, nonstop_tsc), the
 * kernel's clocksource, and whether TSC readings taken on different CPUs
 * are ordered (a ping-pong between two pinned threads: a reading that
 * happened later must never be smaller).  Run through bench/clock.sh.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define HAVE_TSC 1
#endif

#define N 20000000ull

static uint64_t ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static volatile uint64_t sink;

#define BENCH(label, expr)                                                \
	do {                                                              \
		uint64_t t0 = ns_now(), acc = 0, i;                       \
		for (i = 0; i < N; i++)                                   \
			acc += (expr);                                    \
		sink = acc;                                               \
		printf("%-28s %6.2f ns/call\n", label,                    \
		       (double)(ns_now() - t0) / (double)N);             \
	} while (0)

static uint64_t gettime(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_nsec;
}

#ifdef HAVE_TSC
static inline uint64_t tsc_fenced(void)
{
	_mm_lfence();
	return __rdtsc();
}

static inline uint64_t tsc_p(void)
{
	unsigned int aux;

	return __rdtscp(&aux);
}

/* Cross-CPU ordering: thread A reads the TSC and publishes it; thread B,
 * on another CPU, waits for it and reads its own TSC, which must not be
 * smaller.  Then the roles swap.  Reports the worst backward step. */
static _Atomic uint64_t mailbox;
static _Atomic int turn;
static int64_t worst_back;
static const int rounds = 200000;

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *pingpong(void *arg)
{
	int me = (int)(intptr_t)arg, r;

	pin(me);
	for (r = 0; r < rounds; r++) {
		while (atomic_load(&turn) != me)
			;
		{
			uint64_t seen = atomic_load(&mailbox);
			uint64_t t = tsc_p();

			if (seen && (int64_t)(seen - t) > worst_back)
				worst_back = (int64_t)(seen - t);
			atomic_store(&mailbox, tsc_p());
		}
		atomic_store(&turn, !me);
	}
	return NULL;
}
#endif

int main(void)
{
	uint64_t t0, c0, ns, cyc;
	struct timespec slp = { 0, 200000000 };

	BENCH("clock_gettime MONOTONIC", gettime(CLOCK_MONOTONIC));
	BENCH("clock_gettime MONOTONIC_RAW", gettime(CLOCK_MONOTONIC_RAW));
	BENCH("clock_gettime MONO_COARSE", gettime(CLOCK_MONOTONIC_COARSE));
	{
		struct timespec res;

		clock_getres(CLOCK_MONOTONIC_COARSE, &res);
		printf("%-28s %6.3f ms\n", "  (its resolution)",
		       (double)res.tv_nsec / 1e6);
	}
#ifdef HAVE_TSC
	BENCH("rdtsc", __rdtsc());
	BENCH("lfence; rdtsc", tsc_fenced());
	BENCH("rdtscp", tsc_p());

	t0 = ns_now();
	c0 = __rdtsc();
	nanosleep(&slp, NULL);
	ns = ns_now() - t0;
	cyc = __rdtsc() - c0;
	printf("%-28s %6.3f GHz\n", "tsc rate", (double)cyc / (double)ns);

	if (sysconf(_SC_NPROCESSORS_ONLN) > 1) {
		pthread_t a, b;

		pthread_create(&a, NULL, pingpong, (void *)0);
		pthread_create(&b, NULL, pingpong, (void *)1);
		pthread_join(a, NULL);
		pthread_join(b, NULL);
		printf("%-28s %lld cycles (0: ordered across CPUs)\n",
		       "tsc worst backward step", (long long)worst_back);
	}
#else
	(void)t0; (void)c0; (void)ns; (void)cyc; (void)slp;
	printf("no TSC on this architecture\n");
#endif
	return 0;
}
