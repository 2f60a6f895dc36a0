#!/usr/bin/env python3
"""A stand-in for the OpenClaw gateway (2026.9.6) in gatewarden's tests. Python 3 standard library only.

It writes tslog JSON lines in the shape of the real gateway's file log (see
src/test/resources/fixtures/openclaw/logs), serves /healthz, /readyz and /startupz, watches its JSON5 config
and logs hot reloads or skipped reloads, restarts in-process on SIGUSR2 (same PID), stops on SIGTERM/SIGINT,
and can die on purpose. Test-only control endpoints (all POST, JSON bodies) emit scenario lines on demand.

Flags (all optional):
  --log FILE             append log lines here (flushed per line); default: stdout
  --port N               HTTP port on 127.0.0.1 (default 18789; 0 = pick a free one, see --port-file)
  --port-file FILE       write the bound port here once listening (written atomically)
  --config FILE          JSON5 config to watch (polled every --config-poll seconds)
  --config-poll S        config poll period in seconds (default 0.1)
  --reload-delay S       delay between "config change detected" and "config hot reload applied" (default 0)
  --startup-delay S      time from "loading configuration…" to "gateway ready" (default 0.2)
  --restart-delay S      time a SIGUSR2 in-process restart takes (default: --startup-delay)
  --die-after S          exit(1) abruptly S seconds after the process started
  --crash-line           with --die-after: first write OpenClaw's uncaught-exception lines
                         ("[openclaw] OpenClaw hit an unexpected runtime error." ...), as its CLI entry does
  --crash-reason TEXT    the Reason: text of those lines (default "Error: fake gateway crash")
  --pidfile FILE         write our PID here at start; removed on a clean SIGTERM stop, kept on a crash
  --process-title NAME   set /proc/self/comm (prctl PR_SET_NAME; Linux keeps 15 bytes: "openclaw-gatewa")
  --hostname NAME        hostname written in lines (default "vm", like the fixtures)
  --daemon               detach (fork, setsid, stdio to /dev/null); the parent exits 0 once the child listens,
                         like a service manager's start: lets a restart command start a new gateway and return

HTTP (a request with an Upgrade header other than websocket gets 400 "Invalid Upgrade header", as from OpenClaw):
  GET  /healthz   200 {"ok":true,"status":"live"}; 503 while (re)starting
  GET  /readyz    200 {"ready":true}; 503 {"ready":false} while (re)starting
  GET  /startupz  200 {"status":"started"}; 503 {"status":"starting"} while (re)starting
  GET  /__state   {"pid","state","restarts","primary","port"}
  POST /__emit    one of:
                    {"line": <tslog line as a string or an object>, "restamp": true}   one raw line (time -> now)
                    {"file": "/path/to/fixture.jsonl", "restamp": true}                  every line of a file
                    {"message": "...", "subsystem": "gateway", "level": "WARN"}          a plain subsystem line
                    {"scenario": "rate_limit_storm fakeoa rl-429 retries=3 next=fakeanth/ok"}
                  a text/plain body is read as a scenario command line. Answers {"ok":true,"lines":N}.
                  Scenarios (positional provider model, then key=value options):
                    rate_limit_storm P M [retries=9] [next=P2/M2] [session=S] [profile=sha256:..]
                    overloaded_storm P M [retries=8] [next=P2/M2] [session=S]
                    run_success P M [session=S]
                    profile_cooldown P profile=sha256:.. [reason=rate_limit] [window=cooldown|disabled]
                    crash [reason=TEXT]            (writes the crash lines, then exits 1)
  POST /__crash   same as scenario "crash"
  POST /__health  {"mode": "ok" | "fail" | "hang"}: healthz/readyz/startupz answer normally, 503, or never
"""

import argparse
import ctypes
import ctypes.util
import datetime
import hashlib
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RUNTIME_VERSION = "24.21.0"
LEVELS = {"TRACE": 1, "DEBUG": 2, "INFO": 3, "WARN": 4, "ERROR": 5, "FATAL": 6}
SHUTDOWN_BUDGET = ("shutdown budget at {when}: drain=315000ms shutdown=325000ms reserve=10000ms "
                   "exitMargin=5000ms; source=Gateway stop policy=330000ms")


