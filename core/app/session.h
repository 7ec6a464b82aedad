/*
 * session.h - one plio run, from the command line to the exit status.
 *
 * plio's main and plio-mpi's (one per rank) are each a call of
 * session_main; the stages below it (core/input ... core/report) know
 * nothing of how they were started.
 */
#ifndef PLIO_SESSION_H
#define PLIO_SESSION_H

#include <stdbool.h>

#include "run/cluster.h"

/* A run across hosts: the ranks' coordinator, and how their files are
 * named and shared. */
struct session_cluster {
	struct cluster *cluster;
	bool shared_files;	/* --rank-files=shared: every rank opens the
				 * same files, each its share of the region */
};

/*
 * Run plio with argv: parse, plan, run and report, printing every error
 * as one line.  preloaded: the program's lt_preloaded_symbols (engines
 * built in); sc: NULL for a local run.  Returns the exit status.
 */
int session_main(int argc, char **argv, const void *preloaded,
		 const struct session_cluster *sc);

#endif
