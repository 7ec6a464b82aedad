/*
 * net.c - plugin "net": fio's engines "net" and "netsplice", I/O over a
 * socket.  A job's one "file" is a connection: open_file connects or
 * accepts, each write sends a block, each read receives one.
 *
 * Who does what (fio 3.33's rules, checked against fio itself):
 *   tcp, tcpv6   `listen` decides the role: a listener binds port= on
 *                every address in init and accepts one connection in
 *                open_file; the other side connects to hostname=.  The
 *                direction is the job's own: a listener may write and a
 *                connecting job may read.
 *   udp, udpv6   a job that reads binds port= (and joins the group when
 *                hostname= is an IPv4 multicast address); a job that
 *                writes sends to hostname=:port=.  Either reads or writes.
 *   unix         a job that reads binds the socket named by hostname= (or
 *                filename=) and accepts; a job that writes connects to it.
 * numjobs clones use port+0, port+1, ...  filename= stands for hostname=
 * (fio stores both in one place); it is only a host, never "host,port".
 *
 * The wire, as fio's (so plio and fio talk to each other):
 *   - a UDP sender opens with an 8-byte message, magic 0x6c696e6b and
 *     command 0x98, both big-endian, and the receiver's open_file waits
 *     for it;
 *   - every sender ends with an 8-byte close message, magic 0x6c696e6b
 *     and command 0x89, both little-endian, over TCP and unix too; fio's
 *     receivers send one back when they close, which a sender ignores;
 *   - a UDP datagram (without verify) ends with 24 bytes: magic
 *     0x657375716e556563, sequence number and the datagram's length, each
 *     a little-endian u64, from which the receiver counts lost datagrams
 *     (counter udp_dropped, fio's drop_ios).
 * A job ends cleanly when its stream ends: a receiver at the close
 * message or at end of file on a stream socket, either side when its peer
 * moved nothing until the job's time was up.  The engine reports that as
 * a transfer that moved nothing, which the core takes, for a diskless
 * engine, as the end of the job's stream (fio's net engine sets td->done
 * at the close message; it spins on a bare end of file).
 *
 * Differences from fio, each for a reason:
 *   - a stream receive gets the whole block (recv() again after a short
 *     one, as fio requeues it), so the receiver's io_bytes equal the
 *     sender's; fio's receiver counts fewer bytes than were sent;
 *   - the close message is best effort: fio fails every unix job with
 *     EISCONN sending it, and a TCP sender with ECONNRESET when the
 *     receiver closed first;
 *   - a listener waits for its peer until the job's runtime (ramp_time
 *     included) has passed, then fails with one line; fio waits forever.
 *     A blocked transfer gives up at that time too;
 *   - plio opens files before startdelay= has passed, fio after; so a
 *     refused connect is tried again until the job's startdelay (its upper
 *     bound) has passed, which makes fio's recipe (a listener, and a
 *     sender with startdelay=1) work in one run.  Without startdelay a
 *     refused connect fails at once.  A UDP sender sends its open message
 *     with its first block, not in open_file, for the same reason;
 *   - SO_REUSEPORT only for UDP (multicast receivers sharing a port): a
 *     TCP port another listener has is refused (fio would share it); a
 *     unix socket's path is replaced only when it is a socket nobody
 *     listens on (fio unlinks whatever is there), and removed at the end;
 *   - window_size sets the receive buffer of a job that reads and the send
 *     buffer of one that writes (both with pingpong); fio goes by `listen`;
 *   - netsplice moves a block larger than the pipe in pipe-sized pieces
 *     (fio's vmsplice of a whole block larger than the pipe never returns).
 *
 * netsplice does the same through a pipe for TCP: a write vmsplice(2)s the
 * block into the pipe and splice(2)s it to the socket, a read splices from
 * the socket into the pipe and vmsplices it out into the buffer.  UDP and
 * unix sockets use send/recv under netsplice too, as in fio.  splice(2) to
 * a socket whose peer is gone raises SIGPIPE, so a netsplice job that
 * writes to its socket (a sender, a pingpong receiver) keeps SIGPIPE
 * blocked in its thread while its connection is open, and takes any
 * pending one before it unblocks; plain sends use MSG_NOSIGNAL.
 *
 * Synchronous: each queue() completes.  State is per worker
 * (ctx->engine_data); the only global is the host table.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <plio/plio.h>

static const struct plio_host *host;

enum proto {
	P_TCP = 1,
	P_UDP = 2,
	P_UNIX = 3,
	P_TCP6 = 4,
	P_UDP6 = 5,
};

/* The options block (the core fills it from the table below). */
struct net_opts {
	const char *hostname;
	int64_t port;
	int64_t proto;
	int nodelay;
	int listen;
	int pingpong;
	const char *intfc;
	int64_t ttl;
	int64_t window_size;
	int64_t mss;
};

#define NO(f) ((uint32_t)offsetof(struct net_opts, f))

static const struct plio_option_choice proto_choices[] = {
	{ "tcp", P_TCP, "Transmission Control Protocol" },
	{ "tcpv6", P_TCP6, "Transmission Control Protocol over IPv6" },
	{ "udp", P_UDP, "User Datagram Protocol" },
	{ "udpv6", P_UDP6, "User Datagram Protocol over IPv6" },
	{ "unix", P_UNIX, "UNIX domain stream socket (its path: hostname= or filename=)" },
	{ NULL, 0, NULL },
};

/* Indexes in net_options, for check_options to blame. */
enum { O_HOSTNAME, O_PORT, O_PROTO, O_NODELAY, O_LISTEN, O_PINGPONG, O_INTERFACE,
       O_TTL, O_WINDOW, O_MSS };