# ---------------------------------------------------------------- log lines

class TsLog:
    """Writes one tslog JSON object per line, in the key order and shapes of OpenClaw's file log."""

    def __init__(self, path, hostname):
        self.path = path
        self.hostname = hostname
        self.lock = threading.Lock()
        self.fh = open(path, "a", encoding="utf-8") if path else sys.stdout

    @staticmethod
    def _stamps():
        now = datetime.datetime.now().astimezone()
        local = now.isoformat(timespec="milliseconds")
        utc = now.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + \
            "%03dZ" % (now.microsecond // 1000)
        return local, utc

    def write_obj(self, obj):
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        with self.lock:
            self.fh.write(text + "\n")
            self.fh.flush()

    def sub(self, subsystem, level, *args, extra=None):
        """A subsystem logger line: "0" is the bindings as a JSON string, then the arguments."""
        bindings = json.dumps({"subsystem": subsystem}, separators=(",", ":"))
        local, utc = self._stamps()
        obj = {"0": bindings}
        for i, a in enumerate(args, start=1):
            obj[str(i)] = a
        obj["_meta"] = {"runtime": "node", "runtimeVersion": RUNTIME_VERSION, "hostname": self.hostname,
                        "date": utc, "logLevelId": LEVELS[level], "logLevelName": level,
                        "name": bindings, "parentNames": ["openclaw"]}
        obj["time"] = local
        obj["hostname"] = self.hostname
        obj["message"] = flatten_message(args)
        if extra:
            obj.update(extra)
        self.write_obj(obj)

    def console(self, level, text):
        """A console.log/console.error line forwarded to the file log (no subsystem; "0" is the text)."""
        local, utc = self._stamps()
        method = "console.forwardedConsoleCall [as %s]" % ("error" if LEVELS[level] >= 5 else "log")
        obj = {"0": text,
               "_meta": {"runtime": "node", "runtimeVersion": RUNTIME_VERSION, "hostname": self.hostname,
                         "date": utc, "logLevelId": LEVELS[level], "logLevelName": level, "name": "openclaw",
                         "path": {"fileName": "console-DwqfhE-H.mjs", "fileNameWithLine": "console-DwqfhE-H.mjs:184",
                                  "method": method}},
               "time": local, "hostname": self.hostname, "message": text}
        self.write_obj(obj)

    def restamped(self, obj):
        """A fixture line with its time moved to now, so detectors see it as fresh."""
        local, utc = self._stamps()
        obj = dict(obj)
        if "time" in obj:
            obj["time"] = local
        if isinstance(obj.get("_meta"), dict):
            meta = dict(obj["_meta"])
            meta["date"] = utc
            obj["_meta"] = meta
        return obj


def flatten_message(args):
    """tslog's "message": the string arguments, or the objects as JSON when there is no string after them."""
    if len(args) >= 2 and isinstance(args[0], dict) and isinstance(args[1], str):
        return args[1]
    parts = []
    for a in args:
        parts.append(a if isinstance(a, str) else json.dumps(a, ensure_ascii=False, separators=(",", ":")))
    return " ".join(parts)


def trace_ids():
    return {"traceId": secrets.token_hex(16), "spanId": secrets.token_hex(8), "traceFlags": "01"}


# ---------------------------------------------------------------- config (JSON5, the subset we need)

def strip_json5(text):
    """Rewrites the JSON5 we meet in openclaw.json into JSON: drops // and /* */ comments and trailing commas,
    quotes bare keys and turns 'single-quoted' strings into "double-quoted" ones."""
    out, seg = [], []   # seg: the current run of text outside strings, where keys, commas and comments sit
    i, n = 0, len(text)

    def flush_segment():
        part = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)(\s*:)", r'\1"\2"\3', "".join(seg))
        out.append(part)
        seg.clear()

    while i < n:
        c = text[i]
        if c in "\"'":
            flush_segment()
            j, body = i + 1, []
            while j < n and text[j] != c:
                if text[j] == "\\" and j + 1 < n:
                    body.append(text[j:j + 2])
                    j += 2
                else:
                    body.append(text[j])
                    j += 1
            content = "".join(body)
            if c == "'":
                content = content.replace("\\'", "'").replace('"', '\\"')
            out.append('"' + content + ('"' if j < n else ""))
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            seg.append(c)
            i += 1
    flush_segment()
    # trailing commas: a comma followed only by whitespace before } or ] (strings are already closed here)
    return _strip_trailing_commas("".join(out))


