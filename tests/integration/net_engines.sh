#!/bin/sh
# net_engines: the net and netsplice engines over loopback, each side seen
# from the other.  A receiver and a sender (two plio processes, and two
# jobs of one run) for tcp, udp and unix: the receiver's bytes are the
# sender's, and the receiver, asked for more, ends cleanly at the sender's
# close message.  A peer that is neither plio nor fio (net_peer.py) sees
# fio's wire: the close message, the UDP open message and sequence
# trailers; it echoes for pingpong; it ends a stream without the close
# message; it skips sequence numbers, which the receiver counts as lost.
# strace shows netsplice moving the bytes through splice(2) and
# vmsplice(2).  With fio installed, plio and fio talk to each other both
# ways.  Multicast over loopback where the machine allows it.  Refusals:
# one line each, at once (a listener nobody calls: at its runtime).
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

PEER="$PYTHON $TOP_SRCDIR/tests/integration/net_peer.py"
TMO="timeout -s KILL 60"
MB=1048576

# a TCP port free now (UDP's of the same number is taken to be free too)
free_port() {
	$PYTHON -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_bound tcp|udp|unix PORT|PATH: until something listens on the TCP
# port, has the UDP port bound, or the unix socket exists (10 s at most)
wait_bound() {
	_hex=:$(printf '%04X' "$2" 2>/dev/null)
	_i=0
	while [ $_i -lt 200 ]; do
		case $1 in
		tcp) awk -v h="$_hex" '$4 == "0A" && substr($2, length($2) - 4) == h { f = 1 }
			END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null && return 0 ;;
		udp) awk -v h="$_hex" 'substr($2, length($2) - 4) == h { f = 1 }
			END { exit !f }' /proc/net/udp /proc/net/udp6 2>/dev/null && return 0 ;;
		*) [ -S "$2" ] && return 0 ;;
		esac
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}

# start_rx NAME KIND WHERE CMD...: CMD in the background (run_bg), then
# wait until it is bound at WHERE
start_rx() {
	_n=$1
	_k=$2
	_w=$3
	shift 3
	run_bg "$_n" $TMO "$@"
	wait_bound "$_k" "$_w" || fail "$_n: nothing bound at $_w within 10 s"
}

# wait_ready FILE: a peer wrote it once it listens
wait_ready() {
	_i=0
	while [ ! -s "$1" ] && [ $_i -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}

# the options of each side, by protocol: PORT or SOCK stand for the
# port and the socket's path
rx_opts() {
	case $1 in
	tcp) echo "--listen --port=$2" ;;
	udp) echo "--protocol=udp --port=$2 --window_size=4m" ;;
	unix) echo "--protocol=unix --filename=$3" ;;
	esac
}
tx_opts() {
	case $1 in
	tcp) echo "--hostname=127.0.0.1 --port=$2" ;;
	udp) echo "--protocol=udp --hostname=127.0.0.1 --port=$2 --rate=16m" ;;
	unix) echo "--protocol=unix --filename=$3 --startdelay=300ms" ;;
	esac
}
bound_at() {
	case $1 in
	unix) echo "$3" ;;
	*) echo "$2" ;;
	esac
}