static const struct plio_option net_options[] = {
	[O_HOSTNAME] = { .name = "hostname", .type = PLIO_OPT_STR, .offset = NO(hostname),
		.help = "host to connect or send to; for unix the socket's path; for a UDP receiver only a multicast group" },
	[O_PORT] = { .name = "port", .type = PLIO_OPT_INT, .offset = NO(port),
		.min = 1, .max = 65535,
		.help = "TCP or UDP port to bind or connect to (numjobs clones use port, port+1, ...)" },
	[O_PROTO] = { .name = "protocol", .alias = "proto", .type = PLIO_OPT_ENUM,
		.offset = NO(proto), .def = "tcp", PLIO_CHOICES(proto_choices),
		.help = "network protocol to use" },
	[O_NODELAY] = { .name = "nodelay", .type = PLIO_OPT_BOOL, .offset = NO(nodelay),
		.def = "0", .help = "set TCP_NODELAY on TCP connections" },
	[O_LISTEN] = { .name = "listen", .type = PLIO_OPT_BOOL, .offset = NO(listen),
		.def = "0", .help = "TCP: listen for the connection instead of connecting (hostname= omitted)" },
	[O_PINGPONG] = { .name = "pingpong", .type = PLIO_OPT_BOOL, .offset = NO(pingpong),
		.def = "0",
		.help = "a writer waits for each block to come back, a reader sends each one back (round-trip latency)" },
	[O_INTERFACE] = { .name = "interface", .type = PLIO_OPT_STR, .offset = NO(intfc),
		.help = "IPv4 address of the interface that sends or receives UDP multicast" },
	[O_TTL] = { .name = "ttl", .type = PLIO_OPT_INT, .offset = NO(ttl), .def = "1",
		.min = 0, .max = 255, .help = "time-to-live of outgoing UDP multicast packets" },
	[O_WINDOW] = { .name = "window_size", .type = PLIO_OPT_INT, .offset = NO(window_size),
		.def = "0", .min = 0, .max = INT_MAX,
		.help = "socket buffer size (SO_RCVBUF, SO_SNDBUF) of the connection; 0: the system's" },
	[O_MSS] = { .name = "mss", .type = PLIO_OPT_INT, .offset = NO(mss), .def = "0",
		.min = 0, .max = INT_MAX, .help = "TCP maximum segment size (TCP_MAXSEG); 0: the system's" },
};

enum { C_UDP_DROPPED };

static const struct plio_counter net_counters[] = {
	[C_UDP_DROPPED] = { "udp_dropped",
		"UDP datagrams that never arrived, by the sender's sequence numbers (fio's drop_ios)" },
};

/* fio's control messages and the UDP sequence trailer. */
#define LINK_MAGIC 0x6c696e6bu
#define LINK_OPEN 0x98u
#define LINK_CLOSE 0x89u
#define LINK_MSG_LEN 8
#define SEQ_MAGIC 0x657375716e556563ull
#define SEQ_LEN 24

/* Largest UDP payload over IPv4 and IPv6. */
#define UDP_MAX4 65507u
#define UDP_MAX6 65527u

/* How long one blocked socket call waits before the deadline is looked at. */
#define SLICE_MS 200

/* Per-worker state. */
struct net {
	const struct net_opts *o;
	const struct plio_ctx *ctx;	/* its worker's (job_stopping) */
	int proto;
	bool splice;		/* netsplice over TCP */
	bool listener;		/* binds (and accepts, but for UDP) */
	bool reads, writes;	/* the job's directions */
	bool multicast;
	bool seq;		/* UDP sequence trailers (no verify) */
	bool need_open;		/* a UDP sender's open message is still due */
	bool eos;		/* the stream ended */
	bool sigpipe_blocked;	/* netsplice: SIGPIPE blocked in this thread */
	bool sigpipe_was_blocked;
	int listenfd;
	int pipe[2];
	size_t pipe_cap;
	unsigned int port;
	struct sockaddr_storage peer;	/* where to connect or send; a UDP
					 * receiver's last sender */
	socklen_t peer_len;
	char host[256];		/* hostname= or filename=, "" when none */
	dev_t sock_dev;		/* the unix socket this job bound */
	ino_t sock_ino;
	uint64_t wait_ns;	/* how long a listener waits: ramp+runtime; 0 forever */
	uint64_t retry_ns;	/* how long a refused connect is retried */
	uint64_t deadline;	/* when blocked transfers give up; 0: never */
	uint64_t started;	/* first I/O seen */
	uint64_t udp_send_seq, udp_recv_seq;
	bool seq_off;
	uint64_t *counters;
};

static bool is_tcp(int p)
{
	return p == P_TCP || p == P_TCP6;
}

static bool is_udp(int p)
{
	return p == P_UDP || p == P_UDP6;
}

static bool is_v6(int p)
{
	return p == P_TCP6 || p == P_UDP6;
}

static const char *proto_name(int p)
{
	return p == P_TCP ? "tcp" : p == P_TCP6 ? "tcpv6" : p == P_UDP ? "udp" :
	       p == P_UDP6 ? "udpv6" : "unix";
}

/* Whether s is an IPv4 multicast group written as numbers (fio's test). */
static bool is_multicast(const char *s)
{
	struct in_addr a;

	if (!s || inet_pton(AF_INET, s, &a) != 1)
		return false;
	return (ntohl(a.s_addr) >> 28) == 0xe;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put_be32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[3 - i] = (unsigned char)(v >> (8 * i));
}

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void link_msg(unsigned char *m, uint32_t cmd)
{
	if (cmd == LINK_OPEN) {		/* fio writes this one big-endian */
		put_be32(m, LINK_MAGIC);
		put_be32(m + 4, LINK_OPEN);
	} else {			/* and this one little-endian */
		put_le32(m, LINK_MAGIC);
		put_le32(m + 4, LINK_CLOSE);
	}
}

static bool is_link_msg(const void *buf, size_t len, uint32_t cmd)
{
	unsigned char m[LINK_MSG_LEN];

	link_msg(m, cmd);
	return len == LINK_MSG_LEN && !memcmp(buf, m, LINK_MSG_LEN);
}

/* ---------------------------------------------------------------- options */

/*
 * A job's role and directions, from its options and facts: what init and
 * check_options both go by.
 */
static bool role_listener(const struct net_opts *o, const struct plio_job *job)
{
	return is_tcp((int)o->proto) ? o->listen : (job->rw & PLIO_JOB_READ) != 0;
}

