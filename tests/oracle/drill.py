#!/usr/bin/env python3
"""drill.py — an independent count for logstat's drill-down (--by, --status, latency),
sharing no code with src/. Python stdlib and the zstd CLI only.

  drill.py gen LINES PATHS SEED        a combined log with %D at the end, on stdout
  drill.py check LOG REPORT.json [--status SPEC] [--approx]
      recount LOG (plain or .zst, CLF/combined, optional trailing %D in µs) and check
      every `by` section, the --status filter and the class/code percentiles of the
      JSON report; exit 1 with the first difference.
  drill.py same A.json B.json          the `by` lists and latency of two reports agree
  drill.py latency squid|caddy LOG REPORT.json
      durations of a Squid native log (elapsed ms) or Caddy JSON log (duration s),
      read here; the report's class and code percentiles must be within 1 %
"""
import json
import random
import re
import subprocess
import sys
from datetime import datetime, timezone

# a referer is kept when the user agent after it is cut short (the line still counts)
LINE = re.compile(r'^(\S+) \S+ \S+ \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}|-) (\d+|-)'
                  r'(?: "((?:[^"\\]|\\.)*)"(?: "((?:[^"\\]|\\.)*)")?)?(?: (\d+))?')
CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx", "other"]


def cls(code):
    return "%dxx" % (code // 100) if 100 <= code < 600 else "other"


def gen(lines, paths, seed):
    rnd = random.Random(seed)
    methods = ["GET"] * 8 + ["POST", "HEAD"]
    codes = [200] * 20 + [304, 404, 404, 403, 500, 503, 101, 999]  # 8 codes: see docs
    agents = ["curl/8.0", "Mozilla/5.0 (X11)", "bot \\\"quoted\\\""]
    t0 = 1700000000
    out = []
    for i in range(lines):
        t = t0 + i * 7 + rnd.randrange(5)
        stamp = datetime.fromtimestamp(t, timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
        # half the requests on a few heavy paths, half spread over every path
        if rnd.random() < 0.5:
            p = "/p%d" % int(rnd.paretovariate(1.2) * 3 % paths)
        else:
            p = "/p%d" % rnd.randrange(paths)
        if rnd.random() < 0.2:
            p += "?q=%d" % rnd.randrange(100)
        code = rnd.choice(codes)
        dur = int(rnd.lognormvariate(9, 1.5))  # µs: ~8 ms median, long tail
        out.append('10.0.%d.%d - - [%s] "%s %s HTTP/1.1" %d %d "http://r%d/" "%s" %d' % (
            rnd.randrange(3), rnd.randrange(20), stamp, rnd.choice(methods), p, code,
            rnd.randrange(5000), rnd.randrange(4), rnd.choice(agents), dur))
    sys.stdout.write("\n".join(out) + "\n")


def read_log(path):
    if path.endswith(".zst"):
        data = subprocess.run(["zstd", "-dc", path], check=True, capture_output=True).stdout
    else:
        data = open(path, "rb").read()
    return data.decode("latin-1").split("\n")


def status_keep(spec):
    """The set of codes SPEC keeps (docs/drilldown.md), written from the docs."""
    pos, neg = set(), set()
    for item in spec.split(","):
        target = neg if item.startswith("!") else pos
        item = item.lstrip("!")
        if item[1:].lower() == "xx":
            rng = range(int(item[0]) * 100, int(item[0]) * 100 + 100)
        elif "-" in item:
            a, b = item.split("-")
            rng = range(int(a), int(b) + 1)
        else:
            rng = [int(item)]
        target.update(rng)
    return (pos or set(range(1000))) - neg


def utc_bucket(stamp, width):
    t = datetime.strptime(stamp, "%d/%b/%Y:%H:%M:%S %z").astimezone(timezone.utc)
    return {"minute": t.strftime("%Y-%m-%dT%H:%MZ"), "hour": t.strftime("%Y-%m-%dT%H:00Z"),
            "day": t.strftime("%Y-%m-%d")}[width]


def values(m):
    host, stamp, req, _, _, ref, ua, _ = m.groups()
    toks = req.split(" ")
    v = {"client": host, "referer": ref, "user_agent": ua}
    if len(toks) == 3 and all(toks):
        target = toks[1].split("?")[0]
        v["request"] = toks[0] + " " + target
    else:
        v["request"] = req
    v["method"] = toks[0] or None  # an empty request has no method
    v["path"] = toks[1].split("?")[0] if len(toks) > 1 else None
    for w in ("minute", "hour", "day"):
        v[w] = utc_bucket(stamp, w)
    return v


def as_reported(value):
    """A value as the JSON report shows it: its first 120 bytes, as logged (escapes kept);
    bytes that are not UTF-8 come back as U+0000-U+00FF."""
    raw = value.encode("latin-1")[:120].decode("utf-8", errors="surrogateescape")
    return "".join(chr(ord(c) - 0xDC00) if 0xDC80 <= ord(c) <= 0xDCFF else c for c in raw)


def recount(path, keep):
    rows, lat_cls, lat_code, left_out, requests = {}, {}, {}, 0, 0
    for line in read_log(path):
        line = line.rstrip("\r")
        m = LINE.match(line)
        if not m:
            continue
        if m.group(4) == "-" or int(m.group(4)) not in keep:
            left_out += 1
            continue
        code = int(m.group(4))
        requests += 1
        for field, val in values(m).items():
            if val is None:
                continue
            r = rows.setdefault(field, {}).setdefault(val, {"count": 0, "classes": {}})
            r["count"] += 1
            r["classes"][cls(code)] = r["classes"].get(cls(code), 0) + 1
        if m.group(8) is not None:
            lat_cls.setdefault(cls(code), []).append(int(m.group(8)))
            lat_code.setdefault(code, []).append(int(m.group(8)))
    return rows, lat_cls, lat_code, left_out, requests


def fail(msg):
    print("drill.py: " + msg)
    sys.exit(1)


def check_quantiles(what, got, durations):
    durations.sort()
    n = len(durations)
    if got["count"] != n:
        fail("%s: %d durations, oracle %d" % (what, got["count"], n))
    for q, key in ((0.5, "p50"), (0.9, "p90"), (0.99, "p99")):
        true = durations[int(q * (n - 1))] / 1000.0
        if abs(got[key] - true) > 0.01 * true + 0.0005:
            fail("%s %s: %.3f ms, true %.3f ms (more than 1 %%)" % (what, key, got[key], true))
    if abs(got["max"] - durations[-1] / 1000.0) > 0.0005:
        fail("%s max: %.3f ms, true %.3f" % (what, got["max"], durations[-1] / 1000.0))


def check_by(section, oracle):
    field = section["field"]
    want = {}
    for k, v in oracle.get(field, {}).items():  # values as logstat keeps them: 120 bytes
        w = want.setdefault(as_reported(k), {"count": 0, "classes": {}})
        w["count"] += v["count"]
        for c, n in v["classes"].items():
            w["classes"][c] = w["classes"].get(c, 0) + n
    got = {r["value"]: r for r in section["rows"]}
    if len(want) <= section["capacity"]:  # every value fits: exact
        if section["approximate"]:
            fail("%s: approximate, but %d values fit" % (field, len(want)))
        if set(got) != set(want):
            fail("%s: values differ: %s" % (field, sorted(set(got) ^ set(want))[:5]))
        for k, r in got.items():
            cls_got = {c: n for c, n in r["classes"].items() if n}
            if r["count"] != want[k]["count"] or cls_got != want[k]["classes"]:
                fail("%s=%r: %d %s, oracle %d %s" % (field, k, r["count"], cls_got,
                                                     want[k]["count"], want[k]["classes"]))
        return
    for k, r in got.items():
        true = want.get(k, {"count": 0})["count"]
        if not r["count"] - r["max_error"] <= true <= r["count"]:
            fail("%s=%r: true %d outside [%d, %d]" % (field, k, true,
                                                      r["count"] - r["max_error"], r["count"]))
    for k, w in want.items():
        if k not in got and w["count"] > section["unlisted_max"]:
            fail("%s=%r: %d, not listed, above unlisted_max %d" % (field, k, w["count"],
                                                                   section["unlisted_max"]))


def check(log, report_path, spec, approx):
    rep = json.load(open(report_path))
    keep = status_keep(spec) if spec else set(range(1000))
    rows, lat_cls, lat_code, left_out, requests = recount(log, keep)
    if rep["requests"] != requests:
        fail("requests %d, oracle %d" % (rep["requests"], requests))
    if spec and rep["filter"] != {"status": spec, "left_out": left_out}:
        fail("filter %s, oracle left out %d" % (rep["filter"], left_out))
    for section in rep.get("by", []):
        check_by(section, rows)
    for c in rep["classes"]:
        if c.get("latency_ms"):
            check_quantiles("class " + c["class"], c["latency_ms"], lat_cls.get(c["class"], []))
    for c in rep["codes"]:
        if c.get("latency_ms"):
            check_quantiles("code %d" % c["code"], c["latency_ms"], lat_code.get(c["code"], []))
    if approx and not any(s["approximate"] for s in rep.get("by", [])):
        fail("no section is approximate")
    print("drill.py: %d requests, %d sections agree" % (requests, len(rep.get("by", []))))


def latency(kind, log, report_path):
    rep = json.load(open(report_path))
    by_cls, by_code = {}, {}
    for line in read_log(log):
        if not line.strip():
            continue
        if kind == "squid":
            f = line.split()
            code, us = int(f[3].split("/")[1]), int(f[1]) * 1000
        else:
            o = json.loads(line)
            if "status" not in o or "duration" not in o:
                continue  # not a request (logstat counts it as malformed)
            # logstat keeps whole microseconds, the fraction cut
            code, us = int(o["status"]), int(float(o["duration"]) * 1e6)
        by_cls.setdefault(cls(code), []).append(us)
        by_code.setdefault(code, []).append(us)
    n = 0
    for c in rep["classes"]:
        if c["count"]:
            check_quantiles("class " + c["class"], c["latency_ms"], by_cls.get(c["class"], []))
            n += 1
    for c in rep["codes"]:
        check_quantiles("code %d" % c["code"], c["latency_ms"], by_code.get(c["code"], []))
    print("drill.py: latency of %d classes and %d codes agree" % (n, len(rep["codes"])))


def same(a, b):
    x, y = json.load(open(a)), json.load(open(b))
    if x.get("by") != y.get("by"):
        fail("by lists differ")
    for k in ("classes", "codes"):
        if [c.get("latency_ms") for c in x[k]] != [c.get("latency_ms") for c in y[k]]:
            fail("latency of %s differs" % k)
    print("drill.py: same")


if __name__ == "__main__":
    a = sys.argv[1:]
    if a and a[0] == "gen":
        gen(int(a[1]), int(a[2]), int(a[3]))
    elif a and a[0] == "check":
        spec = a[a.index("--status") + 1] if "--status" in a else None
        check(a[1], a[2], spec, "--approx" in a)
    elif a and a[0] == "same":
        same(a[1], a[2])
    elif a and a[0] == "latency":
        latency(a[1], a[2], a[3])
    else:
        sys.exit(__doc__)
