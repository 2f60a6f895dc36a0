#!/usr/bin/env python3
"""Captures gateway fixtures from the REAL OpenClaw gateway (2026.9.6), all on 127.0.0.1.

    python3 e2e/openclaw/capture.py                 # every scenario, into src/test/resources/fixtures/openclaw/
    python3 e2e/openclaw/capture.py 14 16           # some of them
    python3 e2e/openclaw/capture.py --out /tmp/fx 15 --keep

Each scenario gets its own scratch dir (HOME, gateway log, fake provider request log), its own fake provider
(fake-provider.mjs) and its own `openclaw gateway run` on free loopback ports, with the harness's isolation env
(DO_NOT_TRACK=1 OPENCLAW_NO_AUTO_UPDATE=1 OPENCLAW_DISABLE_BONJOUR=1 OPENCLAW_OFFLINE=1 OPENCLAW_SKIP_CHANNELS=1),
`models.catalogRefresh.enabled: false`, `logging.level: debug` and `logging.file` in the scratch dir. Node and openclaw
come from install.sh (the e2e's cache). It drives real `openclaw agent ... --json` calls, then writes, per scenario NN:

    logs/NN-<name>.info.jsonl       the scenario's slice of the gateway file log, lines with _meta.logLevelId >= 3
    logs/NN-<name>.debug.jsonl      the same slice, every line
    configs/NN-<name>-openclaw.json the gateway's openclaw.json at the end (fake keys only)
    cli-output/NN-<name>-requests.log   the fake provider's request log (which model was asked, and its answer)
    cli-output/NN-<name>-*.json|txt     CLI output worth keeping

Nothing is edited but paths and ports: the scratch HOME becomes /home/openclaw, the package dir
/opt/openclaw/node_modules, the log folder /var/log/openclaw, Node's dir /opt/openclaw-lab/nodebin, the rest of the
scratch dir /opt/openclaw-lab; the fake provider's port becomes 18999 and the gateway's 18789 (the ports of the earlier
captures). The run fails if any scratch path, the real HOME or a key other than the fake ones is left in an output.
Every line under logs/ is written by the gateway itself. Everything started is stopped by PID.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from e2e import OFFLINE_ENV, StepFailed, free_port, http, now, read_jsonl, wait_for  # noqa: E402

REPO = HERE.parent.parent
DEFAULT_OUT = REPO / "src" / "test" / "resources" / "fixtures" / "openclaw"
FAKE_PORT_NEUTRAL = 18999
GATEWAY_PORT_NEUTRAL = 18789
GATEWAY_TOKEN = "lab-token-0123456789abcdef"
FAKE_KEYS = ("sk-fake-lab-openai-000", "sk-fake-lab-cooldown-000", "sk-ant-fake-000")


def log(s):
    print(f"[{time.strftime('%H:%M:%S')}] {s}", flush=True)


def tools():
    """node_bin, oc_bin from install.sh (installs Node 24 + openclaw into the e2e cache when missing)."""
    r = subprocess.run(["bash", str(HERE / "install.sh")], capture_output=True, text=True)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        raise SystemExit(f"install.sh failed ({r.returncode})")
    vals = dict(l.split("=", 1) for l in r.stdout.splitlines() if "=" in l)
    return vals["node_bin"], vals["oc_bin"]


class Lab:
    """One scratch HOME, one fake provider, one real gateway."""

    def __init__(self, name, node_bin, oc_bin, keep=False):
        self.name = name
        self.node_bin, self.oc_bin = node_bin, oc_bin
        self.keep = keep
        self.scratch = Path(tempfile.mkdtemp(prefix=f"gatewarden-capture-{name}.")).resolve()
        self.home = self.scratch / "home"
        self.oc_dir = self.home / ".openclaw"
        self.openclaw_json = self.oc_dir / "openclaw.json"
        self.logs = self.scratch / "logs"
        self.gateway_log = self.logs / "openclaw-gateway.log"
        self.fake_log = self.scratch / "fake-provider-requests.log"
        self.ports = {"fake": free_port(), "gateway": free_port()}
        self.procs = {}
        self.runs = []  # every agent call: command, exit code, seconds, stdout (JSON when it is), stderr
        self.env = {**os.environ, **OFFLINE_ENV, "HOME": str(self.home),
                    "PATH": os.pathsep.join([node_bin, oc_bin, os.environ.get("PATH", "")])}
        for k in ("OPENCLAW_PROFILE", "OPENCLAW_CONFIG_PATH", "OPENCLAW_STATE_DIR", "OPENCLAW_AGENT_DIR"):
            self.env.pop(k, None)

    # ------------------------------------------------------------------ setup
    def base_config(self):
        return {
            "gateway": {"mode": "local", "port": self.ports["gateway"], "bind": "loopback",
                        "auth": {"mode": "token", "token": GATEWAY_TOKEN}},
            "update": {"checkOnStart": False},
            "telemetry": {"enabled": False},
            "logging": {"level": "debug", "file": str(self.gateway_log)},
            "models": {"mode": "merge", "catalogRefresh": {"enabled": False}, "providers": {}},
        }

    def url(self, prefix=""):
        return f"http://127.0.0.1:{self.ports['fake']}{prefix}"

    def write_config(self, cfg, agent_settings=None):
        for d in (self.oc_dir, self.logs, self.oc_dir / "agents" / "main" / "agent"):
            d.mkdir(parents=True, exist_ok=True)
        self.openclaw_json.write_text(json.dumps(cfg, indent=2) + "\n")
        for agent_id, settings in (agent_settings or {}).items():
            d = self.oc_dir / "agents" / agent_id / "agent"
            d.mkdir(parents=True, exist_ok=True)
            (d / "settings.json").write_text(json.dumps(settings) + "\n")

    def start(self, dump=False):
        fake_env = {"FAKE_PORT": str(self.ports["fake"]), "FAKE_LOG": str(self.fake_log)}
        if dump:  # request bodies, for reading (never exported)
            (self.scratch / "bodies").mkdir(exist_ok=True)
            fake_env["FAKE_DUMP_DIR"] = str(self.scratch / "bodies")
        self._spawn("fake-provider", ["node", str(HERE / "fake-provider.mjs")], self.scratch / "fake-provider.out", fake_env)
        wait_for("fake provider", lambda: http("GET", self.url("/__ping/v1/models"))[0] == 200, 30)
        self._spawn("gateway", ["openclaw", "gateway", "run", "--port", str(self.ports["gateway"]), "--bind", "loopback"],
                    self.scratch / "gateway-console.out")
        t = now()
        wait_for("gateway /startupz started", self.started, 180, 0.5)
        log(f"{self.name}: gateway ready in {now() - t:.0f}s (scratch {self.scratch})")

    def _spawn(self, name, argv, out, extra_env=None):
        f = open(out, "ab")
        p = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             env={**self.env, **(extra_env or {})}, cwd=self.scratch, start_new_session=True)
        f.close()
        self.procs[name] = p

    def started(self):
        try:
            code, body = http("GET", f"http://127.0.0.1:{self.ports['gateway']}/startupz", timeout=3)
            return json.loads(body).get("status") == "started"
        except Exception:
            return False

    def stop(self):
        for name, p in reversed(list(self.procs.items())):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)  # its own session (start_new_session): the gateway and its workers
                except ProcessLookupError:
                    pass
        for name, p in self.procs.items():
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if not self.keep:
            shutil.rmtree(self.scratch, ignore_errors=True)

    # ------------------------------------------------------------------ driving
    def cli(self, args, stdin=None, timeout=120):
        return subprocess.run(["openclaw", *args], env=self.env, cwd=self.scratch, input=stdin, capture_output=True,
                              text=True, timeout=timeout)

    def paste_key(self, provider, key, agent=None):
        """`openclaw models auth paste-api-key --provider P` with the key on stdin (an auth profile, not models.providers.*.apiKey)."""
        args = ["models", "auth", "paste-api-key", "--provider", provider] + (["--agent", agent] if agent else [])
        r = self.cli(args, stdin=key + "\n")
        log(f"{self.name}: paste-api-key {provider}: exit {r.returncode} {r.stdout.strip()[-200:]} {r.stderr.strip()[-200:]}")
        if r.returncode != 0:
            raise StepFailed(f"paste-api-key {provider} exited {r.returncode}: {r.stderr[-400:]}")
        return r

    def behaviour(self, model=None, behaviour=None, marker=None):
        body = {"marker": marker, "behaviour": behaviour} if marker is not None else {"model": model, "behaviour": behaviour}
        code, text = http("POST", self.url("/__behaviour"), body)
        if code != 200:
            raise StepFailed(f"fake provider refused {body}: {code} {text}")

    def requests(self):
        try:
            return self.fake_log.read_text().splitlines()
        except FileNotFoundError:
            return []

    def agent(self, session, message="ping", agent="main", timeout=300):
        """One real agent call. Returns dict(rc, seconds, out (parsed JSON or None), stdout, stderr, requests)."""
        before = len(self.requests())
        t = now()
        r = self.cli(["agent", "--agent", agent, "--session-id", session, "--message", message, "--json"], timeout=timeout)
        took = now() - t
        out = None
        if "{" in r.stdout:
            try:
                out = json.loads(r.stdout[r.stdout.index("{"):])
            except ValueError:
                out = None
        reqs = [l for l in self.requests()[before:] if " POST /" in l and "/__behaviour" not in l]
        meta = ((out or {}).get("result") or {}).get("meta", {}).get("agentMeta", {}) if out else {}
        answered = f"{meta.get('provider')}/{meta.get('model')}" if meta else None
        err = (r.stderr.strip().splitlines() or [""])[-1]
        log(f"{self.name}: agent {agent} session {session}: exit {r.returncode} in {took:.1f}s, answered by {answered}; "
            f"{len(reqs)} provider request(s): " + " | ".join(x.split(' ', 2)[2] for x in reqs) + (f"; stderr: {err[:200]}" if r.returncode else ""))
        shown = message if len(message) <= 120 else f"{message[:60]}… ({len(message)} characters)"
        self.runs.append({"command": f"openclaw agent --agent {agent} --session-id {session} --message {json.dumps(shown)} --json",
                          "exitCode": r.returncode, "seconds": round(took, 1),
                          "stdout": out if out is not None else r.stdout, "stderr": r.stderr})
        return {"rc": r.returncode, "seconds": took, "out": out, "stdout": r.stdout, "stderr": r.stderr,
                "requests": reqs, "answered": answered}

    def cli_json(self, args, timeout=120):
        """A CLI command whose --json output is worth keeping: (exit code, parsed JSON or the raw text)."""
        r = self.cli(args, timeout=timeout)
        try:
            out = json.loads(r.stdout[r.stdout.index("{"):]) if "{" in r.stdout else r.stdout
        except ValueError:
            out = r.stdout
        log(f"{self.name}: openclaw {' '.join(args)}: exit {r.returncode}")
        return r.returncode, out

    # ------------------------------------------------------------------ observing
    def log_size(self):
        try:
            return self.gateway_log.stat().st_size
        except FileNotFoundError:
            return 0

    def lines_since(self, offset):
        with open(self.gateway_log, "rb") as f:
            f.seek(offset)
            data = f.read()
        return [l for l in data.decode("utf-8").splitlines() if l.strip()]

    def events_since(self, offset, event=None):
        out = []
        for l in self.lines_since(offset):
            try:
                j = json.loads(l)
            except ValueError:
                continue
            one = j.get("1")
            if isinstance(one, dict) and (event is None or one.get("event") == event):
                out.append(one)
        return out

    def messages_since(self, offset, pattern):
        rx = re.compile(pattern)
        out = []
        for l in self.lines_since(offset):
            try:
                m = json.loads(l).get("message") or ""
            except ValueError:
                continue
            if rx.search(m):
                out.append(m)
        return out

    # ------------------------------------------------------------------ export
    def neutral(self, text, cache):
        """Scratch paths and ports -> the neutral ones of the earlier captures (longest first)."""
        subs = [
            (str(self.logs), "/var/log/openclaw"),
            (str(self.home), "/home/openclaw"),
            (str(Path(cache) / "oc" / "node_modules"), "/opt/openclaw/node_modules"),
            (str(Path(cache) / "oc"), "/opt/openclaw"),
            (str(Path(cache) / "node"), "/opt/openclaw-lab/nodebin"),
            (str(self.scratch), "/opt/openclaw-lab"),
        ]
        for a, b in sorted(subs, key=lambda x: -len(x[0])):
            text = text.replace(a, b)
        for port, neutral in ((self.ports["fake"], FAKE_PORT_NEUTRAL), (self.ports["gateway"], GATEWAY_PORT_NEUTRAL)):
            text = re.sub(rf'(?<=[:= ]){port}(?!\d)|(?<="port": ){port}(?!\d)|(?<=port=){port}(?!\d)', str(neutral), text)
        return text

    def check_clean(self, name, text, cache):
        bad = [s for s in (str(self.scratch), str(cache), os.path.expanduser("~") + "/", "/tmp/gatewarden-capture")
               if s and s in text]
        for port in self.ports.values():
            if re.search(rf"(?<!\d){port}(?!\d)", text):
                bad.append(f"port {port}")
        keys = set(re.findall(r"\bsk-[A-Za-z0-9_-]{6,}", text)) - set(FAKE_KEYS)
        keys = {k for k in keys if not any(k.startswith(f) for f in FAKE_KEYS)}
        if keys:
            bad.append(f"keys {sorted(keys)}")
        if bad:
            raise StepFailed(f"{name}: not neutral: {bad}")

    def export(self, out_dir, nn, name, offset, cli_files=None, cache=None, debug_file=True):
        out_dir = Path(out_dir)
        for d in ("logs", "configs", "cli-output"):
            (out_dir / d).mkdir(parents=True, exist_ok=True)
        lines = self.lines_since(offset)
        stem = f"{nn}-{name}"
        debug = [self.neutral(l, cache) for l in lines]
        info = [l for l in debug if json.loads(l).get("_meta", {}).get("logLevelId", 0) >= 3]
        files = {
            **({out_dir / "logs" / f"{stem}.debug.jsonl": "\n".join(debug) + "\n"} if debug_file else {}),
            out_dir / "logs" / f"{stem}.info.jsonl": "\n".join(info) + "\n",
            out_dir / "configs" / f"{stem}-openclaw.json": self.neutral(self.openclaw_json.read_text(), cache),
            out_dir / "cli-output" / f"{stem}-requests.log": self.neutral("\n".join(self.requests()) + "\n", cache),
        }
        for fname, text in (cli_files or {}).items():
            files[out_dir / "cli-output" / f"{stem}-{fname}"] = self.neutral(text, cache)
        for path, text in files.items():
            self.check_clean(path.name, text, cache)
        for path, text in files.items():
            path.write_text(text)
            log(f"{self.name}: wrote {path.relative_to(out_dir)} ({len(text.splitlines())} lines)")
        return files


def decisions(lab, offset):
    """The model_fallback_decision lines since offset, as short strings (for the console)."""
    out = []
    for e in lab.events_since(offset, "model_fallback_decision"):
        out.append(f"{e.get('decision')} {e.get('candidateProvider')}/{e.get('candidateModel')} reason={e.get('reason')} "
                   f"outcome={e.get('fallbackStepFinalOutcome')} err={str(e.get('errorPreview'))[:80]!r}")
    return out


def fake_provider(name, models, api="openai-completions", prefix=None, key=None):
    p = {"baseUrl": None, "api": api, "models": [{"id": m, "name": f"Fake {m}"} if isinstance(m, str) else m for m in models]}
    if key:
        p["apiKey"] = key
    p["_prefix"] = prefix or f"/{name}" + ("/v1" if api == "openai-completions" else "")
    return p


def with_urls(lab, cfg):
    for name, p in cfg["models"]["providers"].items():
        if "_prefix" in p:
            p["baseUrl"] = lab.url(p.pop("_prefix"))
    return cfg



def profile_lines(lab, offset):
    out = []
    for e in lab.events_since(offset, "auth_profile_failure_state_updated"):
        out.append(f"profile {e.get('profileId')} {e.get('provider')} reason={e.get('reason')} windowType={e.get('windowType')} "
                   f"errorCount={e.get('errorCount')} reused={e.get('windowReused')} cooldownUntil={e.get('cooldownUntil')} "
                   f"disabledUntil={e.get('disabledUntil')}")
    return out


def show(lab, offset, pattern=None):
    for d in decisions(lab, offset):
        log(f"   decision: {d}")
    for p in profile_lines(lab, offset):
        log(f"   {p}")
    if pattern:
        for m in lab.messages_since(offset, pattern):
            log(f"   {m[:400]}")


# ---------------------------------------------------------------------- scenarios
# Cooldown of one auth profile (the key pasted with `openclaw models auth paste-api-key --provider fakeoa`, stored in the
# gateway's auth store as profile fakeoa:manual; models.providers.fakeoa carries no key of its own), three chains on it.
COOLDOWN = {
    # two siblings fail with a rate limit (the cooldown, model-scoped after the first, covers the whole profile after
    # the second); the last rung answers 200 but is skipped once the probe of the run is spent
    "14": ("cooldown-skip-same-profile-sibling", ["fakeoa/rl-429", "fakeoa/rl-429b", "fakeoa/ok"], 4),
    # the primary fails with a rate limit, the sibling is tried (its model is not in the model-scoped cooldown) and answers
    "14b": ("rate-limit-two-rung-sibling-tried", ["fakeoa/rl-429", "fakeoa/ok"], 3),
    # the primary's 429 says insufficient_quota: billing disables the whole profile, the sibling is never asked
    "14c": ("billing-two-rung-sibling-skipped", ["fakeoa/quota-429", "fakeoa/ok"], 3),
}


def scenario_cooldown(nn, args, node_bin, oc_bin):
    name, chain, runs = COOLDOWN[nn]
    lab = Lab(f"{nn}-{name}", node_bin, oc_bin, keep=args.keep)
    try:
        cfg = lab.base_config()
        cfg["agents"] = {"defaults": {"model": {"primary": chain[0], "fallbacks": chain[1:]}}}
        cfg["models"]["providers"]["fakeoa"] = fake_provider("fakeoa", [c.split("/", 1)[1] for c in chain])
        with_urls(lab, cfg)
        # 2 same-model retries instead of 9 (the embedded runner reads it from the agent's settings.json)
        lab.write_config(cfg, {"main": {"retry": {"provider": {"maxRetries": 2}}}})
        lab.start()
        offset = lab.log_size()
        lab.paste_key("fakeoa", "sk-fake-lab-cooldown-000")
        extra = {}
        for i in range(runs):
            o = lab.log_size()
            lab.agent(f"lab-s{nn}-{i + 1}")
            show(lab, o, r"temporarily unavailable|All models failed")
            if i == 1:
                code, out = lab.cli_json(["models", "status", "--json"])
                extra["models-status.json"] = json.dumps(out, indent=2) + "\n"
            time.sleep(args.gap)
        time.sleep(1)
        extra["agent-runs.json"] = json.dumps(lab.runs, indent=2, ensure_ascii=False) + "\n"
        lab.export(args.out, nn, name, offset, extra, cache=args.cache)
    finally:
        lab.stop()


MARKER = "toolu_lab15_poison"


def scenario_15(args, node_bin, oc_bin):
    """One session whose every request is rejected (400 tool_use_id) on every rung, run after run."""
    name = "session-rejected-every-run"
    lab = Lab(f"15-{name}", node_bin, oc_bin, keep=args.keep)
    try:
        cfg = lab.base_config()
        cfg["agents"] = {"defaults": {"model": {"primary": "fakeanth/m-a", "fallbacks": ["fakeanth/m-b", "fakeanth2/m-c"]}}}
        cfg["models"]["providers"]["fakeanth"] = fake_provider("fakeanth", ["m-a", "m-b"], api="anthropic-messages",
                                                               key="sk-ant-fake-000")
        cfg["models"]["providers"]["fakeanth2"] = fake_provider("fakeanth2", ["m-c"], api="anthropic-messages",
                                                                key="sk-ant-fake-000")
        with_urls(lab, cfg)
        lab.write_config(cfg, {"main": {"retry": {"provider": {"maxRetries": 2}}}})
        lab.start()
        offset = lab.log_size()
        lab.behaviour(marker=MARKER, behaviour="tooluse400")
        o = lab.log_size()
        lab.agent("lab-s15-clean", "ping")  # another session, no marker: answered (the provider itself is fine)
        show(lab, o)
        replayed = True
        for i in range(args.runs15):
            o = lab.log_size()
            # the marker is only in the first message; later runs send "ping" and carry it only if the gateway
            # replays the session's history (it does: the rejected user turn stays in the transcript)
            msg = f"ping {MARKER}" if i == 0 or not replayed else "ping"
            r = lab.agent("lab-s15-poisoned", msg)
            show(lab, o, r"All models failed")
            if i >= 1 and msg == "ping" and not any(f"marker={MARKER}" in q for q in r["requests"]):
                log("   the gateway did not replay the marker: the next runs carry it in their own message")
                replayed = False
            time.sleep(args.gap)
        code, out = lab.cli_json(["sessions", "--json"])
        extra = {"agent-runs.json": json.dumps(lab.runs, indent=2, ensure_ascii=False) + "\n",
                 "sessions.json": json.dumps(out, indent=2) + "\n"}
        time.sleep(1)
        lab.export(args.out, "15", name, offset, extra, cache=args.cache)
    finally:
        lab.stop()


PREFLIGHT = re.compile(r"preflightCompaction check: sessionKey=(\S+) tokenCount=(\d+) contextWindow=(\d+) threshold=(\d+)")


def scenario_16(args, node_bin, oc_bin):
    """Preflight lines of a session driven close to a small context window."""
    name = "preflight-near-context-window"
    window = args.window
    lab = Lab(f"16-{name}", node_bin, oc_bin, keep=args.keep)
    try:
        cfg = lab.base_config()
        cfg["agents"] = {"defaults": {"model": {"primary": "fakeoa/small", "fallbacks": []}}}
        cfg["models"]["providers"]["fakeoa"] = fake_provider(
            "fakeoa", [{"id": "small", "name": "Fake small window", "contextWindow": window}], key="sk-fake-lab-openai-000")
        with_urls(lab, cfg)
        lab.write_config(cfg, {"main": {"retry": {"provider": {"maxRetries": 2}}}})
        lab.start()
        offset = lab.log_size()
        # 200 with usage = request chars / 4 while that fits the window, the provider's context-length 400 above it
        lab.behaviour("small", f"okusage:{window}")
        session = "lab-s16"
        statuses = []
        last = 0
        reached = False
        i = 0
        while i < args.runs16:
            i += 1
            # grow the session in steps: ~72 % of the window (below the gateway's compaction threshold), then ~97 %
            target = 0.72 if i == 2 else 0.97
            if i == 1 or reached:
                msg = f"run {i}: ping"
            else:
                need = max(200, int((target * window - last) * 4))
                msg = f"run {i}: " + ("lorem ipsum dolor sit amet " * (need // 27 + 1))[:need]
            o = lab.log_size()
            lab.agent(session, msg)
            checks = [m for m in lab.messages_since(o, r"preflightCompaction check") if f"sessionKey=agent:main:explicit:{session} " in m]
            for m in lab.messages_since(o, r"preflightCompaction (check|triggered|failed)|context-overflow-precheck\] pre-prompt|"
                                           r"compaction-diag\] end|[Cc]ontext overflow|Compaction"):
                log(f"   {m[:300]}")
            code, out = lab.cli_json(["sessions", "--json"])
            statuses.append({"afterRun": i, "exitCode": code, "output": out})
            nums = [tuple(map(int, PREFLIGHT.search(m).groups()[1:])) for m in checks if PREFLIGHT.search(m)]
            if nums:
                top = max(n[0] for n in nums)
                log(f"   preflight tokenCount max {top} / contextWindow {nums[0][1]} = {100 * top / nums[0][1]:.0f} % (threshold {nums[0][2]})")
                if top >= 0.95 * nums[0][1] and not reached:
                    reached = True
                    args.runs16 = i + 1  # one more short run: what the session looks like afterwards
            # the session's current size: the provider usage the gateway persisted (sessions --json totalTokens)
            try:
                row = [s for s in out.get("sessions", []) if s.get("key", "").endswith(session)][0]
                last = int(row.get("totalTokens") or row.get("inputTokens") or last)
            except (AttributeError, IndexError, TypeError, ValueError):
                pass
            time.sleep(args.gap)
        if not reached:
            log("WARNING: no preflight check reached 95 % of the window")
        time.sleep(1)
        extra = {"agent-runs.json": json.dumps(lab.runs, indent=2, ensure_ascii=False) + "\n",
                 "sessions.json": json.dumps(statuses, indent=2) + "\n"}
        lab.export(args.out, "16", name, offset, extra, cache=args.cache)
    finally:
        lab.stop()


LOAD_MARKERS = ("LOADCAP-HB-MAIN", "LOADCAP-HB-OPS", "LOADCAP-CRON-A", "LOADCAP-CRON-B", "LOADCAP-CHAT-OK",
                "LOADCAP-CHAT-FAIL")


def scenario_21(nn, args, node_bin, oc_bin):
    """Background load: per-agent heartbeats and two cron jobs on a one-minute schedule, plus two direct chats.

    21: logging.level debug; 21i: the default info level (the same set-up, a shorter run). Every request carries a
    marker (the heartbeat prompt, the cron message, the chat message) so the fake provider's request log says which
    source made it: the ground truth `load` is compared with. The cron jobs live in the gateway's SQLite state
    database; the cron_jobs table (schema and rows, nothing else) is exported as SQL and as a small SQLite file.
    """
    info_level = nn == "21i"
    name = "heartbeat-and-cron-load" + ("-info-level" if info_level else "")
    minutes = args.load_minutes_info if info_level else args.load_minutes
    lab = Lab(f"{nn}-{name}", node_bin, oc_bin, keep=args.keep)
    try:
        cfg = lab.base_config()
        if info_level:
            cfg["logging"]["level"] = "info"
        cfg["agents"] = {
            "defaults": {"model": {"primary": "fakeoa/main-ok", "fallbacks": ["fakeoa/main-fb"]},
                         "heartbeat": {"every": "2m", "target": "none",
                                       "prompt": "LOADCAP-HB-OPS heartbeat poll. Reply NO_REPLY."}},
            "entries": {
                "main": {"heartbeat": {"every": "1m", "target": "none",
                                       "prompt": "LOADCAP-HB-MAIN heartbeat poll. Reply NO_REPLY."}},
                "ops": {"model": {"primary": "fakeoa/ops-ok", "fallbacks": []}, "heartbeat": {"target": "none"}},
            },
        }
        cfg["models"]["providers"]["fakeoa"] = fake_provider("fakeoa", ["main-ok", "main-fb", "ops-ok", "cron-b"],
                                                             key="sk-fake-lab-openai-000")
        with_urls(lab, cfg)
        lab.write_config(cfg, {"main": {"retry": {"provider": {"maxRetries": 2}}},
                               "ops": {"retry": {"provider": {"maxRetries": 2}}}})
        lab.start()
        offset = lab.log_size()
        for m in LOAD_MARKERS:
            lab.behaviour(marker=m, behaviour="rl429" if m.endswith("FAIL") else "ok")
        extra = {}
        jobs = [["cron", "add", "--name", "job-a", "--cron", "* * * * *", "--exact", "--agent", "main",
                 "--session", "isolated", "--no-deliver", "--message", "LOADCAP-CRON-A summarize. Reply NO_REPLY."],
                ["cron", "add", "--name", "job-b", "--cron", "*/2 * * * *", "--exact", "--agent", "ops",
                 "--model", "fakeoa/cron-b", "--session", "isolated", "--no-deliver",
                 "--message", "LOADCAP-CRON-B accumulate. Reply NO_REPLY."]]
        for i, job in enumerate(jobs):
            code, out = lab.cli_json(job + ["--json"])
            if code != 0:
                raise StepFailed(f"cron add exited {code}: {out}")
            extra[f"cron-add-{i + 1}.json"] = json.dumps(out, indent=2) + "\n"
        t0 = now()
        lab.agent(f"lab-s{nn}-chat", "LOADCAP-CHAT-OK hello")
        time.sleep(45)
        lab.agent(f"lab-s{nn}-chat-fail", "LOADCAP-CHAT-FAIL hello")
        while now() - t0 < minutes * 60:
            time.sleep(5)
        code, out = lab.cli_json(["cron", "list", "--all", "--json"])
        extra["cron-list.json"] = json.dumps(out, indent=2) + "\n"
        time.sleep(2)
        extra["agent-runs.json"] = json.dumps(lab.runs, indent=2, ensure_ascii=False) + "\n"
        extra["cron_jobs.sql"] = cron_jobs_sql(lab.oc_dir / "state" / "openclaw.sqlite")
        files = lab.export(args.out, nn, name, offset, extra, cache=args.cache, debug_file=not info_level)
        sql = [t for p, t in files.items() if p.name.endswith("cron_jobs.sql")][0]
        db = Path(args.out) / "cli-output" / f"{nn}-{name}-cron_jobs.sqlite"
        db.unlink(missing_ok=True)
        import sqlite3
        with sqlite3.connect(db) as c:
            c.executescript(sql)
        log(f"{lab.name}: wrote cli-output/{db.name} (the cron_jobs table only)")
    finally:
        lab.stop()


def scenario_17(args, node_bin, oc_bin):
    """The session levers: sessions compact (LLM summary, --max-lines N, unknown key), sessions archive (and what a run
    of an archived session prints), the archived list, restore, a protected main session; preflight lines around them."""
    name = "session-actions"
    window = args.window
    lab = Lab(f"17-{name}", node_bin, oc_bin, keep=args.keep)
    cli_out = []  # every lever command: argv, exit code, stdout, stderr

    def lever(argv, timeout=300):
        t = now()
        r = lab.cli(argv, timeout=timeout)
        took = now() - t
        try:
            parsed = json.loads(r.stdout[r.stdout.index("{"):]) if "{" in r.stdout else None
        except ValueError:
            parsed = None
        cli_out.append({"command": "openclaw " + " ".join(argv), "exitCode": r.returncode, "seconds": round(took, 1),
                        "stdout": parsed if parsed is not None else r.stdout, "stderr": r.stderr})
        log(f"{lab.name}: openclaw {' '.join(argv)}: exit {r.returncode} in {took:.1f}s: {r.stdout.strip()[:300]!r} "
            f"{r.stderr.strip()[-300:]!r}")
        return r.returncode, parsed, r

    def preflights(o, session):
        out = []
        for m in lab.messages_since(o, r"preflightCompaction check"):
            mm = PREFLIGHT.search(m)
            if mm and mm.group(1) == f"agent:main:explicit:{session}":
                out.append(int(mm.group(2)))
        log(f"   preflight tokenCount of {session}: {out}")
        return out

    def grow(session, target):
        """Two runs: a ping, then one message sized to take the session to about target × window."""
        lab.agent(session, "ping")
        need = max(200, int((target * window - 12800) * 4))
        lab.agent(session, "grow: " + ("lorem ipsum dolor sit amet " * (need // 27 + 1))[:need])

    try:
        cfg = lab.base_config()
        cfg["agents"] = {"defaults": {"model": {"primary": "fakeanth/m-a", "fallbacks": []}}}
        cfg["models"]["providers"]["fakeanth"] = fake_provider(
            "fakeanth", [{"id": "m-a", "name": "Fake m-a", "contextWindow": window}], api="anthropic-messages",
            key="sk-ant-fake-000")
        with_urls(lab, cfg)
        lab.write_config(cfg, {"main": {"retry": {"provider": {"maxRetries": 2}}}})
        lab.start()
        offset = lab.log_size()
        lab.behaviour("m-a", f"okusage:{window}")
        lab.behaviour(marker=MARKER17, behaviour="tooluse400")

        # an unknown key: "nothing to do", exit 0
        lever(["sessions", "compact", "agent:main:explicit:lab-s17-nosuch", "--json"])
        lever(["sessions", "compact", "agent:main:explicit:lab-s17-nosuch"])

        # LLM summary of a session at ~72 % (below the gateway's own threshold, so it has not compacted on its own)
        grow("lab-s17-summary", 0.72)
        lever(["sessions", "compact", "agent:main:explicit:lab-s17-summary", "--json"])
        o = lab.log_size()
        lab.agent("lab-s17-summary", "ping")
        preflights(o, "lab-s17-summary")

        # --max-lines on a session at ~72 %
        grow("lab-s17-lines", 0.72)
        lever(["sessions", "compact", "agent:main:explicit:lab-s17-lines", "--max-lines", "4", "--json"])
        o = lab.log_size()
        lab.agent("lab-s17-lines", "ping")
        preflights(o, "lab-s17-lines")
        o = lab.log_size()
        lab.agent("lab-s17-lines", "ping")
        preflights(o, "lab-s17-lines")

        # a poisoned session (every request carrying the marker gets the 400 tool_use_id), three failed runs, then
        # --max-lines 1 and a clean run
        lab.agent("lab-s17-poison-lines", "ping")
        for i in range(3):
            lab.agent("lab-s17-poison-lines", f"ping {MARKER17}" if i == 0 else "ping")
        lever(["sessions", "compact", "agent:main:explicit:lab-s17-poison-lines", "--max-lines", "1", "--json"])
        r = lab.agent("lab-s17-poison-lines", "ping")
        log(f"   after --max-lines 1: exit {r['rc']}, marker in requests: {any(MARKER17 in q for q in r['requests'])}")

        # a poisoned session archived; a run of it; the lists; restore; the protected main session
        for i in range(2):
            lab.agent("lab-s17-poison-archive", f"ping {MARKER17}" if i == 0 else "ping")
        key = "agent:main:explicit:lab-s17-poison-archive"
        lever(["sessions", "archive", key, "--dry-run", "--json"])
        lever(["sessions", "archive", key, "--json"])
        lever(["sessions", "archive", key, "--json"])  # already archived: a successful no-op
        r = lab.agent("lab-s17-poison-archive", "ping")
        log(f"   run of the archived session: exit {r['rc']}: {r['stderr'].strip()[-300:]!r}")
        code, listed, _ = lever(["sessions", "--json"])
        code, archived, _ = lever(["gateway", "call", "sessions.list", "--params", json.dumps({"archived": True}), "--json"])
        sid = None
        for s in (archived or {}).get("sessions", []):
            if s.get("key") == key:
                sid = s.get("sessionId")
        lever(["gateway", "call", "sessions.patch", "--params", json.dumps({"key": key, "archived": False}), "--json"])
        lever(["gateway", "call", "sessions.patch", "--params",
               json.dumps({"key": key, "archived": False, "expectedSessionId": sid}), "--json"])
        r = lab.agent("lab-s17-poison-archive", "ping")
        log(f"   run after restore: exit {r['rc']}")
        lab.agent("main-probe", "ping")  # no-op if main exists already
        lever(["sessions", "archive", "agent:main:main", "--json"])
        lever(["sessions", "compact", "agent:main:main", "--max-lines", "50", "--json"])
        time.sleep(1)
        extra = {"agent-runs.json": json.dumps(lab.runs, indent=2, ensure_ascii=False) + "\n",
                 "levers.json": json.dumps(cli_out, indent=2, ensure_ascii=False) + "\n"}
        lab.export(args.out, "17", name, offset, extra, cache=args.cache)
    finally:
        lab.stop()


def cron_jobs_sql(db_path):
    """The cron_jobs table of the gateway's state DB (read-only): its schema, indexes and rows, as SQL."""
    import sqlite3
    c = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        out = ["BEGIN TRANSACTION;"]
        for (sql,) in c.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'cron_jobs' AND sql IS NOT NULL "
                                "ORDER BY type DESC"):
            out.append(sql + ";")
        cols = [r[1] for r in c.execute("PRAGMA table_info(cron_jobs)")]
        for row in c.execute("SELECT * FROM cron_jobs"):
            vals = ", ".join("NULL" if v is None else str(v) if isinstance(v, (int, float))
                             else "'" + str(v).replace("'", "''") + "'" for v in row)
            out.append(f"INSERT INTO cron_jobs ({', '.join(cols)}) VALUES ({vals});")
        out.append("COMMIT;")
        return "\n".join(out) + "\n"
    finally:
        c.close()