static int net_check(const void *options, const struct plio_job *job, char *why,
		     size_t len, uint32_t *option)
{
	const struct net_opts *o = options;
	int p = (int)o->proto;
	bool both = (job->rw & PLIO_JOB_READ) && (job->rw & PLIO_JOB_WRITE);
	struct in_addr a;
	uint64_t bs, max;

	if (job->rw & PLIO_JOB_RANDOM) {
		snprintf(why, len, "network I/O cannot be random: use rw=read or rw=write");
		return -EINVAL;
	}
	if (job->rw & PLIO_JOB_TRIM) {
		snprintf(why, len, "a socket cannot be trimmed: use rw=read or rw=write");
		return -EINVAL;
	}
	if (p == P_UNIX && o->port) {
		*option = O_PORT;
		snprintf(why, len, "not valid with protocol=unix (the socket's path is hostname= or filename=)");
		return -EINVAL;
	}
	if (p != P_UNIX && !o->port) {
		*option = O_PORT;
		snprintf(why, len, "protocol=%s needs a port", proto_name(p));
		return -EINVAL;
	}
	if (!is_tcp(p) && o->listen) {
		*option = O_LISTEN;
		snprintf(why, len, "only for TCP: with protocol=%s a job that reads receives and one that writes sends",
			 proto_name(p));
		return -EINVAL;
	}
	if (!is_tcp(p) && both) {
		snprintf(why, len, "a protocol=%s job either reads (receives) or writes (sends), not both",
			 proto_name(p));
		return -EINVAL;
	}
	if (is_tcp(p) && o->listen && o->hostname && *o->hostname) {
		*option = O_HOSTNAME;
		snprintf(why, len, "a TCP listener takes no hostname (it listens on every address)");
		return -EINVAL;
	}
	if (is_udp(p) && role_listener(o, job) && o->hostname && *o->hostname &&
	    (p == P_UDP6 || !is_multicast(o->hostname))) {
		*option = O_HOSTNAME;
		snprintf(why, len, "a UDP receiver takes a hostname only when it is an IPv4 multicast group (224.0.0.0 to 239.255.255.255): '%s'",
			 o->hostname);
		return -EINVAL;
	}
	if (o->intfc && *o->intfc && inet_pton(AF_INET, o->intfc, &a) != 1) {
		*option = O_INTERFACE;
		snprintf(why, len, "'%s' is not an IPv4 address (the interface's address, not its name)",
			 o->intfc);
		return -EINVAL;
	}
	if (is_udp(p)) {
		max = p == P_UDP6 ? UDP_MAX6 : UDP_MAX4;
		bs = job->max_bs[PLIO_DDIR_READ] > job->max_bs[PLIO_DDIR_WRITE] ?
		     job->max_bs[PLIO_DDIR_READ] : job->max_bs[PLIO_DDIR_WRITE];
		if (bs > max) {
			snprintf(why, len, "a %s datagram holds at most %llu bytes: the block size is %llu",
				 proto_name(p), (unsigned long long)max, (unsigned long long)bs);
			return -EINVAL;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ small parts */

/*
 * A time as the user wrote it for startdelay= ("2", "500ms", "1-3s": the
 * upper bound), or as the core prints ramp_time= ("2s", "500ms", "0"), in
 * nanoseconds; 0 when it does not parse.
 */
static uint64_t text_ns(const char *s)
{
	static const struct {
		const char *sfx;
		uint64_t ns;
	} units[] = {
		{ "us", 1000ull }, { "usec", 1000ull }, { "ms", 1000000ull },
		{ "msec", 1000000ull }, { "s", 1000000000ull }, { "sec", 1000000000ull },
		{ "m", 60000000000ull }, { "min", 60000000000ull },
		{ "h", 3600000000000ull }, { "d", 86400000000000ull }, { "", 1000000000ull },
	};
	const char *dash = strrchr(s, '-');
	char *end;
	unsigned long long v;
	size_t i;

	if (dash)
		s = dash + 1;
	v = strtoull(s, &end, 10);
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcasecmp(end, units[i].sfx))
			return v > UINT64_MAX / units[i].ns ? UINT64_MAX : v * units[i].ns;
	return 0;
}

/* A core option's value as the core gives it, "" when it has none. */
static void job_text(struct plio_ctx *ctx, const char *name, char *buf, size_t len)
{
	buf[0] = '\0';
	if (ctx->host->job_option(ctx, name, buf, len) < 0)
		buf[0] = '\0';
}

static int fail_log(struct plio_ctx *ctx, int err, const char *fmt, ...) PLIO_PRINTF(3, 4);

/* Log why (it becomes the reason in the job's error line); return -err. */
static int fail_log(struct plio_ctx *ctx, int err, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ctx->host->log(ctx, PLIO_LOG_ERROR, "%s", line);
	return -err;
}

/* The job is to end now: a stop (a signal, exitall, its runtime; ABI 1.3's
 * job_stopping, where the core has it). */
static bool stopping(const struct net *n)
{
	return PLIO_HAS(host, job_stopping) && host->job_stopping &&
	       host->job_stopping(n->ctx);
}

static bool past(const struct net *n)
{
	return (n->deadline && host->now_ns() >= n->deadline) || stopping(n);
}

/*
 * Wait until fd has one of events, or n->wait_ns passed since `from`
 * (0: no limit).  1 ready, 0 timed out, -errno (-ECANCELED: the job was
 * stopped meanwhile, looked at every SLICE_MS).  A signal alone does not
 * end the wait: it may be a report request.
 */
static int wait_ready(const struct net *n, int fd, short events, uint64_t from)
{
	struct pollfd p = { .fd = fd, .events = events };
	int ms, rc;

	for (;;) {
		ms = SLICE_MS;
		if (stopping(n))
			return -ECANCELED;
		if (n->wait_ns) {
			uint64_t now = host->now_ns(), end = from + n->wait_ns;

			if (now >= end)
				return 0;
			if ((end - now) / 1000000 + 1 < SLICE_MS)
				ms = (int)((end - now) / 1000000 + 1);
		}
		rc = poll(&p, 1, ms);
		if (rc > 0)
			return 1;
		if (rc < 0 && errno != EINTR)
			return -errno;
	}
}

/* Blocked socket calls wake every SLICE_MS to look at the deadline. */
static int set_slices(int fd)
{
	struct timeval tv = { .tv_sec = SLICE_MS / 1000, .tv_usec = (SLICE_MS % 1000) * 1000 };

	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)))
		return -errno;
	return 0;
}

