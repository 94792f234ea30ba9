# Shared by bench/smtp.sh and bench/pop3.sh (source it): build ActorMail Release, start and stop one node on
# high loopback ports beside the reference servers, count a user's INBOX, wrap measurements in quiet_run.py.
#   ACTORMAIL_SHARED  folder holding bench/ with the reference scripts (default: ../shared beside the repo)
#   BUILD_ROOT        source tree to build ActorMail and the bench tool from (default: this repo)
#   QUIET_WAIT        seconds quiet_run.py may wait for a quiet machine before each measurement (default 30; 0 = no wait)
#   SKIP_BUILD=1      use the binaries already built
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BENCH_LIB="$root/bench"   # benchlib.py, for the report steps
shared="${ACTORMAIL_SHARED:-$root/../shared}"
refdir="$shared/bench"
build_root="${BUILD_ROOT:-$root}"
AM_BIN="$build_root/src/ActorMail.Host/bin/Release/net10.0/actormail"
BENCH_DLL="$build_root/bench/ActorMail.Bench/bin/Release/net10.0/ActorMail.Bench.dll"
REF_BASE="${BENCH_REF_DIR:-/tmp/bench-ref}"
QUIET_WAIT="${QUIET_WAIT:-30}"
AM_SMTP_PORT=12525
AM_POP3_PORT=12110
AM_PID=""
AM_DIR=""

export ACTORMAIL__SMTP__PORT=$AM_SMTP_PORT ACTORMAIL__SMTP__SUBMISSION_PORT=-1 ACTORMAIL__SMTP__SSL_PORT=-1 \
  ACTORMAIL__POP3__PORT=$AM_POP3_PORT ACTORMAIL__POP3__SSL_PORT=-1 ACTORMAIL__IMAP__PORT=-1 ACTORMAIL__IMAP__SSL_PORT=-1 \
  ACTORMAIL__DOMAINS__PRIMARY=bench.test ACTORMAIL__LISTEN_ADDRESS=127.0.0.1 \
  ACTORMAIL__SMTP__MAX_CONNECTIONS_PER_IP=1000 ACTORMAIL__POP3__MAX_CONNECTIONS_PER_IP=1000 ACTORMAIL__AUTH__PLAINTEXT=always

log() { echo "== $*" >&2; }

# dotnet build, retried a few times when another build holds a file.
build_one() {
  local i
  for i in 1 2 3; do
    dotnet build "$1" -c Release -nologo -v q >"$work/build.log" 2>&1 && return 0
    grep -q -E 'being used by another process|file is locked|cannot access the file' "$work/build.log" || break
    sleep 5
  done
  tail -20 "$work/build.log" >&2
  return 1
}

am_build() {
  [ "${SKIP_BUILD:-0}" = 1 ] && return 0
  log "build Release: $build_root/src/ActorMail.Host and bench/ActorMail.Bench"
  build_one "$build_root/src/ActorMail.Host"
  build_one "$build_root/bench/ActorMail.Bench"
}

# True once something accepts connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# am_start DIR: fresh data folder, users u1..u100@bench.test / pass, node running with SMTP and POP3 up.
am_start() {
  AM_DIR="$1"
  local p
  for p in $AM_SMTP_PORT $AM_POP3_PORT; do
    if port_open $p; then echo "port $p already in use: stop whatever listens there first" >&2; return 1; fi
  done
  mkdir -p "$AM_DIR"
  for i in $(seq 1 100); do printf 'u%d@bench.test\tpass\n' "$i"; done > "$AM_DIR/users.tsv"
  "$AM_BIN" --data "$AM_DIR" user import "$AM_DIR/users.tsv" >"$AM_DIR/import.log" 2>&1 || { cat "$AM_DIR/import.log" >&2; return 1; }
  setsid "$AM_BIN" --data "$AM_DIR" run </dev/null >"$AM_DIR/node.out" 2>&1 &
  AM_PID=$!
  local _
  for _ in $(seq 1 600); do
    if ! kill -0 "$AM_PID" 2>/dev/null; then echo "actormail exited at start:" >&2; tail -20 "$AM_DIR/node.out" >&2; AM_PID=""; return 1; fi
    port_open $AM_SMTP_PORT && port_open $AM_POP3_PORT && break
    sleep 0.1
  done
  port_open $AM_SMTP_PORT && port_open $AM_POP3_PORT || { echo "actormail did not open its ports in 60 s" >&2; return 1; }
  am_count u1@bench.test >/dev/null || { echo "admin socket does not answer" >&2; return 1; }
  log "actormail running: pid $AM_PID, data $AM_DIR, SMTP $AM_SMTP_PORT, POP3 $AM_POP3_PORT"
}

