#!/usr/bin/env bash
# The restart command gatewarden runs in the end-to-end test (restart.strategy: command):
# starts `openclaw gateway run --port PORT --bind loopback` detached from gatewarden, its console appended to
# CONSOLE_LOG, its PID written to PID_FILE, and returns at once (gatewarden then waits for /startupz itself).
#   gateway-start.sh PORT CONSOLE_LOG PID_FILE
set -euo pipefail
port="$1" console="$2" pidfile="$3"
setsid openclaw gateway run --port "$port" --bind loopback >>"$console" 2>&1 </dev/null &
echo $! >"$pidfile"
echo "started openclaw gateway run --port $port (pid $!)"