def _strip_trailing_commas(s):
    """Removes commas that precede a closing bracket, skipping over string contents."""
    res, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c == '"':
            j = i + 1
            while j < n and s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            res.append(s[i:j + 1])
            i = j + 1
            continue
        if c == ",":
            k = i + 1
            while k < n and s[k] in " \t\r\n":
                k += 1
            if k < n and s[k] in "}]":
                i += 1
                continue
        res.append(c)
        i += 1
    return "".join(res)


def parse_config(text):
    """Returns (config, None) or (None, reason) in the gateway's words."""
    try:
        cfg = json.loads(strip_json5(text))
    except ValueError as e:
        return None, ": JSON5 parse failed: SyntaxError: JSON5: %s" % e
    if not isinstance(cfg, dict):
        return None, ": Expected object, received %s" % type(cfg).__name__
    model = cfg.get("agents", {}).get("defaults", {}).get("model") if isinstance(cfg.get("agents"), dict) else None
    if isinstance(model, dict):
        for key in model:
            if key not in ("primary", "fallbacks"):
                return None, 'agents.defaults.model: Unrecognized key: "%s"' % key
        if "primary" in model and not isinstance(model["primary"], str):
            return None, "agents.defaults.model.primary: Expected string"
        if "fallbacks" in model and not isinstance(model["fallbacks"], list):
            return None, "agents.defaults.model.fallbacks: Expected array"
    bogus = find_bogus_key(cfg)
    if bogus is not None:
        return None, '%s: Unrecognized key: "%s"' % bogus
    return cfg, None


