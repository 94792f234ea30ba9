#!/usr/bin/env bash
# POP3 benchmark of ActorMail beside Dovecot (issue "POP3 server", section Benchmark), in one run:
# users u21..u40 get the same 500 messages of gen_mbox.py (2-200 KB, seed 42) in Dovecot (seed_imap.py, IMAP APPEND)
# and in ActorMail (bench tool `seed`, over SMTP: ActorMail has no IMAP APPEND yet, and its copies carry a
# Received and a Return-Path header more); then pop3_load.py (20 sessions in parallel, RETR everything) against
# Dovecot :10110 and ActorMail :12110, alternating, RUNS times each; the table shows every run and the medians.
# Usage (root, or sudo for the reference): bash bench/pop3.sh
#   RUNS=3 USERS=20 PER_USER=500 QUIET_WAIT=30 KEEP=1 BUILD_ROOT=... SKIP_BUILD=1
set -euo pipefail
source "$(dirname "$0")/common.sh"
RUNS="${RUNS:-3}"; USERS="${USERS:-20}"; PER_USER="${PER_USER:-500}"; FIRST=21
work="$(mktemp -d "${TMPDIR:-/tmp}/actormail-pop3bench.XXXXXX")"
cleanup() {
  am_stop
  ref_down
  if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

am_build
python3 "$refdir/gen_mbox.py" --count "$PER_USER" --out "$work/bench.mbox"
ref_up_fresh
log "seed Dovecot: $USERS users x $PER_USER messages over IMAP APPEND"
timeout 1200 python3 "$refdir/seed_imap.py" --port 10143 --users "$USERS" --first-user $FIRST --per-user "$PER_USER" \
  --mbox "$work/bench.mbox" --empty-first >&2
am_start "$work/am"
log "seed ActorMail: $USERS users x $PER_USER messages over SMTP"
timeout 1200 dotnet "$BENCH_DLL" seed --mbox "$work/bench.mbox" --users "$USERS" --first-user $FIRST --per-user "$PER_USER" \
  --smtp-port $AM_SMTP_PORT --pop3-port $AM_POP3_PORT | tee "$work/am_seed.json" >&2

for run in $(seq 1 "$RUNS"); do
  measure "ref_pop3_$run" python3 "$refdir/pop3_load.py" --port 10110 --users "$USERS" --first-user $FIRST --max-secs 300 --json
  measure "am_pop3_$run" python3 "$refdir/pop3_load.py" --port $AM_POP3_PORT --users "$USERS" --first-user $FIRST --max-secs 300 --json
done
problems="$(am_problems)"

WORK="$work" RUNS="$RUNS" USERS="$USERS" PER_USER="$PER_USER" python3 - <<'EOF'
import json, os, re, statistics
w, runs = os.environ["WORK"], int(os.environ["RUNS"])
import sys
sys.path.insert(0, os.environ["BENCH_LIB"])
import benchlib
def load(n):
    return benchlib.load(w, n)
def foreign(n):
    return benchlib.foreign(w, n)
print()
print("POP3 RETR of everything: %s sessions in parallel, users u21.., %s messages each (gen_mbox.py)" % (os.environ["USERS"], os.environ["PER_USER"]))
print("%-22s %4s %9s %8s %8s %9s %9s %10s" % ("server", "run", "messages", "MB", "secs", "msgs/s", "MB/s", "foreignCPU"))
med = {}
for name, key in (("Dovecot :10110", "ref_pop3"), ("ActorMail :12110", "am_pop3")):
    rates, mbs = [], []
    for r in range(1, runs + 1):
        d = load("%s_%d" % (key, r))
        if d:
            rates.append(d["msgs_per_s"]); mbs.append(d["mb_per_s"])
        print("%-22s %4d %9s %8s %8s %9s %9s %10s" % (name, r, d.get("messages", "-"), d.get("mbytes", "-"), d.get("secs", "-"),
              d.get("msgs_per_s", "-"), d.get("mb_per_s", "-"), foreign("%s_%d" % (key, r))))
    med[key] = (statistics.median(rates) if rates else None, statistics.median(mbs) if mbs else None)
    print("%-22s %4s %9s %8s %8s %9s %9s" % (name, "med", "", "", "", med[key][0] or "-", med[key][1] or "-"))
def ratio(a, b):
    return "%.2f" % (a / b) if a and b else "-"
print("ratio ActorMail/Dovecot (medians): msgs/s %s, MB/s %s (aim >= 1.00)"
      % (ratio(med["am_pop3"][0], med["ref_pop3"][0]), ratio(med["am_pop3"][1], med["ref_pop3"][1])))
print("(ActorMail's copies carry its Received and Return-Path headers, a few hundred bytes per message more)")
EOF
if [ -n "$problems" ]; then echo; echo "ActorMail log warnings/errors (count, line):"; echo "$problems"; fi
