#!/usr/bin/env python3
"""net_peer.py - the other end of a socket, for net_engines.sh: a peer
that is neither plio nor fio, so what plio put on the wire (or took from
it) is seen from outside.  Every mode binds or connects on 127.0.0.1,
writes READY (when given) once it listens, and a JSON summary to OUT.

  tcp-sink PORT OUT [READY]         accept one connection, read to EOF
  tcp-echo PORT BS OUT [READY]      accept one, send back each BS block
  tcp-send PORT NBYTES CLOSE OUT    connect, send NBYTES (and fio's close
                                    message when CLOSE is 1), close
  tcp-ping PORT BS COUNT OUT        connect, COUNT times: send a BS block
                                    of fresh bytes, read BS back, compare
  udp-sink PORT OUT [READY]         fio's UDP receiver: the open message,
                                    datagrams, the close message
  udp-send PORT BS SEQS OUT         fio's UDP sender: open, one datagram
                                    per sequence number in SEQS (a,b,...),
                                    each with fio's trailer, then close
"""
import json
import os
import socket
import struct
import sys

LINK_MAGIC, LINK_OPEN, LINK_CLOSE = 0x6C696E6B, 0x98, 0x89
OPEN_MSG = struct.pack(">II", LINK_MAGIC, LINK_OPEN)    # fio: big-endian
CLOSE_MSG = struct.pack("<II", LINK_MAGIC, LINK_CLOSE)  # fio: little-endian
SEQ_MAGIC = 0x657375716E556563
TIMEOUT = 30


def ready(path):
    if path:
        with open(path, "w") as f:
            f.write("ready\n")


def dump(out, doc):
    with open(out, "w") as f:
        json.dump(doc, f)


def listener(port, kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    if kind == socket.SOCK_STREAM:
        s.listen(1)
    s.settimeout(TIMEOUT)
    return s


def read_exact(c, n):
    b = b""
    while len(b) < n:
        part = c.recv(n - len(b))
        if not part:
            break
        b += part
    return b


def tcp_sink(port, out, rdy=None):
    s = listener(port)
    ready(rdy)
    c, _ = s.accept()
    c.settimeout(TIMEOUT)
    total, tail = 0, b""
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        total += len(b)
        tail = (tail + b)[-8:]
    dump(out, {"bytes": total, "close_msg": tail == CLOSE_MSG})


def tcp_echo(port, bs, out, rdy=None):
    s = listener(port)
    ready(rdy)
    c, _ = s.accept()
    c.settimeout(TIMEOUT)
    blocks = 0
    while True:
        b = read_exact(c, bs)
        if len(b) < bs:
            break
        c.sendall(b)
        blocks += 1
    dump(out, {"blocks": blocks, "close_msg": b == CLOSE_MSG})


def tcp_send(port, nbytes, close, out):
    c = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    c.sendall(os.urandom(nbytes))
    if close:
        c.sendall(CLOSE_MSG)
    c.close()
    dump(out, {"bytes": nbytes})


def tcp_ping(port, bs, count, out):
    c = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    same = 0
    for _ in range(count):
        b = os.urandom(bs)
        c.sendall(b)
        if read_exact(c, bs) == b:
            same += 1
    c.sendall(CLOSE_MSG)
    c.close()
    dump(out, {"sent": count, "same": same})


def udp_sink(port, out, rdy=None):
    s = listener(port, socket.SOCK_DGRAM)
    ready(rdy)
    first, _ = s.recvfrom(1 << 16)
    n, total, seqs, bs_ok, last = 0, 0, [], True, b""
    while True:
        b, _ = s.recvfrom(1 << 16)
        if b == CLOSE_MSG:
            last = b
            break
        n += 1
        total += len(b)
        magic, seq, bs = struct.unpack("<QQQ", b[-24:])
        if magic == SEQ_MAGIC:
            seqs.append(seq)
            bs_ok = bs_ok and bs == len(b)
    dump(out, {"open_msg": first == OPEN_MSG, "datagrams": n, "bytes": total,
               "seqs_in_order": seqs == list(range(len(seqs))), "trailers": len(seqs),
               "bs_ok": bs_ok, "close_msg": last == CLOSE_MSG})


def udp_send(port, bs, seqs, out):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    to = ("127.0.0.1", port)
    s.sendto(OPEN_MSG, to)
    for q in seqs:
        s.sendto(os.urandom(bs - 24) + struct.pack("<QQQ", SEQ_MAGIC, q, bs), to)
    s.sendto(CLOSE_MSG, to)
    dump(out, {"datagrams": len(seqs)})


def main():
    mode, a = sys.argv[1], sys.argv[2:]
    opt = lambda i: a[i] if len(a) > i else None
    if mode == "tcp-sink":
        tcp_sink(int(a[0]), a[1], opt(2))
    elif mode == "tcp-echo":
        tcp_echo(int(a[0]), int(a[1]), a[2], opt(3))
    elif mode == "tcp-send":
        tcp_send(int(a[0]), int(a[1]), a[2] == "1", a[3])
    elif mode == "tcp-ping":
        tcp_ping(int(a[0]), int(a[1]), int(a[2]), a[3])
    elif mode == "udp-sink":
        udp_sink(int(a[0]), a[1], opt(2))
    elif mode == "udp-send":
        udp_send(int(a[0]), int(a[1]), [int(x) for x in a[2].split(",")], a[3])
    else:
        sys.exit("net_peer.py: no mode " + mode)


main()