def find_bogus_key(node, path=""):
    """OpenClaw's schema is strict in every section; the fake stands in for that with one rule: a key named
    bogus* is unknown wherever it is. Returns (where, key) or None."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("bogus"):
                return path or "(root)", key
            found = find_bogus_key(value, path + "." + key if path else key)
            if found is not None:
                return found
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found = find_bogus_key(value, "%s[%d]" % (path, i))
            if found is not None:
                return found
    return None


def changed_paths(old, new, prefix=""):
    """Dotted paths that differ; objects are compared key by key, arrays and scalars as a whole."""
    if isinstance(old, dict) and isinstance(new, dict):
        paths = []
        for key in list(old.keys()) + [k for k in new.keys() if k not in old]:
            path = prefix + "." + key if prefix else key
            if key not in old or key not in new:
                paths.append(path)
            else:
                paths.extend(changed_paths(old[key], new[key], path))
        return paths
    return [] if old == new else [prefix or "<root>"]


def primary_of(cfg):
    try:
        m = cfg["agents"]["defaults"]["model"]
        return m["primary"] if isinstance(m, dict) else m
    except (KeyError, TypeError):
        return None


# ---------------------------------------------------------------- the gateway

class FakeGateway:
    def __init__(self, opts):
        self.opts = opts
        self.log = TsLog(opts.log, opts.hostname)
        self.state = "starting"          # starting | started | stopping
        self.health_mode = "ok"          # ok | fail | hang
        self.restarts = 0
        self.started_at = time.monotonic()
        self.port = None
        self.config = None
        self.config_digest = None
        self.pending_signal = None       # set by signal handlers, handled by the main loop
        self.lock = threading.Lock()

    # -- lifecycle

    def boot(self, first):
        self.state = "starting"
        t0 = time.monotonic()
        delay = self.opts.startup_delay if first else self.opts.restart_delay
        gw = "gateway"
        if first:
            self.log.sub(gw, "INFO", "loading configuration…")
            self.log.sub(gw, "INFO", "resolving authentication…")
            self.log.sub(gw, "INFO", "starting...")
            self.log.sub(gw, "INFO", SHUTDOWN_BUDGET.format(when="startup"))
        self.log.sub(gw, "INFO", "spawn broker ready pid=%d" % (os.getpid() + 1))
        self.log.sub(gw, "INFO", "starting HTTP server...")
        self.sleep_interruptible(delay)
        primary = primary_of(self.config) if self.config else None
        if primary:
            self.log.sub(gw, "INFO", "agent model: %s (thinking=off, fast=off)" % primary)
        self.log.sub(gw, "INFO", "http server listening (0 plugins; %.1fs)" % (time.monotonic() - t0))
        if self.opts.log:
            self.log.sub(gw, "INFO", "log file: %s" % self.opts.log)
        self.log.sub(gw, "INFO", "starting channels and sidecars...")
        self.log.sub("gateway/channels", "INFO",
                     "skipping channel start (OPENCLAW_SKIP_CHANNELS=1 or OPENCLAW_SKIP_PROVIDERS=1)")
        self.log.sub("gateway/heartbeat", "INFO", {"intervalMs": 1800000}, "heartbeat: started")
        self.log.sub(gw, "INFO", "gateway ready")
        self.state = "started"

    def sleep_interruptible(self, seconds):
        end = time.monotonic() + max(0.0, seconds)
        while time.monotonic() < end:
            self.check_die()
            time.sleep(min(0.02, max(0.0, end - time.monotonic())))

    def restart_in_process(self, why):
        t0 = time.monotonic()
        self.log.sub("gateway/admission", "INFO", "admission closed: restart (SIGUSR2: %s)" % why)
        self.log.sub("gateway", "INFO", "received SIGUSR2; restarting")
        self.state = "starting"
        self.log.sub("gateway", "INFO", SHUTDOWN_BUDGET.format(when="shutdown"))
        self.log.sub("gmail-watcher", "INFO", "gmail watcher stopped")
        self.log.sub("gateway/shutdown", "INFO",
                     "shutdown completed cleanly in %dms" % int((time.monotonic() - t0) * 1000 + 1))
        self.log.sub("gateway", "INFO",
                     "restart mode: in-process restart (container: use in-process restart to keep PID 1 alive)")
        self.restarts += 1
        self.boot(first=False)

    def stop(self, signame):
        t0 = time.monotonic()
        self.state = "stopping"
        self.log.sub("gateway/admission", "INFO", "admission closed: stop (%s)" % signame)
        self.log.sub("gateway", "INFO", "received %s; shutting down" % signame)
        self.log.sub("gateway", "INFO", SHUTDOWN_BUDGET.format(when="shutdown"))
        self.log.sub("gateway", "INFO", "active-work drain settled; beginning server close")
        self.log.sub("gmail-watcher", "INFO", "gmail watcher stopped")
        self.log.sub("gateway/shutdown", "INFO",
                     "shutdown completed cleanly in %dms" % int((time.monotonic() - t0) * 1000 + 1))
        if self.opts.pidfile:
            try:
                os.remove(self.opts.pidfile)
            except OSError:
                pass
        os._exit(0)

    def crash(self, reason):
        """What OpenClaw's uncaughtException handler prints (console.error, forwarded to the file log), then exit 1."""
        lines = ["[openclaw] OpenClaw hit an unexpected runtime error.",
                 "[openclaw] Reason: %s" % reason,
                 "[openclaw] Debug: set OPENCLAW_DEBUG=1 to include the stack trace.",
                 "[openclaw] Try: openclaw doctor",
                 "[openclaw] Help: openclaw --help"]
        for line in lines:
            self.log.console("ERROR", line)
            print(line, file=sys.stderr, flush=True)
        os._exit(1)

    def check_die(self):
        if self.opts.die_after is not None and time.monotonic() - self.started_at >= self.opts.die_after:
            if self.opts.crash_line:
                self.crash(self.opts.crash_reason)
            os._exit(1)

    # -- config watching

    def read_config_text(self):
        try:
            with open(self.opts.config, "rb") as fh:
                return fh.read()
        except OSError:
            return None

    def load_initial_config(self):
        if not self.opts.config:
            return
        raw = self.read_config_text()
        if raw is None:
            return
        self.config_digest = hashlib.sha256(raw).hexdigest()
        cfg, _ = parse_config(raw.decode("utf-8", "replace"))
        self.config = cfg

    def poll_config(self):
        if not self.opts.config:
            return
        raw = self.read_config_text()
        if raw is None:
            return
        digest = hashlib.sha256(raw).hexdigest()
        if digest == self.config_digest:
            return
        self.config_digest = digest
        cfg, err = parse_config(raw.decode("utf-8", "replace"))
        if err is not None:
            self.log.sub("gateway/reload", "WARN", "config reload skipped (invalid config): %s" % err)
            return
        paths = changed_paths(self.config or {}, cfg)
        self.config = cfg
        if not paths:
            return
        joined = ", ".join(paths)
        self.log.sub("gateway/reload", "INFO", "config change detected; evaluating reload (%s)" % joined)
        restart_paths = [p for p in paths if p == "gateway" or p.startswith("gateway.")]
        if restart_paths:
            rp = ", ".join(restart_paths)
            self.log.sub("gateway/reload", "WARN", "config change requires gateway restart (%s) — preparing" % rp)
            self.restart_in_process("config reload: %s" % rp)
            return
        if self.opts.reload_delay > 0:
            self.sleep_interruptible(self.opts.reload_delay)
        self.log.sub("gateway/reload", "INFO", "config hot reload applied (%s)" % joined)

    # -- main loop: signals are handled here, never inside the handler

    def run(self):
        self.boot(first=True)
        while True:
            sig, self.pending_signal = self.pending_signal, None
            if sig == signal.SIGUSR2:
                self.restart_in_process("gateway.restart")
            elif sig in (signal.SIGTERM, signal.SIGINT):
                self.stop("SIGTERM" if sig == signal.SIGTERM else "SIGINT")
            self.check_die()
            self.poll_config()
            time.sleep(self.opts.config_poll if self.opts.config else 0.05)

    def on_signal(self, signum, _frame):
        self.pending_signal = signum

    # -- scenarios

    def emit_scenario(self, command):
        words = command.split()
        if not words:
            raise ValueError("empty scenario")
        name, pos, kv = words[0], [], {}
        for w in words[1:]:
            if "=" in w:
                k, v = w.split("=", 1)
                kv[k] = v
            else:
                pos.append(w)
        if name == "crash":
            self.crash(kv.get("reason", self.opts.crash_reason))
        if name in ("rate_limit_storm", "overloaded_storm"):
            need(pos, 2, name)
            return self.storm(pos[0], pos[1], name == "rate_limit_storm", kv)
        if name == "run_success":
            need(pos, 2, name)
            return self.run_success(pos[0], pos[1], kv)
        if name == "profile_cooldown":
            need(pos, 1, name)
            if "profile" not in kv:
                raise ValueError("profile_cooldown needs profile=...")
            self.profile_state(str(uuid.uuid4()), pos[0], kv["profile"], kv.get("reason", "rate_limit"),
                               kv.get("window", "cooldown"), trace_ids())
            return 1
        raise ValueError("unknown scenario: %s" % name)

    def storm(self, provider, model, rate_limit, kv):
        run_id = str(uuid.uuid4())
        session = kv.get("session", "fake-" + run_id[:8])
        retries = int(kv.get("retries", "9" if rate_limit else "8"))
        status = 429 if rate_limit else 529
        reason = "rate_limit" if rate_limit else "overloaded"
        if rate_limit:
            error = ("⚠️ Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. "
                     "Please try again in 1s.; Retry-After: 1 seconds")
            raw = "429 " + error[3:]
        else:
            error = "The AI service is temporarily overloaded. Please try again in a moment."
            raw = '529: {"error":{"message":"Overloaded","type":"overloaded_error"},"type":"error"}'
        api = "openai-completions" if rate_limit else "anthropic-messages"
        tr = trace_ids()
        lines = 0
        self.log.sub("gateway/ws", "INFO", "⇄ res ✓ agent 120ms runId=%s conn=fake id=2:fake" % run_id, extra=tr)
        lines += 1
        for n in range(1, retries + 2):
            self.log.sub("provider-transport-fetch", "INFO",
                         "[model-fetch] response provider=%s api=%s model=%s status=%d elapsedMs=30 "
                         "dispatcher=reused contentType=application/json" % (provider, api, model, status), extra=tr)
            self.log.sub("agent/embedded", "WARN",
                         {"event": "embedded_run_agent_end",
                          "tags": ["error_handling", "lifecycle", "agent_end", "assistant_error"],
                          "runId": run_id, "isError": True, "error": error, "failoverReason": reason,
                          "model": model, "provider": provider, "rawErrorPreview": raw,
                          "rawErrorHash": "sha256:" + hashlib.sha256(raw.encode()).hexdigest()[:12],
                          "providerRuntimeFailureKind": reason if rate_limit else "timeout"},
                         "embedded run agent end", extra=tr)
            lines += 2
            if n <= retries:
                self.log.sub("agent/embedded", "WARN",
                             "transient same-model retry %d/%d for %s/%s reason=%s: delayMs=%d"
                             % (n, retries, provider, model, reason, 1000 * n), extra=tr)
                lines += 1
        self.log.sub("agent/embedded", "WARN",
                     {"event": "embedded_run_failover_decision",
                      "tags": ["error_handling", "failover", "assistant", "fallback_model"],
                      "runId": run_id, "stage": "assistant", "decision": "fallback_model",
                      "failoverReason": reason, "profileFailureReason": reason, "provider": provider,
                      "model": model, "sourceProvider": provider, "sourceModel": model,
                      "fallbackConfigured": "next" in kv, "timedOut": False, "aborted": False, "status": status,
                      "retryCount": retries, "profileRotationCount": 0, "attemptCount": 1,
                      "rawErrorPreview": raw, "providerRuntimeFailureKind": reason if rate_limit else "timeout"},
                     "embedded run failover decision", extra=tr)
        lines += 1
        if "profile" in kv:
            self.profile_state(run_id, provider, kv["profile"], reason, "cooldown", tr)
            lines += 1
        decision = {"event": "model_fallback_decision",
                    "tags": ["error_handling", "model_fallback", "candidate_failed"],
                    "runId": run_id, "sessionId": session, "decision": "candidate_failed",
                    "requestedProvider": provider, "requestedModel": model,
                    "candidateProvider": provider, "candidateModel": model,
                    "candidateRouteOrigin": "requested", "candidateRouteResolution": "resolved",
                    "attempt": 1, "total": 2 if "next" in kv else 1, "reason": reason, "status": status,
                    "errorPreview": raw, "fallbackStepType": "fallback_step",
                    "fallbackStepFromModel": "%s/%s" % (provider, model)}
        if "next" in kv:
            np_, nm = kv["next"].split("/", 1)
            decision.update({"fallbackStepToModel": kv["next"], "fallbackStepFromFailureReason": reason,
                             "fallbackStepFromFailureDetail": raw, "fallbackStepChainPosition": 1,
                             "fallbackStepFinalOutcome": "next_fallback", "nextCandidateProvider": np_,
                             "nextCandidateModel": nm, "nextCandidateRouteOrigin": "configured-fallback",
                             "nextCandidateRouteResolution": "resolved"})
        else:
            decision.update({"fallbackStepFromFailureReason": reason, "fallbackStepFromFailureDetail": raw,
                             "fallbackStepChainPosition": 1, "fallbackStepFinalOutcome": "chain_exhausted"})
        decision.update({"isPrimary": True, "requestedModelMatched": True, "fallbackConfigured": "next" in kv})
        extra = dict(tr)
        extra = {"session_id": session, **extra}
        self.log.sub("model-fallback/decision", "WARN", decision, "model fallback decision", extra=extra)
        lines += 1
        if "next" not in kv:
            self.log.sub("gateway/ws", "INFO",
                         "⇄ res ✗ agent errorCode=UNAVAILABLE errorMessage=All models failed (1): %s/%s: %s (%s)"
                         % (provider, model, error, reason), extra=tr)
            lines += 1
        return lines

    def run_success(self, provider, model, kv):
        run_id = str(uuid.uuid4())
        tr = trace_ids()
        self.log.sub("gateway/ws", "INFO", "⇄ res ✓ agent 95ms runId=%s conn=fake id=2:fake" % run_id, extra=tr)
        self.log.sub("provider-transport-fetch", "INFO",
                     "[model-fetch] response provider=%s api=openai-completions model=%s status=200 elapsedMs=25 "
                     "dispatcher=reused contentType=text/event-stream" % (provider, model), extra=tr)
        self.log.sub("agents/agent-command", "INFO", "[agent] run %s ended with stopReason=stop" % run_id, extra=tr)
        return 3

    def profile_state(self, run_id, provider, profile, reason, window, tr):
        until_key = "disabledUntil" if window == "disabled" else "cooldownUntil"
        payload = {"event": "auth_profile_failure_state_updated",
                   "tags": ["error_handling", "auth_profiles", window],
                   "runId": run_id, "profileId": profile, "provider": provider, "reason": reason,
                   "windowType": window, "windowReused": False, "errorCount": 1,
                   until_key: int(time.time() * 1000) + (600000 if window == "disabled" else 30000)}
        if window == "disabled":
            payload["disabledReason"] = reason
        payload["failureCounts"] = {reason: 1}
        self.log.sub("agent/embedded", "WARN", payload, "auth profile failure state updated", extra=tr)


