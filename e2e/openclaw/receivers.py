#!/usr/bin/env python3
"""Local stand-ins for the alert receivers of the end-to-end test (Python 3 standard library only).

* Slack stub: the Web API methods slack-api-client calls (chat.postMessage, chat.update, auth.test) under /api/.
  Every request is answered like Slack does ({"ok": true, "channel", "ts"}) and recorded.
* Webhook receiver: any POST is answered 200 and recorded.

Each request is one JSON line in the record file: {"time", "receiver", "method", "path", "headers", "form"|"json"|"body",
"ts"}. Both servers listen on 127.0.0.1 only.

    receivers.py --slack-port P --webhook-port Q --record FILE
"""
import argparse
import itertools
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_lock = threading.Lock()
_ts = itertools.count(1)


def record(path, entry):
    with _lock:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def handler(receiver, record_file):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet: the record file is the log
            pass

        def _reply(self, status, obj):
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self._reply(200, {"ok": True, "receiver": receiver})

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n).decode("utf-8", "replace")
            ctype = (self.headers.get("Content-Type") or "").lower()
            entry = {"time": time.time(), "receiver": receiver, "path": self.path,
                     "headers": {k.lower(): v for k, v in self.headers.items()
                                 if k.lower() in ("content-type", "idempotency-key", "user-agent", "x-gatewarden-signature")}}
            if "application/x-www-form-urlencoded" in ctype:
                entry["form"] = {k: v[0] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True).items()}
            elif "json" in ctype:
                try:
                    entry["json"] = json.loads(raw)
                except ValueError:
                    entry["body"] = raw
            else:
                entry["body"] = raw
            reply = {"ok": True}
            if receiver == "slack":
                method = self.path.rstrip("/").rsplit("/", 1)[-1]
                entry["method"] = method
                fields = entry.get("form") or entry.get("json") or {}
                if method == "chat.postMessage":
                    reply = {"ok": True, "channel": "C0E2E", "ts": "1700000000.%06d" % next(_ts)}
                elif method == "chat.update":
                    reply = {"ok": True, "channel": "C0E2E", "ts": fields.get("ts")}
                elif method == "auth.test":
                    reply = {"ok": True, "team": "e2e", "user": "gatewarden", "bot_id": "B0E2E"}
                else:
                    reply = {"ok": True}
                entry["ts"] = reply.get("ts")
            record(record_file, entry)
            self._reply(200, reply)

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--slack-port", type=int, required=True)
    ap.add_argument("--webhook-port", type=int, required=True)
    ap.add_argument("--record", required=True)
    a = ap.parse_args()
    servers = [ThreadingHTTPServer(("127.0.0.1", a.slack_port), handler("slack", a.record)),
               ThreadingHTTPServer(("127.0.0.1", a.webhook_port), handler("webhook", a.record))]
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print(f"receivers: slack on {a.slack_port}, webhook on {a.webhook_port}, recording to {a.record}", flush=True)
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
