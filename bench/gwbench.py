#!/usr/bin/env python3
"""Benchmarks of the running daemon (issue 7): detection latency, footprint (idle and under load), start-up.

Each benchmark starts the real packaged daemon (target/quarkus-app/quarkus-run.jar, built if missing) on a scratch
config in a scratch folder: it tails a scratch log file, alerts to a webhook receiver this script serves on
127.0.0.1 (group_wait 0, no rate limit), acts in dry-run, probes and the openclaw CLI collector off. Lines written
are real OpenClaw tslog line shapes taken from src/test/resources/fixtures/openclaw/logs, with fresh ids and times.

Footprint and startup measure the baseline (--baseline DIR, a copy of an earlier target/quarkus-app; by default
/work/baseline-app when it exists) side by side with this build in the same run, and end with a comparison table
against issue 15's targets.

usage: gwbench.py latency   [--quick] [--trials N]
       gwbench.py footprint [--quick] [--idle-seconds S] [--load-seconds S] [--rate N] [--skip-idle] [--skip-load]
       gwbench.py startup   [--quick] [--runs N]
       gwbench.py latency --no-watch   (tail.watch false: the poll-only tailer, for comparison)
common: --jvm-opts "..." and --malloc-arena-max N (default: those of deploy/systemd/gatewarden.service),
        --keep (keep the scratch dir with the config, the state and daemon.log)

Python 3 standard library only. Figures go to stdout; the daemon's own output to <scratch>/daemon.log.
"""
import argparse
import http.client
import http.server
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
FIXTURES = os.path.join(ROOT, "src", "test", "resources", "fixtures", "openclaw", "logs")
UNIT = os.path.join(ROOT, "deploy", "systemd", "gatewarden.service")


def unit_settings():
    """The JVM's -X options of the systemd unit's ExecStart= and its MALLOC_ARENA_MAX, so the bench runs the daemon
    the way the unit does (paths such as -Djava.io.tmpdir are left out)."""
    opts, arenas = [], ""
    try:
        with open(UNIT) as f:
            for line in f:
                if line.startswith("ExecStart="):
                    opts = [w for w in line.split()[1:] if w.startswith("-X")]
                elif line.startswith("Environment=MALLOC_ARENA_MAX="):
                    arenas = line.strip().split("=", 2)[2]
    except OSError:
        pass
    return " ".join(opts), arenas


UNIT_JVM_OPTS, UNIT_MALLOC_ARENA_MAX = unit_settings()
CLK_TCK = os.sysconf("SC_CLK_TCK")
# issue 15's targets (BENCHMARKS.md)
IDLE_RSS_MB = 96
IDLE_CPU_PCT = 0.5
LOAD_RSS_MB = 160
STARTUP_S = 1.0
PAGE = os.sysconf("SC_PAGE_SIZE")


# ------------------------------------------------------------------------------------------------------ helpers

def log(msg):
    print(msg, flush=True)


