#!/usr/bin/env python3
"""Independent oracle for logstat: count HTTP status codes in an access log.

Usage: count.py [--vhost | --no-vhost] [--declared-only] [--per-line] [--strict-status-token] LOG
  LOG may be plain text or zstd-compressed (*.zst, decompressed with `zstd -dc`).
  The vhost_combined prefix (`VHOST:PORT `) is expected iff the file name
  contains "vhost", unless --vhost / --no-vhost says otherwise.
  --per-line prints one classification per line instead of the summary.
  A line the declared shape does not fit still counts when its core
  `[time] "request" status size` is intact anywhere in it (the project's rule for
  detected CLF formats); --declared-only turns that off.
  --strict-status-token is a diagnostic variant: when looking for the closing
  quote of the request, only accept `"` followed by ` DDD` or ` -` (three
  digits or a dash) instead of any non-space token.  Not the project policy;
  used only to see whether the choice matters on real data.

This file deliberately shares no code with src/; it implements the project's
line policy literally, one field at a time, left to right.  The first field
that fails decides the malformed reason.
"""

import os
import re
import subprocess
import sys

MONTHS = {b"Jan": 1, b"Feb": 2, b"Mar": 3, b"Apr": 4, b"May": 5, b"Jun": 6,
          b"Jul": 7, b"Aug": 8, b"Sep": 9, b"Oct": 10, b"Nov": 11, b"Dec": 12}

REASONS = ("empty", "missing_fields", "no_timestamp", "bad_timestamp",
           "unterminated_request", "bad_status", "bad_bytes")

# [dd/Mon/yyyy:HH:MM:SS +hhmm]  (ranges are checked in code, not here)
TIME_RE = re.compile(rb"\[([0-9]{2})/([A-Za-z]{3})/([0-9]{4}):([0-9]{2}):"
                     rb"([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})\]")
# What must follow the closing quote of the request: space, a status token,
# then a space or the end of the line.
AFTER_QUOTE_RE = re.compile(rb" ([^ ]+)(?: |\Z)")
AFTER_QUOTE_STRICT_RE = re.compile(rb" ([0-9]{3}|-)(?: |\Z)")
VHOST_RE = re.compile(rb"[^ ]*:[0-9]+\Z")
THREE_DIGITS_RE = re.compile(rb"[0-9]{3}\Z")
DIGITS_RE = re.compile(rb"[0-9]+\Z")


class Malformed(Exception):
    def __init__(self, reason):
        Exception.__init__(self, reason)
        self.reason = reason


def read_bytes(path):
    with open(path, "rb") as f:
        head = f.read(4)
    if path.endswith(".zst") or head == b"\x28\xb5\x2f\xfd":
        return subprocess.run(["zstd", "-dc", path], check=True,
                              stdout=subprocess.PIPE).stdout
    with open(path, "rb") as f:
        return f.read()


def split_lines(data):
    """Lines are the bytes up to each \\n; the last may lack one.  A single
    \\r directly before a \\n is removed."""
    parts = data.split(b"\n")
    terminated = [True] * (len(parts) - 1) + [False]
    if parts[-1] == b"":          # data ended with \n (or was empty)
        parts.pop()
        terminated.pop()
    for text, had_nl in zip(parts, terminated):
        if had_nl and text.endswith(b"\r"):
            text = text[:-1]
        yield text


def day_number(year, month, day):
    """Days since a fixed origin (proleptic Gregorian); only used to order
    timestamps, so any consistent origin works."""
    cumulative = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
    prev = year - 1
    leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
    n = 365 * prev + prev // 4 - prev // 100 + prev // 400
    n += cumulative[month - 1] + day
    if leap and month > 2:
        n += 1
    return n


def parse_time(m):
    """Return (utc_seconds, iso_text) or raise Malformed('bad_timestamp')."""
    dd, mon, yyyy, hh, mi, ss, sign, oh, om = m.groups()
    if mon not in MONTHS:
        raise Malformed("bad_timestamp")
    day, hour, minute, sec = int(dd), int(hh), int(mi), int(ss)
    if not (1 <= day <= 31 and hour <= 23 and minute <= 59 and sec <= 60):
        raise Malformed("bad_timestamp")
    month, year = MONTHS[mon], int(yyyy)
    offset = (int(oh) * 3600 + int(om) * 60) * (1 if sign == b"+" else -1)
    local = day_number(year, month, day) * 86400 + hour * 3600 + minute * 60 + sec
    iso = "%04d-%02d-%02dT%02d:%02d:%02d%s%s:%s" % (
        year, month, day, hour, minute, sec, sign.decode(), oh.decode(), om.decode())
    return local - offset, iso


def take_token(line, pos):
    """Non-empty run of non-space bytes at pos, followed by a space.
    Returns (token, position after the space)."""
    sp = line.find(b" ", pos)
    if sp < 0 or sp == pos:
        raise Malformed("missing_fields")
    return line[pos:sp], sp + 1