/* window_size=, mss= on a socket before it connects or listens. */
static int tune(struct plio_ctx *ctx, struct net *n, int fd)
{
	int v;

	if (n->o->window_size) {
		v = (int)n->o->window_size;
		if ((n->reads || n->o->pingpong) &&
		    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)))
			return fail_log(ctx, errno, "window_size=%d: setting SO_RCVBUF: %s", v,
					strerror(errno));
		if ((n->writes || n->o->pingpong) &&
		    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)))
			return fail_log(ctx, errno, "window_size=%d: setting SO_SNDBUF: %s", v,
					strerror(errno));
	}
	if (n->o->mss && is_tcp(n->proto)) {
		v = (int)n->o->mss;
		if (setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &v, sizeof(v)))
			return fail_log(ctx, errno, "mss=%d: setting TCP_MAXSEG: %s", v,
					strerror(errno));
	}
	return 0;
}

static int set_nodelay(struct plio_ctx *ctx, struct net *n, int fd)
{
	int one = 1;

	if (!n->o->nodelay || !is_tcp(n->proto))
		return 0;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		return fail_log(ctx, errno, "nodelay: setting TCP_NODELAY: %s", strerror(errno));
	return 0;
}

/* ------------------------------------------------------------------- init */

/* The address to connect or send to: n->host, port. */
static int resolve(struct plio_ctx *ctx, struct net *n)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	char port[16];
	int rc;

	if (n->proto == P_UNIX) {
		struct sockaddr_un *su = (struct sockaddr_un *)&n->peer;

		su->sun_family = AF_UNIX;
		memcpy(su->sun_path, n->host, strlen(n->host) + 1);
		n->peer_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
					  strlen(n->host) + 1);
		return 0;
	}
	hints.ai_family = is_v6(n->proto) ? AF_INET6 : AF_INET;
	hints.ai_socktype = is_tcp(n->proto) ? SOCK_STREAM : SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(port, sizeof(port), "%u", n->port);
	rc = getaddrinfo(n->host, port, &hints, &res);
	if (rc)
		return fail_log(ctx, rc == EAI_SYSTEM ? errno : EINVAL,
				"cannot resolve host '%s' (%s): %s", n->host, proto_name(n->proto),
				rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
	memcpy(&n->peer, res->ai_addr, res->ai_addrlen);
	n->peer_len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/*
 * A unix socket path this listener may bind: free, or a socket nobody
 * listens on any more (removed).  Anything else there is refused.
 */
static int unix_claim(struct plio_ctx *ctx, struct net *n)
{
	struct stat st;
	int fd, rc;

	if (lstat(n->host, &st))
		return errno == ENOENT ? 0 :
		       fail_log(ctx, errno, "unix socket '%s': %s", n->host, strerror(errno));
	if (!S_ISSOCK(st.st_mode))
		return fail_log(ctx, EEXIST, "unix socket '%s': the path exists and is not a socket: refusing to replace it",
				n->host);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail_log(ctx, errno, "unix socket: %s", strerror(errno));
	rc = connect(fd, (struct sockaddr *)&n->peer, n->peer_len);
	close(fd);
	if (!rc)
		return fail_log(ctx, EADDRINUSE, "unix socket '%s' is in use: another program listens on it",
				n->host);
	if (unlink(n->host) && errno != ENOENT)
		return fail_log(ctx, errno, "unix socket '%s': removing the old one: %s", n->host,
				strerror(errno));
	return 0;
}

/* Bind (and listen on) the listener's socket. */
static int bind_listener(struct plio_ctx *ctx, struct net *n)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	int fd, one = 1, rc;

	if (n->proto == P_UNIX) {
		struct stat st;

		rc = unix_claim(ctx, n);
		if (rc)
			return rc;
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return fail_log(ctx, errno, "unix socket: %s", strerror(errno));
		n->listenfd = fd;
		if (bind(fd, (struct sockaddr *)&n->peer, n->peer_len))
			return fail_log(ctx, errno, "unix socket '%s': bind: %s", n->host,
					strerror(errno));
		if (!stat(n->host, &st)) {
			n->sock_dev = st.st_dev;
			n->sock_ino = st.st_ino;
		}
		if (listen(fd, 10))
			return fail_log(ctx, errno, "unix socket '%s': listen: %s", n->host,
					strerror(errno));
		return 0;
	}
	fd = socket(is_v6(n->proto) ? AF_INET6 : AF_INET,
		    (is_tcp(n->proto) ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail_log(ctx, errno, "%s socket: %s", proto_name(n->proto), strerror(errno));
	n->listenfd = fd;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    (is_udp(n->proto) && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one))))
		return fail_log(ctx, errno, "%s socket: setting SO_REUSEADDR: %s",
				proto_name(n->proto), strerror(errno));
	rc = tune(ctx, n, fd);
	if (rc)
		return rc;
	if (is_v6(n->proto)) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_any;
		s6->sin6_port = htons((uint16_t)n->port);
		len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		s4->sin_port = htons((uint16_t)n->port);
		len = sizeof(*s4);
		if (n->multicast) {
			struct ip_mreq mr = { 0 };

			inet_pton(AF_INET, n->host, &mr.imr_multiaddr);
			mr.imr_interface.s_addr = htonl(INADDR_ANY);
			if (n->o->intfc && *n->o->intfc)
				inet_pton(AF_INET, n->o->intfc, &mr.imr_interface);
			if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr)))
				return fail_log(ctx, errno, "joining multicast group %s: %s", n->host,
						strerror(errno));
			s4->sin_addr = mr.imr_multiaddr;
		}
	}
	if (bind(fd, (struct sockaddr *)&ss, len)) {
		if (errno == EADDRINUSE)
			return fail_log(ctx, errno, "%s port %u is in use: another program has it",
					proto_name(n->proto), n->port);
		return fail_log(ctx, errno, "%s port %u: bind: %s", proto_name(n->proto), n->port,
				strerror(errno));
	}
	if (is_tcp(n->proto) && listen(fd, 10))
		return fail_log(ctx, errno, "%s port %u: listen: %s", proto_name(n->proto), n->port,
				strerror(errno));
	return 0;
}

