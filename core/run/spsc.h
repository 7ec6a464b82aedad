/*
 * spsc.h - the rings that hand I/O units between a worker and its helper
 * threads (verify_async's verifiers, io_submit_mode=offload's submitter):
 * single producer, single consumer, room for every unit so that neither
 * side ever finds one full; a store and an atomic index per hand-over, no
 * lock.  A side that finds its ring empty looks again for a moment
 * (ring_wait_briefly), then sleeps on a futex (futex_wait), woken only
 * when it said it sleeps.
 */
#ifndef PLIO_SPSC_H
#define PLIO_SPSC_H

#include <limits.h>
#include <linux/futex.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct unit;

struct ring {
	struct unit **slot;
	uint32_t mask;
	uint32_t head;		/* written by the producer */
	uint32_t tail;		/* written by the consumer */
};

static inline void futex_wait(uint32_t *addr, uint32_t val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

/* futex_wait for at most *ts (NULL: no limit). */
static inline void futex_wait_for(uint32_t *addr, uint32_t val, const struct timespec *ts)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, ts, NULL, 0);
}

static inline void futex_wake(uint32_t *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

/* How long a side looks at an empty ring before it sleeps: a few
 * microseconds, about what a read from the page cache takes, so that a
 * busy pipeline rarely pays a futex wake-up per unit. */
#define SPIN 200

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

/* Whether the ring has something, looked at up to SPIN times. */
static inline bool ring_wait_briefly(const struct ring *r)
{
	unsigned int i;

	for (i = 0; i < SPIN; i++) {
		if (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) != r->tail)
			return true;
		cpu_relax();
	}
	return false;
}

static inline void ring_push(struct ring *r, struct unit *un)
{
	uint32_t h = r->head;

	r->slot[h & r->mask] = un;
	__atomic_store_n(&r->head, h + 1, __ATOMIC_RELEASE);
}

static inline struct unit *ring_pop(struct ring *r)
{
	uint32_t t = r->tail;
	struct unit *un;

	if (t == __atomic_load_n(&r->head, __ATOMIC_ACQUIRE))
		return NULL;
	un = r->slot[t & r->mask];
	__atomic_store_n(&r->tail, t + 1, __ATOMIC_RELEASE);
	return un;
}

/* Hand un over through r, then bump the consumer's futex word seq and
 * wake it if it said it sleeps (*sleeping): a busy consumer costs no
 * system call. */
static inline void spsc_give(struct ring *r, uint32_t *seq, const uint32_t *sleeping,
			     struct unit *un)
{
	ring_push(r, un);
	__atomic_add_fetch(seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(sleeping, __ATOMIC_SEQ_CST))
		futex_wake(seq);
}

/*
 * The next unit of r, for a helper thread that consumes it: a moment of
 * looking, then asleep on seq until spsc_give wakes it.  It says it sleeps
 * before it looks a last time, so a hand-over after that look has bumped
 * seq and the wait returns at once.  NULL when r is empty and *quit is set.
 */
static inline struct unit *spsc_take(struct ring *r, uint32_t *seq, uint32_t *sleeping,
				     const uint32_t *quit)
{
	struct unit *un;
	uint32_t at;

	for (;;) {
		un = ring_pop(r);
		if (un)
			return un;
		if (ring_wait_briefly(r))
			continue;
		__atomic_store_n(sleeping, 1, __ATOMIC_SEQ_CST);
		at = __atomic_load_n(seq, __ATOMIC_SEQ_CST);
		un = ring_pop(r);
		if (!un && __atomic_load_n(quit, __ATOMIC_SEQ_CST))
			return NULL;
		if (!un)
			futex_wait(seq, at);
		__atomic_store_n(sleeping, 0, __ATOMIC_RELAXED);
		if (un)
			return un;
	}
}

#endif
