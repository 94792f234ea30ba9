#!/usr/bin/env bash
# IMAP benchmark of ActorMail beside Dovecot (issue "IMAP4 server", section Benchmark), in one run:
#   (a) mixed load: for each size in SIZES (messages per mailbox), 100 mailboxes u1..u100@bench.test are emptied and
#       seeded with the same messages of gen_mbox.py (seed_imap.py, IMAP APPEND) in Dovecot :10143 and ActorMail :12143,
#       then imap_load.py (CLIENTS clients, SECS s) against each: commands/s side by side, ratio, unexpected NO/BAD
#   (b) idle connections: idle_mem_probe.py (LOGIN, SELECT, IDLE) at IDLE_BOTH connections against both servers
#       (Dovecot: all its processes; ActorMail: the node's pid), memory per connection side by side; then ActorMail
#       alone at each count in IDLE_ALONE that the open-file hard limit allows
# Usage (root, or sudo for the reference): bash bench/imap.sh
#   SIZES="20 200" MAILBOXES=100 CLIENTS=20 SECS=20 IDLE_BOTH=1000 IDLE_ALONE="5000 10000"
#   QUIET_WAIT=30 KEEP=1 (keep the work folder) BUILD_ROOT=... SKIP_BUILD=1
#   WAIT_FOR=FILE  before the first measurement, wait (poll 10 s, at most WAIT_MAX s, default 1500) until FILE has a
#                  line starting with "rc=" (another long job finishing), so it does not disturb the figures
# Loopback only; every step is bounded (seeding: timeout 1500 s; measurements: quiet_run.py --timeout 900).
set -euo pipefail
source "$(dirname "$0")/common.sh"
SIZES="${SIZES:-20 200}"; MAILBOXES="${MAILBOXES:-100}"; CLIENTS="${CLIENTS:-20}"; SECS="${SECS:-20}"
IDLE_BOTH="${IDLE_BOTH:-1000}"; IDLE_ALONE="${IDLE_ALONE:-5000 10000}"
WAIT_FOR="${WAIT_FOR:-}"; WAIT_MAX="${WAIT_MAX:-1500}"
USER_FMT='u%d@bench.test'
work="$(mktemp -d "${TMPDIR:-/tmp}/actormail-imapbench.XXXXXX")"
cleanup() {
  am_stop
  ref_down
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

am_build
max_size=0; for n in $SIZES; do [ "$n" -gt $max_size ] && max_size=$n; done
python3 "$refdir/gen_mbox.py" --count "$max_size" --out "$work/bench.mbox" >&2
ref_up_fresh
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

wait_for_other_job
idle=(--user "$USER_FMT" --users "$MAILBOXES")
measure "ref_idle_$IDLE_BOTH" python3 "$refdir/idle_mem_probe.py" --port 10143 "${idle[@]}" --count "$IDLE_BOTH" --overall-timeout 300
measure "am_idle_$IDLE_BOTH" python3 "$refdir/idle_mem_probe.py" --port $AM_IMAP_PORT "${idle[@]}" --count "$IDLE_BOTH" \
  --overall-timeout 300 --pid "$AM_PID"
alone_done=""
for c in $IDLE_ALONE; do
  # the probe and the node each hold one descriptor per connection, plus their own files
  if [ $((c + 1000)) -gt "$fd_limit" ]; then log "skip $c idle connections: open-file limit $fd_limit"; continue; fi
  measure "am_idle_$c" python3 "$refdir/idle_mem_probe.py" --port $AM_IMAP_PORT "${idle[@]}" --count "$c" \
    --overall-timeout 600 --pid "$AM_PID"
  alone_done="$alone_done $c"
done
problems="$(am_problems)"

WORK="$work" SIZES="$SIZES" MAILBOXES="$MAILBOXES" CLIENTS="$CLIENTS" SECS="$SECS" IDLE_BOTH="$IDLE_BOTH" \
ALONE="$alone_done" FD_LIMIT="$fd_limit" python3 - <<'EOF'
import json, os, re
w = os.environ["WORK"]
def load(n):
    try:
        with open(os.path.join(w, n + ".json")) as f:
            return json.loads(f.read())
    except Exception:
        return {}
def foreign(n):
    try:
        m = re.search(r"\((\d+)% of one core\)", open(os.path.join(w, n + ".err")).read())
        return m.group(1) + "%" if m else "?"
    except OSError:
        return "?"
def f(x):
    return "-" if x is None else str(x)
def ratio(a, b):
    return "%.2f" % (a / b) if a and b else "-"
print()
print("IMAP mixed load (imap_load.py): %s clients x %s s over %s mailboxes; commands/s" % (os.environ["CLIENTS"], os.environ["SECS"], os.environ["MAILBOXES"]))
print("%-9s %-18s %10s %8s %7s %10s  %s" % ("msgs/box", "server", "commands/s", "sessions", "NO/BAD", "foreignCPU", "per command /s"))
for n in os.environ["SIZES"].split():
    r, a = load("ref_load_" + n), load("am_load_" + n)
    for name, d, k in (("Dovecot :10143", r, "ref_load_" + n), ("ActorMail :12143", a, "am_load_" + n)):
        per = d.get("per_command_per_s", {})
        print("%-9s %-18s %10s %8s %7s %10s  %s" % (n, name, f(d.get("commands_per_s")), f(per.get("LOGOUT")), f(d.get("errors")),
              foreign(k), " ".join("%s=%s" % kv for kv in per.items())))
    print("%-9s %-18s %10s   (aim >= 1.00)" % (n, "ratio AM/Dovecot", ratio(a.get("commands_per_s"), r.get("commands_per_s"))))
    for name, d in (("Dovecot", r), ("ActorMail", a)):
        if d.get("first_errors"):
            print("          first NO/BAD of %s: %s" % (name, "; ".join(d["first_errors"])))
print("(sessions column: LOGOUTs per second)")
print()
print("Idle IMAP connections (idle_mem_probe.py: LOGIN, SELECT INBOX, IDLE), server memory growth per connection")
print("%-18s %7s %7s %6s %8s %11s %11s %12s %10s" % ("server", "wanted", "idling", "errors", "conn s", "PSS KB/conn", "RSS KB/conn", "sys KB/conn", "foreignCPU"))
rows = [("Dovecot :10143", "ref_idle_" + os.environ["IDLE_BOTH"]), ("ActorMail :12143", "am_idle_" + os.environ["IDLE_BOTH"])]
rows += [("ActorMail :12143", "am_idle_" + c) for c in os.environ["ALONE"].split()]
res = {}
for name, k in rows:
    d = load(k); res[k] = d
    print("%-18s %7s %7s %6s %8s %11s %11s %12s %10s" % (name, f(d.get("requested")), f(d.get("idling")), f(d.get("errors")),
          f(d.get("connect_secs")), f(d.get("pss_kb_per_conn")), f(d.get("rss_kb_per_conn")),
          f(d.get("sys_kb_per_conn_excl_client")), foreign(k)))
    if d.get("first_errors"):
        print("    first errors: %s" % "; ".join(d["first_errors"])[:400])
rd, ad = res[rows[0][1]], res[rows[1][1]]
print("ratio ActorMail/Dovecot PSS per connection at %s: %s (aim: ActorMail under 50 KB per connection)"
      % (os.environ["IDLE_BOTH"], ratio(ad.get("pss_kb_per_conn"), rd.get("pss_kb_per_conn"))))
print("(open-file limit %s; PSS: shared pages divided among processes; sys: MemAvailable drop minus the probe's own growth)" % os.environ["FD_LIMIT"])
print("(foreignCPU: CPU other build/test processes used during the step, as % of one core of 2; high values make that row unreliable)")
EOF
if [ -n "$problems" ]; then echo; echo "ActorMail log warnings/errors (count, line):"; echo "$problems"; fi