def now_iso():
    t = datetime.now(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (t.microsecond // 1000)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_jar():
    if os.path.isfile(JAR):
        return
    log("building the app (target/quarkus-app missing): ./mvnw -q -B -DskipTests package")
    subprocess.run(["./mvnw", "-q", "-B", "-DskipTests", "package"], cwd=ROOT, check=True)


def pct(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


def proc_cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # after the command: state is fields[0]; utime, stime are stat fields 14, 15 -> index 11, 12 here
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_rss_mb(pid):
    with open("/proc/%d/statm" % pid) as f:
        return int(f.read().split()[1]) * PAGE / (1024 * 1024)


def proc_threads(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


# ------------------------------------------------------------------------------------------------------ daemon

def thread_cpu(pid):
    """CPU seconds per thread name (the kernel keeps 15 characters of it)."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                name = f.read().strip()
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                fl = f.read().rsplit(")", 1)[1].split()
            out[name] = out.get(name, 0) + (int(fl[11]) + int(fl[12])) / CLK_TCK
        except OSError:
            pass
    return out


class Http:
    """One keep-alive connection to the daemon (reconnects on error)."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path, timeout=5):
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
                self.conn.request("GET", path)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def json(self, path):
        status, body = self.get(path)
        if status != 200:
            raise RuntimeError("%s -> %d %s" % (path, status, body[:200]))
        return json.loads(body)

    def metrics(self):
        status, body = self.get("/q/metrics", timeout=30)
        out = {}
        for line in body.decode("utf-8", "replace").splitlines():
            if not line or line[0] == "#":
                continue
            name, _, value = line.rpartition(" ")
            try:
                out[name] = float(value)
            except ValueError:
                pass
        return out


class Hook:
    """The webhook receiver: records (monotonic time, body) of every POST. It also answers the gateway's health
    endpoints (GET /healthz, /startupz -> 200), standing in for a running gateway: without one the daemon's health
    probes open gateway_down after ~30 s, and its default inhibition then mutes every provider alert."""

    def __init__(self):
        self.received = []
        self.cond = threading.Condition()
        hook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                t = time.monotonic()
                with hook.cond:
                    hook.received.append((t, body))
                    hook.cond.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):
                body = b'{"ok":true,"status":"live","started":true}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Daemon:
    """A scratch folder, a scratch config and the packaged daemon started on it."""

    def __init__(self, args, name, hook_port=None, tail_glob=None, create_log=True, extra_yaml="", app=None):
        self.app = app or App(JAR, args.jvm_opts, args.malloc_arena_max, "new")
        self.hook = Hook()  # the stand-in gateway's health endpoints (and the webhook receiver when hook_port is None)
        gateway_port = self.hook.port
        self.dir = tempfile.mkdtemp(prefix="gwbench-%s-" % name)
        self.keep = args.keep
        self.jvm_opts = self.app.jvm_opts
        self.malloc_arenas = self.app.malloc_arenas
        self.port = free_port()
        os.makedirs(os.path.join(self.dir, "logs"))
        self.log_file = os.path.join(self.dir, "logs", "openclaw-%s.log" % datetime.now(timezone.utc).strftime("%Y-%m-%d"))
        if create_log:
            open(self.log_file, "w").close()
        with open(os.path.join(self.dir, "openclaw.json"), "w") as f:
            f.write("{}\n")
        glob = tail_glob or os.path.join(self.dir, "logs", "openclaw-*.log")
        self.log_glob = glob
        receivers = ("    - {name: hook, type: webhook, url: 'http://127.0.0.1:%d/hook', send_resolved: false,\n"
                     "       rate_limit: {burst: 0, refill_every: 6s}}\n" % hook_port) if hook_port else \
                    "    - {name: console, type: console, target: log}\n"
        self.config = os.path.join(self.dir, "gatewarden.yaml")
        with open(self.config, "w") as f:
            f.write("""# scratch config written by bench/gwbench.py
state_dir: %(dir)s/state
http: {host: 127.0.0.1, port: %(port)d}
gateway: {name: bench, config_file: %(dir)s/openclaw.json}
tail: {paths: ['%(glob)s'], watch: %(watch)s}
probe: {enabled: false}
collect: {enabled: false}
restart: {strategy: none, health_url: 'http://127.0.0.1:%(gw)d'}
act: {dry_run: true}
alert:
  receivers:
%(receivers)s  route:
    receiver: %(recv)s
    group_wait: 0s
%(extra)s""" % dict(dir=self.dir, port=self.port, glob=glob, receivers=receivers,
                     recv="hook" if hook_port else "console", extra=extra_yaml, gw=gateway_port,
                     watch="false" if getattr(args, "no_watch", False) else "true"))
        self.proc = None
        self.http = Http(self.port)

    def start(self):
        # from the app's folder with a relative -jar, as the launcher and the unit do: the class-data-sharing
        # archive (app-cds.jsa) records the class path relative to it
        cmd = [self.app.java] + self.jvm_opts.split() + ["-jar", os.path.basename(self.app.jar), "run", "--config", self.config]
        self.out = open(os.path.join(self.dir, "daemon.log"), "wb")
        self.t_start = time.monotonic()
        env = dict(os.environ)
        if self.malloc_arenas:
            env["MALLOC_ARENA_MAX"] = self.malloc_arenas
        self.proc = subprocess.Popen(cmd, stdout=self.out, stderr=subprocess.STDOUT, cwd=os.path.dirname(self.app.jar),
                                     env=env)
        return self

    def wait_ready(self, timeout=120, interval=0.02):
        """Seconds from process start to the first 200 of /q/health/ready."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("daemon exited with %d; see %s/daemon.log" % (self.proc.returncode, self.dir))
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/q/health/ready")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return time.monotonic() - self.t_start
            except OSError:
                pass
            time.sleep(interval)
        raise RuntimeError("daemon not ready after %d s; see %s/daemon.log" % (timeout, self.dir))

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "out", None):
            self.out.close()
        self.hook.close()
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
        else:
            log("scratch dir kept: %s" % self.dir)


# ------------------------------------------------------------------------------------------------------ lines

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SESSION_RE = re.compile(r"lab-s\d+")
TIME_RE = re.compile(r'"time":"[^"]+"')
DATE_RE = re.compile(r'"date":"[^"]+"')


def fixture_lines(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


def to_template(line, extra=None):
    """A fixture line as a %-format string: uuids -> %(u0)s.., session -> %(sess)s, time/date -> now."""
    t = line.replace("%", "%%")
    ids = {}

    def uid(m):
        if m.group(0) not in ids:
            ids[m.group(0)] = "%%(u%d)s" % len(ids)
        return ids[m.group(0)]

    t = UUID_RE.sub(uid, t)
    t = SESSION_RE.sub("%(sess)s", t)
    t = TIME_RE.sub('"time":"%(iso)s+00:00"', t)
    t = DATE_RE.sub('"date":"%(iso)sZ"', t)
    for old, new in (extra or {}).items():
        t = t.replace(old, new)
    return t, len(ids)


def alpha(n, width=5):
    """n as letters (base 26): survives the error normaliser, which turns digits into '#'."""
    s = []
    for _ in range(width):
        n, r = divmod(n, 26)
        s.append(chr(97 + r))
    return "".join(reversed(s))


# The three lines of a failed attempt on a rate-limited model (fixture 02, lines 8-10): the model fetch that got a
# 429, the embedded agent end with failoverReason rate_limit, the same-model retry. provider 'fakeoa' is replaced by
# a fresh provider per trial, so each trial opens a new provider_rate_limited incident (key: provider/model).
def latency_templates():
    lines = fixture_lines("02-failover-cascade-429-529-unknown-model.info.jsonl")[7:10]
    return [to_template(l, {"fakeoa": "%(prov)s"}) for l in lines]


def fill(tmpl, n_ids, **kw):
    d = dict(kw)
    for i in range(n_ids):
        d["u%d" % i] = str(uuid.uuid4())
    return tmpl % d


# ------------------------------------------------------------------------------------------------------ latency

def bench_latency(args):
    trials = args.trials or (20 if args.quick else 500)
    hook = Hook()
    d = Daemon(args, "latency", hook_port=hook.port,
               extra_yaml="incidents: {quiet_period: 1h, max_open: 1000}\n")
    tmpls = latency_templates()
    log("== detection latency: %d trials, tail.watch %s (load avg %s) ==" % (
        trials, "false (poll only)" if args.no_watch else "true", loadavg()))
    try:
        d.start()
        log("daemon ready after %.2f s (pid %d, JVM opts: %s, MALLOC_ARENA_MAX=%s)"
            % (d.wait_ready(), d.pid, d.jvm_opts, d.malloc_arenas or "unset"))
        api = d.http
        # warm-up trials (JIT, first connection to the hook), not counted
        warm = 5 if args.quick else 20
        to_api, to_hook, misses = [], [], 0
        f = open(d.log_file, "a", encoding="utf-8")
        for i in range(-warm, trials):
            prov = "benchp%05d" % (i + warm)
            block = "".join(fill(t, n, prov=prov, sess="bench-s%d" % (i + warm), iso=now_iso()) + "\n"
                            for t, n in tmpls)
            before = api.json("/api/status")["openIncidents"]
            n_hooks = len(hook.received)
            needle = prov.encode()
            f.write(block)
            f.flush()
            t0 = time.monotonic()
            t_api = t_hook = None
            deadline = t0 + 5.0
            while time.monotonic() < deadline and (t_api is None or t_hook is None):
                if t_api is None:
                    st = api.json("/api/status")
                    if st["openIncidents"] > before:
                        t_api = time.monotonic()
                if t_hook is None:
                    with hook.cond:
                        for t, body in hook.received[n_hooks:]:
                            if needle in body:
                                t_hook = t
                                break
                if t_api is None or t_hook is None:
                    time.sleep(0.003)
            if i < 0:
                continue
            if t_api is None or t_hook is None:
                misses += 1
            if t_api is not None:
                to_api.append((t_api - t0) * 1000)
            if t_hook is not None:
                to_hook.append((t_hook - t0) * 1000)
            if (i + 1) % 100 == 0:
                log("  %d trials done (load avg %s)" % (i + 1, loadavg()))
            time.sleep(random.uniform(0.05, 0.15))  # random phase against the tailer's poll timer
        f.close()
        opened = d.http.metrics().get('gatewarden_incidents_opened_total{type="provider_rate_limited"}', -1)
        log("")
        log("| append -> | n | p50 ms | p90 ms | p99 ms | max ms | mean ms | target p99 |")
        log("|---|---|---|---|---|---|---|---|")
        for name, v, target in (("incident open (`/api/status` polled every ~3 ms)", to_api, 300),
                                ("webhook POST received (group_wait 0)", to_hook, 500)):
            p99 = pct(v, 99)
            log("| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | < %d ms: %s |" % (
                name, len(v), pct(v, 50), pct(v, 90), p99, max(v) if v else float("nan"),
                statistics.mean(v) if v else float("nan"), target, "met" if p99 < target else "NOT met"))
        log("")
        log("trials without a result within 5 s: %d; provider_rate_limited incidents opened: %d (expected %d); "
            "load avg after: %s" % (misses, opened, trials + warm, loadavg()))
    finally:
        d.stop()
        hook.close()


# ------------------------------------------------------------------------------------------------------ footprint

class Generator(threading.Thread):
    """Appends real OpenClaw line shapes at a fixed rate. Every third line carries an error text no other line has
    (a letter word and a number, so it stays distinct after normalisation): alternately a failed attempt
    (embedded_run_agent_end, reason server_error: the error-loop detector fingerprints it) and a failed fallback
    candidate (model_fallback_decision, with a session id); sessions cycle through `sessions` distinct ids; the other
    lines replay fixture scenarios with fresh run ids."""

    SCENARIOS = ["02-failover-cascade-429-529-unknown-model.info.jsonl", "04-quota-billing-disable-then-fallback.info.jsonl",
                 "05-cooldown-skip-and-no-api-key.info.jsonl", "06-chain-exhausted-all-models-failed.info.jsonl",
                 "07-context-overflow.info.jsonl", "08-tool-use-id-format-error.info.jsonl",
                 "09-rate-limit-profile-cooldown-and-abort.info.jsonl"]

    def __init__(self, path, rate, seconds, sessions, errors):
        super().__init__(daemon=True)
        self.path, self.rate, self.seconds = path, rate, seconds
        self.sessions, self.errors = sessions, errors
        self.blocks = [[to_template(l) for l in fixture_lines(n)] for n in self.SCENARIOS]
        err_line = fixture_lines("02-failover-cascade-429-529-unknown-model.info.jsonl")[125]
        text = ("Unknown model: anthropic/claude-sonnet-4-5. Run `openclaw models list --refresh --provider anthropic` "
                "to inspect this provider's model choices, then retry with a model supported by your account.")
        assert text in err_line
        self.err_tmpl = to_template(err_line, {text: "%(err)s"})
        # the embedded agent end of a failed attempt (fixture 02), with the reason of a plain upstream failure
        # (server_error: not one the error-loop detector leaves to another detector) and the error text replaced
        end = json.loads(fixture_lines("02-failover-cascade-429-529-unknown-model.info.jsonl")[8])
        end["1"].update(error="@ERR@", rawErrorPreview="@ERR@", failoverReason="server_error",
                        providerRuntimeFailureKind="server_error")
        self.end_tmpl = to_template(json.dumps(end, ensure_ascii=False, separators=(",", ":")), {"@ERR@": "%(err)s"})
        self.written = 0
        self.bytes = 0
        self.error_lines = 0
        self.sessions_used = set() if sessions <= 200_000 else None
        self.elapsed = 0.0
        self.max_behind = 0
        self.stop_flag = False

    def lines(self):
        rnd = random.Random(7)
        sess_i = 0
        err_i = 0
        iso = now_iso()
        while True:
            t, n = None, 0
            block = self.blocks[rnd.randrange(len(self.blocks))]
            ids = {"u%d" % k: str(uuid.uuid4()) for k in range(8)}
            sess = "bench-s%d" % (sess_i % self.sessions)
            sess_i += 1
            for tmpl, n in block:
                iso = yield (tmpl % dict(ids, sess=sess, iso=iso)) if n <= 8 else fill(tmpl, n, sess=sess, iso=iso)
                if self.written % 3 == 1:
                    k = err_i % self.errors
                    err = ("Tool widget-%s failed: upstream request %d rejected (quota group %s)"
                           % (alpha(k), k, alpha(k * 7 + 3, 4)))
                    err_i += 1
                    es = "bench-s%d" % (sess_i % self.sessions)
                    sess_i += 1
                    # alternate two real shapes: a failed attempt (error-loop detector, by fingerprint) and a failed
                    # fallback candidate (carries the session)
                    tmpl2, n2 = self.end_tmpl if err_i % 2 else self.err_tmpl
                    iso = yield fill(tmpl2, n2, sess=es, iso=iso, err=err)
                    self.error_lines += 1

    def run(self):
        gen = self.lines()
        line = next(gen)
        start = time.monotonic()
        with open(self.path, "a", encoding="utf-8") as f:
            while not self.stop_flag:
                el = time.monotonic() - start
                if el >= self.seconds:
                    break
                due = int(min(el, self.seconds) * self.rate) - self.written
                self.max_behind = max(self.max_behind, due)
                if due <= 0:
                    time.sleep(0.005)
                    continue
                iso = now_iso()
                chunk = []
                for _ in range(due):
                    chunk.append(line)
                    self.written += 1
                    line = gen.send(iso)
                s = "\n".join(chunk) + "\n"
                f.write(s)
                f.flush()
                self.bytes += len(s)
        self.elapsed = time.monotonic() - start


def sample(d, t0, prev, scrape=True):
    pid = d.pid
    t = time.monotonic()
    cpu = proc_cpu_seconds(pid)
    rss = proc_rss_mb(pid)
    row = {"t": t - t0, "rss": rss, "cpu": cpu, "threads": proc_threads(pid)}
    if prev:
        row["cpu_pct"] = 100 * (cpu - prev["cpu"]) / (t - t0 - prev["t"])
    if not scrape:
        return row
    try:
        m = d.http.metrics()
        row["lines"] = m.get("gatewarden_lines_total", -1)
        row["events"] = sum(v for k, v in m.items() if k.startswith("gatewarden_events_total"))
        row["malformed"] = m.get("gatewarden_lines_malformed_total", -1)
        row["oversized"] = m.get("gatewarden_lines_oversized_total", -1)
        row["heap"] = sum(v for k, v in m.items() if k.startswith('jvm_memory_used_bytes{area="heap"')) / 2**20
        row["nonheap"] = sum(v for k, v in m.items() if k.startswith('jvm_memory_used_bytes{area="nonheap"')) / 2**20
        row["old"] = sum(v for k, v in m.items() if k.startswith('jvm_memory_used_bytes{area="heap"')
                         and ("Old Gen" in k or "Tenured Gen" in k)) / 2**20
        row["open"] = sum(v for k, v in m.items() if k.startswith("gatewarden_incidents_open{"))
        row["lag"] = sum(v for k, v in m.items() if k.startswith("gatewarden_tail_lag_bytes"))
    except Exception as e:  # a slow scrape must not end the run
        row["err"] = str(e)
    return row


def print_series(rows, gen=None):
    log("| t s | RSS MB | CPU %% core | threads | heap used MB | non-heap MB | old gen MB | lines read | events | malformed | open incidents | tail lag KB |%s"
        % (" lines written |" if gen else ""))
    log("|---" * (12 + (1 if gen else 0)) + "|")
    for r in rows:
        log("| %.0f | %.0f | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%s" % (
            r["t"], r["rss"], "%.1f" % r["cpu_pct"] if "cpu_pct" in r else "-", r["threads"],
            "%.0f" % r["heap"] if "heap" in r else "-", "%.0f" % r["nonheap"] if "nonheap" in r else "-",
            "%.0f" % r["old"] if "old" in r else "-", "%d" % r["lines"] if "lines" in r else "-",
            "%d" % r["events"] if "events" in r else "-", "%d" % r["malformed"] if "malformed" in r else "-",
            "%d" % r["open"] if "open" in r else "-", "%.0f" % (r["lag"] / 1024) if "lag" in r else "-",
            (" %d |" % r["written"]) if gen else ""))


def start_all(args, apps, name, **kw):
    """One daemon per app; with a shared_log the later ones tail the first one's log file (same lines for all)."""
    ds = []
    try:
        for app in apps:
            if ds and kw.get("share_log"):
                d = Daemon(args, name + "-" + app.label, app=app, tail_glob=ds[0].log_glob, create_log=False)
            else:
                d = Daemon(args, name + "-" + app.label, app=app,
                           **{k: v for k, v in kw.items() if k != "share_log"})
            ds.append(d)
            d.start()
    except Exception:
        for d in ds:
            d.stop()
        raise
    return ds


def wait_live(d, timeout=120):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if d.http.get("/q/health/live")[0] == 200:
                return time.monotonic() - d.t_start
        except OSError:
            pass
        if time.monotonic() > deadline or d.proc.poll() is not None:
            raise RuntimeError("daemon did not come up; see %s/daemon.log" % d.dir)
        time.sleep(0.1)


def idle(args, apps, seconds, every):  # noqa: C901
    """All apps idle at the same time (same machine state): nothing to tail, only /proc is read."""
    log("== idle footprint: %d s, nothing to tail, %s side by side (load avg %s) ==" % (
        seconds, " and ".join(a.label for a in apps), loadavg()))
    ds = start_all(args, apps, "idle", tail_glob="/nonexistent-gwbench/openclaw-*.log", create_log=False)
    results = {}
    try:
        # ready needs a followed file, which idle has not: wait for the HTTP server instead
        for d in ds:
            log("%s: live after %.2f s (pid %d, JVM opts: %s, MALLOC_ARENA_MAX=%s)"
                % (d.app.label, wait_live(d), d.pid, d.jvm_opts, d.malloc_arenas or "unset"))
        settle = 5 if args.quick else 60
        log("waiting %d s for start-up work (JIT compilation, class loading) to settle" % settle)
        time.sleep(settle)
        # only /proc is read while idle: a /q/metrics scrape costs the daemon tens of ms of CPU itself
        t0 = time.monotonic()
        before = {d.app.label: thread_cpu(d.pid) for d in ds}
        rows = {d.app.label: [sample(d, t0, None, scrape=False)] for d in ds}
        while time.monotonic() - t0 < seconds:
            time.sleep(every - ((time.monotonic() - t0) % every))
            for d in ds:
                rows[d.app.label].append(sample(d, t0, rows[d.app.label][-1], scrape=False))
        for d in ds:
            r = rows[d.app.label]
            log("")
            log("%s (%s):" % (d.app.label, d.app.jar))
            print_series(r)
            span = r[-1]["t"] - r[0]["t"]
            cpu = 100 * (r[-1]["cpu"] - r[0]["cpu"]) / span
            rss = [x["rss"] for x in r]
            results[d.app.label] = dict(cpu=cpu, rss_max=max(rss), rss_min=min(rss), threads=r[-1]["threads"])
            log("%s idle over %.0f s: CPU %.2f %% of one core; RSS min %.0f / max %.0f / last %.0f MB; threads %d"
                % (d.app.label, span, cpu, min(rss), max(rss), rss[-1], r[-1]["threads"]))
            after = thread_cpu(d.pid)
            delta = {k: v - before[d.app.label].get(k, 0) for k, v in after.items()}
            top = [kv for kv in sorted(delta.items(), key=lambda kv: -kv[1])[:8] if kv[1] > 0]
            log("CPU seconds by thread (name as the kernel shows it) during the idle window: "
                + ", ".join("%s %.2f" % kv for kv in top))
        log("load avg after: %s%s" % (loadavg(), "  (--quick: too short to judge, JIT still runs)" if args.quick else ""))
    finally:
        for d in ds:
            d.stop()
    return results


def load(args, apps, seconds, every, rate):  # noqa: C901
    """All apps tail the same log file, written by one generator: the same lines at the same moments for each."""
    total = int(seconds * rate)
    errors = min(1_000_000, max(1, total // 3))
    sessions = min(100_000, max(1, total // 30))
    log("== footprint under load: %d lines/s for %d s (%d lines, %d distinct error texts, %d sessions), %s tailing "
        "the same file, load avg %s ==" % (rate, seconds, total, errors, sessions,
                                           " and ".join(a.label for a in apps), loadavg()))
    ds = start_all(args, apps, "load", share_log=True)
    results = {}
    try:
        for d in ds:
            log("%s: ready after %.2f s (pid %d, JVM opts: %s, MALLOC_ARENA_MAX=%s)"
                % (d.app.label, d.wait_ready(), d.pid, d.jvm_opts, d.malloc_arenas or "unset"))
        gen = Generator(ds[0].log_file, rate, seconds, sessions, errors)
        t0 = time.monotonic()
        rows = {d.app.label: [dict(sample(d, t0, None), written=0)] for d in ds}
        gen.start()
        while gen.is_alive():
            gen.join(every - ((time.monotonic() - t0) % every))
            if gen.is_alive():
                for d in ds:
                    r = dict(sample(d, t0, rows[d.app.label][-1]), written=gen.written)
                    rows[d.app.label].append(r)
                    print("  %s t=%.0fs RSS %.0f MB, CPU %.0f %%, lines read %d / written %d" % (
                        d.app.label, r["t"], r["rss"], r.get("cpu_pct", 0), r.get("lines", -1), r["written"]),
                        file=sys.stderr, flush=True)
        t_end = time.monotonic()
        for d in ds:
            caught = None
            while time.monotonic() - t_end < 120:  # catch up: wait until every written line was read
                if d.http.json("/api/status")["lines"] >= gen.written:
                    caught = time.monotonic() - t_end
                    break
                time.sleep(0.05)
            rows[d.app.label].append(dict(sample(d, t0, rows[d.app.label][-1]), written=gen.written))
            d.caught = caught
        log("generator: %d lines (%.1f MB) in %.1f s = %.0f lines/s achieved (target %d); %d error lines with "
            "distinct texts; largest backlog of due lines %d" % (gen.written, gen.bytes / 1e6, gen.elapsed,
                                                                  gen.written / gen.elapsed, rate, gen.error_lines,
                                                                  gen.max_behind))
        for d in ds:
            r = rows[d.app.label]
            m = d.http.metrics()
            events = {k[len('gatewarden_events_total{type="'):-2]: v for k, v in m.items()
                      if k.startswith("gatewarden_events_total{") and v > 0}
            opened = {k[len('gatewarden_incidents_opened_total{type="'):-2]: v for k, v in m.items()
                      if k.startswith("gatewarden_incidents_opened_total{") and v > 0}
            log("")
            log("%s (%s):" % (d.app.label, d.app.jar))
            print_series(r, gen)
            log("events by type: " + ", ".join("%s %d" % kv for kv in sorted(events.items(), key=lambda kv: -kv[1])))
            log("incidents opened by type: " + ", ".join("%s %d" % kv for kv in sorted(opened.items(), key=lambda kv: -kv[1])))
            rss = [x["rss"] for x in r]
            log("daemon: read %d lines (= written: %s), caught up %s after the generator stopped; events %d, malformed %d"
                % (r[-1].get("lines", -1), r[-1].get("lines", -1) == gen.written,
                   "%.2f s" % d.caught if d.caught is not None else "NOT within 120 s", r[-1].get("events", -1),
                   r[-1].get("malformed", -1)))
            busy = [x for x in r[1:] if "cpu_pct" in x]
            cpu_all = 100 * (r[-1]["cpu"] - r[0]["cpu"]) / (r[-1]["t"] - r[0]["t"])
            log("CPU: %.1f %% of one core on average (incl. catch-up); per-interval min %.1f / max %.1f %%"
                % (cpu_all, min(x["cpu_pct"] for x in busy), max(x["cpu_pct"] for x in busy)))
            log("RSS: min %.0f / max %.0f / last %.0f MB" % (min(rss), max(rss), rss[-1]))
            res = dict(cpu=cpu_all, rss_max=max(rss), caught=d.caught, read_all=r[-1].get("lines", -1) == gen.written)
            window = min(300, seconds / 2)
            tail = [x for x in r if x["t"] >= r[-1]["t"] - window]
            if len(tail) >= 2 and tail[-1]["t"] - tail[0]["t"] > 0:
                growth = tail[-1]["rss"] - tail[0]["rss"]
                spread = max(x["rss"] for x in tail) - min(x["rss"] for x in tail)
                heaps = [x["old"] for x in tail if x.get("old", -1) >= 0]
                res.update(flat=abs(growth) <= 16 and spread <= 32, growth=growth, spread=spread)
                log("last %.0f s: RSS %.0f -> %.0f MB (change %+.0f, spread %.0f MB): %s; old gen used %s"
                    % (tail[-1]["t"] - tail[0]["t"], tail[0]["rss"], tail[-1]["rss"], growth, spread,
                       "flat" if res["flat"] else "NOT flat",
                       "%.0f..%.0f MB" % (min(heaps), max(heaps)) if heaps else "n/a"))
            results[d.app.label] = res
        log("load avg after: %s" % loadavg())
    finally:
        for d in ds:
            d.stop()
    return results


def comparison(title, apps, rows):
    """rows: (measure, target text, {label: value text}, {label: met?} or None)."""
    log("")
    log("### %s" % title)
    log("| measure | target | " + " | ".join("%s" % a.label for a in apps) + " |")
    log("|---|---|" + "---|" * len(apps))
    for measure, target, values, met in rows:
        log("| %s | %s | " % (measure, target) + " | ".join(
            values.get(a.label, "-") + ("" if met is None or a.label not in met else (" (met)" if met[a.label] else " (NOT met)"))
            for a in apps) + " |")
    log("apps: " + "; ".join("%s = %s %s with %s%s" % (a.label, a.java, a.jar, a.jvm_opts or "(no JVM options)",
                                                   ", MALLOC_ARENA_MAX=%s" % a.malloc_arenas if a.malloc_arenas else "")
                               for a in apps))


def bench_footprint(args):
    apps = args.apps
    quick = args.quick
    rows = []
    if not args.skip_idle:
        res = idle(args, apps, args.idle_seconds or (60 if quick else 300), 5 if quick else 10)
        rows.append(("idle RSS, max (MB)", "<= %d" % IDLE_RSS_MB, {k: "%.0f" % v["rss_max"] for k, v in res.items()},
                     {k: v["rss_max"] <= IDLE_RSS_MB for k, v in res.items()}))
        rows.append(("idle CPU (% of one core)", "< %.1f" % IDLE_CPU_PCT, {k: "%.2f" % v["cpu"] for k, v in res.items()},
                     None if quick else {k: v["cpu"] < IDLE_CPU_PCT for k, v in res.items()}))
        rows.append(("idle threads", "-", {k: "%d" % v["threads"] for k, v in res.items()}, None))
        log("")
    if not args.skip_load:
        res = load(args, apps, args.load_seconds or (30 if quick else 600), 5 if quick else 10, args.rate)
        rows.append(("RSS at %d lines/s, max (MB)" % args.rate, "<= %d" % LOAD_RSS_MB,
                     {k: "%.0f" % v["rss_max"] for k, v in res.items()},
                     {k: v["rss_max"] <= LOAD_RSS_MB for k, v in res.items()}))
        rows.append(("RSS flat over the last part (change / spread MB)", "flat",
                     {k: "%+.0f / %.0f" % (v["growth"], v["spread"]) if "flat" in v else "-" for k, v in res.items()},
                     {k: v.get("flat", False) for k, v in res.items()}))
        rows.append(("CPU at %d lines/s (% of one core)" % args.rate, "-", {k: "%.1f" % v["cpu"] for k, v in res.items()}, None))
        rows.append(("all lines read, caught up after (s)", "yes",
                     {k: "%s, %s" % ("yes" if v["read_all"] else "NO", "%.2f" % v["caught"] if v["caught"] is not None else "-")
                      for k, v in res.items()}, None))
    comparison("footprint, side by side (load avg now %s)" % loadavg(), apps, rows)


# ------------------------------------------------------------------------------------------------------ start-up

def bench_startup(args):
    apps = args.apps
    runs = args.runs or (2 if args.quick else 5)
    log("== start-up: %d runs per app of process start -> first 200 from /q/health/ready, apps alternating "
        "(load avg %s) ==" % (runs, loadavg()))
    times = {a.label: [] for a in apps}
    rss = {a.label: [] for a in apps}
    cpu = {a.label: [] for a in apps}  # CPU seconds (all threads) until ready: what a busy machine changes least
    for i in range(runs):
        for app in (apps if i % 2 == 0 else list(reversed(apps))):
            d = Daemon(args, "startup", app=app)
            try:
                d.start()
                s = d.wait_ready()
                times[app.label].append(s)
                rss[app.label].append(proc_rss_mb(d.pid))
                cpu[app.label].append(proc_cpu_seconds(d.pid))
                log("| run %d | %s | %.2f s | CPU until ready %.2f s | RSS at ready %.0f MB | load avg %s |"
                    % (i + 1, app.label, s, cpu[app.label][-1], rss[app.label][-1], loadavg()))
            finally:
                d.stop()
    log("")
    for a in apps:
        t = times[a.label]
        log("%s: start -> ready min %.2f / median %.2f / max %.2f s" % (a.label, min(t), statistics.median(t), max(t)))
    comparison("start-up, side by side (%d runs each, alternating; load avg now %s)" % (runs, loadavg()), apps, [
        ("start -> /q/health/ready, median (s)", "<= %.1f" % STARTUP_S,
         {k: "%.2f" % statistics.median(v) for k, v in times.items()},
         {k: statistics.median(v) <= STARTUP_S for k, v in times.items()}),
        ("min / max (s)", "-", {k: "%.2f / %.2f" % (min(v), max(v)) for k, v in times.items()}, None),
        ("CPU seconds until ready, median", "-", {k: "%.2f" % statistics.median(v) for k, v in cpu.items()}, None),
        ("RSS at ready, median (MB)", "-", {k: "%.0f" % statistics.median(v) for k, v in rss.items()}, None),
    ])


class App:
    """One build of the daemon to measure: its quarkus-run.jar, the JVM options and MALLOC_ARENA_MAX it runs with."""

    def __init__(self, jar, jvm_opts, malloc_arenas, label, java="java"):
        self.jar, self.jvm_opts, self.malloc_arenas, self.label, self.java = jar, jvm_opts, malloc_arenas, label, java


def baseline_app(folder, jvm_opts, malloc_arenas):
    """--baseline DIR: a copy of an earlier target/quarkus-app. Its JVM options: --baseline-jvm-opts, else DIR/jvm.opts
    (the unit's options of that release, written next to the copy), else the same as the new build's."""
    jar = os.path.join(os.path.abspath(folder), "quarkus-run.jar")
    if not os.path.isfile(jar):
        raise SystemExit("--baseline %s: no quarkus-run.jar there" % folder)
    if jvm_opts is None:
        f = os.path.join(folder, "jvm.opts")
        jvm_opts = open(f).read().strip() if os.path.isfile(f) else None
    return App(jar, jvm_opts, malloc_arenas, "baseline")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["latency", "footprint", "startup"])
    ap.add_argument("--quick", action="store_true", help="smoke run: < 60 s")
    ap.add_argument("--trials", type=int)
    ap.add_argument("--runs", type=int)
    ap.add_argument("--idle-seconds", type=int)
    ap.add_argument("--load-seconds", type=int)
    ap.add_argument("--rate", type=int, default=5000)
    ap.add_argument("--skip-idle", action="store_true")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--jvm-opts", default=os.environ.get("GATEWARDEN_JAVA_OPTS", UNIT_JVM_OPTS),
                    help="JVM options of the daemon (default: the -X options of deploy/systemd/gatewarden.service)")
    ap.add_argument("--malloc-arena-max", default=os.environ.get("MALLOC_ARENA_MAX", UNIT_MALLOC_ARENA_MAX),
                    help="MALLOC_ARENA_MAX for the daemon (glibc; default: the unit's); empty = glibc's default")
    ap.add_argument("--no-watch", action="store_true",
                    help="tail.watch: false (the tailer only polls, every poll_interval = 250 ms)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder (config, state, daemon.log)")
    ap.add_argument("--baseline", metavar="DIR",
                    help="footprint/startup: also measure this copy of an earlier target/quarkus-app, side by side in "
                         "the same run (default: $GATEWARDEN_BASELINE_APP, or /work/baseline-app if present; "
                         "'none' = only this build)")
    ap.add_argument("--baseline-jvm-opts", help="JVM options of the baseline (default: DIR/jvm.opts, else --jvm-opts)")
    ap.add_argument("--java", default="java", help="the java of this build's runs (e.g. a JDK 25 with -XX:AOTCache)")
    ap.add_argument("--baseline-java", default="java", help="the java of the baseline's runs")
    args = ap.parse_args()
    base = args.baseline or os.environ.get("GATEWARDEN_BASELINE_APP") or \
        ("/work/baseline-app" if os.path.isfile("/work/baseline-app/quarkus-run.jar") else "none")
    args.apps = [App(JAR, args.jvm_opts, args.malloc_arena_max, "new", args.java)]
    if base != "none" and args.what != "latency":
        b = baseline_app(base, args.baseline_jvm_opts, args.malloc_arena_max)
        if b.jvm_opts is None:
            b.jvm_opts = args.jvm_opts
        b.java = args.baseline_java
        args.apps.insert(0, b)
    if args.quick and args.what == "footprint":
        # quick = both parts in < 60 s
        args.idle_seconds = args.idle_seconds or 10
        args.load_seconds = args.load_seconds or 20
    ensure_jar()
    log("gatewarden bench '%s' at %s UTC, commit %s, %d CPUs, java: %s" % (
        args.what, datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
        subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
        os.cpu_count(), subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]))
    {"latency": bench_latency, "footprint": bench_footprint, "startup": bench_startup}[args.what](args)


if __name__ == "__main__":
    main()
