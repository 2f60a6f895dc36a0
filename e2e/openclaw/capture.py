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
        self.cli_out = {}  # file name -> text to keep
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
        return {"rc": r.returncode, "seconds": took, "out": out, "stdout": r.stdout, "stderr": r.stderr,
                "requests": reqs, "answered": answered}

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

    def export(self, out_dir, nn, name, offset, cli_files=None, cache=None, end_offset=None):
        out_dir = Path(out_dir)
        for d in ("logs", "configs", "cli-output"):
            (out_dir / d).mkdir(parents=True, exist_ok=True)
        lines = self.lines_since(offset)
        if end_offset is not None:
            lines = self.lines_since(offset)[: len(self.lines_between(offset, end_offset))]
        stem = f"{nn}-{name}"
        debug = [self.neutral(l, cache) for l in lines]
        info = [l for l in debug if json.loads(l).get("_meta", {}).get("logLevelId", 0) >= 3]
        files = {
            out_dir / "logs" / f"{stem}.debug.jsonl": "\n".join(debug) + "\n",
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

    def lines_between(self, a, b):
        with open(self.gateway_log, "rb") as f:
            f.seek(a)
            data = f.read(b - a)
        return [l for l in data.decode("utf-8").splitlines() if l.strip()]


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


# ---------------------------------------------------------------------- scenarios
def run_cooldown(lab, chain, models, runs=4, gap=3.0, session_prefix="lab-s14", behaviours=None):
    """Chain on ONE fakeoa auth profile (paste-api-key), maxRetries 2; `runs` agent calls, `gap` s apart."""
    cfg = lab.base_config()
    cfg["agents"] = {"defaults": {"model": {"primary": chain[0], "fallbacks": chain[1:]}}}
    cfg["models"]["providers"]["fakeoa"] = fake_provider("fakeoa", models)
    with_urls(lab, cfg)
    lab.write_config(cfg, {"main": {"retry": {"provider": {"maxRetries": 2}}}})
    lab.start()
    offset = lab.log_size()
    lab.paste_key("fakeoa", "sk-fake-lab-cooldown-000")
    for model, b in (behaviours or {}).items():
        lab.behaviour(model, b)
    results = []
    for i in range(runs):
        o = lab.log_size()
        r = lab.agent(f"{session_prefix}-{i + 1}")
        for d in decisions(lab, o):
            log(f"   decision: {d}")
        for e in lab.events_since(o, "auth_profile_failure_state_updated"):
            log(f"   profile: reason={e.get('reason')} windowType={e.get('windowType')} errorCount={e.get('errorCount')} "
                f"cooldownUntil={e.get('cooldownUntil')} disabledUntil={e.get('disabledUntil')} reused={e.get('windowReused')}")
        results.append(r)
        time.sleep(gap)
    return offset, results


def explore(args, node_bin, oc_bin):
    variants = {
        "2rung-rl": (["fakeoa/rl-429", "fakeoa/ok"], ["rl-429", "ok"], None),
        "3rung-rl": (["fakeoa/rl-429", "fakeoa/rl-429b", "fakeoa/ok"], ["rl-429", "rl-429b", "ok"], None),
        "2rung-quota": (["fakeoa/quota-429", "fakeoa/ok"], ["quota-429", "ok"], None),
        "2rung-ovl": (["fakeoa/ovl-529", "fakeoa/ok"], ["ovl-529", "ok"], None),
    }
    chain, models, beh = variants[args.variant]
    lab = Lab(f"explore-{args.variant}", node_bin, oc_bin, keep=True)
    try:
        run_cooldown(lab, chain, models, runs=args.runs, gap=args.gap, behaviours=beh)
    finally:
        lab.stop()
        log(f"scratch kept: {lab.scratch}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenarios", nargs="*", help="14 15 16 (default: all)")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--keep", action="store_true", help="keep the scratch dirs")
    ap.add_argument("--explore", dest="variant")
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--gap", type=float, default=3.0)
    args = ap.parse_args()
    node_bin, oc_bin = tools()
    if args.variant:
        return explore(args, node_bin, oc_bin)


if __name__ == "__main__":
    main()