def need(pos, n, name):
    if len(pos) < n:
        raise ValueError("%s needs provider and model" % name)


# ---------------------------------------------------------------- HTTP

def make_handler(gw):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes; do not let them wait for an ACK

        def log_message(self, *_args):  # keep stderr quiet; the file log is the gateway's voice
            pass

        def reply(self, code, body):
            data = json.dumps(body, separators=(",", ":")).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def probe(self, ok_body, bad_body):
            if gw.health_mode == "hang":
                time.sleep(3600)
            if gw.health_mode == "fail" or gw.state != "started":
                self.reply(503, bad_body)
            else:
                self.reply(200, ok_body)

        def refused_upgrade(self):
            # like OpenClaw 2026.9.6, whose HTTP server also takes WebSocket upgrades: any other Upgrade header (the JDK
            # HttpClient's default "Upgrade: h2c") gets 400 "Invalid Upgrade header"
            upgrade = self.headers.get("Upgrade")
            if upgrade is None or upgrade.strip().lower() == "websocket":
                return False
            data = b"Invalid Upgrade header"
            self.send_response(400)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
            self.close_connection = True
            return True

        def do_GET(self):
            if self.refused_upgrade():
                return
            path = self.path.split("?", 1)[0]
            if path == "/healthz":
                self.probe({"ok": True, "status": "live"}, {"ok": False, "status": gw.state})
            elif path == "/readyz":
                self.probe({"ready": True}, {"ready": False})
            elif path == "/startupz":
                self.probe({"status": "started"}, {"status": "starting"})
            elif path == "/__state":
                self.reply(200, {"pid": os.getpid(), "state": gw.state, "restarts": gw.restarts,
                                 "primary": primary_of(gw.config) if gw.config else None, "port": gw.port})
            else:
                self.reply(404, {"error": "not found"})

        def read_body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n).decode("utf-8") if n else ""

        def do_POST(self):
            if self.refused_upgrade():
                return
            path = self.path.split("?", 1)[0]
            try:
                body = self.read_body()
                if path == "/__crash":
                    gw.crash(gw.opts.crash_reason)
                if path == "/__health":
                    mode = json.loads(body or "{}").get("mode", "ok")
                    if mode not in ("ok", "fail", "hang"):
                        raise ValueError("mode must be ok, fail or hang")
                    gw.health_mode = mode
                    self.reply(200, {"ok": True, "mode": mode})
                    return
                if path != "/__emit":
                    self.reply(404, {"error": "not found"})
                    return
                self.reply(200, {"ok": True, "lines": emit(gw, body, self.headers.get("Content-Type", ""))})
            except (ValueError, KeyError, OSError) as e:
                self.reply(400, {"ok": False, "error": str(e)})

    return Handler


