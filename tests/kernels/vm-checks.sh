#!/bin/sh
# The checks inside one VM (busybox sh, jq). Each check prints one line:
#   BKVM PASS|FAIL NAME what was compared, or what differed
pass() { echo "BKVM PASS $*"; }
fail() { echo "BKVM FAIL $*"; }

release=$(uname -r)
if bpfknobs --json >/tmp/first.json 2>/tmp/first.err &&
	[ "$(jq -r .kernel.release /tmp/first.json)" = "$release" ]; then
	pass json "bpfknobs --json runs and names release $release"
else
	fail json "bpfknobs --json: $(head -c 300 /tmp/first.err)"
fi
