/*
 * plio-mpi.c - plio across hosts: `mpirun -np N plio-mpi [--rank-files=...]
 * [plio options] JOBFILE`.
 *
 * Every rank runs the job file as plio would on its own host; the core's
 * coordinator (core/run/cluster.h) makes them start together, pass each
 * stonewall together and stop together, and rank 0 prints one report of
 * every rank's statistics merged.  This file is the only part of plio
 * that knows MPI: it gives the coordinator its transport (a non-blocking
 * sum for the rounds while jobs run, a gather and a broadcast outside),
 * on a communicator of its own.
 *
 * Ranks other than 0 print nothing to standard output (their stdout is
 * /dev/null): the report, the status line and what plio prints for
 * --showcmd or --enghelp are rank 0's.  Their errors reach rank 0, which
 * prints them naming rank and host.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ltdl.h>
#include <mpi.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/session.h"
#include "run/cluster.h"

struct mpi_link {
	MPI_Comm comm;
	MPI_Request sum;	/* the round in flight, or MPI_REQUEST_NULL */
};

/* An MPI error code as a negative errno (the text goes to debug). */
static int mpi_err(int rc)
{
	return rc == MPI_SUCCESS ? 0 : -EIO;
}

static int sum_start(void *arg, uint64_t *v, size_t n)
{
	struct mpi_link *l = arg;

	if (n > INT32_MAX)
		return -E2BIG;
	return mpi_err(MPI_Iallreduce(MPI_IN_PLACE, v, (int)n, MPI_UINT64_T, MPI_SUM,
				      l->comm, &l->sum));
}

static int sum_test(void *arg)
{
	struct mpi_link *l = arg;
	int done = 0, rc;

	rc = MPI_Test(&l->sum, &done, MPI_STATUS_IGNORE);
	if (rc != MPI_SUCCESS)
		return -EIO;
	return done ? 1 : 0;
}

static int gather(void *arg, const void *mine, size_t len, void **all, size_t *lens)
{
	struct mpi_link *l = arg;
	int rank, n, r, rc;
	uint64_t my_len = len, *lens64 = NULL;
	int *counts = NULL, *displs = NULL;
	char *buf = NULL;
	size_t total = 0;

	*all = NULL;
	MPI_Comm_rank(l->comm, &rank);
	MPI_Comm_size(l->comm, &n);
	if (!rank) {
		lens64 = calloc((size_t)n, sizeof(*lens64));
		counts = calloc((size_t)n, sizeof(*counts));
		displs = calloc((size_t)n, sizeof(*displs));
	}
	/* every rank takes part even when rank 0 lacks memory: it then
	 * fails after the collective calls, not in the middle of them */
	rc = MPI_Gather(&my_len, 1, MPI_UINT64_T, lens64, 1, MPI_UINT64_T, 0, l->comm);
	if (rc != MPI_SUCCESS)
		goto out;
	if (!rank && lens64 && counts && displs) {
		for (r = 0; r < n; r++) {
			if (lens64[r] > INT32_MAX || total + lens64[r] > INT32_MAX) {
				lens64[r] = 0;	/* too much for MPI's int counts */
				continue;
			}
			counts[r] = (int)lens64[r];
			displs[r] = (int)total;
			total += lens64[r];
		}
		buf = malloc(total ? total : 1);
	}
	rc = MPI_Gatherv(mine, len > INT32_MAX ? 0 : (int)len, MPI_BYTE, buf, counts, displs,
			 MPI_BYTE, 0, l->comm);
	if (rc == MPI_SUCCESS && !rank) {
		if (!buf || !lens64) {
			rc = MPI_ERR_NO_MEM;
			goto out;
		}
		for (r = 0; r < n; r++)
			lens[r] = (size_t)lens64[r];
		*all = buf;
		buf = NULL;
	}
out:
	free(buf);
	free(lens64);
	free(counts);
	free(displs);
	return rc == MPI_ERR_NO_MEM ? -ENOMEM : mpi_err(rc);
}

static int bcast(void *arg, void *buf, size_t len)
{
	struct mpi_link *l = arg;

	return mpi_err(MPI_Bcast(buf, (int)len, MPI_BYTE, 0, l->comm));
}

/*
 * plio-mpi's own option, taken out of argv before plio sees it:
 * --rank-files=unique (each rank its own files, named with host and
 * rank) or shared (every rank the same files, each its share).  -1 on a
 * bad value, with the line printed by rank 0.
 */
static int take_own_options(int *argc, char **argv, int rank, bool *shared)
{
	int i, j;

	for (i = j = 1; i < *argc; i++) {
		const char *a = argv[i];

		if (strncmp(a, "--rank-files=", 13)) {
			argv[j++] = argv[i];
			continue;
		}
		if (!strcmp(a + 13, "unique")) {
			*shared = false;
		} else if (!strcmp(a + 13, "shared")) {
			*shared = true;
		} else {
			if (!rank)
				fprintf(stderr, "plio: command line (argument %d): --rank-files: expected unique or shared, got '%s'\n",
					i, a + 13);
			return -1;
		}
	}
	argv[j] = NULL;
	*argc = j;
	return 0;
}

/* Whether plio will print its usage (--help, -h). */
static bool wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	struct mpi_link link = { MPI_COMM_NULL, MPI_REQUEST_NULL };
	struct cluster_transport t = {
		.arg = &link, .sum_start = sum_start, .sum_test = sum_test,
		.gather = gather, .bcast = bcast,
	};
	struct session_cluster sc = { NULL, false };
	char host[256] = "";
	int provided, rank, size, status, bad;

	if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
		fprintf(stderr, "plio: MPI_Init failed: run plio-mpi under mpirun or srun\n");
		return 1;
	}
	MPI_Comm_dup(MPI_COMM_WORLD, &link.comm);
	/* errors come back as codes, to fail in one line, not to abort */
	MPI_Comm_set_errhandler(link.comm, MPI_ERRORS_RETURN);
	MPI_Comm_rank(link.comm, &rank);
	MPI_Comm_size(link.comm, &size);
	if (gethostname(host, sizeof(host) - 1))
		snprintf(host, sizeof(host), "unknown");
	t.rank = (unsigned int)rank;
	t.n_ranks = (unsigned int)size;
	t.host = host;
	if (rank) {
		/* rank 0 prints what is the run's */
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			fflush(stdout);
			dup2(fd, STDOUT_FILENO);
			close(fd);
		}
	}
	/* every rank reads the same command line: all fail alike */
	bad = take_own_options(&argc, argv, rank, &sc.shared_files);
	if (!bad && !rank && wants_help(argc, argv))
		printf("plio-mpi: plio on every rank of an MPI job, one report at rank 0\n"
		       "usage: mpirun [-np N ...] plio-mpi [--rank-files=unique|shared] [plio options] JOBFILE...\n"
		       "  --rank-files=unique  each rank its own files, host and rank in their names (default)\n"
		       "  --rank-files=shared  every rank the same files, each its share of the region\n"
		       "(doc/cluster.md).  plio's options:\n\n");
	sc.cluster = bad ? NULL : cluster_new(&t);
	if (bad || !sc.cluster) {
		if (!bad)
			fprintf(stderr, "plio: rank %d: out of memory\n", rank);
		status = 1;
	} else {
		status = session_main(argc, argv, lt_preloaded_symbols, &sc);
	}
	cluster_free(sc.cluster);
	fflush(NULL);
	MPI_Comm_free(&link.comm);
	MPI_Finalize();
	return status;
}
