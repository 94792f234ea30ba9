#!/usr/bin/env bash
# Live updates under load (issue "IMAP4 server", Benchmark 2): CLIENTS IMAP clients log in, select
# INBOX and IDLE on an ActorMail node; one message is then sent over SMTP to each of their users,
# and every client must see its untagged EXISTS within a second of the 250.
# Usage: bash bench/idle-exists.sh   (CLIENTS=1000 USERS=100; BUILD_ROOT, SKIP_BUILD as in common.sh)
set -euo pipefail
source "$(dirname "$0")/common.sh"
CLIENTS="${CLIENTS:-1000}"; USERS="${USERS:-100}"
work="$(mktemp -d "${TMPDIR:-/tmp}/actormail-idle-exists.XXXXXX")"
trap 'am_stop; rm -rf "$work"' EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
am_build
am_enable_imap 12000
am_start "$work/am"
wait_port "$AM_IMAP_PORT" 60
log "idle-exists: $CLIENTS idling clients over $USERS users"
dotnet "$BENCH_DLL" idle-exists --imap-port "$AM_IMAP_PORT" --smtp-port "$AM_SMTP_PORT" --clients "$CLIENTS" --users "$USERS"
