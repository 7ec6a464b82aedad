/*
 * choices.c - the values fio's choice options take, as data for the core
 * option table (table.c): each choice's text, the number stored, a line
 * of help.  Some options take several spellings of one value, as fio does.
 */
#include "options/internal.h"

const struct plio_option_choice rw_choices[] = {
	{ "read", RW_READ, "sequential reads" },
	{ "write", RW_WRITE, "sequential writes" },
	{ "randread", RW_READ | RW_RAND, "reads at random offsets" },
	{ "randwrite", RW_WRITE | RW_RAND, "writes at random offsets" },
	{ "rw", RW_READ | RW_WRITE, "sequential reads and writes, mixed" },
	{ "readwrite", RW_READ | RW_WRITE, "the same as rw" },
	{ "randrw", RW_READ | RW_WRITE | RW_RAND, "random reads and writes, mixed" },
	{ "trim", RW_TRIM, "sequential trims" },
	{ "randtrim", RW_TRIM | RW_RAND, "trims at random offsets" },
	{ "trimwrite", RW_TRIM | RW_WRITE, "sequential trims, each block written after its trim" },
	{ "randtrimwrite", RW_TRIM | RW_WRITE | RW_RAND,
	  "random trims, each block written after its trim" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice kb_base_choices[] = {
	{ "1024", 1024, "k/m/g are powers of 1024, ki/kib powers of 1000" },
	{ "1000", 1000, "k/m/g are powers of 1000, ki/kib powers of 1024" },
	{ NULL, 0, NULL },
};

/* Choices of options plio parses but does not run yet. */
const struct plio_option_choice unit_base_choices[] = {
	{ "0", 0, "guess from the output format" },
	{ "8", 8, "bytes" },
	{ "1", 1, "bits" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice log_window_choices[] = {
	{ "avg", 0, "the window's average" },
	{ "mean", 0, "the same as avg" },
	{ "0", 0, "the same as avg" },
	{ "max", 1, "the window's largest value" },
	{ "1", 1, "the same as max" },
	{ "both", 2, "the average, then the largest value" },
	{ "2", 2, "the same as both" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice random_distribution_choices[] = {
	{ "random", 0, "uniform" },
	{ "zipf", 1, "zipf, :THETA" },
	{ "pareto", 2, "pareto, :H" },
	{ "normal", 3, "normal, :SIGMA" },
	{ "zoned", 4, "percent of I/O per percent of the region" },
	{ "zoned_abs", 5, "percent of I/O per absolute size" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice random_generator_choices[] = {
	{ "tausworthe", 0, "uniform (plio: 64-bit, any size)" },
	{ "lfsr", 1, "hits each block once without a map" },
	{ "tausworthe64", 2, "the same as tausworthe in plio" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice rw_sequencer_choices[] = {
	{ "sequential", 0, "skip N blocks ahead" },
	{ "identical", 1, "repeat the same offset N times" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice file_service_type_choices[] = {
	{ "random", 0, "a file at random" },
	{ "roundrobin", 1, "the files in turn" },
	{ "sequential", 2, "finish one file before the next" },
	{ "zipf", 3, "zipf over the files" },
	{ "pareto", 4, "pareto over the files" },
	{ "normal", 5, "normal over the files" },
	{ "gauss", 5, "the same as normal" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice fallocate_choices[] = {
	{ "none", 0, "do not preallocate" },
	{ "native", 1, "the file system's own, else none" },
	{ "posix", 2, "posix_fallocate" },
	{ "keep", 3, "fallocate keeping the file size" },
	{ "truncate", 4, "ftruncate to the size" },
	{ "0", 0, "the same as none" },
	{ "1", 2, "the same as posix" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice io_submit_mode_choices[] = {
	{ "inline", 0, "the job submits its own I/O" },
	{ "offload", 1, "offload threads submit it" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice sync_choices[] = {
	{ "none", 0, "no O_SYNC" },
	{ "0", 0, "the same as none" },
	{ "sync", 2, "O_SYNC" },
	{ "1", 2, "the same as sync" },
	{ "dsync", 4, "O_DSYNC" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice verify_choices[] = {
	{ "0", 0, "no checking" },
	{ "md5", 1, "md5 checksum" },
	{ "crc64", 2, "crc64 checksum" },
	{ "crc32", 3, "crc32 checksum" },
	{ "crc32c-intel", 4, "crc32c checksum" },
	{ "crc32c", 5, "crc32c checksum" },
	{ "crc16", 6, "crc16 checksum" },
	{ "crc7", 7, "crc7 checksum" },
	{ "sha1", 8, "sha1 hash" },
	{ "sha256", 9, "sha256 hash" },
	{ "sha512", 10, "sha512 hash" },
	{ "sha3-224", 11, "sha3-224 hash" },
	{ "sha3-256", 12, "sha3-256 hash" },
	{ "sha3-384", 13, "sha3-384 hash" },
	{ "sha3-512", 14, "sha3-512 hash" },
	{ "xxhash", 15, "xxhash checksum" },
	{ "meta", 16, "header fields only" },
	{ "pattern", 17, "verify_pattern only" },
	{ "null", 18, "pretend" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice mem_choices[] = {
	{ "malloc", MEM_MALLOC, "malloc(3)" },
	{ "shm", MEM_SHM, "System V shared memory" },
	{ "shmhuge", MEM_SHMHUGE, "shared memory in huge pages" },
	{ "mmap", MEM_MMAP, "anonymous or file mmap" },
	{ "mmapshared", MEM_MMAPSHARED, "shared anonymous mmap" },
	{ "mmaphuge", MEM_MMAPHUGE, "mmap in huge pages (anonymous, or of a hugetlbfs file)" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice dedupe_mode_choices[] = {
	{ "repeat", DEDUPE_REPEAT, "repeat the last new buffer" },
	{ "working_set", DEDUPE_WORKING_SET,
	  "one of dedupe_working_set_percentage of the region's blocks, at random" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice rate_process_choices[] = {
	{ "linear", 0, "evenly spaced" },
	{ "poisson", 1, "exponential gaps" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice thinktime_blocks_type_choices[] = {
	{ "complete", 0, "count completed I/Os" },
	{ "issue", 1, "count issued I/Os" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice unified_rw_reporting_choices[] = {
	{ "none", 0, "each direction apart" },
	{ "mixed", 1, "all directions together" },
	{ "both", 2, "apart and together" },
	{ "0", 0, "the same as none" },
	{ "1", 1, "the same as mixed" },
	{ "2", 2, "the same as both" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice cpus_allowed_policy_choices[] = {
	{ "shared", 0, "every clone may use every CPU" },
	{ "split", 1, "each clone gets one CPU" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice continue_on_error_choices[] = {
	{ "none", 0, "stop at the first error" },
	{ "read", 1, "read errors" },
	{ "write", 2, "write errors" },
	{ "io", 3, "read and write errors" },
	{ "verify", 4, "verify errors" },
	{ "all", 7, "every error" },
	{ "0", 0, "the same as none" },
	{ "1", 7, "the same as all" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice exit_what_choices[] = {
	{ "group", 0, "the jobs of this group" },
	{ "stonewall", 1, "the jobs up to the next stonewall" },
	{ "all", 2, "every job" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice zonemode_choices[] = {
	{ "none", 0, "no zones" },
	{ "strided", 1, "zonesize bytes in each zonerange, zoneskip between" },
	{ "zbd", 2, "zoned block devices (not in plio)" },
	{ NULL, 0, NULL },
};

const struct plio_option_choice steadystate_choices[] = {
	{ "iops", 0, "IOPS within LIMIT of the mean" },
	{ "iops_slope", 1, "IOPS slope below LIMIT" },
	{ "bw", 2, "bandwidth within LIMIT of the mean" },
	{ "bw_slope", 3, "bandwidth slope below LIMIT" },
	{ NULL, 0, NULL },
};