def emit(gw, body, content_type):
    if "json" not in content_type and not body.lstrip().startswith("{"):
        return gw.emit_scenario(body)
    req = json.loads(body)
    restamp = req.get("restamp", True)
    if "scenario" in req:
        args = req.get("args") or []
        return gw.emit_scenario(" ".join([req["scenario"]] + [str(a) for a in args]))
    if "line" in req:
        obj = req["line"] if isinstance(req["line"], dict) else json.loads(req["line"])
        gw.log.write_obj(gw.log.restamped(obj) if restamp else obj)
        return 1
    if "file" in req:
        n = 0
        with open(req["file"], encoding="utf-8") as fh:
            for raw in fh:
                raw = raw.strip()
                if raw:
                    obj = json.loads(raw)
                    gw.log.write_obj(gw.log.restamped(obj) if restamp else obj)
                    n += 1
        return n
    if "message" in req:
        gw.log.sub(req.get("subsystem", "gateway"), req.get("level", "INFO").upper(), req["message"])
        return 1
    raise ValueError("body needs one of: line, file, scenario, message")


# ---------------------------------------------------------------- main

def set_process_title(name):
    """prctl(PR_SET_NAME) renames /proc/self/comm (what ps -o comm and pgrep show; 15 bytes kept)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(15, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def write_atomically(path, text):
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def daemonize(opts):
    """Fork; the parent waits (up to 10 s) for the child to listen, then exits 0 (1 if it never did)."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid > 0:
        os.close(ready_w)
        import select
        ok = select.select([ready_r], [], [], 10.0)[0] and os.read(ready_r, 1) == b"1"
        os._exit(0 if ok else 1)
    os.close(ready_r)
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    opts.ready_fd = ready_w


