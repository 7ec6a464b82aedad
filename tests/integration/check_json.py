#!/usr/bin/env python3
"""check_json.py - assertions on plio's JSON output, for the shell tests.

  check_json.py get FILE PATH...         print the value at each PATH
                                         (a.b.0.c), one a line
  check_json.py eq FILE PATH VALUE [PATH VALUE]...
                                         exit 1 unless each value == VALUE
                                         (each mismatch named on stderr)
  check_json.py expect FILE 'PATH OP VALUE'...
                                         exit 1 unless each comparison holds
                                         (OP: == != < <= > >=, numbers
                                         compared as numbers); each one that
                                         fails is named on stderr
  check_json.py shell FILE NAME=PATH...  print NAME='value' lines for eval:
                                         several values of one file read in
                                         one start (a missing PATH gives ''
                                         and a message on stderr, exit 1)
  check_json.py keys FILE REF            every key path in FILE exists in REF
                                         (fio's output) with the same JSON type
  check_json.py schema FILE REF          FILE and REF (fio's output) have the
                                         same keys in the same order, nesting
                                         and JSON types (values and the keys
                                         of "bins" excluded)
  check_json.py terse FILE REF           FILE's terse lines have as many
                                         fields as REF's (fio's), each of the
                                         same kind (integer, decimal, N%,
                                         P%=N or text)
  check_json.py batch <QUEUE             run many checks in one start: each
                                         line DESC TAB SCRIPT TAB ARG... runs
                                         the Python SCRIPT (a file, or one of
                                         this file's modes) as if started
                                         with those arguments; one line out
                                         each: "ok TAB DESC", or "fail TAB
                                         DESC TAB what it printed"
  check_json.py offsets RECORD SIZE BS MODE
                                         check a record engine log: MODE is
                                         seq (in order, once each), perm (each
                                         block once, any order) or any
"""
import io
import json
import re
import sys
from fractions import Fraction


def load(path):
    with open(path) as f:
        text = f.read()
    # fio may print lines before the JSON document
    return json.loads(text[text.index("{"):])


def walk(doc, path):
    for part in path.split("."):
        if isinstance(doc, list):
            doc = doc[int(part)]
        else:
            doc = doc[part]
    return doc



def long_double(x):
    """x rounded to a long double's 64-bit significand (nearest, ties to
    even): how plio and fio compute a percentile's rank (x a Fraction);
    the tests that check percentiles import it"""
    if x == 0:
        return x
    e = x.numerator.bit_length() - x.denominator.bit_length()
    if Fraction(2) ** e > x:
        e -= 1
    scale = Fraction(2) ** (63 - e)
    return Fraction(round(x * scale)) / scale


MISSING = object()


def lookup(doc, path):
    """The value at PATH, or MISSING (with why) when there is none."""
    try:
        return walk(doc, path), None
    except (KeyError, IndexError, ValueError, TypeError) as e:
        return MISSING, f"{path}: not in the document ({type(e).__name__}: {e})"


def text(v):
    return str(v)