static int net_init_any(struct plio_ctx *ctx, bool splice)
{
	const struct net_opts *o = ctx->options;
	const struct plio_job *job = ctx->job;
	struct net *n;
	char buf[256];
	uint64_t port;

	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->ctx = ctx;
	ctx->engine_data = n;
	n->listenfd = n->pipe[0] = n->pipe[1] = -1;
	n->o = o;
	n->counters = ctx->counters;
	n->proto = (int)o->proto;
	n->splice = splice && is_tcp(n->proto);
	n->reads = job->rw & PLIO_JOB_READ;
	n->writes = job->rw & PLIO_JOB_WRITE;
	n->listener = role_listener(o, job);
	port = (uint64_t)o->port + ctx->clone_index;
	if (o->port && port > 65535)
		return fail_log(ctx, EINVAL, "port %lld + clone %u is past 65535",
				(long long)o->port, ctx->clone_index);
	n->port = (unsigned int)port;
	if (ctx->nr_files != 1)
		return fail_log(ctx, EINVAL, "one connection per job: nrfiles= and filename= must name one (it has %u)",
				ctx->nr_files);

	/* the host: hostname=, else filename= (fio keeps both in one place) */
	if (o->hostname && *o->hostname)
		snprintf(n->host, sizeof(n->host), "%s", o->hostname);
	else
		job_text(ctx, "filename", n->host, sizeof(n->host));
	n->multicast = n->proto == P_UDP && is_multicast(n->host);
	if (n->proto == P_UNIX) {
		if (!n->host[0])
			return fail_log(ctx, EINVAL, "protocol=unix needs the socket's path: hostname= or filename=");
		if (strlen(n->host) >= sizeof(((struct sockaddr_un *)0)->sun_path))
			return fail_log(ctx, ENAMETOOLONG, "unix socket path '%s' is longer than %zu bytes",
					n->host, sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
	} else if (n->listener && n->host[0] && !n->multicast) {
		return fail_log(ctx, EINVAL, is_tcp(n->proto) ?
				"a TCP listener takes no host (filename='%s'): it listens on every address" :
				"a UDP receiver takes a host only when it is an IPv4 multicast group: '%s'",
				n->host);
	} else if (!n->listener && !n->host[0]) {
		return fail_log(ctx, EINVAL, is_tcp(n->proto) && n->reads ?
				"no host to connect to: set hostname= (or listen, for the side that waits)" :
				"no host to %s: set hostname=", is_tcp(n->proto) ? "connect to" : "send to");
	}

	/* how long to wait for the peer, and how long a refused connect is
	 * tried again */
	job_text(ctx, "ramp_time", buf, sizeof(buf));
	if (job->runtime_us)
		n->wait_ns = job->runtime_us * 1000 + text_ns(buf);
	job_text(ctx, "startdelay", buf, sizeof(buf));
	n->retry_ns = text_ns(buf);
	/* verify data must arrive as written: no sequence trailers then */
	job_text(ctx, "verify", buf, sizeof(buf));
	n->seq = is_udp(n->proto) && (!buf[0] || !strcmp(buf, "0"));

	if (n->splice) {
		long want = (long)(ctx->max_bs > (1u << 16) ? ctx->max_bs : (1u << 16)), got;

		if (pipe2(n->pipe, O_CLOEXEC))
			return fail_log(ctx, errno, "netsplice: pipe: %s", strerror(errno));
		/* a bigger pipe takes a block in fewer pieces; the system's
		 * pipe-max-size may refuse: pieces then */
		if (want > (1 << 20))
			want = 1 << 20;
		(void)fcntl(n->pipe[1], F_SETPIPE_SZ, (int)want);
		got = fcntl(n->pipe[1], F_GETPIPE_SZ);
		n->pipe_cap = got > 0 ? (size_t)got : 4096;
	}
	/* where to connect or send (a unix listener binds that path too) */
	if (!n->listener || n->proto == P_UNIX) {
		int rc = resolve(ctx, n);

		if (rc)
			return rc;
	}
	return n->listener ? bind_listener(ctx, n) : 0;
}

static int net_init(struct plio_ctx *ctx)
{
	return net_init_any(ctx, false);
}

static int netsplice_init(struct plio_ctx *ctx)
{
	return net_init_any(ctx, true);
}

static void net_cleanup(struct plio_ctx *ctx)
{
	struct net *n = ctx->engine_data;
	struct stat st;

	if (!n)
		return;
	if (n->listenfd >= 0)
		close(n->listenfd);
	/* the unix socket this job made, if it is still that one */
	if (n->proto == P_UNIX && n->sock_ino && !lstat(n->host, &st) &&
	    st.st_dev == n->sock_dev && st.st_ino == n->sock_ino)
		unlink(n->host);
	if (n->pipe[0] >= 0)
		close(n->pipe[0]);
	if (n->pipe[1] >= 0)
		close(n->pipe[1]);
	free(n);
	ctx->engine_data = NULL;
}

/* ------------------------------------------------------------ open, close */

static int do_accept(struct plio_ctx *ctx, struct net *n, struct plio_file *f)
{
	uint64_t from = host->now_ns();
	int rc, fd;

	for (;;) {
		rc = wait_ready(n, n->listenfd, POLLIN, from);
		if (rc < 0)
			return fail_log(ctx, -rc, "waiting for a connection: %s", strerror(-rc));
		if (!rc) {
			if (n->proto == P_UNIX)
				return fail_log(ctx, ETIMEDOUT, "nobody connected to '%s' within the job's runtime",
						n->host);
			return fail_log(ctx, ETIMEDOUT, "nobody connected to %s port %u within the job's runtime",
					proto_name(n->proto), n->port);
		}
		fd = accept4(n->listenfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd >= 0)
			break;
		if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED)
			return fail_log(ctx, errno, "accept: %s", strerror(errno));
	}
	f->fd = fd;
	return set_nodelay(ctx, n, fd);
}