# --- plio to plio, two processes: the receiver asks for 4 MiB, the sender
# sends 1 MiB; the receiver ends at the close message with what was sent
for e in net netsplice; do
	for p in tcp udp unix; do
		port=$(free_port)
		sock=$T/$e.$p.sock
		d="$e $p"
		# shellcheck disable=SC2046
		start_rx rx "$p" "$(bound_at $p "$port" "$sock")" "$PLIO" --name=rx --ioengine=$e \
			$(rx_opts $p "$port" "$sock") --rw=read --bs=4k --size=4m --output-format=json
		# shellcheck disable=SC2046
		run_ok "$d: sender" $TMO "$PLIO" --name=tx --ioengine=$e $(tx_opts $p "$port" "$sock") \
			--rw=write --bs=4k --size=1m --output-format=json && cp "$T/out" "$T/tx.json" &&
			jexpect "$d: the sender sent 1 MiB" "$T/tx.json" "jobs.0.write.io_bytes == $MB" \
				"jobs.0.error == 0"
		wait_ok "$d: receiver (ends at the close message)" rx &&
			jexpect "$d: the receiver got the sender's bytes" "$T/out" \
				"jobs.0.read.io_bytes == $MB" "jobs.0.read.total_ios == 256" \
				"jobs.0.error == 0"
		if [ $p = unix ]; then
			[ ! -e "$sock" ] && pass || fail "$d: the receiver left its socket $sock behind"
		fi
	done
done

# --- what a sender puts on the wire, seen by a peer that is not plio
for e in net netsplice; do
	port=$(free_port)
	rm -f "$T/ready"
	run_bg peer $TMO $PEER tcp-sink "$port" "$T/peer.json" "$T/ready"
	wait_ready "$T/ready"
	run_ok "$e tcp to a plain sink" $TMO "$PLIO" --name=tx --ioengine=$e --hostname=127.0.0.1 \
		--port="$port" --rw=write --bs=64k --size=1m --output=/dev/null
	wait "$(cat "$T/peer.pid")"
	jexpect "$e tcp: the sink got 1 MiB, then fio's close message" "$T/peer.json" \
		"bytes == $((MB + 8))" "close_msg == True"
done
port=$(free_port)
rm -f "$T/ready"
run_bg peer $TMO $PEER udp-sink "$port" "$T/peer.json" "$T/ready"
wait_ready "$T/ready"
run_ok "udp to a plain sink" $TMO "$PLIO" --name=tx --ioengine=net --protocol=udp \
	--hostname=127.0.0.1 --port="$port" --rw=write --bs=4k --size=256k --rate=8m --output=/dev/null
wait "$(cat "$T/peer.pid")"
jexpect "udp: open message, 64 datagrams with in-order sequence trailers, close message" \
	"$T/peer.json" "open_msg == True" "datagrams == 64" "bytes == 262144" "trailers == 64" \
	"seqs_in_order == True" "bs_ok == True" "close_msg == True"

# --- what a receiver takes from a peer that is not plio
port=$(free_port)
start_rx rx tcp "$port" "$PLIO" --name=rx --ioengine=net --listen --port="$port" --rw=read \
	--bs=4k --size=4m --output-format=json
run_ok "a peer sends 100000 bytes and closes, no close message" $TMO $PEER tcp-send "$port" \
	100000 0 "$T/peer.json"
wait_ok "receiver ends at a bare end of stream (fio spins there)" rx &&
	jexpect "it counted the 100000 bytes" "$T/out" "jobs.0.read.io_bytes == 100000" \
		"jobs.0.error == 0"
port=$(free_port)
start_rx rx udp "$port" "$PLIO" --name=rx --ioengine=net --protocol=udp --port="$port" \
	--rw=read --bs=4k --size=1m --output-format=json
run_ok "a peer sends datagrams 0,1,2,5,6 of a stream" $TMO $PEER udp-send "$port" 4096 0,1,2,5,6 \
	"$T/peer.json"
wait_ok "udp receiver" rx &&
	jexpect "udp: 5 datagrams in, 2 counted lost (fio's drop_ios)" "$T/out" \
		"jobs.0.read.io_bytes == 20480" "jobs.0.engine_counters.udp_dropped == 2"

