#!/usr/bin/python3
"""fioverify_ref.py - standalone reference checker for data written by fio 3.33
with verify=TYPE.  Written from experimentally established facts (see
fio-verify-format.md next to this file); contains no fio source.

Usage:
  fioverify_ref.py FILE --type TYPE [--bs N] [--interval N] [--verify-offset N]
                   [--start OFF] [--size N] [--pattern HEX] [--fio-strict]
                   [--dump] [--quiet]

  --bs        size of each write I/O (fixed bs only)                 default 4096
  --interval  verify_interval (header spacing)                       default = bs
  --verify-offset  fio's verify_offset (header swapped to that position)
  --pattern   verify_pattern as hex, e.g. 0xdeadbeef (with verify=pattern this
              is the only check; with a checksum type, the data region after the
              headers must contain the pattern, phase counted from the I/O start)
  --fio-strict  report only what fio 3.33 itself would flag: with a checksum
              type plus --pattern, fio checks the checksum but NOT the pattern
              (default here: check both).  Digest comparisons always mirror fio
              (so e.g. the sha512 hole is reproduced, not fixed).
  --start/--size  byte range of the file to check (default whole file)

Exit status: 0 all blocks good, 1 mismatches found, 2 usage error.
Types: md5 crc64 crc32c crc32c-intel crc32 crc16 crc7 xxhash sha1 sha256
       sha512 sha3-224 sha3-256 sha3-384 sha3-512 meta pattern null
"""
import argparse
import hashlib
import struct
import sys

HDR_FMT = '<HHIQQIIHHI'          # magic,type,len,rand_seed,offset,tsec,tnsec,thread,numberio,crc32
HDR_SIZE = 40
HDR_CRC_LEN = 36                 # header crc covers bytes [0,36)
MAGIC = 0xACCA


# ----------------------------------------------------------------- CRCs ----
def _reflect(v, w):
    r = 0
    for i in range(w):
        if (v >> i) & 1:
            r |= 1 << (w - 1 - i)
    return r


def _table_reflected(poly_normal, width):
    rp = _reflect(poly_normal, width)
    t = []
    for b in range(256):
        c = b
        for _ in range(8):
            c = (c >> 1) ^ rp if c & 1 else c >> 1
        t.append(c)
    return t


def _table_normal(poly, width):
    mask = (1 << width) - 1
    t = []
    for b in range(256):
        c = b << (width - 8)
        for _ in range(8):
            c = ((c << 1) ^ poly) & mask if (c >> (width - 1)) & 1 else (c << 1) & mask
        t.append(c)
    return t


_T32C = _table_reflected(0x1EDC6F41, 32)
_T64 = _table_reflected(0xAD93D23594C935A9, 64)      # Jones polynomial
_T16 = _table_reflected(0x8005, 16)
_T32 = _table_normal(0x04C11DB7, 32)
# crc7: 7-bit register kept left-aligned in a byte (poly 0x09 << 1 = 0x12)
_T7 = []
for _b in range(256):
    _c = _b
    for _ in range(8):
        _c = ((_c << 1) ^ 0x12) & 0xFF if _c & 0x80 else (_c << 1) & 0xFF
    _T7.append(_c)


def crc32c_fio(data, crc=0xFFFFFFFF):
    """Castagnoli, reflected, init 0xffffffff, NO final xor (= ~standard)."""
    t = _T32C
    for b in data:
        crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def crc64_fio(data):
    """CRC-64 Jones poly 0xad93d23594c935a9, reflected, init 0, xorout 0."""
    t = _T64
    crc = 0
    for b in data:
        crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def crc32_fio(data):
    """poly 0x04c11db7, NOT reflected, init 0, xorout 0 (not zlib.crc32)."""
    t = _T32
    crc = 0
    for b in data:
        crc = t[((crc >> 24) ^ b) & 0xFF] ^ ((crc << 8) & 0xFFFFFFFF)
    return crc


def crc16_fio(data):
    """CRC-16/ARC: poly 0x8005 reflected, init 0, xorout 0."""
    t = _T16
    crc = 0
    for b in data:
        crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def crc7_fio(data):
    """CRC-7/MMC: poly 0x09, not reflected, init 0, xorout 0; 7-bit value."""
    t = _T7
    crc = 0
    for b in data:
        crc = t[crc ^ b]
    return crc >> 1