/* A UDP receiver waits for the sender's open message (fio's handshake). */
static int udp_wait_open(struct plio_ctx *ctx, struct net *n, struct plio_file *f)
{
	unsigned char m[LINK_MSG_LEN + 1];
	uint64_t from = host->now_ns();
	ssize_t got;
	int rc;

	for (;;) {
		rc = wait_ready(n, f->fd, POLLIN, from);
		if (rc < 0)
			return fail_log(ctx, -rc, "waiting for the sender: %s", strerror(-rc));
		if (!rc)
			return fail_log(ctx, ETIMEDOUT, "no sender opened a stream to %s port %u within the job's runtime",
					proto_name(n->proto), n->port);
		n->peer_len = sizeof(n->peer);
		got = recvfrom(f->fd, m, sizeof(m), MSG_DONTWAIT, (struct sockaddr *)&n->peer,
			       &n->peer_len);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got < 0)
			return fail_log(ctx, errno, "receiving the sender's open message: %s",
					strerror(errno));
		if (is_link_msg(m, (size_t)got, LINK_OPEN))
			return 0;
		return fail_log(ctx, EPROTO, "the first datagram on %s port %u is not a sender's open message (did the sender start before this receiver?)",
				proto_name(n->proto), n->port);
	}
}

static int do_connect(struct plio_ctx *ctx, struct net *n, struct plio_file *f)
{
	uint64_t from = host->now_ns();
	struct timespec pause = { 0, 20 * 1000000 };
	int fd, rc;

	for (;;) {
		fd = socket(n->peer.ss_family, (is_udp(n->proto) ? SOCK_DGRAM : SOCK_STREAM) |
			    SOCK_CLOEXEC, 0);
		if (fd < 0)
			return fail_log(ctx, errno, "%s socket: %s", proto_name(n->proto),
					strerror(errno));
		f->fd = fd;
		rc = tune(ctx, n, fd);
		if (rc)
			return rc;
		if (is_udp(n->proto))
			break;
		if (!connect(fd, (struct sockaddr *)&n->peer, n->peer_len))
			break;
		rc = errno;
		close(fd);
		f->fd = -1;
		/* refused (nobody listens yet): again while the job's
		 * startdelay lasts; fio connects only after it */
		if ((rc == ECONNREFUSED || rc == ENOENT) && host->now_ns() - from < n->retry_ns) {
			nanosleep(&pause, NULL);
			continue;
		}
		if (n->proto == P_UNIX)
			return fail_log(ctx, rc, "connecting to unix socket '%s': %s", n->host,
					strerror(rc));
		return fail_log(ctx, rc, "connecting to %s port %u (%s): %s%s", n->host, n->port,
				proto_name(n->proto), strerror(rc),
				rc == ECONNREFUSED ? ": nothing listens there" : "");
	}
	if (n->multicast) {
		int ttl = (int)n->o->ttl;

		if (n->o->intfc && *n->o->intfc) {
			struct in_addr a;

			inet_pton(AF_INET, n->o->intfc, &a);
			if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a, sizeof(a)))
				return fail_log(ctx, errno, "interface=%s: setting IP_MULTICAST_IF: %s",
						n->o->intfc, strerror(errno));
		}
		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)))
			return fail_log(ctx, errno, "ttl=%d: setting IP_MULTICAST_TTL: %s", ttl,
					strerror(errno));
	}
	if (is_udp(n->proto))
		n->need_open = n->writes;
	return set_nodelay(ctx, n, fd);
}

static int net_open(struct plio_ctx *ctx, struct plio_file *f)
{
	struct net *n = ctx->engine_data;
	int rc;

	n->eos = false;
	if (n->listener && is_udp(n->proto)) {
		f->fd = n->listenfd;	/* the bound socket is the stream */
		rc = udp_wait_open(ctx, n, f);
	} else if (n->listener) {
		rc = do_accept(ctx, n, f);
	} else {
		rc = do_connect(ctx, n, f);
	}
	if (!rc && n->wait_ns && (rc = set_slices(f->fd)))
		rc = fail_log(ctx, -rc, "setting socket timeouts: %s", strerror(-rc));
	/* splice(2) to the socket: a sender, or a receiver that replies */
	if (!rc && n->splice && (n->writes || n->o->pingpong) && !n->sigpipe_blocked) {
		sigset_t pipe_set, old;

		sigemptyset(&pipe_set);
		sigaddset(&pipe_set, SIGPIPE);
		if (!pthread_sigmask(SIG_BLOCK, &pipe_set, &old)) {
			n->sigpipe_blocked = true;
			n->sigpipe_was_blocked = sigismember(&old, SIGPIPE);
		}
	}
	if (rc && f->fd >= 0 && f->fd != n->listenfd)
		close(f->fd);
	if (rc)
		f->fd = -1;
	return rc;
}

/* The close message (fio's), best effort: the peer may be gone. */
static void send_close(struct net *n, int fd)
{
	unsigned char m[LINK_MSG_LEN];

	link_msg(m, LINK_CLOSE);
	if (is_udp(n->proto)) {
		if (n->peer_len)
			(void)sendto(fd, m, sizeof(m), MSG_NOSIGNAL | MSG_DONTWAIT,
				     (struct sockaddr *)&n->peer, n->peer_len);
	} else {
		(void)send(fd, m, sizeof(m), MSG_NOSIGNAL | MSG_DONTWAIT);
	}
}

static int net_close(struct plio_ctx *ctx, struct plio_file *f)
{
	struct net *n = ctx->engine_data;
	int rc = 0;

	if (f->fd < 0)
		return 0;
	/* a UDP sender that sent nothing never opened: it says nothing */
	if (!n->need_open)
		send_close(n, f->fd);
	if (f->fd != n->listenfd && close(f->fd))
		rc = -errno;
	f->fd = -1;
	if (n->sigpipe_blocked) {
		sigset_t pipe_set;
		struct timespec zero = { 0, 0 };

		sigemptyset(&pipe_set);
		sigaddset(&pipe_set, SIGPIPE);
		/* a SIGPIPE a splice raised is taken here, not delivered */
		while (sigtimedwait(&pipe_set, NULL, &zero) == SIGPIPE)
			;
		if (!n->sigpipe_was_blocked)
			pthread_sigmask(SIG_UNBLOCK, &pipe_set, NULL);
		n->sigpipe_blocked = false;
	}
	return rc;
}