def classify(line, vhost, strict=False):
    """Return ('request', code, nbytes, ts) / ('no_status', None, 0, ts);
    raise Malformed(reason) otherwise."""
    if line == b"":
        raise Malformed("empty")
    pos = 0
    if vhost:
        token, pos = take_token(line, pos)
        if not VHOST_RE.match(token) or token.startswith(b":"):
            raise Malformed("missing_fields")
    for _field in ("host", "ident", "user"):
        _token, pos = take_token(line, pos)

    # [TIME]
    if pos >= len(line):
        raise Malformed("missing_fields")
    if line[pos:pos + 1] != b"[":
        raise Malformed("no_timestamp")
    m = TIME_RE.match(line, pos)
    if not m:
        raise Malformed("bad_timestamp")
    ts = parse_time(m)
    pos = m.end()

    # "REQUEST"
    if pos >= len(line) or line[pos:] == b" ":
        raise Malformed("missing_fields")
    if line[pos:pos + 2] != b' "':
        raise Malformed("unterminated_request")   # no opening quote
    i = pos + 2
    after = AFTER_QUOTE_STRICT_RE if strict else AFTER_QUOTE_RE
    close = None
    while i < len(line):
        c = line[i:i + 1]
        if c == b"\\":
            i += 2                 # backslash escapes the next byte
            continue
        if c == b'"':
            am = after.match(line, i + 1)
            if am:
                close = am
                break
        i += 1
    if close is None:
        raise Malformed("unterminated_request")

    # STATUS
    status = close.group(1)
    pos = close.end(1)
    if THREE_DIGITS_RE.match(status):
        kind = "request"
    elif status == b"-":
        kind = "no_status"
    else:
        raise Malformed("bad_status")

    # BYTES: then end of line or a space followed by anything (not checked)
    if pos >= len(line):
        raise Malformed("missing_fields")
    end = line.find(b" ", pos + 1)
    if end < 0:
        end = len(line)
    nbytes_tok = line[pos + 1:end]
    if nbytes_tok == b"-":
        nbytes = 0
    elif DIGITS_RE.match(nbytes_tok):
        nbytes = int(nbytes_tok)
    else:
        raise Malformed("bad_bytes")

    if kind == "request":
        return kind, status.decode("ascii"), nbytes, ts
    return kind, None, 0, ts


CORE_RE = re.compile(rb"\[[0-9]{2}/[A-Za-z]{3}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} "
                     rb"[+-][0-9]{4}\] \"")


def classify_core(line, strict):
    """The resilient reading: the first [time] followed by ' "' anywhere in the line,
    then the same request / status / size rules as the declared shape."""
    for m in CORE_RE.finditer(line):
        tm = TIME_RE.match(line, m.start())
        try:
            parse_time(tm)
        except Malformed:
            continue
        # reuse the declared reader on a line with a fixed three-token prefix
        return classify(b"- - - " + line[m.start():], False, strict)
    raise Malformed("no_timestamp")


def classify_any(line, vhost, strict, resilient):
    try:
        return classify(line, vhost, strict)
    except Malformed:
        if not resilient or line == b"":
            raise
        first_error = sys.exc_info()[1]
    try:
        return classify_core(line, strict)
    except Malformed:
        raise first_error


def main(argv):
    args = [a for a in argv[1:]]
    vhost = None
    per_line = strict = False
    resilient = True
    paths = []
    for a in args:
        if a == "--vhost":
            vhost = True
        elif a == "--no-vhost":
            vhost = False
        elif a == "--per-line":
            per_line = True
        elif a == "--declared-only":
            resilient = False
        elif a == "--strict-status-token":
            strict = True
        elif a.startswith("--"):
            sys.exit("unknown option " + a)
        else:
            paths.append(a)
    if len(paths) != 1:
        sys.exit(__doc__)
    path = paths[0]
    if vhost is None:
        vhost = "vhost" in os.path.basename(path)

    out = sys.stdout
    lines = requests = no_status = 0
    reasons = {}
    codes = {}
    sizes = {}
    first = last = None
    for lineno, line in enumerate(split_lines(read_bytes(path)), 1):
        lines += 1
        try:
            kind, code, nbytes, ts = classify_any(line, vhost, strict, resilient)
        except Malformed as e:
            reasons[e.reason] = reasons.get(e.reason, 0) + 1
            if per_line:
                out.write("%d\tmalformed\t%s\n" % (lineno, e.reason))
            continue
        if kind == "request":
            requests += 1
            codes[code] = codes.get(code, 0) + 1
            sizes[code] = sizes.get(code, 0) + nbytes
        else:
            no_status += 1
        # strict < / > : on equal instants the earlier line wins
        if first is None or ts[0] < first[0]:
            first = ts
        if last is None or ts[0] > last[0]:
            last = ts
        if per_line:
            out.write("%d\t%s\t%s\t%d\n" % (lineno, kind, code or "-", nbytes))

    if per_line:
        return 0
    malformed = sum(reasons.values())
    assert lines == requests + no_status + malformed
    out.write("lines=%d\n" % lines)
    out.write("requests=%d\n" % requests)
    out.write("no_status=%d\n" % no_status)
    out.write("malformed=%d\n" % malformed)
    for r in sorted(reasons):
        out.write("malformed.%s=%d\n" % (r, reasons[r]))
    for c in sorted(codes):
        out.write("code.%s=%d\n" % (c, codes[c]))
    for c in sorted(sizes):
        out.write("bytes.%s=%d\n" % (c, sizes[c]))
    out.write("first=%s\n" % (first[1] if first else "-"))
    out.write("last=%s\n" % (last[1] if last else "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