def xxh32(data, seed):
    P1, P2, P3, P4, P5 = 2654435761, 2246822519, 3266489917, 668265263, 374761393
    M = 0xFFFFFFFF

    def rotl(x, r):
        return ((x << r) | (x >> (32 - r))) & M
    n = len(data)
    i = 0
    if n >= 16:
        v = [(seed + P1 + P2) & M, (seed + P2) & M, seed & M, (seed - P1) & M]
        words = struct.unpack_from('<%dI' % ((n // 16) * 4), data, 0)
        for k in range(0, len(words), 4):
            for j in range(4):
                v[j] = rotl((v[j] + words[k + j] * P2) & M, 13) * P1 & M
        i = (n // 16) * 16
        h = (rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18)) & M
    else:
        h = (seed + P5) & M
    h = (h + n) & M
    while i + 4 <= n:
        h = (h + struct.unpack_from('<I', data, i)[0] * P3) & M
        h = rotl(h, 17) * P4 & M
        i += 4
    while i < n:
        h = (h + data[i] * P5) & M
        h = rotl(h, 11) * P1 & M
        i += 1
    h ^= h >> 15
    h = h * P2 & M
    h ^= h >> 13
    h = h * P3 & M
    h ^= h >> 16
    return h


# ------------------------------------------------ fio's SHA-256 variant ----
_K256 = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]
_H256 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]


def _sha256_compress(st, blk):
    M = 0xFFFFFFFF
    w = list(struct.unpack('>16I', blk))
    for i in range(16, 64):
        x, y = w[i - 15], w[i - 2]
        s0 = ((x >> 7 | x << 25) ^ (x >> 18 | x << 14) ^ (x >> 3)) & M
        s1 = ((y >> 17 | y << 15) ^ (y >> 19 | y << 13) ^ (y >> 10)) & M
        w.append((w[i - 16] + s0 + w[i - 7] + s1) & M)
    a, b, c, d, e, f, g, h = st
    for i in range(64):
        S1 = ((e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)) & M
        ch = (e & f) ^ (~e & g)
        t1 = (h + S1 + ch + _K256[i] + w[i]) & M
        S0 = ((a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)) & M
        mj = (a & b) ^ (a & c) ^ (b & c)
        t2 = (S0 + mj) & M
        h, g, f, e, d, c, b, a = g, f, e, (d + t1) & M, c, b, a, (t1 + t2) & M
    return [(x + y) & M for x, y in zip(st, [a, b, c, d, e, f, g, h])]


def sha256_fio_buf(data):
    """Return the 64-byte buffer fio stores as the 'sha256' field.

    Standard SHA-256 compression, BUT the 64-bit bit count in the padding is
    appended little-endian, and the 'digest' is only the low byte of each of
    the 8 state words (8 bytes), written over the first 8 bytes of the last
    64-byte message block (tail of data + 0x80 + zeros + LE bit count)."""
    st = list(_H256)
    n = len(data)
    full = n - (n % 64)
    for i in range(0, full, 64):
        st = _sha256_compress(st, data[i:i + 64])
    tail = data[full:]
    pad = tail + b'\x80'
    if len(pad) > 56:
        pad += b'\0' * (64 - len(pad))
        st = _sha256_compress(st, pad)
        pad = b''
    pad += b'\0' * (56 - len(pad)) + struct.pack('<Q', n * 8)
    st = _sha256_compress(st, pad)
    return bytes(x & 0xFF for x in st) + pad[8:]


def sha512_fio_buf(data, initial=None):
    """Return the 128-byte buffer fio stores as the 'sha512' field.

    fio 3.33 never finalises SHA-512: the field is just the SHA-512 context's
    staging buffer after feeding the data.  For len >= 128 it is
    data[len-r:len] + data[r:128] with r = len % 128 (r == 0: data[0:128]);
    i.e. it depends on at most 128 data bytes and NOT on the rest."""
    n = len(data)
    buf = bytearray(initial if initial is not None else b'\0' * 128)
    if n >= 128:
        buf[0:128] = data[0:128]
        r = n % 128
        # full blocks are consumed directly; only the remainder is re-buffered
        buf[0:r] = data[n - r:n]
    else:
        buf[0:n] = data
    return bytes(buf)


def sha1_fio(data):
    d = hashlib.sha1(data).digest()
    # five 32-bit state words stored in host (little-endian) order
    return b''.join(d[i:i + 4][::-1] for i in range(0, 20, 4))


# type name -> (stored verify_type, vhdr size, digest function returning bytes)
TYPES = {
    'md5':          (2, 16, lambda d: hashlib.md5(d).digest()),
    'crc64':        (3, 8, lambda d: struct.pack('<Q', crc64_fio(d))),
    'crc32':        (4, 4, lambda d: struct.pack('<I', crc32_fio(d))),
    'crc32c':       (5, 4, lambda d: struct.pack('<I', crc32c_fio(d))),
    'crc32c-intel': (5, 4, lambda d: struct.pack('<I', crc32c_fio(d))),
    'crc16':        (7, 2, lambda d: struct.pack('<H', crc16_fio(d))),
    'crc7':         (8, 1, lambda d: struct.pack('<B', crc7_fio(d))),
    'sha256':       (9, 64, sha256_fio_buf),
    'sha512':       (10, 128, sha512_fio_buf),
    'sha3-224':     (11, 28, lambda d: hashlib.sha3_224(d).digest()),
    'sha3-256':     (12, 32, lambda d: hashlib.sha3_256(d).digest()),
    'sha3-384':     (13, 48, lambda d: hashlib.sha3_384(d).digest()),
    'sha3-512':     (14, 64, lambda d: hashlib.sha3_512(d).digest()),
    'xxhash':       (15, 4, lambda d: struct.pack('<I', xxh32(d, 1))),
    'sha1':         (16, 20, sha1_fio),
    'meta':         (1, 0, None),
}


def parse_hdr(b):
    f = struct.unpack_from(HDR_FMT, b, 0)
    keys = ('magic', 'verify_type', 'len', 'rand_seed', 'offset', 'time_sec',
            'time_nsec', 'thread', 'numberio', 'crc32')
    return dict(zip(keys, f))


def pattern_bytes(hexstr):
    h = hexstr.lower()
    if h.startswith('0x'):
        h = h[2:]
    if len(h) % 2:
        h = '0' + h
    return bytes.fromhex(h)


def expect_pattern(pat, phase, length):
    reps = (phase + length) // len(pat) + 2
    s = pat * reps
    return s[phase:phase + length]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('file')
    ap.add_argument('--type', required=True)
    ap.add_argument('--bs', type=int, default=4096)
    ap.add_argument('--interval', type=int, default=0)
    ap.add_argument('--verify-offset', type=int, default=0)
    ap.add_argument('--pattern', default=None)
    ap.add_argument('--start', type=int, default=0)
    ap.add_argument('--size', type=int, default=0)
    ap.add_argument('--fio-strict', action='store_true')
    ap.add_argument('--dump', action='store_true', help='print every header')
    ap.add_argument('--quiet', action='store_true')
    a = ap.parse_args()
    t = a.type
    if t not in TYPES and t not in ('pattern', 'null'):
        print('unknown type', t)
        return 2
    pat = pattern_bytes(a.pattern) if a.pattern else None
    with open(a.file, 'rb') as fh:
        fh.seek(a.start)
        data = fh.read(a.size if a.size else -1)
    bs = a.bs
    iv = a.interval or bs
    bad = 0
    nblk = 0

    def err(msg):
        nonlocal bad
        bad += 1
        if not a.quiet:
            print(msg)

    if t == 'null':
        print('verify=null: nothing is stored and nothing is checked')
        return 0
    for io_off in range(0, len(data) - bs + 1, bs):
        io = bytearray(data[io_off:io_off + bs])
        foff_io = a.start + io_off
        if t == 'pattern':
            nblk += 1
            if pat is None:
                err('verify=pattern needs --pattern')
                return 2
            exp = expect_pattern(pat, 0, bs)
            if bytes(io) != exp:
                first = next(i for i in range(bs) if io[i] != exp[i])
                err('PATTERN MISMATCH io@%d: first bad byte at +%d (file %d): got %02x want %02x'
                    % (foff_io, first, foff_io + first, io[first], exp[first]))
            continue
        vtype, vsz, fn = TYPES[t]
        hs = HDR_SIZE + vsz
        for p in range(0, bs, iv):
            nblk += 1
            blk = bytearray(io[p:p + iv])
            foff = foff_io + p
            if a.verify_offset:
                vo = a.verify_offset
                tmp = bytes(blk[0:hs])
                blk[0:hs] = blk[vo:vo + hs]
                blk[vo:vo + hs] = tmp
            h = parse_hdr(blk)
            if a.dump:
                print('hdr@%d: ' % foff + ' '.join('%s=%#x' % kv for kv in h.items()))
            if h['magic'] != MAGIC:
                err('BAD HEADER @%d: magic %#06x (want 0xacca)' % (foff, h['magic']))
                continue
            if h['len'] != iv:
                err('BAD HEADER @%d: len %d (want %d)' % (foff, h['len'], iv))
            if h['verify_type'] != vtype:
                err('BAD HEADER @%d: verify_type %d (want %d)' % (foff, h['verify_type'], vtype))
            c = crc32c_fio(bytes(blk[0:HDR_CRC_LEN]))
            if c != h['crc32']:
                err('BAD HEADER @%d: header crc32c %#010x computed %#010x' % (foff, h['crc32'], c))
            if h['offset'] != foff:
                err('BAD HEADER @%d: offset field %d (want %d)' % (foff, h['offset'], foff))
            body = bytes(blk[hs:iv])
            if pat is not None:
                # data region holds the pattern, phase from the start of the I/O
                exp = expect_pattern(pat, (p + hs) % len(pat), iv - hs)
                if body != exp:
                    first = next(i for i in range(len(body)) if body[i] != exp[i])
                    # NB: fio itself checks the pattern only for verify=meta;
                    # for checksum types it checks only the checksum.  With
                    # --fio-strict we report what fio would report.
                    if a.fio_strict and fn is not None:
                        if not a.quiet:
                            print('note @%d: pattern mismatch at block+%d (fio 3.33 does not check this)'
                                  % (foff, hs + first))
                    else:
                        err('PATTERN MISMATCH @%d: first bad byte at block+%d' % (foff, hs + first))
            if fn is None:
                continue          # meta: header only
            want = fn(body)
            got = bytes(blk[HDR_SIZE:hs])
            if got != want:
                err('BAD %s @%d (len %d): stored %s computed %s'
                    % (t, foff, iv, got[:16].hex(), want[:16].hex()))
    if not a.quiet:
        print('%s: %d headers checked, %d problems' % (a.file, nblk, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
