#!/usr/bin/env python3
"""End-to-end test of gatewarden against the REAL OpenClaw gateway (issue 7, part 1). Called by run.sh.

Starts, all on 127.0.0.1 and free ports: our fake model provider (fake-provider.mjs), the Slack stub and the webhook
receiver (receivers.py), the real `openclaw gateway run` with a scratch HOME, and gatewarden (the packaged jar). Then
drives real agent calls with `openclaw agent ... --json` and asserts, from what each component shows (gateway log,
fake provider request log, openclaw.json, gatewarden's journal and API, the receivers' record):

  1. 429 storm on the primary -> breaker opens, primary switched, gateway hot-reloads, next call avoids the model
  2. the primary recovers -> fail-back, and the gateway takes it
  3. a rung without credentials -> `gatewarden check` reports it; at run time fallback_skipped reaches Slack
  3b. two models on one key (auth profile), the primary answers 429 (rate limit, then insufficient_quota) -> the
     fallback is never blamed for the primary's failure: no rate-limit incident and no open breaker for it, and a skip
     of it is a fallback_skipped (reason cooldown, the cooling profile, blocked_by the primary)
  4. kill -9 of the gateway -> gatewarden restarts it (command strategy), /startupz started; dying again trips the
     restart budget -> gateway_restart_loop
  5. every alert and its resolved notice reach the Slack stub exactly once

Everything it starts is stopped by PID at exit (also the gateways gatewarden started: found by a marker variable in
their environment). The report (steps, PASS/FAIL, seconds, evidence) goes to stdout and to --report.
"""
import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PRIMARY = "fakeoa/main"
NOKEY = "nokeyremote/m1"
BACKUP = "fakeanth/backup"
# step 3b: its own provider, key (an auth profile) and agent, added for the step and removed after it, so the other
# steps' chain, breakers and switches never see them
CD_PROVIDER = "fakecd"
CD_AGENT = "cd"
CD_PRIMARY = "fakecd/cd-main"
CD_FALLBACK = "fakecd/cd-backup"
CD_KEY = "sk-fake-e2e-cooldown-000"
API_TOKEN = "e2e-fake-api-token-0123456789"
# step 7 (spend guard): an agent whose chain puts a paid rung before a local one. Every fake provider is on loopback
# (local to the chain lint); gatewarden's lint.paid_providers declares SP_PAID_PROVIDER paid.
SP_AGENT = "spend"
SP_LOCAL_PROVIDER = "fakesplocal"
SP_PAID_PROVIDER = "fakepaid"
SP_CHAIN = [f"{SP_LOCAL_PROVIDER}/sp-primary", f"{SP_PAID_PROVIDER}/sp-paid", f"{SP_LOCAL_PROVIDER}/sp-local"]
# GATEWARDEN_E2E_ONLY=0,7 runs only the listed steps (step 0 always runs); unset runs all
E2E_ONLY = {x.strip() for x in os.environ.get("GATEWARDEN_E2E_ONLY", "").split(",") if x.strip()}


def wanted(step):
    return not E2E_ONLY or step in E2E_ONLY
OFFLINE_ENV = {"DO_NOT_TRACK": "1", "OPENCLAW_NO_AUTO_UPDATE": "1", "OPENCLAW_DISABLE_BONJOUR": "1",
               "OPENCLAW_OFFLINE": "1", "OPENCLAW_SKIP_CHANNELS": "1"}