# --- pingpong, both ways, against an echo and a pinger
for e in net netsplice; do
	port=$(free_port)
	rm -f "$T/ready"
	run_bg peer $TMO $PEER tcp-echo "$port" 4096 "$T/peer.json" "$T/ready"
	wait_ready "$T/ready"
	run_ok "$e: pingpong sender against an echo" $TMO "$PLIO" --name=tx --ioengine=$e \
		--hostname=127.0.0.1 --port="$port" --rw=write --bs=4k --size=64k --pingpong \
		--output-format=json &&
		jexpect "$e: the pingpong sender counted its 16 round trips" "$T/out" \
			"jobs.0.write.io_bytes == 65536" "jobs.0.write.total_ios == 16"
	wait "$(cat "$T/peer.pid")"
	jexpect "$e: the echo sent 16 blocks back, then saw the close message" "$T/peer.json" \
		"blocks == 16" "close_msg == True"
	port=$(free_port)
	start_rx rx tcp "$port" "$PLIO" --name=rx --ioengine=$e --listen --port="$port" --rw=read \
		--bs=4k --size=1m --pingpong --output-format=json
	run_ok "$e: a pinger against a pingpong receiver" $TMO $PEER tcp-ping "$port" 4096 32 \
		"$T/peer.json"
	wait_ok "$e: pingpong receiver" rx &&
		jexpect "$e: the receiver took 32 blocks" "$T/out" "jobs.0.read.io_bytes == 131072"
	jexpect "$e: every block came back as it went" "$T/peer.json" "same == 32"
done

# --- one run, two jobs: fio's recipe (the sender starts a second later)
for p in tcp udp unix; do
	port=$(free_port)
	sock=$T/one.sock
	case $p in
	tcp) rx="listen" tx="hostname=127.0.0.1" ;;
	udp) rx="protocol=udp
window_size=4m" tx="protocol=udp
hostname=127.0.0.1
rate=16m" ;;
	unix) rx="protocol=unix
filename=$sock" tx="protocol=unix
filename=$sock" ;;
	esac
	[ $p = unix ] && port=
	cat >"$T/one.fio" <<EOF
[global]
ioengine=net
${port:+port=$port}
bs=8k
size=2m
runtime=30

[receiver]
$rx
rw=read

[sender]
$tx
startdelay=1
rw=write
EOF
	run_ok "$p: a receiver and a sender in one run" $TMO "$PLIO" "$T/one.fio" --output-format=json &&
		jexpect "$p: in one run, the receiver got the sender's 2 MiB" "$T/out" \
			"jobs.0.read.io_bytes == 2097152" "jobs.1.write.io_bytes == 2097152" \
			"jobs.0.error == 0" "jobs.1.error == 0"
done
# the roles turned round: the listener writes, the connecting job reads,
# both pingpong, through netsplice; numjobs=2 on port and port+1
port=$(free_port)
cat >"$T/pp.fio" <<EOF
[global]
ioengine=netsplice
port=$port
bs=16k
size=512k
pingpong
numjobs=2
runtime=30

[writer]
listen
rw=write

[reader]
hostname=127.0.0.1
startdelay=1
rw=read
EOF
run_ok "netsplice pingpong: a listener that writes, a reader that connects, two pairs" $TMO \
	"$PLIO" "$T/pp.fio" --output-format=json &&
	jexpect "each of the two pairs moved 512 KiB each way" "$T/out" \
		"jobs.0.write.io_bytes == 524288" "jobs.1.write.io_bytes == 524288" \
		"jobs.2.read.io_bytes == 524288" "jobs.3.read.io_bytes == 524288"

# --- netsplice moves the bytes through the pipe: vmsplice in, splice out
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true >/dev/null 2>&1; then
	port=$(free_port)
	start_rx rx tcp "$port" "$PLIO" --name=rx --ioengine=net --listen --port="$port" --rw=read \
		--bs=64k --size=1m --output=/dev/null
	# (LeakSanitizer cannot run under ptrace: a sanitizer build's leak
	# check is left out of this one run)
	run_ok "netsplice sender under strace" $TMO env \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f \
		-e trace=splice,vmsplice,sendto -o "$T/st" "$PLIO" --name=tx --ioengine=netsplice --hostname=127.0.0.1 --port="$port" \
		--rw=write --bs=64k --size=1m --output=/dev/null
	wait_ok "receiver of the traced sender" rx
	pyq_py "netsplice: 1 MiB vmspliced into the pipe and spliced to the socket, no plain send" \
		"$T/st" <<'PY'