/* No size: a stream. */
static int net_file_size(struct plio_ctx *ctx, struct plio_file *f, uint64_t *size)
{
	(void)ctx;
	(void)f;
	*size = 0;
	return -ENOTSUP;
}

/* --------------------------------------------------------------- transfer */

/* What a transfer call's failure means: go on (a signal, a time slice
 * before the deadline), stop with what moved (the deadline), or fail. */
enum { GO_ON, TIME_UP, FAILED };

static int why_stopped(const struct net *n, int err)
{
	if (err == EINTR)
		return GO_ON;
	if (err == EAGAIN || err == EWOULDBLOCK)
		return past(n) ? TIME_UP : GO_ON;
	return FAILED;
}

/*
 * Send len bytes on a stream socket.  Returns the bytes sent (all of
 * them, fewer when the deadline came) or -errno when nothing went.
 */
static int64_t stream_send(struct net *n, int fd, const char *buf, size_t len, int flags)
{
	size_t put = 0;

	while (put < len) {
		ssize_t r = send(fd, buf + put, len - put, flags | MSG_NOSIGNAL);

		if (r > 0) {
			put += (size_t)r;
			continue;
		}
		if (r < 0 && why_stopped(n, errno) == GO_ON)
			continue;
		if (r < 0 && why_stopped(n, errno) == FAILED && !put)
			return -errno;
		break;
	}
	return (int64_t)put;
}

/*
 * Receive up to len bytes from a stream socket: all of them unless the
 * stream ends (n->eos) or the deadline comes first.  recv() in a loop,
 * as fio requeues a short one: MSG_WAITALL measured 15% slower on
 * loopback (the receiver wakes and sleeps again until the whole block is
 * there).  A close message at
 * the stream's end is not data.  Returns the bytes or -errno.
 */
static int64_t stream_recv(struct net *n, int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = recv(fd, buf + got, len - got, 0);

		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (!r) {
			n->eos = true;
			break;
		}
		if (why_stopped(n, errno) == GO_ON)
			continue;
		if (why_stopped(n, errno) == FAILED && !got)
			return -errno;
		break;
	}
	if (n->eos && got >= LINK_MSG_LEN &&
	    is_link_msg(buf + got - LINK_MSG_LEN, LINK_MSG_LEN, LINK_CLOSE))
		got -= LINK_MSG_LEN;
	return (int64_t)got;
}

/* Whatever is left in the pipe after a failure is read out, so the next
 * transfer does not carry it. */
static void pipe_flush(struct net *n, char *scratch, size_t len)
{
	while (len) {
		ssize_t r = read(n->pipe[0], scratch, len);

		if (r <= 0)
			break;
		len -= (size_t)r;
	}
}

/* netsplice's send: the block through the pipe, a pipe at a time. */
static int64_t splice_send(struct net *n, int fd, char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		struct iovec iov = { buf + done, len - done < n->pipe_cap ? len - done : n->pipe_cap };
		ssize_t in = vmsplice(n->pipe[1], &iov, 1, 0);
		size_t left;

		if (in < 0 && errno == EINTR)
			continue;
		if (in <= 0)
			return done ? (int64_t)done : -errno;
		for (left = (size_t)in; left;) {
			ssize_t out = splice(n->pipe[0], NULL, fd, NULL, left, SPLICE_F_MOVE);

			if (out > 0) {
				left -= (size_t)out;
				continue;
			}
			if (out < 0 && why_stopped(n, errno) == GO_ON)
				continue;
			{
				int err = out < 0 ? errno : EPIPE;

				pipe_flush(n, buf + done, left);
				done += (size_t)in - left;
				if (done || why_stopped(n, err) == TIME_UP)
					return (int64_t)done;
				return -err;
			}
		}
		done += (size_t)in;
	}
	return (int64_t)done;
}

/* netsplice's receive: from the socket into the pipe, out into buf. */
static int64_t splice_recv(struct net *n, int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		size_t want = len - got < n->pipe_cap ? len - got : n->pipe_cap, left;
		ssize_t in = splice(fd, NULL, n->pipe[1], NULL, want, SPLICE_F_MOVE);

		if (!in) {
			n->eos = true;
			break;
		}
		if (in < 0 && why_stopped(n, errno) == GO_ON)
			continue;
		if (in < 0) {
			if (why_stopped(n, errno) == FAILED && !got)
				return -errno;
			break;
		}
		for (left = (size_t)in; left;) {
			struct iovec iov = { buf + got, left };
			ssize_t out = vmsplice(n->pipe[0], &iov, 1, 0);

			if (out > 0) {
				got += (size_t)out;
				left -= (size_t)out;
				continue;
			}
			if (out < 0 && errno == EINTR)
				continue;
			pipe_flush(n, buf + got, left);
			return got ? (int64_t)got : -(out < 0 ? errno : EIO);
		}
	}
	if (n->eos && got >= LINK_MSG_LEN &&
	    is_link_msg(buf + got - LINK_MSG_LEN, LINK_MSG_LEN, LINK_CLOSE))
		got -= LINK_MSG_LEN;
	return (int64_t)got;
}

/* One UDP datagram out; the sequence trailer replaces its last 24 bytes
 * on the wire (the buffer itself is left alone). */
static int64_t udp_send(struct net *n, int fd, char *buf, size_t len)
{
	unsigned char trailer[SEQ_LEN];
	struct iovec iov[2] = { { buf, len }, { trailer, 0 } };
	struct msghdr mh = {
		.msg_name = &n->peer, .msg_namelen = n->peer_len, .msg_iov = iov, .msg_iovlen = 1,
	};
	ssize_t r;

	if (n->seq && len >= SEQ_LEN) {
		put_le64(trailer, SEQ_MAGIC);
		put_le64(trailer + 8, n->udp_send_seq++);
		put_le64(trailer + 16, len);
		iov[0].iov_len = len - SEQ_LEN;
		iov[1].iov_len = SEQ_LEN;
		mh.msg_iovlen = 2;
	}
	do
		r = sendmsg(fd, &mh, MSG_NOSIGNAL);
	while (r < 0 && why_stopped(n, errno) == GO_ON);
	if (r < 0)
		return why_stopped(n, errno) == TIME_UP ? 0 : -errno;
	return (int64_t)r;
}

