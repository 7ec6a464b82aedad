/*
 * decode_place.c - where a job runs and where its memory comes from:
 * cpus_allowed (a CPU list) or cpumask (a bit mask), cpus_allowed_policy,
 * numa_cpu_nodes and numa_mem_policy, decoded into job_spec.place and
 * checked against this machine: a CPU or a node that does not exist is
 * refused with the entry that named it.  The NUMA options go through
 * libnuma (its node-list syntax, its view of the nodes); a plio built
 * without it refuses them in one line saying so.  verify_async_cpus takes
 * the same CPU lists.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_LIBNUMA
#include <numa.h>
#endif

#include "options/internal.h"
#include "options/value.h"

/* This machine's CPUs: 0 .. n-1 (configured, online or not). */
static unsigned long cpus_here(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? (unsigned long)n : 1;
}

int decode_cpu_list(const struct job_spec *js, enum core_opt id, const char *t, uint64_t *mask,
		    struct perr *e)
{
	unsigned long ncpu = cpus_here(), lo, hi, c;
	char where[256], *end;
	const char *p;

	memset(mask, 0, SPEC_CPUS_MAX / 8);
	for (p = t; p && *p;) {
		lo = hi = strtoul(p, &end, 10);
		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		if (hi >= ncpu || hi >= SPEC_CPUS_MAX)
			return perr_set(e, "%s: %s: '%s': CPU %lu does not exist (this machine has CPUs 0-%lu)",
					options_where(js, id, where, sizeof(where)),
					core_options[id].o.name, t, hi, ncpu - 1);
		for (c = lo; c <= hi; c++)
			mask[c / 64] |= 1ull << (c % 64);
		p = *end == ',' ? end + 1 : end + strlen(end);
	}
	return 0;
}

#ifdef HAVE_LIBNUMA
/* A node list in libnuma's syntax (N, N-M, ',', "all", "!" ...), nodes
 * that exist here, into mask: 0, or -EINVAL. */
static int node_list(const char *t, uint64_t *mask)
{
	struct bitmask *b;
	unsigned int n;

	memset(mask, 0, SPEC_CPUS_MAX / 8);
	if (numa_available() < 0)
		return -EINVAL;
	b = numa_parse_nodestring(t);
	if (!b)
		return -EINVAL;
	for (n = 0; n < b->size && n < SPEC_CPUS_MAX; n++)
		if (numa_bitmask_isbitset(b, n))
			mask[n / 64] |= 1ull << (n % 64);
	numa_bitmask_free(b);
	return 0;
}

static int nodes_here(void)
{
	return numa_available() < 0 ? 1 : numa_max_node() + 1;
}
#endif

/*
 * numa_mem_policy=default|prefer:NODE|bind:NODES|interleave:NODES|local
 * (fio's words): the mode and its nodes.
 */
static int mem_policy(struct job_spec *js, struct perr *e)
{
	static const char *const modes[] = {
		[PLACE_MEM_DEFAULT] = "default", [PLACE_MEM_PREFER] = "prefer",
		[PLACE_MEM_BIND] = "bind", [PLACE_MEM_INTERLEAVE] = "interleave",
		[PLACE_MEM_LOCAL] = "local",
	};
	const char *t = js->numa_mem_policy;
	size_t len = strcspn(t, ":");
	char where[256];
	unsigned int m;

	options_where(js, CO_NUMA_MEM_POLICY, where, sizeof(where));
	for (m = PLACE_MEM_DEFAULT; m <= PLACE_MEM_LOCAL; m++)
		if (strlen(modes[m]) == len && !strncmp(modes[m], t, len))
			break;
	if (m > PLACE_MEM_LOCAL)
		return perr_set(e, "%s: numa_mem_policy: '%s' is not default, prefer:NODE, bind:NODES, interleave:NODES or local",
				where, t);
	js->place.mem_mode = m;
	if ((m == PLACE_MEM_DEFAULT || m == PLACE_MEM_LOCAL) && t[len])
		return perr_set(e, "%s: numa_mem_policy: '%s': %s takes no nodes", where, t,
				modes[m]);
	if (m != PLACE_MEM_DEFAULT && m != PLACE_MEM_LOCAL && !t[len])
		return perr_set(e, "%s: numa_mem_policy: '%s': %s needs its nodes (%s:0)", where,
				t, modes[m], modes[m]);
#ifdef HAVE_LIBNUMA
	if (t[len] && node_list(t + len + 1, js->place.mem_nodes))
		return perr_set(e, "%s: numa_mem_policy: '%s': '%s' is not a list of nodes this machine has (nodes 0-%d)",
				where, t, t + len + 1, nodes_here() - 1);
	if (m == PLACE_MEM_PREFER) {
		unsigned int i, n = 0;

		for (i = 0; i < SPEC_CPUS_MAX / 64; i++)
			n += (unsigned int)__builtin_popcountll(js->place.mem_nodes[i]);
		if (n != 1)
			return perr_set(e, "%s: numa_mem_policy: '%s': prefer takes one node", where,
					t);
	}
	return 0;
#else
	return perr_setrc(e, -ENOTSUP, "%s: numa_mem_policy: this plio was built without libnuma (install libnuma-dev and configure --with-libnuma)",
			  where);
#endif
}

int decode_placement(struct job_spec *js, struct perr *e)
{
	unsigned long ncpu = cpus_here();
	char where[256];
	int rc;

	memset(&js->place, 0, sizeof(js->place));
	/* cpus_allowed, else cpumask: the CPUs the job may use */
	if (js->txt.cpus_allowed && *js->txt.cpus_allowed) {
		rc = decode_cpu_list(js, CO_CPUS_ALLOWED, js->txt.cpus_allowed, js->place.cpus, e);
		if (rc)
			return rc;
		js->place.pin = true;
	} else if (js->cpumask) {
		if (ncpu < 64 && ((uint64_t)js->cpumask >> ncpu))
			return perr_set(e, "%s: cpumask: %#llx names CPUs this machine does not have (CPUs 0-%lu)",
					options_where(js, CO_CPUMASK, where, sizeof(where)),
					(unsigned long long)js->cpumask, ncpu - 1);
		js->place.cpus[0] = (uint64_t)js->cpumask;
		js->place.pin = true;
	}
	/* split without a set: the clones take this machine's CPUs in turn */
	js->place.split = js->cpus_allowed_policy == 1;
	if (js->place.split && !js->place.pin) {
		unsigned long c;

		for (c = 0; c < ncpu && c < SPEC_CPUS_MAX; c++)
			js->place.cpus[c / 64] |= 1ull << (c % 64);
		js->place.pin = true;
	}
	if (js->txt.numa_cpu_nodes && *js->txt.numa_cpu_nodes) {
		options_where(js, CO_NUMA_CPU_NODES, where, sizeof(where));
#ifdef HAVE_LIBNUMA
		if (node_list(js->txt.numa_cpu_nodes, js->place.cpu_nodes))
			return perr_set(e, "%s: numa_cpu_nodes: '%s' is not a list of nodes this machine has (nodes 0-%d)",
					where, js->txt.numa_cpu_nodes, nodes_here() - 1);
		js->place.on_nodes = true;
#else
		return perr_setrc(e, -ENOTSUP, "%s: numa_cpu_nodes: this plio was built without libnuma (install libnuma-dev and configure --with-libnuma)",
				  where);
#endif
	}
	if (js->numa_mem_policy && *js->numa_mem_policy)
		return mem_policy(js, e);
	return 0;
}