# Stops the node this script started (SIGTERM, then SIGKILL after 30 s).
am_stop() {
  [ -n "$AM_PID" ] || return 0
  kill -TERM "$AM_PID" 2>/dev/null || true
  local _
  for _ in $(seq 1 300); do kill -0 "$AM_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$AM_PID" 2>/dev/null; then echo "actormail did not stop in 30 s: SIGKILL" >&2; kill -KILL "$AM_PID" 2>/dev/null || true; fi
  wait "$AM_PID" 2>/dev/null || true
  AM_PID=""
}

# INBOX message count of one user, through the running node's admin socket.
am_count() {
  "$AM_BIN" --data "$AM_DIR" user show "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["inbox"]["messages"])'
}

# Warnings and errors the node logged (its console output), for the report.
am_problems() {
  [ -n "$AM_DIR" ] && [ -e "$AM_DIR/node.out" ] || return 0
  grep -E '^\[(WRN|ERR|FTL)\]|Exception' "$AM_DIR/node.out" | cut -c1-200 | sort | uniq -c | sort -rn | head -15 || true
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Reference servers with empty mailboxes (the users' maildirs are removed while the servers are down).
ref_up_fresh() {
  as_root bash "$refdir/reference-down.sh" >/dev/null 2>&1 || true
  case "$REF_BASE" in /tmp/*) as_root rm -rf "$REF_BASE"/mail/u[0-9]* ;; esac
  as_root bash "$refdir/reference-up.sh" >&2
}
ref_down() { as_root bash "$refdir/reference-down.sh" >&2 || true; }

# measure NAME CMD...: run CMD under quiet_run.py, stdout to $work/NAME.json, stderr to $work/NAME.err.
measure() {
  local name="$1"; shift
  log "$name: $*"
  local rc=0
  local excl=()
  [ -n "$AM_PID" ] && excl=(--exclude-pid "$AM_PID")
  python3 "$refdir/quiet_run.py" "${excl[@]}" --max-wait "$QUIET_WAIT" --timeout 900 -- "$@" >"$work/$name.json" 2>"$work/$name.err" || rc=$?
  grep -h 'quiet_run:' "$work/$name.err" >&2 || true
  if [ $rc -ne 0 ]; then echo "$name exited $rc:" >&2; grep -v 'quiet_run:' "$work/$name.err" | tail -5 >&2; fi
  cat "$work/$name.json" >&2
  return 0
}

# IMAP for bench/imap.sh (smtp.sh and pop3.sh leave it off): call before am_start to open IMAP on $AM_IMAP_PORT
# with a per-IP limit high enough for the idle-connection probe.
AM_IMAP_PORT=12143
am_enable_imap() {
  export ACTORMAIL__IMAP__PORT=$AM_IMAP_PORT ACTORMAIL__IMAP__SSL_PORT=-1 \
    ACTORMAIL__IMAP__MAX_CONNECTIONS_PER_IP="${1:-12000}"
}

# wait_port PORT SECS: true once 127.0.0.1:PORT accepts connections, false after SECS seconds.
wait_port() {
  local _
  for _ in $(seq 1 $(( $2 * 10 ))); do port_open "$1" && return 0; sleep 0.1; done
  port_open "$1"
}

# am_restart: stops the node am_start started and runs it again on the same data folder: a fresh process with
# the same users and mail (bench/imap.sh measures each idle-connection count from one). Waits for its listeners.
am_restart() {
  [ -n "$AM_DIR" ] || { echo "am_restart: no node was started" >&2; return 1; }
  am_stop
  setsid "$AM_BIN" --data "$AM_DIR" run </dev/null >>"$AM_DIR/node.out" 2>&1 &
  AM_PID=$!
  local p _
  for p in $AM_SMTP_PORT $AM_POP3_PORT ${ACTORMAIL__IMAP__PORT:-}; do
    [ "$p" = -1 ] && continue
    for _ in $(seq 1 600); do
      if ! kill -0 "$AM_PID" 2>/dev/null; then echo "actormail exited at restart:" >&2; tail -20 "$AM_DIR/node.out" >&2; AM_PID=""; return 1; fi
      port_open "$p" && break
      sleep 0.1
    done
    port_open "$p" || { echo "actormail did not open port $p in 60 s after a restart" >&2; return 1; }
  done
  log "actormail restarted: pid $AM_PID"
}