/* fio's loss count: a datagram whose trailer says it is not the next. */
static void udp_seq_check(struct net *n, const unsigned char *buf, size_t len)
{
	const unsigned char *t = buf + len - SEQ_LEN;
	uint64_t seq;

	if (n->seq_off || len < SEQ_LEN || get_le64(t) != SEQ_MAGIC)
		return;
	if (get_le64(t + 16) != len) {
		n->seq_off = true;	/* not trailers after all */
		return;
	}
	seq = get_le64(t + 8);
	if (seq > n->udp_recv_seq)
		n->counters[C_UDP_DROPPED] += seq - n->udp_recv_seq;
	n->udp_recv_seq = seq + 1;
}

/* One UDP datagram in (the stream ends at the close message). */
static int64_t udp_recv(struct net *n, int fd, char *buf, size_t len)
{
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	ssize_t r;

	for (;;) {
		r = recvfrom(fd, buf, len, 0, (struct sockaddr *)&from, &flen);
		if (r >= 0 || why_stopped(n, errno) != GO_ON)
			break;
		flen = sizeof(from);
	}
	if (r < 0)
		return why_stopped(n, errno) == TIME_UP ? 0 : -errno;
	if (is_link_msg(buf, (size_t)r, LINK_CLOSE)) {
		n->eos = true;
		return 0;
	}
	if (n->listener) {	/* a pingpong reply goes back there */
		memcpy(&n->peer, &from, flen);
		n->peer_len = flen;
	}
	if (n->seq)
		udp_seq_check(n, (const unsigned char *)buf, (size_t)r);
	return r;
}

static int64_t xfer_send(struct net *n, int fd, char *buf, size_t len, bool more)
{
	if (is_udp(n->proto))
		return udp_send(n, fd, buf, len);
	if (n->splice)
		return splice_send(n, fd, buf, len);
	return stream_send(n, fd, buf, len, more ? MSG_MORE : 0);
}

static int64_t xfer_recv(struct net *n, int fd, char *buf, size_t len)
{
	if (is_udp(n->proto))
		return udp_recv(n, fd, buf, len);
	if (n->splice)
		return splice_recv(n, fd, buf, len);
	return stream_recv(n, fd, buf, len);
}

static int net_queue(struct plio_ctx *ctx, struct plio_io_u *u)
{
	struct net *n = ctx->engine_data;
	int fd = u->file->fd;
	int64_t r, back;

	u->error = 0;
	u->result = 0;
	if (u->ddir != PLIO_DDIR_READ && u->ddir != PLIO_DDIR_WRITE)
		return PLIO_Q_COMPLETED;	/* a sync: nothing to do on a socket */
	if (__builtin_expect(!n->started, 0)) {
		n->started = host->now_ns();
		if (n->wait_ns)
			n->deadline = n->started + n->wait_ns;
	}
	if (n->eos)
		return PLIO_Q_COMPLETED;	/* the stream ended: nothing more */
	if (u->ddir == PLIO_DDIR_WRITE) {
		if (__builtin_expect(n->need_open, 0)) {
			unsigned char m[LINK_MSG_LEN];

			link_msg(m, LINK_OPEN);
			if (sendto(fd, m, sizeof(m), MSG_NOSIGNAL, (struct sockaddr *)&n->peer,
				   n->peer_len) < 0) {
				u->error = errno;
				return PLIO_Q_COMPLETED;
			}
			n->need_open = false;
		}
		/* more to come: let TCP fill its segments (fio's MSG_MORE) */
		r = xfer_send(n, fd, u->buf, u->length,
			      !n->o->pingpong && u->offset + u->length <
			      u->file->io_offset + u->file->io_size);
		if (r > 0 && n->o->pingpong) {
			back = xfer_recv(n, fd, u->buf, (size_t)r);
			if (back < 0)
				r = back;
			else if (!back)
				r = -ECONNRESET;	/* gone before it replied */
		}
	} else {
		r = xfer_recv(n, fd, u->buf, u->length);
		if (r > 0 && n->o->pingpong) {
			back = xfer_send(n, fd, u->buf, (size_t)r, false);
			if (back < 0)
				r = back;
		}
	}
	if (r < 0) {
		u->error = (int32_t)-r;
		return PLIO_Q_COMPLETED;
	}
	/* 0 moved (the stream ended, or the deadline came first): the core
	 * ends a diskless engine's job there */
	u->result = r;
	return PLIO_Q_COMPLETED;
}

/* ---------------------------------------------------------------- plugin */

#define NET_CAPS (PLIO_CAP_SYNC | PLIO_CAP_DISKLESS | PLIO_CAP_NODIRECT)

static const struct plio_engine net_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct net_opts),
	.name = "net",
	.help = "I/O over a TCP, UDP or unix socket: writes send, reads receive (fio's net)",
	.caps = NET_CAPS,
	.options = PLIO_OPTIONS(net_options),
	.init = net_init,
	.cleanup = net_cleanup,
	.open_file = net_open,
	.close_file = net_close,
	.file_size = net_file_size,
	.queue = net_queue,
	.check_options = net_check,
	PLIO_COUNTERS(net_counters),
};

static const struct plio_engine netsplice_engine = {
	.struct_size = sizeof(struct plio_engine),
	.options_size = sizeof(struct net_opts),
	.name = "netsplice",
	.help = "like net, but TCP data goes through a pipe with splice(2) and vmsplice(2) (fio's netsplice)",
	.caps = NET_CAPS,
	.options = PLIO_OPTIONS(net_options),
	.init = netsplice_init,
	.cleanup = net_cleanup,
	.open_file = net_open,
	.close_file = net_close,
	.file_size = net_file_size,
	.queue = net_queue,
	.check_options = net_check,
	PLIO_COUNTERS(net_counters),
};

static const struct plio_engine *const net_engines[] = { &net_engine, &netsplice_engine, NULL };

static const struct plio_plugin net_plugin = {
	PLIO_PLUGIN_HEADER(1),
	.name = "net",
	.version = "1.0",
	.license = "MIT",
	.description = "the net and netsplice engines (I/O over sockets)",
	.engines = net_engines,
};

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *h)
{
	host = h;
	return &net_plugin;
}
