#!/bin/sh
# engines_matrix: every engine this build has runs read, write, randread,
# randwrite and randrw on tmpfs (/dev/shm) and on the disk (ext4 here), at
# iodepth 1 and 32, and with direct=1 on the disk where the engine can do
# direct I/O.  Each run must move exactly the bytes asked for; after a
# write the file holds what was written (buffer_pattern) in every block the
# job wrote, and nowhere else.
. "$TOP_SRCDIR/tests/integration/lib.sh"

$PYTHON - "$PLIO" "$T" <<'PY'
import json, os, shutil, subprocess, sys, tempfile

plio, tmp = sys.argv[1], sys.argv[2]
ENGINES = ["null", "sync", "psync", "vsync", "pvsync", "pvsync2", "mmap",
           "libaio", "io_uring", "libpmem", "posixaio", "splice"]
NODIRECT = {"mmap"}            # refuses direct=1 (PLIO_CAP_NODIRECT)
SIZE, BS = 256 << 10, 4096          # 64 blocks: above iodepth 32, and quick
PATTERN = bytes.fromhex("c0ffee15")
passes = fails = 0


def fail(msg):
    global fails
    fails += 1
    print("FAIL:", msg, file=sys.stderr)


# which engines load here; an in-tree engine may only be missing when this
# build left its plugin out (configure's reason shows as "not built")
out = subprocess.run([plio, "--enghelp"], capture_output=True, text=True).stdout
status = {}
for line in out.splitlines()[1:]:
    f = line.split(None, 3)
    if len(f) == 4:
        status[f[0]] = f[3]
engines = []
for e in ENGINES:
    st = status.get(e, "missing from --enghelp")
    if st == "ok":
        engines.append(e)
    elif st.startswith("not built"):
        print(f"SKIP: engine {e}: {st}")
    else:
        fail(f"engine {e}: {st}")
print("engines:", " ".join(engines))

dirs = {"tmpfs": tempfile.mkdtemp(dir="/dev/shm") if os.path.isdir("/dev/shm") else None,
        "disk": tempfile.mkdtemp(dir=tmp)}


def direct_ok(d):
    try:
        fd = os.open(os.path.join(d, ".direct"), os.O_CREAT | os.O_RDWR | os.O_DIRECT)
        os.close(fd)
        return True
    except OSError:
        return False


if not dirs["tmpfs"]:
    print("SKIP: no /dev/shm: the tmpfs runs")
if not direct_ok(dirs["disk"]):
    print(f"SKIP: {tmp} does not take O_DIRECT: the direct=1 runs")


def run(eng, rw, where, qd, direct):
    global passes
    d = dirs[where]
    f = os.path.join(d, f"{eng}-{rw}-{qd}-{direct}")
    what = f"{eng} {rw} {where} iodepth={qd} direct={direct}"
    args = [plio, "--name=m", f"--ioengine={eng}", f"--rw={rw}", f"--bs={BS}",
            f"--size={SIZE}", f"--iodepth={qd}", f"--direct={direct}",
            f"--filename={f}", "--buffer_pattern=0xc0ffee15",
            "--output-format=json"]
    # the file exists beforehand with other data: a laid-out file would
    # hold the job's buffer_pattern too (fio's), and hide what was written
    if eng != "null":
        with open(f, "wb") as out:
            out.write(os.urandom(SIZE))
    p = subprocess.run(args, capture_output=True, text=True)
    if direct and eng in NODIRECT:
        if p.returncode == 0 or len(p.stderr.strip().splitlines()) != 1 \
                or "direct" not in p.stderr:
            fail(f"{what}: expected one clear refusal, got {p.returncode}: {p.stderr}")
        else:
            passes += 1
        return
    if p.returncode != 0:
        fail(f"{what}: exit {p.returncode}: {p.stderr.strip()}")
        return
    j = json.loads(p.stdout)["jobs"][0]
    r, w = j["read"]["io_bytes"], j["write"]["io_bytes"]
    if r + w != SIZE:
        fail(f"{what}: moved {r}+{w} bytes, expected {SIZE}")
        return
    reads, writes = rw in ("read", "randread", "randrw"), rw in ("write", "randwrite", "randrw")
    if (r and not reads) or (w and not writes) or (reads and not r) or (writes and not w):
        fail(f"{what}: wrong direction ({r} read, {w} written)")
        return
    if eng == "null":
        if os.path.exists(f):
            fail(f"{what}: the null engine created a file")
        passes += 1
        return
    data = open(f, "rb").read()
    if len(data) != SIZE:
        fail(f"{what}: file is {len(data)} bytes")
        return
    block = (PATTERN * (BS // len(PATTERN)))
    written = sum(1 for i in range(0, SIZE, BS) if data[i:i + BS] == block)
    if written * BS != w:
        fail(f"{what}: {written} blocks hold the written pattern, "
             f"but {w // BS} blocks were written")
        return
    passes += 1


for eng in engines:
    for where in dirs:
        if not dirs[where]:
            continue
        for qd in (1, 32):
            for rw in ("read", "write", "randread", "randwrite", "randrw"):
                run(eng, rw, where, qd, 0)
        if eng != "null" and direct_ok(dirs["disk"]) and where == "disk":
            for rw in ("randread", "randwrite", "randrw"):
                run(eng, rw, "disk", 32, 1)

for d in dirs.values():
    if d:
        shutil.rmtree(d, ignore_errors=True)
print(f"{passes} passed, {fails} failed")
if not passes and not fails:
    print("FAIL: no check passed: this test made no assertion", file=sys.stderr)
sys.exit(1 if fails or not passes else 0)
PY