import re, sys
tot = {"splice": 0, "vmsplice": 0, "sendto": 0}
for l in open(sys.argv[1]):
    m = re.search(r"\b(splice|vmsplice|sendto)\(.*\)\s+= (\d+)", l)
    if m:
        tot[m.group(1)] += int(m.group(2))
# the close message goes by send(2): 8 bytes
assert tot["vmsplice"] == 1048576 and tot["splice"] == 1048576 and tot["sendto"] == 8, tot
PY
else
	skip_part "strace is not installed: netsplice's calls not traced"
fi

# --- plio and fio talk to each other, both ways
if command -v fio >/dev/null 2>&1; then
	FIO="fio --thread"
	for e in net netsplice; do
		for p in tcp udp unix; do
			[ $e = netsplice ] && [ $p != tcp ] && continue	# plain send/recv there
			d="$e $p"
			port=$(free_port)
			sock=$T/fio.sock
			# fio's UDP receiver, asked for 4 MiB, ends only at plio's
			# close message.  Over a stream fio finds that message only
			# when one recv() returns just it, which its short receives
			# make a matter of luck (its netsplice never looks): asked for
			# what is sent, it ends by its size (and counts a little less
			# than arrived)
			rxsize=1m
			[ $p = udp ] && rxsize=4m
			# shellcheck disable=SC2046
			start_rx rx "$p" "$(bound_at $p "$port" "$sock")" $FIO --name=rx --ioengine=$e \
				$(rx_opts $p "$port" "$sock") --rw=read --bs=4k --size=$rxsize --output-format=json
			# shellcheck disable=SC2046
			run_ok "$d: plio sends to fio" $TMO "$PLIO" --name=tx --ioengine=$e \
				$(tx_opts $p "$port" "$sock") --rw=write --bs=4k --size=1m --output-format=json &&
				jexpect "$d: plio sent 1 MiB to fio" "$T/out" "jobs.0.write.io_bytes == $MB"
			# fio's unix jobs fail sending their own close message
			# (EISCONN, 106): the bytes are what counts there
			ferr=0
			[ $p = unix ] && ferr=106
			wait "$(cat "$T/rx.pid")"
			frc=$?
			[ $frc -eq $((ferr ? 1 : 0)) ] && pass ||
				fail "$d: fio's receiver exited $frc: $(cat "$T/rx.err")"
			jexpect "$d: fio received plio's bytes" "$T/rx.out" "jobs.0.error == $ferr" \
				"jobs.0.read.io_bytes > $((MB * 9 / 10))" "jobs.0.read.io_bytes <= $MB"
			rm -f "$sock"
			# shellcheck disable=SC2046
			start_rx rx "$p" "$(bound_at $p "$port" "$sock")" "$PLIO" --name=rx --ioengine=$e \
				$(rx_opts $p "$port" "$sock") --rw=read --bs=4k --size=4m --output-format=json
			# shellcheck disable=SC2046
			$TMO $FIO --name=tx --ioengine=$e $(tx_opts $p "$port" "$sock" | sed 's/--startdelay=300ms//') \
				--rw=write --bs=4k --size=1m --output-format=json >"$T/fio.json" 2>"$T/fio.err"
			# fio's unix sender fails sending its close message (EISCONN)
			jexpect "$d: fio sent 1 MiB to plio" "$T/fio.json" "jobs.0.write.io_bytes == $MB"
			wait_ok "$d: plio's receiver ends at fio's close message" rx &&
				jexpect "$d: plio received fio's bytes, all of them" "$T/out" \
					"jobs.0.read.io_bytes == $MB" "jobs.0.error == 0"
		done
	done
