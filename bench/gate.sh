#!/usr/bin/env bash
# Measurement: time from a migration Job's success to the removal of a gated pod's scheduling
# gate, on the mock API server with the real operator; see bench/README.md.
#   bench/gate.sh [-Dbench.gate.runs=50]
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" GateLatencyBenchmark "$@"