def number(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


OPS = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b,
       "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
       ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def compare(v, op, want):
    """PATH OP VALUE: as numbers when both are numbers, else as text."""
    a, b = number(text(v)) if not isinstance(v, bool) else None, number(want)
    if a is not None and b is not None:
        return OPS[op](a, b)
    if op in ("==", "!="):
        return OPS[op](text(v), want)
    return False


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def jtype(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return "null"


def paths(doc, prefix=""):
    out = {prefix: jtype(doc)}
    if isinstance(doc, dict):
        for k, v in doc.items():
            # percentile and bin keys are data, not schema
            if prefix.endswith((".percentile", ".bins", "job options")):
                continue
            out.update(paths(v, prefix + "." + k))
    elif isinstance(doc, list) and doc:
        out.update(paths(doc[0], prefix + ".0"))
    return out


def schema(mine, ref, path, err):
    """Compare two documents' structure; append differences to err."""
    tm, tr = jtype(mine), jtype(ref)
    if tm != tr:
        err.append(f"{path or '/'}: {tm} here, {tr} in fio")
        return
    if tm == "object":
        if path.endswith(".bins"):
            return          # histogram buckets: data, not schema
        km, kr = list(mine), list(ref)
        for k in km:
            if k not in ref:
                err.append(f"{path}.{k}: not in fio's output")
        for k in kr:
            if k not in mine:
                err.append(f"{path}.{k}: missing (fio has it)")
        common_m = [k for k in km if k in ref]
        common_r = [k for k in kr if k in mine]
        if common_m != common_r:
            err.append(f"{path}: keys in another order: {common_m} here, "
                       f"{common_r} in fio")
        for k in common_m:
            schema(mine[k], ref[k], f"{path}.{k}", err)
    elif tm == "array":
        if len(mine) != len(ref):
            err.append(f"{path}: {len(mine)} elements here, {len(ref)} in fio")
        for i, (a, b) in enumerate(zip(mine, ref)):
            schema(a, b, f"{path}.{i}", err)


def terse_kind(field):
    for kind, pat in (("integer", r"-?[0-9]+"), ("decimal", r"-?[0-9]+\.[0-9]+"),
                      ("percent", r"[0-9.]+%"), ("percentile", r"[0-9.]+%=[0-9]+")):
        if re.fullmatch(pat, field):
            return kind
    return "text"


def terse_lines(path):
    with open(path) as f:
        return [line.rstrip("\n").split(";") for line in f
                if line.strip() and not line.startswith(("{", " ", "}"))]


def terse(mine, ref):
    err = []
    lm, lr = terse_lines(mine), terse_lines(ref)
    if len(lm) != len(lr):
        err.append(f"{len(lm)} terse lines here, {len(lr)} in fio")
    for i, (a, b) in enumerate(zip(lm, lr)):
        if len(a) != len(b):
            err.append(f"line {i + 1}: {len(a)} fields here, {len(b)} in fio")
            continue
        for j, (x, y) in enumerate(zip(a, b)):
            if terse_kind(x) != terse_kind(y):
                err.append(f"line {i + 1} field {j + 1}: {x!r} here, {y!r} in fio")
    return err


def run_one(script, args, cache):
    """Run SCRIPT with ARGS as a program would run: (status, output)."""
    out = io.StringIO()
    old = sys.argv, sys.stdout, sys.stderr
    sys.argv = [script] + args
    sys.stdout = sys.stderr = out
    try:
        if script == "-":
            status = main()             # one of this file's own modes
        else:
            if script not in cache:
                with open(script) as f:
                    cache[script] = compile(f.read(), script, "exec")
            exec(cache[script], {"__name__": "__main__"})
            status = 0
    except SystemExit as e:
        if e.code is None:
            status = 0
        elif isinstance(e.code, int):
            status = e.code
        else:
            print(e.code)
            status = 1
    except Exception as e:             # a crash is a failed check
        print(f"{type(e).__name__}: {e}")
        status = 1
    finally:
        sys.argv, sys.stdout, sys.stderr = old
    return status or 0, out.getvalue()


def batch():
    cache = {}
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        desc, script, *args = line.split("\t")
        status, text = run_one(script, args, cache)
        if status:
            why = " | ".join(l for l in text.splitlines() if l.strip())[:2000]
            print(f"fail\t{desc}\t{why or f'exit {status}'}")
        else:
            print(f"ok\t{desc}")
        sys.stdout.flush()
    return 0


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "batch":
        return batch()
    if cmd == "get" and len(sys.argv) > 3:
        doc = load(sys.argv[2])
        bad = 0
        for path in sys.argv[3:]:
            v, why = lookup(doc, path)
            if why:
                print(why, file=sys.stderr)
                bad += 1
                print("")
            else:
                print(text(v))
        return 1 if bad else 0
    if cmd == "eq" and len(sys.argv) > 4 and len(sys.argv) % 2 == 1:
        doc = load(sys.argv[2])
        bad = 0
        for path, want in zip(sys.argv[3::2], sys.argv[4::2]):
            v, why = lookup(doc, path)
            if why:
                print(why, file=sys.stderr)
                bad += 1
            elif text(v) != want:
                print(f"{path} is {v!r}, expected {want}", file=sys.stderr)
                bad += 1
        return 1 if bad else 0
    if cmd == "expect" and len(sys.argv) > 3:
        doc = load(sys.argv[2])
        bad = 0
        for e in sys.argv[3:]:
            m = re.fullmatch(r"\s*(\S+)\s*(==|!=|<=|>=|<|>)\s*(.*?)\s*", e)
            if not m:
                print(f"'{e}': not PATH OP VALUE", file=sys.stderr)
                bad += 1
                continue
            path, op, want = m.groups()
            v, why = lookup(doc, path)
            if why:
                print(why, file=sys.stderr)
                bad += 1
            elif not compare(v, op, want):
                print(f"{path} is {v!r}, expected {op} {want}", file=sys.stderr)
                bad += 1
        return 1 if bad else 0
    if cmd == "shell" and len(sys.argv) > 3:
        try:
            doc = load(sys.argv[2])
        except (OSError, ValueError) as e:
            print(f"{sys.argv[2]}: no JSON document ({e})", file=sys.stderr)
            doc = MISSING
        bad = 0
        for a in sys.argv[3:]:
            name, _, path = a.partition("=")
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or not path:
                print(f"'{a}': not NAME=PATH", file=sys.stderr)
                return 2
            v, why = lookup(doc, path) if doc is not MISSING else (MISSING, None)
            if why:
                print(why, file=sys.stderr)
            if v is MISSING:
                bad += 1
                v = ""
            print(f"{name}={shell_quote(text(v))}")
        return 1 if bad else 0
    if cmd == "keys":
        mine = paths(load(sys.argv[2]))
        ref = paths(load(sys.argv[3]))
        bad = 0
        for p, t in sorted(mine.items()):
            if p not in ref:
                print(f"key {p!r} is not in fio's output", file=sys.stderr)
                bad += 1
            elif ref[p] != t:
                print(f"key {p!r}: {t} here, {ref[p]} in fio", file=sys.stderr)
                bad += 1
        return 1 if bad else 0
    if cmd == "schema":
        err = []
        schema(load(sys.argv[2]), load(sys.argv[3]), "", err)
        for e in err[:40]:
            print(e, file=sys.stderr)
        return 1 if err else 0
    if cmd == "terse":
        err = terse(sys.argv[2], sys.argv[3])
        for e in err[:40]:
            print(e, file=sys.stderr)
        return 1 if err else 0
    if cmd == "offsets":
        size, bs, mode = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        ops = {}
        with open(sys.argv[2]) as f:
            for line in f:
                d, off, length = line.split()
                ops.setdefault(d, []).append((int(off), int(length)))
        nblocks = size // bs
        err = []
        allio = [o for d in ("R", "W") for o in ops.get(d, [])]
        for off, length in allio:
            if length != bs or off % bs or off + length > size:
                err.append(f"bad I/O {off}+{length}")
        if mode == "seq":
            for d, lst in ops.items():
                if d == "S":
                    continue
                want = [(i * bs) % size for i in range(len(lst))]
                if [o for o, _ in lst] != want:
                    err.append(f"{d} offsets are not sequential")
            if len(allio) != nblocks:
                err.append(f"{len(allio)} I/Os, expected {nblocks}")
        elif mode == "perm":
            offs = sorted(o for o, _ in allio)
            if offs != [i * bs for i in range(nblocks)]:
                err.append(f"{len(offs)} I/Os over {len(set(offs))} blocks, "
                           f"expected each of {nblocks} blocks once")
            seq = [o for o, _ in allio]
            if seq == sorted(seq) and nblocks > 8:
                err.append("random offsets came in ascending order")
        for e in err[:10]:
            print(e, file=sys.stderr)
        return 1 if err else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
