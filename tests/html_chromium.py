#!/usr/bin/env python3
"""html_chromium.py — opens `logstat -o html` in headless Chromium (Debian's `chromium`)
with the network cut off, and checks what a reader gets: no console error, no request
but the page itself, every number on the page equal to `-o json` for the same input, the
SVG charts with one bar per count, and log lines carrying <script>, "><img onerror>,
javascript: URLs and control bytes shown as text. Writes screenshots (wide, phone, dark)
next to the report for a person to look at.

Usage: html_chromium.py LOGSTAT_BINARY OUTPUT_DIR
Chromium is driven through the DevTools protocol over --remote-debugging-pipe (file
descriptors 3 and 4), so nothing but Python and Chromium is needed. A missing Chromium
is a failure, not a skip: scripts/test.sh installs it."""

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 60  # seconds for the whole browser session

# A log over a few minutes with every class, a few malformed lines and hostile requests.
# The file itself carries markup in its name.
LOG_NAME = '<img src=x onerror="window.__xss=9">.log'
XSS_TEXTS = [
    "<script>window.__xss=1</script>",
    "\"><img src=x onerror=window.__xss=2>",
    "javascript:window.__xss=3",
    '<img src=x onerror="window.__xss=9">.log',
]


def log_lines():
    lines = []
    for minute in range(12):
        ts = "[10/Oct/2024:13:%02d:%02d +0200]" % (minute, minute)
        for k, status in enumerate([200, 200, 301, 404, 500, 101, 999]):
            if (minute + k) % 3 == 0:
                continue
            lines.append('10.0.0.%d - - %s "GET /p%d HTTP/1.1" %d %d "-" "ua"'
                         % (k, ts, minute % 4, status, 100 * k))
    ts = "[10/Oct/2024:13:20:00 +0200]"
    hostile = [
        '"GET /<script>window.__xss=1</script> HTTP/1.1" 404 5',
        '"GET /\\"><img src=x onerror=window.__xss=2> HTTP/1.1" 403 5',
        '"GET javascript:window.__xss=3 HTTP/1.1" 400 5',
        '"GET /\x1b[31mred\x07\x01 HTTP/1.1" 502 5',
        '"GET /\xe2\x80\xaeevil HTTP/1.1" 418 5',
    ]
    for h in hostile:
        lines.append("6.6.6.6 - - %s %s \"-\" \"<script>ua</script>\"" % (ts, h))
    lines.append('"><img src=x onerror=window.__xss=4> not a log line')
    lines.append("\x01\x02\xff\xfe binary")
    lines.append("7.7.7.7 - - [10/Oct/2024:13:21:00 +0200] \"-\" - 0 \"-\" \"-\"")
    return "\n".join(lines).encode("latin-1") + b"\n"


class Browser:
    """One headless Chromium spoken to over the DevTools pipe."""

    def __init__(self, exe, profile):
        to_child, self.w = os.pipe()
        self.r, from_child = os.pipe()

        def fds():
            a = os.dup(to_child)
            b = os.dup(from_child)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=127.0.0.1:9", "--user-data-dir=" + profile,
                "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=fds, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.deadline = time.monotonic() + TIMEOUT

    def _read_message(self):
        while b"\0" not in self.buf:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.r], [], [], left)[0]:
                raise RuntimeError("chromium did not answer in time")
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read_message()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method):
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                return self.events.pop(i)
        while True:
            m = self._read_message()
            if m.get("method") == method:
                return m
            self.events.append(m)

    def close(self):
        try:
            self.call("Browser.close")
        except RuntimeError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


