/*
 * probe.c - loading plugin files in a child first (see loader.c).
 *
 * A plugin runs code as soon as it is opened (its constructors) and when
 * its entry is called, and the registry then reads the descriptor it
 * returned; any of these may crash or never return.  So a forked child
 * loads a batch of files first, in the same order, exactly as the process
 * would, writing the index of each file it finished to a pipe; the process
 * loads each file once the child has finished it (the two overlap).  A
 * child that dies (a signal, an exit) or makes no progress for the time
 * limit names the file it was on: that file is refused with the reason,
 * the child is reaped (killed first when it hangs), and a new child goes
 * on with the next file.
 *
 * The child's stdout and stderr go to /dev/null (the process prints the
 * same warnings when it loads the files itself) and it leaves with
 * _exit(), so no stdio buffer or atexit handler of the process runs twice.
 * The loader runs on the main thread before any worker exists, so the
 * child is a copy of a single-threaded process.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plugin/internal.h"

/* How long a file may take to load before it counts as hung, unless
 * PLIO_PLUGIN_LOAD_TIMEOUT (seconds, 1 to 3600) says otherwise. */
#define PROBE_TIMEOUT_S 10

static int probe_timeout_ms(void)
{
	const char *env = getenv("PLIO_PLUGIN_LOAD_TIMEOUT");
	char *end;
	long s;

	if (!env || !*env)
		return PROBE_TIMEOUT_S * 1000;
	errno = 0;
	s = strtol(env, &end, 10);
	if (errno || *end || s < 1 || s > 3600) {
		log_warn("PLIO_PLUGIN_LOAD_TIMEOUT: '%s' is not 1 to 3600 seconds; %d used",
			 env, PROBE_TIMEOUT_S);
		return PROBE_TIMEOUT_S * 1000;
	}
	return (int)s * 1000;
}

/* The child: load files[from..n), reporting each one done. */
static _Noreturn void probe_child(int fd, struct probe_file *files, size_t from, size_t n)
{
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	size_t i;

	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
	}
	signal(SIGPIPE, SIG_DFL);
	for (i = from; i < n; i++) {
		uint32_t done = (uint32_t)i;

		loader_load_now(&files[i]);
		if (write(fd, &done, sizeof(done)) != (ssize_t)sizeof(done))
			_exit(2);
	}
	_exit(0);
}

/* Why the child stopped at a file. */
static char *probe_why(int status, bool hung, int timeout_ms)
{
	if (hung)
		return reg_fmt("did not finish loading within %d s (its constructor or %s hangs); not loaded",
			       timeout_ms / 1000, PLIO_ENTRY_SYMBOL);
	if (WIFSIGNALED(status))
		return reg_fmt("crashed while loading (signal %d, %s); not loaded",
			       WTERMSIG(status), strsignal(WTERMSIG(status)));
	if (WIFEXITED(status))
		return reg_fmt("ended the process while loading (exit status %d); not loaded",
			       WEXITSTATUS(status));
	return reg_fmt("stopped the process while loading; not loaded");
}

/* Start a child loading files[from..n); its pid, with *fd the read end of
 * its progress pipe, or -1 (a warning says so) when it cannot start. */
static pid_t probe_start(struct probe_file *files, size_t from, size_t n, int *fd)
{
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC)) {
		log_warn("cannot try plugins in a child first (pipe: %s): loading them directly",
			 strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		log_warn("cannot try plugins in a child first (fork: %s): loading them directly",
			 strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		probe_child(fds[1], files, from, n);
	}
	close(fds[1]);
	*fd = fds[0];
	return pid;
}

/*
 * Load files[0..n) here, each one only after a child loaded it first; the
 * two overlap (this process loads file i while the child goes on with
 * i + 1).  A file that kills the child, or on which it makes no progress
 * for the time limit (it is killed), is refused with the reason, and a new
 * child goes on after it.
 */
void loader_probe_load(struct probe_file *files, size_t n)
{
	int timeout_ms = probe_timeout_ms();
	size_t from = 0, next;

	while (from < n) {
		struct pollfd pfd = { .events = POLLIN };
		bool hung = false;
		int status = 0;
		uint32_t done;
		pid_t pid;

		pid = probe_start(files, from, n, &pfd.fd);
		if (pid < 0)
			break;
		next = from;
		for (;;) {
			int r = poll(&pfd, 1, timeout_ms);
			ssize_t got;

			if (r < 0 && errno == EINTR)
				continue;
			if (r == 0) {
				hung = true;
				kill(pid, SIGKILL);
				break;
			}
			got = read(pfd.fd, &done, sizeof(done));
			if (got < 0 && errno == EINTR)
				continue;
			if (got != (ssize_t)sizeof(done))
				break;	/* end of file: the child is gone */
			while (next <= done && next < n)
				loader_load_now(&files[next++]);
		}
		close(pfd.fd);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (next >= n)
			return;	/* every file loaded in the child, and here */
		files[next].why = probe_why(status, hung, timeout_ms);
		log_debug(DBG_PLUGIN, "%s: %s", files[next].path, files[next].why);
		loader_load_now(&files[next]);
		from = next + 1;
	}
	for (next = from; next < n; next++)
		loader_load_now(&files[next]);
}
