#!/usr/bin/env python3
"""Builds a large OpenClaw gateway log from the real fixture lines, for ingest benchmarks.

Each block is one fixture scenario (a 429 storm, a quota disable, a cooldown skip, chain exhaustion, context
overflow, ...) with fresh run ids, sessions spread over --sessions names, agents, and timestamps that move forward,
so detectors see realistic variety rather than one repeated run.

usage: gen_openclaw_log.py OUT_FILE [--size-mb 1024] [--sessions 5000] [--fixtures DIR]
"""
import argparse
import datetime as dt
import os
import random
import re
import sys

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SESSION = re.compile(r"lab-s\d+")
TIME = re.compile(r'"time":"[^"]+"')
DATE = re.compile(r'"date":"[^"]+"')


def load_blocks(fixtures):
    logs = os.path.join(fixtures, "openclaw", "logs")
    blocks = []
    for name in sorted(os.listdir(logs)):
        if name.endswith(".info.jsonl"):
            with open(os.path.join(logs, name), encoding="utf-8") as f:
                lines = [l.rstrip("\n") for l in f if l.strip()]
            blocks.append((name, lines))
    if not blocks:
        sys.exit("no fixture logs under " + logs)
    return blocks


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--sessions", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--fixtures", default=os.path.join(here, "..", "src", "test", "resources", "fixtures"))
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    blocks = load_blocks(a.fixtures)
    target = a.size_mb * 1024 * 1024
    t = dt.datetime(2026, 11, 23, 0, 0, 0, tzinfo=dt.timezone.utc)
    written = 0
    with open(a.out, "w", encoding="utf-8", newline="\n") as out:
        while written < target:
            name, lines = blocks[rnd.randrange(len(blocks))]
            ids = {}
            session = "sess-%d" % rnd.randrange(a.sessions)

            def new_id(m):
                return ids.setdefault(m.group(0), "%08x-%04x-4%03x-8%03x-%012x" % (
                    rnd.getrandbits(32), rnd.getrandbits(16), rnd.getrandbits(12), rnd.getrandbits(12), rnd.getrandbits(48)))

            buf = []
            for line in lines:
                t += dt.timedelta(milliseconds=rnd.randrange(5, 400))
                iso = t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (t.microsecond // 1000)
                line = UUID.sub(new_id, line)
                line = SESSION.sub(session, line)
                line = TIME.sub('"time":"' + iso + '+00:00"', line)
                line = DATE.sub('"date":"' + iso + 'Z"', line)
                buf.append(line)
            chunk = "\n".join(buf) + "\n"
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            t += dt.timedelta(seconds=rnd.randrange(1, 30))
    print("%s: %.1f MB" % (a.out, written / 1e6))


if __name__ == "__main__":
    main()