EXTRACT = r"""(() => {
  const num = e => e ? Number(e.getAttribute('value')) : null;
  const row = id => { const tr = document.getElementById(id);
    return tr ? [...tr.querySelectorAll('data')].map(d => Number(d.value)) : null; };
  const out = {head: {}, classes: {}, codes: {}, inputs: [], toperr: [], malformed: {}};
  out.by = [...document.querySelectorAll('tr.by')].map(tr => num(tr.querySelector('data')));
  for (const k of ['lines', 'requests', 'no_status', 'malformed', 'outside_window', 'bytes',
                   'inputs', 'input_errors'])
    out.head[k] = num(document.getElementById('n-' + k));
  for (const tr of document.querySelectorAll('tr[id^="class-"]'))
    out.classes[tr.id.slice(6)] = row(tr.id);
  for (const tr of document.querySelectorAll('tr[id^="code-"]'))
    out.codes[Number(tr.id.slice(5))] = row(tr.id);
  for (const tr of document.querySelectorAll('tr[id^="input-"]'))
    out.inputs.push({name: tr.querySelector('code').textContent, n: row(tr.id)});
  for (const tr of document.querySelectorAll('tr.toperr')) {
    const td = tr.querySelectorAll('td');
    out.toperr.push({count: num(td[0].querySelector('data')), code: Number(td[1].textContent),
                     request: td[2].textContent});
  }
  for (const tr of document.querySelectorAll('tr[id^="malformed-"]'))
    out.malformed[tr.id.slice(10)] = row(tr.id)[0];
  out.first = (document.getElementById('first') || {}).textContent;
  out.last = (document.getElementById('last') || {}).textContent;
  out.classRects = document.querySelectorAll('svg.classes rect.b').length;
  out.timeRects = document.querySelectorAll('svg.time rect.b').length;
  out.ticks = [...document.querySelectorAll('svg.time text.tick')].map(t => t.textContent);
  out.scripts = document.scripts.length;
  out.images = document.images.length;
  out.embeds = document.querySelectorAll('iframe,object,embed,img,video,audio,link').length;
  out.handlers = [...document.querySelectorAll('*')].filter(
    e => [...e.attributes].some(a => a.name.startsWith('on'))).length;
  out.xss = window.__xss === undefined ? null : window.__xss;
  out.text = document.body.innerText;
  out.width = document.documentElement.scrollWidth;
  out.height = document.documentElement.scrollHeight;
  return JSON.stringify(out);
})()"""


class Checker:
    def __init__(self):
        self.failures = []

    def eq(self, got, want, what):
        if got != want:
            self.failures.append("%s: got %r, want %r" % (what, got, want))

    def true(self, cond, what):
        if not cond:
            self.failures.append(what)


def compare(page, js, ck):
    for k in ["lines", "requests", "no_status", "malformed", "bytes"]:
        ck.eq(page["head"][k], js[k], "headline " + k)
    ck.eq(page["head"]["outside_window"], js["outside_window"] or None, "outside_window")
    ck.eq(page["head"]["inputs"], len(js["inputs"]), "inputs")
    ck.eq(page["head"]["input_errors"], sum(1 for i in js["inputs"] if i["error"]),
          "input errors")
    ck.eq(page["first"], js["first"], "first time")
    ck.eq(page["last"], js["last"], "last time")
    for c in js["classes"]:
        ck.eq(page["classes"].get(c["class"]), [c["count"], c["bytes"]], "class " + c["class"])
    want_codes = {c["code"]: [c["count"], c["bytes"]] for c in js["codes"]}
    ck.eq({int(k): v for k, v in page["codes"].items()}, want_codes, "codes")
    ck.eq(len(page["inputs"]), len(js["inputs"]), "input rows")
    for p, j in zip(page["inputs"], js["inputs"]):
        by_class = {c["class"]: c["count"] for c in j["classes"]}
        ck.eq(p["n"], [j["lines"], j["requests"], j["no_status"], j["malformed"],
                       by_class["4xx"], by_class["5xx"]], "input " + j["name"])
        ck.eq(p["name"], j["name"], "input name")
    entries = js["top_errors"]["entries"]
    ck.eq(len(page["toperr"]), min(20, len(entries)), "top error rows")
    for p, j in zip(page["toperr"], entries):
        ck.eq((p["count"], p["code"]), (j["count"], j["code"]), "top error " + repr(j["request"]))
        if all(" " <= ch < "\x7f" and ch != "\\" for ch in j["request"]):
            ck.eq(p["request"], j["request"], "top error request text")
    ck.eq(page["malformed"], js["malformed_reasons"], "malformed reasons")
    ck.eq(page["classRects"], sum(1 for c in js["classes"] if c["count"]), "class chart bars")
    want_bars = sum(1 for b in js["timeline"]["buckets"] for k, v in b.items()
                    if k != "start" and v)
    ck.eq(page["timeRects"], want_bars, "timeline bars")
    ck.true(len(page["ticks"]) >= 2, "time axis has labels: %r" % page["ticks"])
    # the drill-down tables (--by path,user_agent: the top 10 of each)
    want_by = [r["count"] for s in js["by"] for r in s["rows"][:10]]
    ck.eq(page["by"], want_by, "drill-down rows")