else
	skip_part "fio is not installed: plio and fio not paired"
fi

# --- multicast over loopback: two receivers in one group on one port
# (SO_REUSEPORT), one sender
grp=239.255.$(($$ % 200 + 1)).$(($$ % 250 + 1))
port=$(free_port)
run_bg mc1 $TMO "$PLIO" --name=rx --ioengine=net --protocol=udp --hostname="$grp" \
	--interface=127.0.0.1 --port="$port" --rw=read --bs=4k --size=1m --runtime=20 --output-format=json
run_bg mc2 $TMO "$PLIO" --name=rx --ioengine=net --protocol=udp --hostname="$grp" \
	--interface=127.0.0.1 --port="$port" --rw=read --bs=4k --size=1m --runtime=20 --output-format=json
wait_bound udp "$port"
sleep 0.3	# the second one too
"$PLIO" --name=tx --ioengine=net --protocol=udp --hostname="$grp" --interface=127.0.0.1 \
	--port="$port" --rw=write --bs=4k --size=256k --rate=8m --output-format=json >"$T/mc.json" 2>"$T/mc.err"
mrc=$?
wait "$(cat "$T/mc1.pid")"
r1=$?
wait "$(cat "$T/mc2.pid")"
r2=$?
if grep -q "multicast\|IP_MULTICAST" "$T/mc.err" "$T/mc1.err" "$T/mc2.err"; then
	skip_part "multicast over loopback is not allowed here: $(cat "$T/mc.err" "$T/mc1.err" | head -1)"
elif [ $mrc -ne 0 ] || [ $r1 -ne 0 ] || [ $r2 -ne 0 ]; then
	fail "multicast: exits $mrc (sender), $r1, $r2 (receivers): $(cat "$T/mc.err" "$T/mc1.err" "$T/mc2.err")"
else
	jexpect "multicast: the sender sent 256 KiB to $grp" "$T/mc.json" "jobs.0.write.io_bytes == 262144"
	jexpect "multicast: the first receiver got them all" "$T/mc1.out" "jobs.0.read.io_bytes == 262144"
	jexpect "multicast: the second receiver too" "$T/mc2.out" "jobs.0.read.io_bytes == 262144"
fi

# --- refusals: one line, non-zero, at once
port=$(free_port)
start=$(date +%s)
run_fails "connection refused" "^plio: job 'j': file 'j.0.0': open failed: connecting to 127.0.0.1 port $port \(tcp\): Connection refused" \
	$TMO "$PLIO" --name=j --ioengine=net --hostname=127.0.0.1 --port="$port" --rw=write --size=64k
[ $(($(date +%s) - start)) -le 3 ] && pass || fail "a refused connect took $(($(date +%s) - start)) s"
run_fails "unresolvable host" "^plio: job 'j': engine net: init failed: cannot resolve host 'no-such-host.invalid'" \
	$TMO "$PLIO" --name=j --ioengine=net --hostname=no-such-host.invalid --port="$port" --rw=write --size=64k
run_fails "bad protocol" "protocol: 'sctp' is not one of: tcp, tcpv6, udp, udpv6, unix" \
	"$PLIO" --name=j --ioengine=net --protocol=sctp --hostname=127.0.0.1 --port="$port" --rw=write --size=64k
run_fails "random" "engine netsplice: network I/O cannot be random" \
	"$PLIO" --name=j --ioengine=netsplice --hostname=127.0.0.1 --port="$port" --rw=randread --size=64k
run_fails "no port" "port: protocol=udp needs a port" \
	"$PLIO" --name=j --ioengine=net --protocol=udp --hostname=127.0.0.1 --rw=write --size=64k
run_fails "port with unix" "port: not valid with protocol=unix" \
	"$PLIO" --name=j --ioengine=net --protocol=unix --filename="$T/s" --port=5 --rw=write --size=64k
