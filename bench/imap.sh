#!/usr/bin/env bash
# IMAP benchmark of ActorMail beside Dovecot (issue "IMAP4 server", section Benchmark), in one run:
#   (a) mixed load: for each size in SIZES (messages per mailbox), 100 mailboxes u1..u100@bench.test are emptied and
#       seeded with the same messages of gen_mbox.py (seed_imap.py, IMAP APPEND) in Dovecot :10143 and ActorMail :12143,
#       then imap_load.py (CLIENTS clients, SECS s) against each: commands/s side by side, ratio, unexpected NO/BAD
#   (b) idle connections: idle_mem_probe.py (LOGIN, SELECT INBOX, IDLE) at IDLE_BOTH connections against both servers
#       (Dovecot: all its processes; ActorMail: the node's pid), memory per connection side by side; then ActorMail
#       alone at each count in IDLE_ALONE that the open-file hard limit allows. Before each measurement every user
#       logs in once (first-login costs are per user, not per connection). Both servers hold the same mailboxes
#       (those of the last SIZES step, or IDLE_SEED messages each when the load part is skipped); each ActorMail count
#       is measured on a freshly started node process on the same data, so that heap grown by an earlier step does
#       not hide the cost of the connections.
# Usage (root, or sudo for the reference): bash bench/imap.sh
#   PARTS="load idle"  which parts to run (PARTS=idle: idle connections only, about 5 minutes)
#   SIZES="20 200" MAILBOXES=100 CLIENTS=20 SECS=20 IDLE_BOTH=5000 IDLE_ALONE="10000" IDLE_SEED=20
#   QUIET_WAIT=30 KEEP=1 (keep the work folder) BUILD_ROOT=... SKIP_BUILD=1
#   IDLE_USERS=N   spread the idle connections over users u1..uN (default MAILBOXES)
#   REF_RUNNING=1  use the reference another job already has up: it is neither restarted nor stopped nor seeded
#                  (needs PARTS=idle and IDLE_SEED=0: both servers' mailboxes u1..uN are then taken as they are,
#                  empty on the ActorMail side, so pick IDLE_USERS whose Dovecot mailboxes are empty too)
#   BENCH_SMTP_PORT=P BENCH_POP3_PORT=P  other ports for the node's SMTP and POP3 listeners when another benchmark
#                  holds 12525/12110
#   WAIT_FOR=FILE  before the first measurement, wait (poll 10 s, at most WAIT_MAX s, default 1500) until FILE has a
#                  line starting with "rc=" (another long job finishing), so it does not disturb the figures
# Dovecot's reference set-up allows 6,000 IMAP processes: IDLE_BOTH above 5,500 is refused. The reference (Postfix,
# Dovecot) is restarted with empty mailboxes at the start and stopped at the end, as is the ActorMail node.
# Loopback only; every step is bounded (seeding: timeout 1500 s; measurements: quiet_run.py --timeout 900).
set -euo pipefail
source "$(dirname "$0")/common.sh"
SIZES="${SIZES:-20 200}"; MAILBOXES="${MAILBOXES:-100}"; CLIENTS="${CLIENTS:-20}"; SECS="${SECS:-20}"
IDLE_BOTH="${IDLE_BOTH:-5000}"; IDLE_ALONE="${IDLE_ALONE:-10000}"; IDLE_SEED="${IDLE_SEED:-20}"
PARTS="${PARTS:-load idle}"; IDLE_USERS="${IDLE_USERS:-$MAILBOXES}"; REF_RUNNING="${REF_RUNNING:-0}"
AM_SMTP_PORT="${BENCH_SMTP_PORT:-$AM_SMTP_PORT}"; AM_POP3_PORT="${BENCH_POP3_PORT:-$AM_POP3_PORT}"
export ACTORMAIL__SMTP__PORT=$AM_SMTP_PORT ACTORMAIL__POP3__PORT=$AM_POP3_PORT
# The IMAP processes of Dovecot (its POP3 and LMTP processes, busy or not with another job, are no part of the cost).
DOVECOT_IMAP_PROCS='^(dovecot|imap|imap-login|anvil|auth|config|log|stats)$'
has_part() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
[ "$IDLE_BOTH" -le 5500 ] || { echo "IDLE_BOTH=$IDLE_BOTH: Dovecot's reference set-up allows 6,000 IMAP processes; compare at most 5,500" >&2; exit 2; }
WAIT_FOR="${WAIT_FOR:-}"; WAIT_MAX="${WAIT_MAX:-1500}"
USER_FMT='u%d@bench.test'
work="$(mktemp -d "${TMPDIR:-/tmp}/actormail-imapbench.XXXXXX")"
cleanup() {
  am_stop
  [ "$REF_RUNNING" = 1 ] || ref_down
  if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Each idle connection costs one descriptor in the probe and one in the server: raise the soft limit to the hard one
# (the node inherits it from this shell).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fd_limit="$(ulimit -n)"

waited_for_quiet=0
wait_for_other_job() {
  [ -n "$WAIT_FOR" ] && [ $waited_for_quiet = 0 ] || return 0
  waited_for_quiet=1
  log "waiting for a line starting with rc= in $WAIT_FOR (at most $WAIT_MAX s)"
  local t=0
  while ! grep -q '^rc=' "$WAIT_FOR" 2>/dev/null; do
    if [ $t -ge "$WAIT_MAX" ]; then log "gave up waiting after $t s: measuring anyway"; return 0; fi
    sleep 10; t=$((t + 10))
  done
  log "$WAIT_FOR: $(grep '^rc=' "$WAIT_FOR" | head -1) after $t s"
}

seed() { # seed NAME PORT PER_USER
  log "seed $1: $MAILBOXES mailboxes x $3 messages over IMAP APPEND (emptied first)"
  timeout 1500 python3 "$refdir/seed_imap.py" --port "$2" --user "$USER_FMT" --users "$MAILBOXES" --per-user "$3" \
    --mbox "$work/bench.mbox" --empty-first --parallel 4 --max-secs 1200 2>&1 | tail -3 >&2
}

# warm_logins PORT: each idle user logs in (and selects INBOX) once, one after the other, before a server's idle
# measurement: the password check of a first login (ActorMail: Argon2id, 19 MiB each, then cached for an hour) and the
# mailbox entities' start are costs per user, not per connection, and stay out of the per-connection figure.
warm_logins() {
  timeout 300 python3 - "$1" "$USER_FMT" "$IDLE_USERS" <<'PY'
import imaplib, sys
port, fmt, users = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for i in range(1, users + 1):
    c = imaplib.IMAP4("127.0.0.1", port, timeout=30)
    c.login(fmt % i, "pass")
    c.select("INBOX")
    c.logout()
PY
}

am_build
has_part load || SIZES=""
max_size=$IDLE_SEED; for n in $SIZES; do [ "$n" -gt $max_size ] && max_size=$n; done
[ "$max_size" -gt 0 ] && python3 "$refdir/gen_mbox.py" --count "$max_size" --out "$work/bench.mbox" >&2
if [ "$REF_RUNNING" = 1 ]; then
  [ "$PARTS" = idle ] && [ "$IDLE_SEED" = 0 ] || { echo "REF_RUNNING=1 needs PARTS=idle IDLE_SEED=0" >&2; exit 2; }
  port_open 10143 || { echo "REF_RUNNING=1: no reference listening on 10143" >&2; exit 1; }
  log "using the reference already running (not restarted, seeded or stopped)"
else
  ref_up_fresh
fi
port_open $AM_IMAP_PORT && { echo "port $AM_IMAP_PORT already in use: stop whatever listens there first" >&2; exit 1; }
am_enable_imap 12000
am_start "$work/am"
wait_port $AM_IMAP_PORT 60 || { echo "actormail did not open IMAP port $AM_IMAP_PORT" >&2; exit 1; }
log "actormail IMAP on $AM_IMAP_PORT; open-file limit $fd_limit"

for n in $SIZES; do
  seed "Dovecot" 10143 "$n"
  seed "ActorMail" $AM_IMAP_PORT "$n"
  wait_for_other_job
  load=(--user "$USER_FMT" --users "$MAILBOXES" --clients "$CLIENTS" --secs "$SECS")
  measure "ref_load_$n" python3 "$refdir/imap_load.py" --port 10143 "${load[@]}"
  measure "am_load_$n" python3 "$refdir/imap_load.py" --port $AM_IMAP_PORT "${load[@]}"
done

both_done=""; alone_done=""
if has_part idle; then
  if [ -z "$SIZES" ] && [ "$IDLE_SEED" -gt 0 ]; then
    seed "Dovecot" 10143 "$IDLE_SEED"
    seed "ActorMail" $AM_IMAP_PORT "$IDLE_SEED"
  fi
  wait_for_other_job
  idle=(--user "$USER_FMT" --users "$IDLE_USERS")
  # the probe and the server each hold one descriptor per connection, plus their own files
  if [ $((IDLE_BOTH + 1000)) -gt "$fd_limit" ]; then
    log "skip $IDLE_BOTH idle connections: open-file limit $fd_limit"
  else
    warm_logins 10143
    measure "ref_idle_$IDLE_BOTH" python3 "$refdir/idle_mem_probe.py" --port 10143 "${idle[@]}" --count "$IDLE_BOTH" --overall-timeout 600 \
      --proc-regex "$DOVECOT_IMAP_PROCS"
    am_restart || exit 1
    wait_port $AM_IMAP_PORT 60 || { echo "actormail did not open IMAP port $AM_IMAP_PORT after a restart" >&2; exit 1; }
    warm_logins $AM_IMAP_PORT
    measure "am_idle_$IDLE_BOTH" python3 "$refdir/idle_mem_probe.py" --port $AM_IMAP_PORT "${idle[@]}" --count "$IDLE_BOTH" \
      --overall-timeout 600 --pid "$AM_PID"
    both_done=$IDLE_BOTH
  fi
  for c in $IDLE_ALONE; do
    if [ $((c + 1000)) -gt "$fd_limit" ]; then log "skip $c idle connections: open-file limit $fd_limit"; continue; fi
    am_restart || exit 1
    wait_port $AM_IMAP_PORT 60 || { echo "actormail did not open IMAP port $AM_IMAP_PORT after a restart" >&2; exit 1; }
    warm_logins $AM_IMAP_PORT
    measure "am_idle_$c" python3 "$refdir/idle_mem_probe.py" --port $AM_IMAP_PORT "${idle[@]}" --count "$c" \
      --overall-timeout 600 --pid "$AM_PID"
    alone_done="$alone_done $c"
  done
fi
problems="$(am_problems)"

WORK="$work" SIZES="$SIZES" MAILBOXES="$MAILBOXES" CLIENTS="$CLIENTS" SECS="$SECS" IDLE_BOTH="$both_done" \
ALONE="$alone_done" FD_LIMIT="$fd_limit" IDLE_SEED="$IDLE_SEED" IDLE_USERS="$IDLE_USERS" python3 - <<'EOF'
import json, os, re
w = os.environ["WORK"]
import sys
sys.path.insert(0, os.environ["BENCH_LIB"])
import benchlib
def load(n):
    return benchlib.load(w, n)
def foreign(n):
    return benchlib.foreign(w, n)
def f(x):
    return "-" if x is None else str(x)
def ratio(a, b):
    return "%.2f" % (a / b) if a and b else "-"
sizes = os.environ["SIZES"].split()
if sizes:
    print()
    print("IMAP mixed load (imap_load.py): %s clients x %s s over %s mailboxes; commands/s" % (os.environ["CLIENTS"], os.environ["SECS"], os.environ["MAILBOXES"]))
    print("%-9s %-18s %10s %8s %7s %10s  %s" % ("msgs/box", "server", "commands/s", "sessions", "NO/BAD", "foreignCPU", "per command /s"))
for n in sizes:
    r, a = load("ref_load_" + n), load("am_load_" + n)
    for name, d, k in (("Dovecot :10143", r, "ref_load_" + n), ("ActorMail :12143", a, "am_load_" + n)):
        per = d.get("per_command_per_s", {})
        print("%-9s %-18s %10s %8s %7s %10s  %s" % (n, name, f(d.get("commands_per_s")), f(per.get("LOGOUT")), f(d.get("errors")),
              foreign(k), " ".join("%s=%s" % kv for kv in per.items())))
    print("%-9s %-18s %10s   (aim >= 1.00)" % (n, "ratio AM/Dovecot", ratio(a.get("commands_per_s"), r.get("commands_per_s"))))
    for name, d in (("Dovecot", r), ("ActorMail", a)):
        if d.get("first_errors"):
            print("          first NO/BAD of %s: %s" % (name, "; ".join(d["first_errors"])))
if sizes:
    print("(sessions column: LOGOUTs per second)")
both, alone = os.environ["IDLE_BOTH"], os.environ["ALONE"].split()
rows = []
if both:
    rows += [("Dovecot :10143", "ref_idle_" + both), ("ActorMail :12143", "am_idle_" + both)]
rows += [("ActorMail :12143", "am_idle_" + c) for c in alone]
if rows:
    print()
    print("Idle IMAP connections (idle_mem_probe.py: LOGIN, SELECT INBOX, IDLE; users u1..u%s, %s messages per mailbox), server memory growth per connection"
          % (os.environ["IDLE_USERS"], sizes[-1] if sizes else os.environ["IDLE_SEED"]))
    print("%-18s %7s %7s %6s %8s %11s %11s %12s %10s" % ("server", "wanted", "idling", "errors", "conn s", "PSS KB/conn", "RSS KB/conn", "sys KB/conn", "foreignCPU"))
res = {}
for name, k in rows:
    d = load(k); res[k] = d
    print("%-18s %7s %7s %6s %8s %11s %11s %12s %10s" % (name, f(d.get("requested")), f(d.get("idling")), f(d.get("errors")),
          f(d.get("connect_secs")), f(d.get("pss_kb_per_conn")), f(d.get("rss_kb_per_conn")),
          f(d.get("sys_kb_per_conn_excl_client")), foreign(k)))
    if d.get("first_errors"):
        print("    first errors: %s" % "; ".join(d["first_errors"])[:400])
if both:
    rd, ad = res[rows[0][1]], res[rows[1][1]]
    print("ratio ActorMail/Dovecot PSS per connection at %s: %s (aim: ActorMail under 50 KB per connection)"
          % (both, ratio(ad.get("pss_kb_per_conn"), rd.get("pss_kb_per_conn"))))
if rows:
    print("(open-file limit %s; each ActorMail row from a freshly started node; PSS: shared pages divided among processes;"
          " sys: MemAvailable drop minus the probe's own growth)" % os.environ["FD_LIMIT"])
print("(foreignCPU: CPU other build/test processes used during the step, as % of one core of 2; high values make that row unreliable)")
EOF
if [ -n "$problems" ]; then echo; echo "ActorMail log warnings/errors (count, line):"; echo "$problems"; fi