def check_safety(page, ck):
    ck.eq(page["xss"], None, "a script ran (window.__xss)")
    ck.eq(page["scripts"], 0, "script elements")
    ck.eq(page["embeds"], 0, "elements that load something")
    ck.eq(page["handlers"], 0, "elements with an on* attribute")
    for t in XSS_TEXTS:
        ck.true(t in page["text"], "shown as text: %r" % t)
    ck.true("\\x1b[31mred\\x07\\x01" in page["text"], "control bytes shown escaped")
    ck.true("\\u{202e}evil" in page["text"], "bidi override shown escaped")
    ck.true(not any(ord(ch) < 0x20 and ch not in "\n\t" for ch in page["text"]),
            "no raw control byte in the page text")


def screenshot(b, session, path, width, dark):
    b.call("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]}, session)
    b.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": 800,
           "deviceScaleFactor": 1, "mobile": width < 600}, session)
    res = b.call("Runtime.evaluate", {"expression": EXTRACT, "returnByValue": True}, session)
    page = json.loads(res["result"]["value"])
    shot = b.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                  "clip": {"x": 0, "y": 0, "width": width,
                           "height": min(page["height"], 6000), "scale": 1}}, session)
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    return page


def browse(exe, url, outdir, ck):
    profile = tempfile.mkdtemp(prefix="logstat-chromium-")
    b = Browser(exe, profile)
    try:
        targets = b.call("Target.getTargets")["targetInfos"]
        page_id = next(t["targetId"] for t in targets if t["type"] == "page")
        session = b.call("Target.attachToTarget", {"targetId": page_id,
                         "flatten": True})["sessionId"]
        for domain in ["Page", "Runtime", "Log", "Network"]:
            b.call(domain + ".enable", {}, session)
        b.call("Network.emulateNetworkConditions", {"offline": True, "latency": 0,
               "downloadThroughput": -1, "uploadThroughput": -1}, session)
        b.call("Page.navigate", {"url": url}, session)
        b.wait_event("Page.loadEventFired")
        page = screenshot(b, session, os.path.join(outdir, "html-report.png"), 1280, False)
        screenshot(b, session, os.path.join(outdir, "html-report-phone.png"), 390, False)
        screenshot(b, session, os.path.join(outdir, "html-report-dark.png"), 1280, True)
        # anything the page logged or asked for after loading comes in as events
        b.call("Runtime.evaluate", {"expression": "1"}, session)
    finally:
        b.close()
        shutil.rmtree(profile, ignore_errors=True)
    seen_self = False
    for m in b.events:
        method, p = m.get("method"), m.get("params", {})
        if method == "Network.requestWillBeSent" and p["request"]["url"] == url:
            seen_self = True
        elif method == "Network.requestWillBeSent":
            ck.true(False, "network request: " + p["request"]["url"])
        elif method == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            ck.true(False, "console %s: %s" % (p["entry"]["level"], p["entry"]["text"]))
        elif method == "Runtime.consoleAPICalled":
            ck.true(False, "console.%s called" % p["type"])
        elif method == "Runtime.exceptionThrown":
            ck.true(False, "exception: %s" % p["exceptionDetails"].get("text"))
    ck.true(seen_self, "the page's own request was not seen: is the watch working?")
    ck.true(page["width"] <= 1280, "no horizontal overflow at 1280 px: %d" % page["width"])
    return page


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    logstat, outdir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    exe = shutil.which("chromium")
    if not exe:
        print("FAIL: chromium not found (scripts/test.sh installs Debian's chromium)")
        return 1
    work = tempfile.mkdtemp(prefix="logstat-html-")
    try:
        log = os.path.join(work, LOG_NAME)
        with open(log, "wb") as f:
            f.write(log_lines())
        report = os.path.join(outdir, "html-report.html")
        by = ["--by", "path,user_agent"]  # hostile values in the drill-down tables too
        subprocess.run([logstat, "-o", "html", "--output-file", report] + by + [log], check=True)
        js = json.loads(subprocess.run([logstat, "-o", "json"] + by + [log], check=True,
                                       capture_output=True).stdout)
        size = os.path.getsize(report)
        ck = Checker()
        page = browse(exe, "file://" + report, outdir, ck)
        compare(page, js, ck)
        check_safety(page, ck)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("report: %s (%d bytes); screenshots: %s/html-report{,-phone,-dark}.png"
          % (report, size, outdir))
    print("page: %d codes, %d class bars, %d timeline bars, ticks %s"
          % (len(page["codes"]), page["classRects"], page["timeRects"], page["ticks"]))
    for f in ck.failures:
        print("FAIL:", f)
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main())