run_fails "listen with udp" "listen: only for TCP" \
	"$PLIO" --name=j --ioengine=net --protocol=udp --listen --port="$port" --rw=read --size=64k
run_fails "udp reads and writes" "a protocol=udp job either reads \(receives\) or writes \(sends\), not both" \
	"$PLIO" --name=j --ioengine=net --protocol=udp --hostname=127.0.0.1 --port="$port" --rw=rw --size=64k
run_fails "a listener with a host" "hostname: a TCP listener takes no hostname" \
	"$PLIO" --name=j --ioengine=net --listen --hostname=127.0.0.1 --port="$port" --rw=read --size=64k
run_fails "a UDP receiver with a unicast host" "hostname: a UDP receiver takes a hostname only when it is an IPv4 multicast group" \
	"$PLIO" --name=j --ioengine=net --protocol=udp --hostname=127.0.0.1 --port="$port" --rw=read --size=64k
run_fails "a datagram larger than UDP allows" "a udp datagram holds at most 65507 bytes" \
	"$PLIO" --name=j --ioengine=net --protocol=udp --hostname=127.0.0.1 --port="$port" --rw=write --bs=128k --size=1m
run_fails "interface by name" "interface: 'lo' is not an IPv4 address" \
	"$PLIO" --name=j --ioengine=net --protocol=udp --hostname=239.1.1.1 --interface=lo --port="$port" --rw=write --size=64k
: >"$T/plain"
run_fails "a unix path that is a plain file" "the path exists and is not a socket: refusing to replace it" \
	"$PLIO" --name=j --ioengine=net --protocol=unix --filename="$T/plain" --rw=read --size=64k
[ -f "$T/plain" ] && pass || fail "the plain file at the unix path was removed"
# a port another program listens on (the peer, then served by plio)
rm -f "$T/ready"
run_bg peer $TMO $PEER tcp-sink "$port" "$T/peer.json" "$T/ready"
wait_ready "$T/ready"
run_fails "port in use" "^plio: job 'j': engine net: init failed: tcp port $port is in use" \
	$TMO "$PLIO" --name=j --ioengine=net --listen --port="$port" --rw=read --size=64k
run_ok "the sink still serves" $TMO "$PLIO" --name=tx --ioengine=net --hostname=127.0.0.1 \
	--port="$port" --rw=write --size=64k --output=/dev/null
wait "$(cat "$T/peer.pid")"
# a listener nobody calls: until its runtime, then one line
start=$(date +%s)
run_fails "nobody connects" "^plio: job 'j': file 'j.0.0': open failed: nobody connected to tcp port $port within the job's runtime" \
	$TMO "$PLIO" --name=j --ioengine=net --listen --port="$port" --rw=read --size=64k --runtime=1
el=$(($(date +%s) - start))
[ $el -ge 1 ] && [ $el -le 5 ] && pass || fail "a listener with runtime=1 ended after $el s"

# SIGTERM to plio while a listener waits for a peer (no runtime): it
# looks at job_stopping every 200 ms and gives up at once
port=$(free_port)
run_bg lst "$PLIO" --name=lst --ioengine=net --listen --port="$port" --rw=read --size=64k
i=0
while ! caught "$(cat "$T/lst.pid")" && [ $i -lt 500 ]; do
	sleep 0.02
	i=$((i + 1))
done
sleep 0.5
t0=$(date +%s%N)
kill -TERM "$(cat "$T/lst.pid")"
wait "$(cat "$T/lst.pid")"
rc=$?
took=$((($(date +%s%N) - t0) / 1000000))
[ $rc -ne 0 ] && [ $rc -lt 129 ] && [ $took -lt 2000 ] && ! grep -q "still running" "$T/lst.err" && pass ||
	fail "a waiting listener stopped by SIGTERM: exit $rc after $took ms (within 2 s expected): $(cat "$T/lst.err")"
finish
