#!/usr/bin/env bash
# Outbound delivery benchmark (issue "Outbound delivery", section Benchmark): the queue is filled in
# offline mode with MESSAGES messages of SIZE bytes, switched online, and the drain to Postfix's
# smtp-sink on 127.0.0.1:$PORT is timed with 1, 4 and 16 workers; then smtp-source against the same
# sink gives the reference rate. Usage: bash bench/delivery.sh  (MESSAGES=2000 SIZE=10240 PORT=2627 WARMUP=0)
# WARMUP=N first sends N messages the same way, untimed, so that the timed drain measures a process whose
# send path is already compiled and warm (a node that has been running) rather than a fresh one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
MESSAGES="${MESSAGES:-2000}"; SIZE="${SIZE:-10240}"; PORT="${PORT:-2627}"; WARMUP="${WARMUP:-0}"
dotnet build -c Release "$root/bench/delivery" >/dev/null
dll="$root/bench/delivery/bin/Release/net10.0/ActorMail.DeliveryBench.dll"
user=(); [ "$(id -u)" = 0 ] && user=(-u postfix)
/usr/sbin/smtp-sink -c "${user[@]}" "127.0.0.1:$PORT" 1000 >/dev/null 2>&1 &
sink=$!
trap 'kill $sink 2>/dev/null || true' EXIT
sleep 0.5
for w in 1 4 16; do
  timeout 900 dotnet "$dll" --port "$PORT" --messages "$MESSAGES" --size "$SIZE" --workers "$w" --warmup "$WARMUP"
done
start=$(date +%s.%N)
timeout 600 /usr/sbin/smtp-source -s 16 -l "$SIZE" -m "$MESSAGES" -c -f s@bench.local -t r@sink.example "127.0.0.1:$PORT" >/dev/null
end=$(date +%s.%N)
python3 -c "import sys; m=int(sys.argv[1]); d=float(sys.argv[3])-float(sys.argv[2]); print('{\"reference\": \"smtp-source -s 16\", \"messages\": %d, \"seconds\": %.2f, \"msgs_per_s\": %.1f}' % (m, d, m/d))" "$MESSAGES" "$start" "$end"