def main():
    p = argparse.ArgumentParser(description="fake OpenClaw gateway for tests")
    p.add_argument("--log")
    p.add_argument("--port", type=int, default=18789)
    p.add_argument("--port-file")
    p.add_argument("--config")
    p.add_argument("--config-poll", type=float, default=0.1)
    p.add_argument("--reload-delay", type=float, default=0.0)
    p.add_argument("--startup-delay", type=float, default=0.2)
    p.add_argument("--restart-delay", type=float)
    p.add_argument("--die-after", type=float)
    p.add_argument("--crash-line", action="store_true")
    p.add_argument("--crash-reason", default="Error: fake gateway crash")
    p.add_argument("--pidfile")
    p.add_argument("--process-title")
    p.add_argument("--hostname", default="vm")
    p.add_argument("--daemon", action="store_true")
    opts = p.parse_args()
    if opts.restart_delay is None:
        opts.restart_delay = opts.startup_delay

    if opts.daemon:
        daemonize(opts)
    if opts.process_title:
        set_process_title(opts.process_title)
    if opts.pidfile:
        write_atomically(opts.pidfile, "%d\n" % os.getpid())

    gw = FakeGateway(opts)
    gw.load_initial_config()
    server = ThreadingHTTPServer(("127.0.0.1", opts.port), make_handler(gw))
    server.daemon_threads = True
    gw.port = server.server_address[1]
    if opts.port_file:
        write_atomically(opts.port_file, "%d\n" % gw.port)
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    if getattr(opts, "ready_fd", None) is not None:
        os.write(opts.ready_fd, b"1")
        os.close(opts.ready_fd)

    for s in (signal.SIGUSR2, signal.SIGTERM, signal.SIGINT):
        signal.signal(s, gw.on_signal)
    try:
        gw.run()
    except KeyboardInterrupt:
        gw.stop("SIGINT")


if __name__ == "__main__":
    main()