class StepFailed(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def now():
    return time.monotonic()


def wait_for(what, fn, timeout, interval=0.25):
    """Polls fn until it returns something truthy; raises StepFailed with `what` at the deadline."""
    deadline = now() + timeout
    last_err = None
    while True:
        try:
            v = fn()
            if v:
                return v
        except Exception as e:  # a component not up yet answers with a connection error
            last_err = e
        if now() >= deadline:
            raise StepFailed(f"timed out after {timeout:.0f}s waiting for {what}" + (f" (last error: {last_err})" if last_err else ""))
        time.sleep(interval)


def http(method, url, body=None, headers=None, timeout=5):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def read_jsonl(path):
    out = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    try:
                        out.append(json.loads(line))
                    except ValueError:
                        pass  # a line being written
    except FileNotFoundError:
        pass
    return out


def iso(text):
    """Seconds since the epoch of an ISO-8601 time (Z or offset, any fraction digits)."""
    from datetime import datetime
    t = text.strip().replace("Z", "+00:00")
    m = re.match(r"(.*?\.\d{1,6})\d*(.*)", t)
    if m:
        t = m.group(1) + m.group(2)
    return datetime.fromisoformat(t).timestamp()


def tail(path, n=40):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except FileNotFoundError:
        return "(no file)\n"


class E2E:
    def __init__(self, a):
        self.a = a
        self.repo = Path(a.repo).resolve()
        self.scratch = Path(a.scratch).resolve()
        self.home = self.scratch / "home"
        self.oc_dir = self.home / ".openclaw"
        self.openclaw_json = self.oc_dir / "openclaw.json"
        self.logs = self.scratch / "gateway-logs"
        self.gateway_log = self.logs / "openclaw-gateway.log"
        self.state = self.scratch / "gatewarden-state"
        self.journal = self.state / "actions.jsonl"
        self.fake_log = self.scratch / "fake-provider-requests.log"
        self.receivers_log = self.scratch / "receivers.jsonl"
        self.gateway_console = self.scratch / "gateway-console.log"  # the gateway this script starts; gatewarden's: state/gateway-console.out
        self.gateway_pidfile = self.scratch / "gateway.pid"
        self.gatewarden_log = self.scratch / "gatewarden.log"
        self.marker = f"e2e-{os.getpid()}-{int(time.time())}"
        self.ports = {k: free_port() for k in ("fake", "gateway", "slack", "webhook", "gatewarden")}
        self.procs = {}  # name -> Popen
        self.steps = []
        self.t0 = now()
        path = os.pathsep.join([a.node_bin, a.oc_bin, os.environ.get("PATH", "")])
        self.env = {**os.environ, **OFFLINE_ENV, "PATH": path, "HOME": str(self.home),
                    "GATEWARDEN_E2E_MARKER": self.marker, "GATEWARDEN_E2E_API_TOKEN": API_TOKEN,
                    "GATEWARDEN_E2E_FAKEOA_KEY": "sk-fake-e2e-openai-000"}
        self.env.pop("OPENCLAW_PROFILE", None)
        self.env.pop("OPENCLAW_CONFIG_PATH", None)
        self.env.pop("OPENCLAW_STATE_DIR", None)

    # ------------------------------------------------------------------ setup
    def write_files(self):
        for d in (self.oc_dir, self.logs, self.state, self.oc_dir / "agents" / "main" / "agent"):
            d.mkdir(parents=True, exist_ok=True)
        fp = self.ports["fake"]
        cfg = {
            "gateway": {"mode": "local", "port": self.ports["gateway"], "bind": "loopback",
                        "auth": {"mode": "token", "token": "e2e-fake-gateway-token-0123456789"}},
            "update": {"checkOnStart": False},
            "telemetry": {"enabled": False},
            # debug: the preflightCompaction lines (a session's tokens against the gateway's own threshold) exist only
            # at this level, and the gateway does not change its level on a hot reload (step 7 needs them)
            "logging": {"level": "debug", "file": str(self.gateway_log)},
            "agents": {"defaults": {"model": {"primary": PRIMARY, "fallbacks": [NOKEY, BACKUP]}}},
            # the gateway fetches a hosted model catalog (catalog.openclaw.ai) at start unless this is off, even with
            # OPENCLAW_OFFLINE=1: nothing may leave 127.0.0.1
            "models": {"mode": "merge", "catalogRefresh": {"enabled": False}, "providers": {
                "fakeoa": {"baseUrl": f"http://127.0.0.1:{fp}/fakeoa/v1", "apiKey": "sk-fake-e2e-openai-000",
                           "api": "openai-completions", "models": [{"id": "main", "name": "Fake primary"}]},
                "fakeanth": {"baseUrl": f"http://127.0.0.1:{fp}/fakeanth", "apiKey": "sk-ant-fake-e2e-000",
                             "api": "anthropic-messages", "models": [{"id": "backup", "name": "Fake backup"}]},
                # a rung without credentials. A loopback URL would need no key (OpenClaw uses a synthetic local key),
                # so this one names a host under .invalid, which can never resolve (RFC 6761); the gateway fails it
                # with "No API key found" before making any request, so nothing leaves 127.0.0.1 either way.
                "nokeyremote": {"baseUrl": "https://api.nokey.invalid/v1", "api": "openai-completions",
                                "models": [{"id": "m1", "name": "Remote, no key"}]},
            }},
        }
        self.openclaw_json.write_text(json.dumps(cfg, indent=2) + "\n")
        # OpenClaw's embedded runner reads retry.provider.maxRetries from the agent's settings.json (not openclaw.json):
        # 2 same-model retries instead of 9 make a 429 storm take seconds, not minutes (docs/concepts/model-failover.md)
        for agent_id in ("main", CD_AGENT):
            (self.oc_dir / "agents" / agent_id / "agent").mkdir(parents=True, exist_ok=True)
            (self.oc_dir / "agents" / agent_id / "agent" / "settings.json").write_text(
                json.dumps({"retry": {"provider": {"maxRetries": 2}}}) + "\n")
        self.gatewarden_yaml = self.scratch / "gatewarden.yaml"
        self.gatewarden_yaml.write_text(self.gatewarden_config())

    def gatewarden_config(self):
        p = self.ports
        return f"""# written by e2e/openclaw/e2e.py for one run
state_dir: {self.state}
http: {{host: 127.0.0.1, port: {p['gatewarden']}, api_token_env: GATEWARDEN_E2E_API_TOKEN}}
gateway: {{name: e2e, config_file: {self.openclaw_json}}}
tail: {{paths: ["{self.logs}/openclaw-gateway*.log"], poll_interval: 200ms, from_start: true}}
incidents:
  quiet_period: 15s
  quiet_periods: {{config_reload_failed: 15s}}
  update_interval: 1m
lint: {{poll_interval: 1s, resignal_interval: 5s, paid_providers: [{SP_PAID_PROVIDER}]}}
probe:
  interval: 2s
  jitter: 0
  timeout: 3s
  unhealthy_after: 3
  healthy_after: 1
  providers:
    - name: fakeoa
      kind: openai
      base_url: "http://127.0.0.1:{p['fake']}/fakeoa"
      provider: fakeoa
      api_key_env: GATEWARDEN_E2E_FAKEOA_KEY
      # the only probe that can settle a model's rate limit (the models list keeps answering 200 during one)
      model_probe: {{enabled: true, max_per_hour: 360, interval: 2s, timeout: 3s}}
collect: {{enabled: false}}
restart:
  strategy: spawn          # start the foreground gateway and leave it running; its PID goes to pidfile
  command: {json.dumps(self.gateway_command())}
  command_timeout: 30s
  health_url: http://127.0.0.1:{p['gateway']}
  probe_timeout: 3s
  failures_before_down: 2
  probe_interval: 1s
  startup_timeout: 150s
  startup_settle: 2s
  budget: {{max_restarts: 1, window: 30m}}
  cooldown: 1s
  triggers: [down, process_gone, crashed]
  pidfile: {self.gateway_pidfile}
breakers:
  consecutive_failures: 3
  window: 60s
  open_waits: [5s]
act:
  dry_run: false
  sessions: {{quarantine: truncate, max_lines: 1}}
  switch_primary:
    confirm_timeout: 30s
    min_time_between_switches: 3s
    fail_back_dwell: 5s
  spend_guard: {{mode: remove, cooldown: 1s, confirm_timeout: 30s, restore_after: 30s}}
alert:
  receivers:
    - {{name: console, type: console, target: log}}
    - name: slack
      type: slack
      token: xoxb-fake-e2e-token
      channel: "#e2e"
      api_url: http://127.0.0.1:{p['slack']}/api/
      timeout: 5s
      rate_limit: {{burst: 0, refill_every: 1s}}
    - name: hook
      type: webhook
      url: http://127.0.0.1:{p['webhook']}/hook
      timeout: 5s
      rate_limit: {{burst: 0, refill_every: 1s}}
  route:
    receiver: console
    group_by: [alertname, provider]
    group_wait: 0s
    group_interval: 1s
    repeat_interval: 4h
    routes:
      - {{matchers: [], receiver: slack, continue: true}}
      - {{matchers: [], receiver: hook, continue: true}}
      - {{matchers: [], receiver: console}}
  inhibit_rules: []        # deterministic: every alert is delivered (the default mutes provider alerts while the gateway is down)
  retry: {{initial: 500ms, max: 5s}}
  tick_interval: 200ms
  external_url: http://127.0.0.1:{p['gatewarden']}/
"""

    def start(self, name, argv, log, env=None, cwd=None):
        f = open(log, "ab")
        p = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env or self.env,
                             cwd=cwd or self.scratch, start_new_session=True)
        f.close()
        self.procs[name] = p
        self.note(f"started {name} pid {p.pid}: {' '.join(map(str, argv))}")
        return p

    def note(self, s):
        print(f"[{now() - self.t0:7.1f}s] {s}", flush=True)

    def start_all(self):
        self.start("fake-provider", ["node", str(HERE / "fake-provider.mjs")], self.scratch / "fake-provider.out",
                   env={**self.env, "FAKE_PORT": str(self.ports["fake"]), "FAKE_LOG": str(self.fake_log)})
        self.start("receivers", [sys.executable, str(HERE / "receivers.py"), "--slack-port", str(self.ports["slack"]),
                                 "--webhook-port", str(self.ports["webhook"]), "--record", str(self.receivers_log)],
                   self.scratch / "receivers.out")
        self.start_gateway_ourselves()
        wait_for("fake provider", lambda: http("GET", f"http://127.0.0.1:{self.ports['fake']}/fakeoa/v1/models")[0] == 200, 30)
        wait_for("receivers", lambda: http("GET", f"http://127.0.0.1:{self.ports['slack']}/api/auth.test")[0] == 200, 30)

    def gateway_command(self):
        return ["openclaw", "gateway", "run", "--port", str(self.ports["gateway"]), "--bind", "loopback"]

    def start_gateway_ourselves(self):
        p = self.start("gateway", self.gateway_command(), self.gateway_console)
        self.gateway_pidfile.write_text(f"{p.pid}\n")

    def gateway_pid(self):
        try:
            return int(self.gateway_pidfile.read_text().strip())
        except (OSError, ValueError):
            return None

    def startupz(self):
        try:
            code, body = http("GET", f"http://127.0.0.1:{self.ports['gateway']}/startupz", timeout=3)
            return json.loads(body).get("status")
        except Exception:
            return None

    def start_gatewarden(self):
        jar = self.repo / "target" / "quarkus-app" / "quarkus-run.jar"
        self.start("gatewarden", ["java", "-Xmx256m", "-jar", str(jar), "run", "--config", str(self.gatewarden_yaml)],
                   self.gatewarden_log)
        wait_for("gatewarden /api/status", lambda: http("GET", self.api("/api/status"))[0] == 200, 60)

    def api(self, path):
        return f"http://127.0.0.1:{self.ports['gatewarden']}{path}"

    def api_json(self, path):
        code, body = http("GET", self.api(path))
        if code != 200:
            raise RuntimeError(f"GET {path}: {code} {body[:200]}")
        return json.loads(body)

    # ------------------------------------------------------------------ observations
    def gateway_lines(self):
        return read_jsonl(self.gateway_log)

    def gateway_messages(self, pattern):
        rx = re.compile(pattern)
        return [(l.get("time"), l.get("message") or "") for l in self.gateway_lines() if rx.search(l.get("message") or "")]

    def fake_requests(self):
        try:
            return self.fake_log.read_text().splitlines()
        except FileNotFoundError:
            return []

    def journal_entries(self, action=None):
        return [e for e in read_jsonl(self.journal) if action is None or e.get("action") == action]

    def slack(self):
        return [e for e in read_jsonl(self.receivers_log) if e["receiver"] == "slack"]

    def webhook(self):
        return [e for e in read_jsonl(self.receivers_log) if e["receiver"] == "webhook"]

    def current_primary(self):
        return json.loads(self.openclaw_json.read_text())["agents"]["defaults"]["model"]["primary"]

    def set_behaviour(self, model, behaviour):
        code, body = http("POST", f"http://127.0.0.1:{self.ports['fake']}/__behaviour", {"model": model, "behaviour": behaviour})
        if code != 200:
            raise StepFailed(f"fake provider refused behaviour {model} -> {behaviour}: {code} {body}")

    def agent(self, session, timeout=240, agent="main", may_fail=False, message="ping"):
        """One real agent call; returns (provider/model that answered, seconds, fake-provider lines it caused).
        With may_fail, a failed call (exit != 0, e.g. "All models failed") returns (None, seconds, lines)."""
        before = len(self.fake_requests())
        t = now()
        r = subprocess.run(["openclaw", "agent", "--agent", agent, "--session-id", session, "--message", message, "--json"],
                           env=self.env, cwd=self.scratch, capture_output=True, text=True, timeout=timeout)
        took = now() - t
        (self.scratch / f"agent-{session}.json").write_text(r.stdout)
        (self.scratch / f"agent-{session}.err").write_text(r.stderr)
        # gatewarden's own model probes are not the run's requests
        requests = [l for l in self.fake_requests()[before:] if " POST /" in l and "/__behaviour" not in l
                    and "by=model-probe" not in l]
        if r.returncode != 0:
            if may_fail:
                reason = [l for l in r.stderr.splitlines() if "Reason:" in l]
                self.note(f"agent {session}: exit {r.returncode} in {took:.1f}s ({(reason or [r.stderr.strip()[-160:]])[-1][:160]}); "
                          f"{len(requests)} provider request(s)")
                return None, took, requests
            raise StepFailed(f"openclaw agent {session} exited {r.returncode}: {r.stderr[-500:]}")
        out = json.loads(r.stdout[r.stdout.index("{"):])
        meta = out.get("result", {}).get("meta", {}).get("agentMeta", {})
        answered = f"{meta.get('provider')}/{meta.get('model')}"
        text = " ".join(p.get("text") or "" for p in out.get("result", {}).get("payloads", []))
        self.note(f"agent {session}: status {out.get('status')}, answered by {answered} in {took:.1f}s ({text[:40]!r}); "
                  f"{len(requests)} provider request(s)")
        return answered, took, requests

    # ------------------------------------------------------------------ steps
    def step(self, name, fn):
        t = now()
        self.note(f"=== {name}")
        try:
            evidence = fn() or []
            self.steps.append({"name": name, "ok": True, "seconds": now() - t, "evidence": evidence})
            self.note(f"PASS {name} ({now() - t:.1f}s)")
        except Exception as e:
            detail = str(e) if isinstance(e, StepFailed) else traceback.format_exc()
            self.steps.append({"name": name, "ok": False, "seconds": now() - t,
                               "evidence": list(getattr(e, "evidence", [])) + [f"FAILED: {detail}"]})
            self.note(f"FAIL {name} ({now() - t:.1f}s): {detail}")

    def step0_start(self):
        ev = []
        t = now()
        status = wait_for("gateway /startupz status started", lambda: self.startupz() == "started", 150, 0.5)
        ev.append(f"gateway pid {self.gateway_pid()} /startupz {status} after {now() - t:.1f}s")
        self.start_gatewarden()
        ev.append(f"gatewarden pid {self.procs['gatewarden'].pid} /api/status 200; tailing {self.gateway_log.name}")
        st = self.api_json("/api/status")
        ev.append(f"gatewarden status: dryRun={st.get('dryRun')}, primary={json.dumps(st.get('primary'))[:200]}")
        if st.get("dryRun"):
            raise StepFailed("gatewarden runs in dry-run mode")
        return ev

    def step1_storm(self):
        ev = []
        self.set_behaviour("main", "rl429")
        self.set_behaviour("path:/fakeoa", "rl429")  # gatewarden's provider probe sees the outage too
        t_storm = time.time()
        answered, took, reqs = self.agent("e2e-storm")
        ev.append(f"agent call 1 ({took:.1f}s) answered by {answered}; provider requests: " + " | ".join(r.split(' ', 1)[1] for r in reqs))
        failing = [r for r in reqs if "model=main" in r and "rl429" in r]
        if len(failing) < 3:
            raise StepFailed(f"expected >= 3 failed requests to {PRIMARY}, saw {len(failing)}")
        retries = self.gateway_messages(r"transient same-model retry \d+/\d+ for fakeoa/main reason=rate_limit")
        ev.append(f"gateway log: {len(retries)} x 'transient same-model retry n/N for fakeoa/main reason=rate_limit'")

        def breaker_open():
            for b in self.api_json("/api/breakers"):
                s = json.dumps(b)
                if "fakeoa/main" in s and '"open"' in s.lower():
                    return b
            return None
        b = wait_for("breaker (fakeoa profile, fakeoa/main) open", breaker_open, 30)
        ev.append(f"gatewarden breaker: {json.dumps(b)[:300]}")
        sw = wait_for("journal switch_primary confirmed", lambda: [e for e in self.journal_entries("switch_primary")
                                                                  if e.get("outcome") == "confirmed"], 60)
        written = [e for e in self.journal_entries("switch_primary") if e.get("outcome") == "written"]
        ev.append(f"journal: switch_primary written {written[-1].get('before') if written else '?'} -> "
                  f"{written[-1].get('after') if written else '?'}; confirmed in {sw[-1].get('latency_ms')} ms: {sw[-1].get('reason')}")
        primary = self.current_primary()
        if primary == PRIMARY:
            raise StepFailed("openclaw.json still names the failing primary")
        ev.append(f"openclaw.json primary now {primary}")
        self.switched_to = primary
        reload = wait_for("gateway log 'config hot reload applied (agents.defaults.model.primary)'",
                          lambda: self.gateway_messages(r"config hot reload applied \(.*agents\.defaults\.model\.primary"), 30)
        ev.append(f"gateway log {reload[-1][0]}: {reload[-1][1][:160]}")
        try:
            # the breaker's "since" is its latest (re-)opening; the switch decision follows the first opening at once
            first429 = iso(failing[0].split(" ", 1)[0])
            decided = iso([e for e in self.journal_entries("switch_primary") if e.get("decision") == "taken"][0]["time"])
            wrote = iso(written[-1]["time"])
            confirmed = iso(sw[-1]["time"])
            applied = iso(reload[0][0])
            ev.append(f"timings from the first 429: switch decided (breaker open) +{decided - first429:.1f}s, openclaw.json "
                      f"written +{wrote - first429:.1f}s, gateway applied the new primary +{applied - first429:.1f}s, switch "
                      f"confirmed +{confirmed - first429:.1f}s (gatewarden: decided -> written {wrote - decided:.2f}s; gateway: "
                      f"written -> applied {applied - wrote:.2f}s; tail: applied -> confirmed {confirmed - applied:.2f}s)")
        except (IndexError, KeyError, ValueError, AttributeError, TypeError) as e:
            ev.append(f"timings unavailable: {e!r}")
        answered, took, reqs = self.agent("e2e-after-switch")
        ev.append(f"agent call 2 ({took:.1f}s) answered by {answered}; provider requests: " + " | ".join(r.split(' ', 1)[1] for r in reqs))
        if any("model=main" in r for r in reqs):
            raise StepFailed(f"the next call still asked the failing model {PRIMARY}")
        if answered != primary:
            raise StepFailed(f"the next call was answered by {answered}, not by the new primary {primary}")
        self.t_storm = t_storm
        return ev

    def step2_failback(self):
        ev = []
        t = now()
        self.set_behaviour("main", None)
        self.set_behaviour("path:/fakeoa", None)
        ev.append("fake provider: fakeoa/main and its /models probe answer 200 again")
        fb = wait_for("journal fail_back confirmed", lambda: [e for e in self.journal_entries("fail_back")
                                                             if e.get("outcome") == "confirmed"], 90, 0.5)
        written = [e for e in self.journal_entries("fail_back") if e.get("outcome") == "written"]
        ev.append(f"journal: fail_back written {written[-1].get('before') if written else '?'} -> "
                  f"{written[-1].get('after') if written else '?'} {now() - t:.1f}s after recovery; confirmed in "
                  f"{fb[-1].get('latency_ms')} ms")
        if self.current_primary() != PRIMARY:
            raise StepFailed(f"openclaw.json primary is {self.current_primary()}, not {PRIMARY}")
        reloads = self.gateway_messages(r"config hot reload applied \(.*agents\.defaults\.model\.primary")
        if len(reloads) < 2:
            raise StepFailed("the gateway did not log a second 'config hot reload applied' for the fail-back")
        ev.append(f"gateway log {reloads[-1][0]}: {reloads[-1][1][:160]}")
        answered, took, reqs = self.agent("e2e-after-failback")
        ev.append(f"agent call 3 ({took:.1f}s) answered by {answered}; provider requests: " + " | ".join(r.split(' ', 1)[1] for r in reqs))
        if answered != PRIMARY:
            raise StepFailed(f"after fail-back the call was answered by {answered}, not {PRIMARY}")
        return ev

    # ------------------------------------------------------------------ realistic provider (issue 12)
    # the storm: 5 minutes of new runs while the model answers 429 (GATEWARDEN_E2E_STORM_S shortens it locally)
    REALISTIC_STORM_S = int(os.environ.get("GATEWARDEN_E2E_STORM_S", "300"))

    def step_realistic_recovery(self):
        """The models list answers 200 while fakeoa/main answers 429 (a per-model rate limit): no fail-back while the
        model still fails, fail-back within open wait + probe interval + dwell once it recovers, and no new run
        started >= 2 s after the switch asks the failing model."""
        ev = []
        open_wait, probe_interval, dwell, slack = 5, 2, 5, 10
        self.set_behaviour("path:/fakeoa", None)   # the models list keeps answering 200 all along
        self.set_behaviour("main", "rl429")
        journal_before = len(self.journal_entries())
        fake_before = len(self.fake_requests())
        answered, took, reqs = self.agent("e2e-real-storm")
        ev.append(f"agent call ({took:.1f}s) answered by {answered}; {sum('model=main' in r for r in reqs)} request(s) to main")
        sw = wait_for("journal switch_primary confirmed (realistic storm)", lambda: [
            e for e in self.journal_entries()[journal_before:] if e.get("action") == "switch_primary" and e.get("outcome") == "confirmed"], 60)
        t_switch = iso(sw[0]["time"])
        ev.append(f"switch confirmed at {sw[0]['time']} ({sw[0].get('latency_ms')} ms after the decision)")
        # a storm: new runs keep coming while the model answers 429 and the models list answers 200
        storm_end = time.time() + self.REALISTIC_STORM_S
        runs = 0
        while time.time() < storm_end:
            started = time.time()
            answered, took, reqs = self.agent(f"e2e-real-run{runs}")
            runs += 1
            asked_main = [r for r in reqs if "model=main" in r and "by=model-probe" not in r]
            if started >= t_switch + 2 and asked_main:
                raise StepFailed(f"run {runs} started {started - t_switch:.1f}s after the switch asked the failing model: {asked_main[0]}")
            fbs = [e for e in self.journal_entries()[journal_before:] if e.get("action") == "fail_back" and e.get("outcome") == "written"]
            if fbs:
                raise StepFailed(f"fail-back while {PRIMARY} still answers 429: {fbs[0].get('reason')}")
        log = self.fake_requests()[fake_before:]
        probes = [l for l in log if "by=model-probe" in l and "model=main" in l]
        lists = [l for l in log if "GET /fakeoa/v1/models -> ok" in l]
        ev.append(f"storm of {self.REALISTIC_STORM_S}s: {runs} runs, none started >= 2 s after the switch asked {PRIMARY}; zero "
                  f"fail-backs; {len(probes)} model probes of main ({sum('-> rl429' in l for l in probes)} answered 429), "
                  f"models list answered 200 {len(lists)} times")
        declined = [e for e in self.journal_entries()[journal_before:] if e.get("action") == "fail_back" and e.get("decision") == "declined"]
        if declined:
            ev.append(f"journal: {len(declined)} fail_back declined, e.g. {declined[-1].get('outcome')}: {declined[-1].get('reason', '')[:160]}")
        mp = self.api_json("/api/model-probes")
        ev.append(f"/api/model-probes totals: {json.dumps(mp.get('totals'))}")
        # recovery
        t_rec = time.time()
        self.set_behaviour("main", None)
        bound = open_wait + probe_interval + dwell + slack
        fb = wait_for("journal fail_back confirmed after recovery", lambda: [
            e for e in self.journal_entries()[journal_before:] if e.get("action") == "fail_back" and e.get("outcome") == "confirmed"],
            bound + 60, 0.5)
        written = [e for e in self.journal_entries()[journal_before:] if e.get("action") == "fail_back" and e.get("outcome") == "written"]
        took_fb = iso(written[0]["time"]) - t_rec
        ev.append(f"fail_back written {took_fb:.1f}s after recovery (bound: open wait {open_wait}s + probe interval {probe_interval}s "
                  f"+ dwell {dwell}s, +{slack}s slack = {bound}s): {written[0].get('reason', '')[:220]}")
        if took_fb > bound:
            raise StepFailed(f"fail-back {took_fb:.1f}s after recovery, more than {bound}s")
        wait_for("gateway hot reload after the fail-back", lambda: [m for m in self.gateway_messages(
            r"config hot reload applied \(.*agents\.defaults\.model\.primary") if iso(m[0]) >= t_rec], 30)
        answered, took, reqs = self.agent("e2e-real-after-failback")
        ev.append(f"agent call after fail-back ({took:.1f}s) answered by {answered}")
        if answered != PRIMARY:
            raise StepFailed(f"after fail-back the call was answered by {answered}, not {PRIMARY}")
        return ev

    def step3_nokey(self):
        ev = []
        jar = self.repo / "target" / "quarkus-app" / "quarkus-run.jar"
        r = subprocess.run(["java", "-jar", str(jar), "check", "--format", "json", str(self.openclaw_json)],
                           env=self.env, capture_output=True, text=True, timeout=60)
        ev.append(f"gatewarden check exit {r.returncode}")
        if r.returncode != 1:
            raise StepFailed(f"gatewarden check exited {r.returncode}, expected 1 (an error finding): {r.stdout[-400:]} {r.stderr[-400:]}")
        report = json.loads(r.stdout)
        found = [f for f in json.dumps(report).split('},') if "nokeyremote" in f and "credential" in f.lower()]
        if not found:
            raise StepFailed(f"gatewarden check does not report the rung without credentials: {r.stdout[:600]}")
        ev.append("check finding: " + found[0][:240])
        lines = self.gateway_messages(r'No API key found for provider "nokeyremote"')
        ev.append(f"gateway log: {len(lines)} x 'No API key found for provider \"nokeyremote\"'" + (f" ({lines[0][1][:120]})" if lines else ""))
        posts = wait_for("a fallback_skipped alert at the Slack stub", lambda: [
            e for e in self.slack() if e.get("method") == "chat.postMessage" and "fallback_skipped" in json.dumps(e.get("form", {}))
            and not e.get("form", {}).get("thread_ts")], 30)
        ev.append(f"Slack stub: chat.postMessage ts {posts[0].get('ts')}: {posts[0]['form'].get('text', '')[:160]}")
        return ev

    # ------------------------------------------------------------------ step 3b
    def write_config(self, cfg):
        tmp = self.openclaw_json.with_suffix(".e2e-tmp")
        tmp.write_text(json.dumps(cfg, indent=2) + "\n")
        os.replace(tmp, self.openclaw_json)

    def reloads_since(self, n_before, pattern):
        return [m for m in self.gateway_messages(r"config hot reload applied")[n_before:] if re.search(pattern, m[1])]

    def wait_reload(self, what, mark, pattern, timeout=30):
        """Waits for `config hot reload applied (...pattern...)` after mark = (applied, skipped) line counts; a
        `config reload skipped` line after mark fails at once with the gateway's reason."""
        deadline = now() + timeout
        while True:
            skipped = self.gateway_messages(r"config reload skipped")[mark[1]:]
            if skipped:
                raise StepFailed(f"{what}: the gateway refused the edit: {skipped[0][1][:240]}")
            applied = self.reloads_since(mark[0], pattern)
            if applied:
                return applied
            if now() >= deadline:
                raise StepFailed(f"timed out after {timeout:.0f}s waiting for {what}")
            time.sleep(0.25)

    def reload_mark(self):
        return len(self.gateway_messages(r"config hot reload applied")), len(self.gateway_messages(r"config reload skipped"))

    def decision_lines(self, provider=None, model=None, decision=None):
        out = []
        for l in self.gateway_lines():
            e = l.get("1")
            if not isinstance(e, dict) or e.get("event") != "model_fallback_decision":
                continue
            if provider and e.get("candidateProvider") != provider or model and e.get("candidateModel") != model:
                continue
            if decision and e.get("decision") != decision:
                continue
            out.append((l.get("time"), e))
        return out

    def profile_state_lines(self, provider):
        return [(l.get("time"), l["1"]) for l in self.gateway_lines() if isinstance(l.get("1"), dict)
                and l["1"].get("event") == "auth_profile_failure_state_updated" and l["1"].get("provider") == provider]

    def step3b_cooldown(self):
        """Two models on ONE fake key, stored as an auth profile (`openclaw models auth paste-api-key`, as a user does):
        with the key in models.providers.*.apiKey the gateway keeps no profile cooldown. The primary answers 429.
        What OpenClaw 2026.9.6 does (fixtures 14b, 14c): a rate-limit 429 cools the profile for that model only and the
        fallback is asked (and answers); an insufficient_quota 429 (billing) disables the whole profile, so the fallback
        is refused in the same run without a request and skipped ("Provider fakecd is in cooldown") in the next one."""
        ev = []
        t0 = now()
        primary_id, fallback_id = CD_PRIMARY.split("/", 1)[1], CD_FALLBACK.split("/", 1)[1]
        mark = self.reload_mark()
        cfg = json.loads(self.openclaw_json.read_text())
        cfg["models"]["providers"][CD_PROVIDER] = {
            "baseUrl": f"http://127.0.0.1:{self.ports['fake']}/{CD_PROVIDER}/v1", "api": "openai-completions",
            "models": [{"id": primary_id, "name": "Fake cooldown primary"}, {"id": fallback_id, "name": "Fake cooldown fallback"}]}
        # a second agent with its own chain: agents.defaults (the switcher's primary) stays as the other steps left it;
        # with agents.entries present, main must be listed too or `--agent main` is unknown, and a roster of two needs
        # agents.ownership "explicit" (else: config reload skipped (invalid config): agents.ownership: ...)
        cfg["agents"]["ownership"] = "explicit"
        cfg["agents"]["entries"] = {"main": {}, CD_AGENT: {"model": {"primary": CD_PRIMARY, "fallbacks": [CD_FALLBACK]}}}
        self.write_config(cfg)
        try:
            self.wait_reload("the gateway applying agents.entries", mark, r"agents\.entries")
            # with two agents the CLI wants an owner ("Multiple agents are configured, but the model command has no
            # explicit owner. Pass --agent <id>."): the key goes to agent cd's store
            r = subprocess.run(["openclaw", "models", "auth", "paste-api-key", "--provider", CD_PROVIDER, "--agent", CD_AGENT],
                               input=CD_KEY + "\n",
                               env=self.env, cwd=self.scratch, capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                raise StepFailed(f"paste-api-key exited {r.returncode}: {r.stderr[-300:]}")
            profile_name = (re.findall(r"Auth profile: (\S+)", r.stdout + r.stderr) or [f"{CD_PROVIDER}:manual"])[0]
            self.wait_reload("the gateway applying the pasted key", mark, rf"models\.providers\.{CD_PROVIDER}\.apiKey")
            ev.append(f"setup {now() - t0:.1f}s: provider {CD_PROVIDER} ({CD_PRIMARY}, {CD_FALLBACK}), agent {CD_AGENT} with chain "
                      f"[{CD_PRIMARY}, {CD_FALLBACK}], key pasted as auth profile {profile_name} (openclaw.json: "
                      f"models.providers.{CD_PROVIDER}.apiKey = {json.loads(self.openclaw_json.read_text())['models']['providers'][CD_PROVIDER].get('apiKey')!r}); "
                      f"the gateway hot-reloaded both")
            self.step3b_phases(ev, profile_name)
        except StepFailed as e:
            e.evidence = ev  # the report shows what was seen, then why it failed
            raise
        finally:
            # put openclaw.json back as the other steps know it (the lint finding about this chain can then resolve)
            cfg = json.loads(self.openclaw_json.read_text())
            cfg["models"]["providers"].pop(CD_PROVIDER, None)
            cfg["agents"].pop("entries", None)
            cfg["agents"].pop("ownership", None)
            profiles = cfg.get("auth", {}).get("profiles", {})
            for k in [k for k, v in profiles.items() if v.get("provider") == CD_PROVIDER]:
                profiles.pop(k)
            if "auth" in cfg and not profiles:
                cfg["auth"].pop("profiles", None)
                if not cfg["auth"]:
                    cfg.pop("auth")
            mark = self.reload_mark()
            self.write_config(cfg)
            try:
                self.wait_reload("the gateway applying the removal", mark, r"agents\.entries")
                ev.append(f"cleanup: provider {CD_PROVIDER}, agent {CD_AGENT} and its profile removed from openclaw.json again; hot-reloaded")
            except StepFailed as e:
                ev.append(f"cleanup: {e}")
        return ev

    def step3b_phases(self, ev, profile_name):
        fake = lambda model: [l for l in self.fake_requests() if f"/{CD_PROVIDER}/" in l and f" model={model} " in l]
        primary_id, fallback_id = CD_PRIMARY.split("/", 1)[1], CD_FALLBACK.split("/", 1)[1]
        # phase A: rate limit (429 + retry-after) on the primary
        self.set_behaviour(primary_id, "rl429")
        answered, took, reqs = self.agent("e2e-cd-ratelimit", agent=CD_AGENT, may_fail=True)
        ev.append(f"A. {primary_id} answers 429 rate_limit: agent call ({took:.1f}s) answered by {answered}; provider requests: "
                  + " | ".join(x.split(" ", 2)[2] for x in reqs))
        # phase B: the same key out of quota (429 insufficient_quota): two calls
        self.set_behaviour(primary_id, "quota429")
        for n in (1, 2):
            answered, took, reqs = self.agent(f"e2e-cd-quota-{n}", agent=CD_AGENT, may_fail=True)
            ev.append(f"B{n}. {primary_id} answers 429 insufficient_quota: agent call ({took:.1f}s) answered by {answered}; "
                      f"provider requests: " + (" | ".join(x.split(" ", 2)[2] for x in reqs) or "none"))
        t_last = now()
        for t, e in self.profile_state_lines(CD_PROVIDER):
            ev.append(f"gateway log {t[11:23]}: auth_profile_failure_state_updated profileId={e.get('profileId')} reason={e.get('reason')} "
                      f"windowType={e.get('windowType')} errorCount={e.get('errorCount')}")
        skips = self.decision_lines(CD_PROVIDER, fallback_id, "skip_candidate")
        for t, e in skips:
            ev.append(f"gateway log {t[11:23]}: skip_candidate {CD_FALLBACK} reason={e.get('reason')} "
                      f"errorPreview={e.get('errorPreview')!r} fallbackStepFinalOutcome={e.get('fallbackStepFinalOutcome')}")
        refused = self.gateway_messages(rf"res ✗ agent .*temporarily unavailable for {re.escape(CD_FALLBACK)}")
        if refused:
            ev.append(f"gateway log {refused[0][0][11:23]}: {refused[0][1][:170]}")
        fb_reqs = fake(fallback_id)
        fb_429 = [l for l in fb_reqs if "-> rl429" in l or "-> quota429" in l]
        ev.append(f"fake provider: {len(fake(primary_id))} request(s) for {primary_id}, {len(fb_reqs)} for {fallback_id} "
                  f"({len(fb_429)} answered 429)")

        # gatewarden has read every line the gateway wrote so far (its line count), then look
        n_lines = sum(1 for l in self.gateway_log.read_text(encoding="utf-8", errors="replace").splitlines() if l.strip())
        wait_for("gatewarden reading the gateway log up to here", lambda: self.api_json("/api/status").get("lines", 0) >= n_lines, 30, 0.5)
        ev.append(f"gatewarden read the {n_lines} gateway log lines {now() - t_last:.1f}s after the last call")
        problems = []

        def about_fallback(i):
            lab = i.get("labels") or {}
            return lab.get("model") in (fallback_id, CD_FALLBACK) and lab.get("provider") in (None, CD_PROVIDER)

        def incidents():
            inc = self.api_json("/api/incidents")
            return inc["open"] + inc["recent"]

        # (1) no rate-limit incident for the fallback unless the provider really rate-limited it
        rl = [i for i in incidents() if i.get("type") == "provider_rate_limited" and about_fallback(i)]
        ev.append(f"(1) provider_rate_limited incidents for {CD_FALLBACK}: {len(rl)}" + (f" ({rl[0].get('summary')})" if rl else ""))
        if rl and not fb_429:
            problems.append(f"provider_rate_limited for {CD_FALLBACK} although the fake provider never answered it 429 "
                            f"({len(fb_reqs)} request(s), all 200): {rl[0].get('summary')}")
        # (2) the fallback's breaker (auth profile x fallback model) is not open
        brs = [b for b in self.api_json("/api/breakers") if b.get("model", "").startswith(CD_PROVIDER + "/")]
        for b in brs:
            ev.append(f"(2) breaker {b.get('profile')} x {b.get('model')}: {b.get('status')} (consecutive failures "
                      f"{b.get('consecutiveFailures')}, last reason {b.get('lastReason')})")
        opened = [b for b in brs if b.get("model") == CD_FALLBACK and str(b.get("status")).lower() != "closed"]
        if opened:
            problems.append(f"the fallback's breaker is {opened[0].get('status')}: {json.dumps(opened[0])[:300]}")
        # (3) a skipped fallback is a fallback_skipped: reason cooldown, the cooling profile, blocked_by the primary
        if skips:
            logged = {e.get("profileId") for _, e in self.profile_state_lines(CD_PROVIDER) if e.get("profileId")}
            t_skip = iso(skips[0][0])
            try:
                fs = wait_for(f"a fallback_skipped incident for {CD_FALLBACK}", lambda: [
                    i for i in incidents() if i.get("type") == "fallback_skipped" and about_fallback(i)], 15, 0.5)
            except StepFailed as e:
                fs = []
                problems.append(f"the gateway skipped {CD_FALLBACK} ({len(skips)} skip_candidate line(s)) but there is "
                                f"no fallback_skipped incident for it ({e})")
            for i in fs[:1]:
                lab = i.get("labels") or {}
                ev.append(f"(3) fallback_skipped {i.get('severity')} labels {json.dumps(lab)}: {i.get('summary')} "
                          f"(startsAt {i.get('startsAt')}, +{iso(i['startsAt']) - t_skip:.1f}s after the first skip line)")
                if lab.get("reason") != "cooldown":
                    problems.append(f"fallback_skipped reason={lab.get('reason')}, expected cooldown")
                if lab.get("profile") not in logged | {profile_name}:
                    problems.append(f"fallback_skipped profile={lab.get('profile')!r}, expected the cooling profile "
                                    f"({' or '.join(sorted(logged | {profile_name}))})")
                if lab.get("blocked_by") not in (None, CD_PRIMARY):
                    problems.append(f"fallback_skipped blocked_by={lab.get('blocked_by')!r}, expected {CD_PRIMARY}")
                if not re.search(r"no (failure|error)s? of its own|not (its|the skipped model's) own|did not fail|never (failed|asked|tried)",
                                 i.get("summary") or "", re.I):
                    problems.append(f"fallback_skipped summary does not say {CD_FALLBACK} had no failure of its own: {i.get('summary')!r}")
        else:
            ev.append(f"(3) the gateway did not skip {CD_FALLBACK}: nothing to check")
        if problems:
            raise StepFailed("; ".join(problems))

    def step4_restart(self):
        ev = []
        pid = self.gateway_pid()
        t = now()
        os.kill(pid, signal.SIGKILL)
        ev.append(f"kill -9 {pid} (the gateway started by this script)")
        done = wait_for("journal restart outcome restarted", lambda: [e for e in self.journal_entries("restart")
                                                                     if e.get("outcome") == "restarted"], 200, 0.5)
        new_pid = self.gateway_pid()
        ev.append(f"journal: restart restarted ({done[-1].get('reason')}; {done[-1].get('detail')}) "
                  f"{now() - t:.1f}s after the kill; gateway start took {done[-1].get('latency_ms')} ms; new pid {new_pid}")
        if new_pid == pid:
            raise StepFailed("the pid file still names the killed gateway")
        status = self.startupz()
        ev.append(f"/startupz: {status}")
        if status != "started":
            raise StepFailed(f"/startupz says {status} after the restart")
        boot = self.gateway_messages(r"http server listening")
        ev.append(f"gateway log: {len(boot)} x 'http server listening' (one per start)")

        # the gateway keeps dying: the next need trips the budget (max_restarts 1)
        t = now()
        os.kill(new_pid, signal.SIGKILL)
        ev.append(f"kill -9 {new_pid} (the gateway gatewarden started)")
        tripped = wait_for("journal restart declined_budget", lambda: [e for e in self.journal_entries("restart")
                                                                      if e.get("outcome") == "declined_budget"], 60, 0.5)
        ev.append(f"journal: restart declined_budget {now() - t:.1f}s after the kill: {tripped[-1].get('reason')}")
        loop = wait_for("gateway_restart_loop open", lambda: [i for i in self.api_json("/api/incidents")["open"]
                                                             if i.get("type") == "gateway_restart_loop"], 30)
        ev.append(f"incident gateway_restart_loop {loop[0].get('severity')}: {loop[0].get('summary')}")
        posts = wait_for("gateway_restart_loop at the Slack stub", lambda: [
            e for e in self.slack() if e.get("method") == "chat.postMessage" and "gateway_restart_loop" in json.dumps(e.get("form", {}))], 30)
        ev.append(f"Slack stub: chat.postMessage ts {posts[0].get('ts')}: {posts[0]['form'].get('text', '')[:160]}")

        # a human resets the budget: gatewarden restarts the still-dead gateway, the loop incident resolves
        code, body = http("POST", self.api("/api/restart/budget/reset"), {"reason": "e2e: operator reset", "by": "e2e"},
                          {"Authorization": f"Bearer {API_TOKEN}"})
        ev.append(f"POST /api/restart/budget/reset: {code} {body[:160]}")
        if code != 200:
            raise StepFailed("budget reset refused")
        t = now()
        wait_for("a second restarted decision after the reset", lambda: len([e for e in self.journal_entries("restart")
                                                                            if e.get("outcome") == "restarted"]) >= 2, 200, 0.5)
        wait_for("/startupz started", lambda: self.startupz() == "started", 30, 0.5)
        ev.append(f"after the reset gatewarden restarted the gateway (pid {self.gateway_pid()}), /startupz started, {now() - t:.1f}s")
        return ev

    def step5_alerts_once(self):
        ev = []
        # an operator fixes the chain (removes the rung without credentials), so chain_misconfigured can resolve too
        cfg = json.loads(self.openclaw_json.read_text())
        cfg["agents"]["defaults"]["model"]["fallbacks"] = [BACKUP]
        tmp = self.openclaw_json.with_suffix(".e2e-tmp")
        tmp.write_text(json.dumps(cfg, indent=2) + "\n")
        os.replace(tmp, self.openclaw_json)
        ev.append(f"operator edit: fallbacks -> [{BACKUP}] (removes the rung without credentials)")

        def all_resolved():
            inc = self.api_json("/api/incidents")
            return inc if not inc["open"] else None
        t = now()
        try:
            inc = wait_for("every incident resolved", all_resolved, 120, 1)
        except StepFailed:
            open_now = self.api_json("/api/incidents")["open"]
            raise StepFailed("still open: " + ", ".join(f"{i['type']} {i.get('labels')}" for i in open_now))
        ev.append(f"all incidents resolved {now() - t:.1f}s after the last step; {len(inc['recent'])} resolved incident(s): "
                  + ", ".join(sorted({i['type'] for i in inc['recent']})))
        time.sleep(0)  # no blind wait: the resolved notices are awaited below

        def groups():
            parents, updates, replies = {}, {}, {}
            for e in self.slack():
                f = e.get("form") or {}
                if e.get("method") == "chat.postMessage" and not f.get("thread_ts"):
                    parents.setdefault(e["ts"], e)
                elif e.get("method") == "chat.update":
                    updates.setdefault(f.get("ts"), []).append(e)
                elif e.get("method") == "chat.postMessage":
                    replies.setdefault(f.get("thread_ts"), []).append(e)
            return parents, updates, replies

        def every_parent_updated():
            parents, updates, _ = groups()
            return parents and all(ts in updates for ts in parents)
        try:
            wait_for("a resolved chat.update for every Slack parent", every_parent_updated, 30, 0.5)
        except StepFailed as e:
            parents, updates, _ = groups()
            missing = [p["form"].get("text", "")[:100] for ts, p in parents.items() if ts not in updates]
            raise StepFailed(f"{e}: parents without a resolved update: {missing}")
        parents, updates, replies = groups()
        problems = []
        keys = {}
        for e in self.slack():
            meta = (e.get("form") or {}).get("metadata")
            if meta and e.get("method") == "chat.postMessage":
                k = json.loads(meta).get("event_payload", {}).get("idempotency_key")
                keys.setdefault(k, []).append(e["ts"])
        dup = {k: v for k, v in keys.items() if len(v) > 1}
        if dup:
            problems.append(f"notifications delivered more than once: {dup}")
        names = {}
        for ts, p in parents.items():
            text = p["form"].get("text", "")
            ups = updates.get(ts, [])
            if len(ups) != 1:
                problems.append(f"parent {ts} ({text[:80]}) has {len(ups)} chat.update calls, expected 1")
            resolved_replies = [r for r in replies.get(ts, []) if r["form"].get("text", "").startswith("Resolved")]
            if len(resolved_replies) != 1:
                problems.append(f"parent {ts} ({text[:80]}) has {len(resolved_replies)} 'Resolved' replies, expected 1")
            m = re.search(r"FIRING\W+(\w+)", text)
            name = m.group(1) if m else text[:40]
            names.setdefault(name, []).append(ts)
            ev.append(f"Slack {ts}: {text[:110]} | replies {len(replies.get(ts, []))} | resolved update: "
                      f"{(ups[0]['form'].get('text', '')[:70] if ups else '-')}")
        for needed in ("provider_rate_limited", "fallback_skipped", "gateway_restart_loop", "gateway_down"):
            if not any(needed in n for n in names):
                problems.append(f"no Slack alert for {needed} (alerts seen: {sorted(names)})")
        hooks = self.webhook()
        hook_keys = [h.get("headers", {}).get("idempotency-key") for h in hooks]
        hook_dups = {k for k in hook_keys if k and hook_keys.count(k) > 1}
        firing = {a.get("labels", {}).get("alertname") for h in hooks for a in (h.get("json") or {}).get("alerts", []) if a.get("status") == "firing"}
        resolved = {a.get("labels", {}).get("alertname") for h in hooks for a in (h.get("json") or {}).get("alerts", []) if a.get("status") == "resolved"}
        ev.append(f"webhook receiver: {len(hooks)} POSTs, {len(set(hook_keys))} distinct Idempotency-Keys; firing {sorted(x for x in firing if x)}; resolved {sorted(x for x in resolved if x)}")
        if hook_dups:
            problems.append(f"webhook notifications delivered more than once: {hook_dups}")
        if firing - resolved:
            problems.append(f"webhook: alerts fired but never resolved: {firing - resolved}")
        # a name lookup the gateway attempted shows up as getaddrinfo/ENOTFOUND in its log (nothing should be looked up)
        lookups = sorted({x for l in read_jsonl(self.gateway_log) for x in re.findall(r"(?:ENOTFOUND|EAI_AGAIN) ([\w.-]+)", json.dumps(l))})
        ev.append("name lookups seen in the gateway log: " + (", ".join(lookups) if lookups else "none"))
        if lookups:
            problems.append(f"the gateway tried to reach {lookups}: something is not offline")
        if problems:
            raise StepFailed("; ".join(problems))
        return ev

    # ------------------------------------------------------------------ session actions (issue 13)
    SESSION_MARKER = "toolu_e2e_session_poison"

    def journal_results(self, action):
        return [e for e in self.journal_entries(action) if e.get("decision") == "result"]

    def step6_session_loop(self):
        """The fake provider answers Anthropic's 400 `tool_use_id` to every request whose messages carry a marker; a
        session whose first message carried it keeps failing (the gateway replays the rejected user turn, fixture 15)."""
        ev = []
        session = "e2e-session-poisoned"
        key = f"agent:main:explicit:{session}"
        code, body = http("POST", f"http://127.0.0.1:{self.ports['fake']}/__behaviour",
                          {"marker": self.SESSION_MARKER, "behaviour": "tooluse400"})
        if code != 200:
            raise StepFailed(f"fake provider refused the marker rule: {code} {body}")
        try:
            ends = []
            for i in range(3):
                answered, took, reqs = self.agent(session, may_fail=True,
                                                  message=f"ping {self.SESSION_MARKER}" if i == 0 else "ping")
                ends.append((now(), time.time()))
                marked = sum(1 for r in reqs if f"marker={self.SESSION_MARKER}" in r)
                ev.append(f"run {i + 1}: answered by {answered} in {took:.1f}s; {len(reqs)} provider request(s), {marked} with the marker")
                if answered is not None:
                    raise StepFailed(f"run {i + 1} of the poisoned session was answered: the marker rule did not apply")
            t_third, wall_third = ends[-1]
            wait_for("gatewarden quarantining the session", lambda: any(
                e.get("outcome") in ("truncated", "archived", "failed", "unchanged") for e in self.journal_results("quarantine_session")), 90, 0.2)
            t_done = now()
            taken = [e for e in self.journal_entries("quarantine_session") if e.get("decision") == "taken"]
            done = self.journal_results("quarantine_session")
            ev.append("journal: " + " | ".join(f"{e['decision']} {e['outcome']} at {e['time']}: {(e.get('detail') or e.get('reason') or '')[:220]}"
                                               for e in taken + done))
            if done[-1]["outcome"] != "truncated":
                raise StepFailed(f"quarantine outcome {done[-1]['outcome']}: {done[-1].get('detail')}")
            loops = [i for i in self.api_json("/api/incidents")["open"] + self.api_json("/api/incidents")["recent"]
                     if i["type"] == "error_loop" and i["labels"].get("session") == session]
            if not loops:
                raise StepFailed("no error_loop incident for the session")
            for inc in loops:
                ev.append(f"error_loop {inc['id']}: severity {inc['severity']}, occurrences {inc['occurrences']}, "
                          f"labels {json.dumps({k: v[:80] for k, v in inc['labels'].items()})}")
            if done[-1].get("incident_id") not in {i["id"] for i in loops}:
                raise StepFailed(f"the quarantine names incident {done[-1].get('incident_id')}, not an error_loop of the session")
            t_taken, t_result = iso(taken[-1]["time"]), iso(done[-1]["time"])
            if t_taken < ends[1][1]:
                raise StepFailed("the session was quarantined before its third failed run")
            ev.append(f"timings: loop detected (error_loop opened; the quarantine is decided on the same thread) → session "
                      f"quarantined (`openclaw sessions compact --max-lines 1` confirmed by its reply) {t_result - t_taken:.1f}s "
                      f"(the command itself {done[-1].get('latency_ms')} ms); decided {wall_third - t_taken:+.1f}s before the third "
                      f"run's `openclaw agent` returned; third run's return → quarantine seen by this script {t_done - t_third:.1f}s")
            # evidence only: the reply (journalled) and the clean next run are the proof; one run of this step found no
            # `res ✓ sessions.compact` line for a --max-lines call in the gateway's file log although the reply said kept 1
            compacts = self.gateway_messages(r"res ✓ sessions\.compact")
            ev.append(f"gateway log: {len(compacts)} `res ✓ sessions.compact` line(s), last at {compacts[-1][0] if compacts else '-'}")
            answered, took, reqs = self.agent(session)
            marked = [r for r in reqs if f"marker={self.SESSION_MARKER}" in r]
            ev.append(f"next run: answered by {answered} in {took:.1f}s; {len(reqs)} request(s), {len(marked)} with the marker")
            if marked:
                raise StepFailed("the run after the quarantine still carried the poisoned turn")
            st = [s for s in self.api_json("/api/status").get("sessions", []) if s["session"] == session]
            ev.append(f"/api/status sessions: {json.dumps(st)[:300]}")
            if not st or st[0].get("quarantined") != "truncated":
                raise StepFailed("the status API does not show the session quarantined")
        except StepFailed as e:
            e.evidence = ev
            raise
        finally:
            http("POST", f"http://127.0.0.1:{self.ports['fake']}/__behaviour", {"marker": self.SESSION_MARKER, "behaviour": None})
        return ev

    CTX_AGENT = "ctx"
    CTX_WINDOW = 1_000_000
    CTX_TOKENS = 960_000

    def step7_context_pressure(self):
        """A session past 95 % of its model's window. The gateway compacts a session on its own past threshold=
        (window − min(20000, window/4)); for any window under 400,000 tokens that is below 95 %, and a first try with
        a 24,000-token window showed the gateway compacting in the same run that crossed 95 %, so gatewarden's
        `sessions compact` found "Already compacted". So the model's window here is 1,000,000 (threshold 980,000) and
        the fake provider reports 960,000 prompt tokens for one run (behaviour usage:N; the gateway's preflight
        tokenCount is the provider's reported usage, fixture 16): 96 %, which only gatewarden acts on.
        The gateway logs at DEBUG (write_files) for the preflight lines."""
        ev = []
        session = "e2e-session-pressure"
        key = f"agent:{self.CTX_AGENT}:explicit:{session}"
        original = self.openclaw_json.read_text()
        mark = self.reload_mark()
        cfg = json.loads(original)
        cfg["models"]["providers"]["fakeoa"]["models"].append({"id": "big", "name": "Fake big window", "contextWindow": self.CTX_WINDOW})
        cfg["agents"]["ownership"] = "explicit"
        cfg["agents"]["entries"] = {"main": {}, self.CTX_AGENT: {"model": {"primary": "fakeoa/big", "fallbacks": []}}}
        self.write_config(cfg)
        try:
            self.wait_reload("the gateway applying the agent on the big-window model", mark, r"agents\.entries")
            pre = re.compile(r"preflightCompaction check: sessionKey=" + re.escape(key) + r" tokenCount=(\d+) contextWindow=(\d+) threshold=(\d+)")
            readings = lambda: [(t, int(m.group(1)), int(m.group(3))) for t, msg in self.gateway_messages(r"preflightCompaction check")
                                for m in [pre.search(msg)] if m]
            self.set_behaviour("big", "ok")
            self.agent(session, agent=self.CTX_AGENT)
            if not readings():
                raise StepFailed("no DEBUG preflight line for the session")
            self.set_behaviour("big", f"usage:{self.CTX_TOKENS}")
            self.agent(session, agent=self.CTX_AGENT)
            self.set_behaviour("big", "ok")  # the summary request and later runs: plain answers
            wait_for("the preflight line at 96 %", lambda: any(x[1] >= 0.95 * self.CTX_WINDOW for x in readings()), 30, 0.2)
            r = readings()
            top = max(x[1] for x in r)
            ev.append(f"preflight tokenCount of {key}: {[x[1] for x in r]} of {self.CTX_WINDOW} (the gateway's threshold {r[-1][2]}); "
                      f"max {100 * top / self.CTX_WINDOW:.0f} %")
            t_seen = now()
            wait_for("gatewarden compacting the session", lambda: any(e.get("outcome") in ("compacted", "unchanged", "failed")
                                                                       for e in self.journal_results("compact_session")), 120, 0.2)
            done = self.journal_results("compact_session")[-1]
            taken = [e for e in self.journal_entries("compact_session") if e.get("decision") == "taken"][-1]
            ev.append(f"journal: taken at {taken['time']} ({taken.get('reason', '')[:260]}); result {done['outcome']} at {done['time']}: "
                      f"{(done.get('detail') or '')[-160:]}; before {done.get('before')} after {done.get('after')}")
            if done["outcome"] != "compacted":
                raise StepFailed(f"compaction outcome {done['outcome']}: {done.get('detail')}")
            t_peak = iso([x for x in r if x[1] == top][-1][0])
            own = [m for t, m in self.gateway_messages(r"\[compaction-diag\] end") if key in m]
            ev.append("compactions of the session in the gateway log: " + (" | ".join(re.sub(r".*(trigger=\S+).*(outcome=\S+).*", r"\1 \2", m) for m in own) or "none"))
            ev.append(f"timings: the ≥ 95 % preflight line → compaction decided {iso(taken['time']) - t_peak:.1f}s; decided → "
                      f"`openclaw sessions compact` confirmed by its reply {iso(done['time']) - iso(taken['time']):.1f}s "
                      f"(the command itself {done.get('latency_ms')} ms); seen by this script {now() - t_seen:.1f}s after the run")
            n_before = len(readings())
            self.agent(session, agent=self.CTX_AGENT)
            after = readings()[n_before:]
            ev.append(f"next run's preflight tokenCount: {[x[1] for x in after]} (before the compaction: {top})")
            if not after or after[0][1] >= top:
                raise StepFailed("the next preflight line does not show fewer tokens")
            wait_for("gatewarden confirming the compaction from the preflight line",
                     lambda: any(e.get("outcome") in ("confirmed", "unchanged") for e in self.journal_results("compact_session")), 30, 0.2)
            conf = [e for e in self.journal_results("compact_session") if e.get("outcome") in ("confirmed", "unchanged")][-1]
            ev.append(f"journal: {conf['outcome']} at {conf['time']}: {conf.get('reason')}")
            if conf["outcome"] != "confirmed":
                raise StepFailed("gatewarden did not confirm the compaction")
        except StepFailed as e:
            e.evidence = ev
            raise
        finally:
            mark = self.reload_mark()
            self.write_config(json.loads(original))
            try:
                self.wait_reload("the gateway applying the restored config", mark, r"agents\.entries")
                ev.append("cleanup: openclaw.json restored (agent ctx and the big-window model removed); hot-reloaded")
            except StepFailed as e:
                ev.append(f"cleanup: {e}")
        return ev

    # ------------------------------------------------------------------ run, report, cleanup
    # ------------------------------------------------------------------ step 8: spend guard
    def spend_run(self, session, message):
        """One run of agent SP_AGENT (it may fail); returns (seconds, this run's provider request lines, end time)."""
        before = len(self.fake_requests())
        t = now()
        r = subprocess.run(["openclaw", "agent", "--agent", SP_AGENT, "--session-id", session, "--message", message, "--json"],
                           env=self.env, cwd=self.scratch, capture_output=True, text=True, timeout=240)
        took = now() - t
        reqs = [l for l in self.fake_requests()[before:] if " POST /" in l and "/__behaviour" not in l and "by=model-probe" not in l]
        reason = [l for l in r.stderr.splitlines() if "Reason:" in l or "failed" in l]
        self.note(f"agent {SP_AGENT} {session}: exit {r.returncode} in {took:.1f}s ({(reason or [''])[-1][:140]}); "
                  f"{len(reqs)} provider request(s): " + " | ".join(x.split(" ", 2)[2][:90] for x in reqs))
        return took, reqs, now()

    def spend_fallbacks(self):
        cfg = json.loads(self.openclaw_json.read_text())
        return cfg["agents"].get("entries", {}).get(SP_AGENT, {}).get("model", {}).get("fallbacks")

    def step8_spend_guard(self):
        ev = []
        marker = f"SPEND-LOOP-{self.marker}"
        fp = self.ports["fake"]
        agent_dir = self.oc_dir / "agents" / SP_AGENT / "agent"
        agent_dir.mkdir(parents=True, exist_ok=True)
        (agent_dir / "settings.json").write_text(json.dumps({"retry": {"provider": {"maxRetries": 2}}}) + "\n")
        mark = self.reload_mark()
        cfg = json.loads(self.openclaw_json.read_text())
        for prov, models in ((SP_LOCAL_PROVIDER, ["sp-primary", "sp-local"]), (SP_PAID_PROVIDER, ["sp-paid"])):
            cfg["models"]["providers"][prov] = {"baseUrl": f"http://127.0.0.1:{fp}/{prov}/v1", "api": "openai-completions",
                                                "models": [{"id": m, "name": m} for m in models]}
        cfg["agents"]["ownership"] = "explicit"
        entries = cfg["agents"].setdefault("entries", {})
        entries.setdefault("main", {})
        entries[SP_AGENT] = {"model": {"primary": SP_CHAIN[0], "fallbacks": SP_CHAIN[1:]}}
        original = list(SP_CHAIN[1:])
        self.write_config(cfg)
        try:
            self.wait_reload("the gateway applying the spend agent", mark, r"agents\.entries")
            ev.append(f"setup: agent {SP_AGENT} with chain {SP_CHAIN} ({SP_PAID_PROVIDER} declared paid by gatewarden's "
                      f"lint.paid_providers: every fake provider is on loopback); hot-reloaded")
            # every request whose messages carry the marker gets the real 400 tool_use_id rejection, on every rung
            code, body = http("POST", f"http://127.0.0.1:{fp}/__behaviour", {"marker": marker, "behaviour": "tooluse400"})
            if code != 200:
                raise StepFailed(f"fake provider refused the marker rule: {code} {body}")
            session = f"e2e-spend-{os.getpid()}"
            paid = lambda reqs: [l for l in reqs if f"/{SP_PAID_PROVIDER}/" in l]
            acted = None
            for n in range(1, 7):
                took, reqs, _ = self.spend_run(session, f"{marker} ping {n}" if n == 1 else f"ping {n}")
                ev.append(f"run {n} ({took:.1f}s): {len(reqs)} requests, {len(paid(reqs))} to the paid rung")
                try:
                    acted = wait_for("spend_guard confirmed", lambda: [e for e in self.journal_entries("spend_guard")
                                                                     if e.get("outcome") == "confirmed"], 12, 0.25)
                    break
                except Exception:
                    continue
            if not acted:
                raise StepFailed("the spend guard never confirmed a write: " + json.dumps(self.journal_entries("spend_guard"))[-600:])
            written = [e for e in self.journal_entries("spend_guard") if e.get("outcome") == "written"][-1]
            taken = [e for e in self.journal_entries("spend_guard") if e.get("decision") == "taken"][-1]
            t_written = iso(written["time"])
            ev.append(f"journal: spend_guard taken ({taken.get('reason')[:220]})")
            ev.append(f"journal: spend_guard written {written.get('time')}: " + "; ".join(
                f"{c.get('path')}: {c.get('before')} -> {c.get('after')}" for c in written.get("changes", [])))
            ev.append(f"journal: spend_guard confirmed {acted[-1].get('time')} ({acted[-1].get('reason')}), "
                      f"{acted[-1].get('latency_ms')} ms after the decision")
            now_fb = self.spend_fallbacks()
            if any(x.startswith(SP_PAID_PROVIDER + "/") for x in now_fb or []):
                raise StepFailed(f"{SP_AGENT} fallbacks still hold the paid rung: {now_fb}")
            ev.append(f"openclaw.json agents.entries.{SP_AGENT}.model.fallbacks now {now_fb}")
            status = self.api_json("/api/spend")
            ev.append(f"/api/spend: state {status.get('state')}, paid calls {status.get('paidCalls')}")
            if status.get("state") != "active":
                raise StepFailed(f"/api/spend says {status.get('state')}")
            # the loop goes on: the next runs make no paid request
            for n in (1, 2):
                took, reqs, end = self.spend_run(session, f"ping after {n}")
                if paid(reqs):
                    raise StepFailed(f"run after the spend guard still asked the paid rung: {paid(reqs)}")
                if n == 1:
                    seconds = time.time() - t_written
                    ev.append(f"MEASURED spend guard acted (written {written.get('time')}) -> first run without a paid request "
                              f"ended: {seconds:.1f} s (the run itself took {took:.1f}s); its requests: "
                              + " | ".join(x.split(" ", 2)[2][:80] for x in reqs))
                else:
                    ev.append(f"run after {n} ({took:.1f}s): {len(reqs)} requests, none to the paid rung")
            after_acted = [l for l in self.fake_requests() if f"/{SP_PAID_PROVIDER}/" in l and iso(l.split(" ", 1)[0]) > t_written]
            ev.append(f"fake provider request log: {len(after_acted)} request(s) to {SP_PAID_PROVIDER} after the write")
            if after_acted:
                raise StepFailed(f"paid requests after the spend guard acted: {after_acted}")
            # the loop stops (the marker rule goes); once error_loop / chain_exhausted have been resolved (15 s quiet) for
            # restore_after (30 s), the chain comes back
            http("POST", f"http://127.0.0.1:{fp}/__behaviour", {"marker": marker, "behaviour": None})
            stop_wall = time.time()  # the last looping run has ended: no run is in flight
            t = now()
            restored = wait_for("spend_restore confirmed", lambda: [e for e in self.journal_entries("spend_restore")
                                                                  if e.get("outcome") == "confirmed"], 120, 0.5)
            restore_written = [e for e in self.journal_entries("spend_restore") if e.get("outcome") == "written"][-1]
            reload = [m for m in self.gateway_messages(r"config hot reload applied")
                      if iso(m[0]) >= iso(restore_written["time"]) - 2 and re.search(rf"agents\.entries\.{SP_AGENT}\.model\.fallbacks", m[1])]
            ev.append(f"journal: spend_restore confirmed {restored[-1].get('time')} ({restored[-1].get('reason')}), "
                      f"{now() - t:.1f}s after the loop stopped (quiet period 15 s + restore_after 30 s)")
            if iso(restore_written["time"]) < stop_wall:
                raise StepFailed(f"the original chain came back at {restore_written['time']}, while the loop still ran")
            ev.append(f"gateway log: {reload[-1][1][:200] if reload else 'NO hot reload line'}")
            if not reload:
                raise StepFailed("no 'config hot reload applied' line for the restore")
            back = self.spend_fallbacks()
            ev.append(f"openclaw.json agents.entries.{SP_AGENT}.model.fallbacks back to {back}")
            if back != original:
                raise StepFailed(f"original chain not restored: {back} != {original}")
            if self.api_json("/api/spend").get("state") != "idle":
                raise StepFailed("/api/spend not idle after the restore")
        except StepFailed as e:
            e.evidence = ev
            raise
        finally:
            # leave openclaw.json as the other steps know it: the step's agent and providers go again
            http("POST", f"http://127.0.0.1:{fp}/__behaviour", {"marker": marker, "behaviour": None})
            cfg = json.loads(self.openclaw_json.read_text())
            for prov in (SP_LOCAL_PROVIDER, SP_PAID_PROVIDER):
                cfg["models"]["providers"].pop(prov, None)
            entries = cfg["agents"].get("entries", {})
            entries.pop(SP_AGENT, None)
            if set(entries) <= {"main"} and not entries.get("main"):
                cfg["agents"].pop("entries", None)
                cfg["agents"].pop("ownership", None)
            mark = self.reload_mark()
            self.write_config(cfg)
            try:
                self.wait_reload("the gateway applying the removal", mark, r"agents\.entries|models\.providers")
                ev.append(f"cleanup: agent {SP_AGENT} and providers {SP_LOCAL_PROVIDER}, {SP_PAID_PROVIDER} removed again; hot-reloaded")
            except StepFailed as e:
                ev.append(f"cleanup: {e}")
        return ev

    def run(self):
        self.write_files()
        self.note(f"scratch {self.scratch}; ports {self.ports}" + (f"; only steps {sorted(E2E_ONLY)}" if E2E_ONLY else ""))
        self.start_all()
        self.step("0. start: fake provider, receivers, real gateway, gatewarden", self.step0_start)
        if self.steps[-1]["ok"]:
            if wanted("1"):
                self.step("1. 429 storm on the primary: breaker, switch, hot reload, next call avoids the model", self.step1_storm)
                if self.steps[-1]["ok"] and wanted("2"):
                    self.step("2. primary recovers: fail-back, the gateway takes it", self.step2_failback)
                    if self.steps[-1]["ok"] and wanted("2b"):
                        self.step("2b. realistic provider (models list 200, model 429): no fail-back during the storm, "
                                  "fail-back on real recovery", self.step_realistic_recovery)
            if wanted("3"):
                self.step("3. rung without credentials: check reports it, fallback_skipped reaches Slack", self.step3_nokey)
            if wanted("3b"):
                self.step("3b. cooldown: two models on one key, the primary answers 429: the fallback is not blamed", self.step3b_cooldown)
            if wanted("4"):
                self.step("4. kill -9: gatewarden restarts it (spawn: openclaw gateway run), /startupz started; dying again trips the budget", self.step4_restart)
            if wanted("5"):
                self.step("5. every alert and its resolved notice at the Slack stub once", self.step5_alerts_once)
            if wanted("6"):
                self.step("6. a session seeded with a tool_use_id 400 loops: error_loop after the third run, quarantined through "
                          "`openclaw sessions compact --max-lines`, its next run succeeds", self.step6_session_loop)
            if wanted("7"):
                self.step("7. context pressure: a session past 95 % of its window (below the gateway's own threshold); gatewarden "
                          "compacts it (`openclaw sessions compact`); the next preflight line shows fewer tokens", self.step7_context_pressure)
            if wanted("8"):
                self.step("8. spend guard: a looping session falls through to a paid rung; gatewarden takes paid rungs out "
                          "of fallbacks (hot reload), no paid request after; the original chain is back after the episode",
                          self.step8_spend_guard)
        return all(s["ok"] for s in self.steps)

    def report(self, ok):
        total = now() - self.t0
        lines = [f"# gatewarden end-to-end test against the real OpenClaw gateway", "",
                 f"Result: **{'PASS' if ok else 'FAIL'}** in {total:.0f} s · openclaw 2026.9.6 on Node "
                 f"{subprocess.run(['node', '--version'], env=self.env, capture_output=True, text=True).stdout.strip()} · "
                 f"scratch `{self.scratch}` · ports {self.ports}", "",
                 "| step | result | seconds |", "|---|---|---|"]
        for s in self.steps:
            lines.append(f"| {s['name']} | {'PASS' if s['ok'] else 'FAIL'} | {s['seconds']:.1f} |")
        for s in self.steps:
            lines += ["", f"## {s['name']} — {'PASS' if s['ok'] else 'FAIL'} ({s['seconds']:.1f} s)", ""]
            lines += [f"- {e}" for e in s["evidence"]]
        text = "\n".join(lines) + "\n"
        Path(self.a.report).parent.mkdir(parents=True, exist_ok=True)
        Path(self.a.report).write_text(text)
        print("\n" + text, flush=True)
        if not ok:
            for name, path in [("gateway file log (messages)", None), ("gateway console", self.gateway_console),
                               ("console of the gateway gatewarden started", self.state / "gateway-console.out"),
                               ("gatewarden", self.gatewarden_log), ("fake provider requests", self.fake_log),
                               ("receivers", self.receivers_log), ("action journal", self.journal)]:
                print(f"----- tail of {name} -----")
                if path is None:
                    for l in self.gateway_lines()[-40:]:
                        print(f"{l.get('time', '')[11:23]} {l.get('_meta', {}).get('logLevelName', '')} {(l.get('message') or '')[:220]}")
                else:
                    print(tail(path), end="")

    def marked_pids(self):
        """PIDs whose environment carries this run's marker: everything we started, including the gateways
        gatewarden started and their workers."""
        pids = []
        needle = f"GATEWARDEN_E2E_MARKER={self.marker}".encode()
        for d in Path("/proc").iterdir():
            if not d.name.isdigit() or int(d.name) == os.getpid():
                continue
            try:
                if needle in (d / "environ").read_bytes().split(b"\0"):
                    pids.append(int(d.name))
            except OSError:
                pass
        return pids

    def cleanup(self):
        for name, p in reversed(list(self.procs.items())):
            if p.poll() is None:
                try:
                    os.kill(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for name, p in self.procs.items():
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
        deadline = now() + 10
        left = self.marked_pids()
        for pid in left:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        while left and now() < deadline:
            time.sleep(0.2)
            left = self.marked_pids()
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.note(f"stopped everything this run started ({len(self.procs)} processes by PID"
                  + (f", {len(left)} killed with SIGKILL" if left else "") + ")")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--node-bin", required=True)
    ap.add_argument("--oc-bin", required=True)
    a = ap.parse_args()
    e = E2E(a)
    ok = False

    def on_signal(sig, frame):
        raise KeyboardInterrupt(f"signal {sig}")
    signal.signal(signal.SIGTERM, on_signal)
    try:
        ok = e.run()
    except BaseException:
        traceback.print_exc()
        e.steps.append({"name": "harness", "ok": False, "seconds": 0, "evidence": [traceback.format_exc()]})
    finally:
        try:
            e.report(ok)
        finally:
            e.cleanup()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
