#!/usr/bin/env bash
# SMTP benchmark of ActorMail beside the reference (issue "SMTP server", section Benchmark), all in one run:
#   (a) Postfix 127.0.0.1:2525 -> LMTP -> Dovecot maildir: smtp_ingest.py, accepted/s and delivered/s (maildir count)
#   (b) the protocol's ceiling: smtp_ingest.py sink (smtp-source -> smtp-sink)
#   (c) ActorMail 127.0.0.1:12525: smtp_ingest.py, delivered/s counted from u1's INBOX through the admin socket
#   (d) bench tool smtp-latency (persistent pipelined sessions over 100 users, p50/p99 of the final 250,
#       delivered and readable counted over POP3) against ActorMail and against Postfix+Dovecot
# Usage (root, or sudo for the reference): bash bench/smtp.sh
#   MESSAGES=5000 SESSIONS=20 SIZE=10240 QUIET_WAIT=30 KEEP=1 (keep the work folder) BUILD_ROOT=... SKIP_BUILD=1
# Loopback only; every step is bounded (smtp_ingest.py: 600 s send + 300 s delivery; quiet_run.py: 900 s).
set -euo pipefail
source "$(dirname "$0")/common.sh"
MESSAGES="${MESSAGES:-5000}"; SESSIONS="${SESSIONS:-20}"; SIZE="${SIZE:-10240}"
work="$(mktemp -d "${TMPDIR:-/tmp}/actormail-smtpbench.XXXXXX")"
cleanup() {
  am_stop
  ref_down
  if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

am_build
ref_up_fresh
load=(--sessions "$SESSIONS" --messages "$MESSAGES" --size "$SIZE")
measure ref_ingest python3 "$refdir/smtp_ingest.py" server --port 2525 --to u1@bench.test "${load[@]}" --maildir "$REF_BASE/mail/u1/Maildir"
measure sink python3 "$refdir/smtp_ingest.py" sink --sink-port 2527 "${load[@]}"

am_start "$work/am"
cat > "$work/count-u1.sh" <<EOF
#!/bin/sh
"$AM_BIN" --data "$AM_DIR" user show u1@bench.test --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["inbox"]["messages"])'
EOF
chmod +x "$work/count-u1.sh"
measure am_ingest python3 "$refdir/smtp_ingest.py" server --port $AM_SMTP_PORT --to u1@bench.test "${load[@]}" --count-cmd "$work/count-u1.sh"
measure am_latency dotnet "$BENCH_DLL" smtp-latency --smtp-port $AM_SMTP_PORT --pop3-port $AM_POP3_PORT --users 100 "${load[@]}"
measure ref_latency dotnet "$BENCH_DLL" smtp-latency --smtp-port 2525 --pop3-port 10110 --users 100 "${load[@]}"
problems="$(am_problems)"

WORK="$work" python3 - <<'EOF'
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
    return "-" if x is None else ("%.1f" % x if isinstance(x, float) else str(x))
ri, si, ai = load("ref_ingest"), load("sink"), load("am_ingest")
al, rl = load("am_latency"), load("ref_latency")
print()
print("SMTP ingest: smtp-source, %s sessions x %s B, %s messages, one connection per message, all to u1"
      % (ri.get("sessions", ai.get("sessions")), ri.get("size", ai.get("size")), ri.get("messages", ai.get("messages"))))
print("%-34s %11s %12s %10s %9s %9s" % ("server", "accepted/s", "delivered/s", "delivered", "complete", "foreignCPU"))
for name, d, k in (("Postfix -> LMTP -> Dovecot :2525", ri, "ref_ingest"), ("ActorMail :12525", ai, "am_ingest")):
    print("%-34s %11s %12s %10s %9s %9s" % (name, f(d.get("accepted_msgs_per_s")), f(d.get("delivered_msgs_per_s")),
          f(d.get("delivered")), f(d.get("complete")), foreign(k)))
print("%-34s %11s %12s %10s %9s %9s" % ("smtp-source -> smtp-sink (ceiling)", f(si.get("accepted_msgs_per_s")), "-", "-", "-", foreign("sink")))
def ratio(a, b):
    return "%.2f" % (a / b) if a and b else "-"
am_acc, am_del = ai.get("accepted_msgs_per_s"), ai.get("delivered_msgs_per_s")
ref_del, sink = ri.get("delivered_msgs_per_s"), si.get("accepted_msgs_per_s")
print("ratios: ActorMail accepted(=stored)/s / Postfix+Dovecot delivered/s = %s (bar >= 1.00);"
      " ActorMail delivered/s / Postfix+Dovecot delivered/s = %s;" % (ratio(am_acc, ref_del), ratio(am_del, ref_del)))
print("        ActorMail accepted/s / ceiling = %s (stretch >= 0.50); Postfix accepted/s / ceiling = %s"
      % (ratio(am_acc, sink), ratio(ri.get("accepted_msgs_per_s"), sink)))
print()
print("Latency tool (bench smtp-latency): %s persistent pipelined sessions, %s x %s B over 100 users; delivered and readable counted over POP3"
      % (al.get("sessions", rl.get("sessions")), al.get("messages", rl.get("messages")), al.get("size", rl.get("size"))))
print("%-34s %11s %8s %8s %8s %8s %12s %9s %7s %9s" % ("server", "accepted/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "delivered/s", "readable", "errors", "foreignCPU"))
for name, d, k in (("Postfix -> LMTP -> Dovecot", rl, "ref_latency"), ("ActorMail", al, "am_latency")):
    print("%-34s %11s %8s %8s %8s %8s %12s %9s %7s %9s" % (name, f(d.get("accepted_msgs_per_s")), f(d.get("p50_ms")), f(d.get("p90_ms")),
          f(d.get("p99_ms")), f(d.get("max_ms")), f(d.get("delivered_msgs_per_s")), f(d.get("readable")), f(d.get("errors")), foreign(k)))
print("ratios: ActorMail/Postfix accepted/s = %s, p99 = %s, delivered/s = %s"
      % (ratio(al.get("accepted_msgs_per_s"), rl.get("accepted_msgs_per_s")), ratio(al.get("p99_ms"), rl.get("p99_ms")),
         ratio(al.get("delivered_msgs_per_s"), rl.get("delivered_msgs_per_s"))))
print("(foreignCPU: CPU other build/test processes used during the step, as % of one core of 2; high values make that row unreliable)")
EOF
if [ -n "$problems" ]; then echo; echo "ActorMail log warnings/errors (count, line):"; echo "$problems"; fi