MARKER17 = "toolu_lab17_poison"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenarios", nargs="*", help="14 14b 14c 15 16 17 21 21i (default: all)")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--keep", action="store_true", help="keep the scratch dirs (named in the output)")
    ap.add_argument("--gap", type=float, default=3.0, help="seconds between agent calls")
    ap.add_argument("--runs15", type=int, default=5, help="runs of the rejected session")
    ap.add_argument("--runs16", type=int, default=6, help="at most this many runs to reach 95 %% of the window")
    ap.add_argument("--load-minutes", type=float, default=5, help="how long scenario 21 lets the schedules run")
    ap.add_argument("--load-minutes-info", type=float, default=3, help="the same for 21i (info level)")
    ap.add_argument("--window", type=int, default=24000, help="contextWindow of the scenario-16 model")
    args = ap.parse_args()
    node_bin, oc_bin = tools()
    args.cache = str(Path(oc_bin).parent.parent.parent)  # .../oc/node_modules/.bin -> the cache dir
    todo = args.scenarios or ["14", "14b", "14c", "15", "16", "17", "21", "21i"]
    for nn in todo:
        t = now()
        log(f"=== scenario {nn}")
        if nn in COOLDOWN:
            scenario_cooldown(nn, args, node_bin, oc_bin)
        elif nn == "15":
            scenario_15(args, node_bin, oc_bin)
        elif nn == "16":
            scenario_16(args, node_bin, oc_bin)
        elif nn in ("21", "21i"):
            scenario_21(nn, args, node_bin, oc_bin)
        elif nn == "17":
            scenario_17(args, node_bin, oc_bin)
        else:
            raise SystemExit(f"unknown scenario {nn}")
        log(f"=== scenario {nn} done in {now() - t:.0f}s")


if __name__ == "__main__":
    main()
