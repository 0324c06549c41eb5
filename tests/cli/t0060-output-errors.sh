#!/bin/sh
# Standard output that cannot be written: a full device gives exit 74 and a
# "depeer: " message, for every command that prints; a closed pipe kills
# depeer quietly by SIGPIPE or, with SIGPIPE ignored, gives exit 74.
. "$(dirname "$0")/lib.sh"

dp provider add McColo --asn 26780 >/dev/null
printf 'kind,indicator\nc2,208.66.194.20\nc2,208.66.194.21\n' >"$T/a.csv"
dp evidence import --provider McColo a.csv >/dev/null
head -c 300000 /dev/urandom >"$T/big.bin"
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 --file big.bin >/dev/null

# to_full ARGS: depeer with its stdout on /dev/full (run captures stderr).
# shellcheck disable=SC2317  # called through expect_code
to_full() {
	"$DEPEER" "$@" >/dev/full
}

if [ -w /dev/full ]; then
	step "stdout on a full device"
	for cmd in "provider list" "--json provider show McColo" \
	    "evidence list" "evidence list --json" "evidence show 1" \
	    "log --json" verify init help "evidence add --help" --version \
	    "evidence export 3"; do
		# shellcheck disable=SC2086
		expect_code 74 to_full $cmd
		expect_err_re "^depeer: .*(write|No space)"
	done
	expect_code 74 to_full provider add Atrivo
	expect_code 74 to_full evidence import --provider McColo \
	    --allow-duplicates a.csv
else
	echo "# /dev/full missing: skipped those checks"
fi

# closed_pipe MODE CMD...: run CMD with stdout a pipe whose reading end is
# closed, SIGPIPE default or ignored; prints "exit N" or "signal N" and
# stderr.
# shellcheck disable=SC2317  # called through expect_code
closed_pipe() {
	_mode=$1
	shift
	python3 - "$_mode" "$@" <<'EOF'
import os, signal, subprocess, sys
mode, cmd = sys.argv[1], sys.argv[2:]
r, w = os.pipe()
os.close(r)
def child():
    signal.signal(signal.SIGPIPE,
                  signal.SIG_IGN if mode == 'ignore' else signal.SIG_DFL)
p = subprocess.run(cmd, stdout=w, stderr=subprocess.PIPE, preexec_fn=child,
                   restore_signals=False)
print('signal %d' % -p.returncode if p.returncode < 0 else 'exit %d' % p.returncode)
sys.stdout.write(p.stderr.decode('utf-8', 'replace'))
EOF
}

step "stdout a closed pipe, SIGPIPE default"
for cmd in "provider list" "evidence list --json"; do
	# shellcheck disable=SC2086
	expect_code 0 closed_pipe default "$DEPEER" $cmd
	expect_out_re "^(signal 13|exit 74)$"
	expect_no_out "Sanitizer"
done

step "stdout a closed pipe, SIGPIPE ignored"
for cmd in "provider list" "evidence list --json" verify "evidence export 3"; do
	# shellcheck disable=SC2086
	expect_code 0 closed_pipe ignore "$DEPEER" $cmd
	expect_out_re "^exit 74$"
	expect_out "depeer: "
	expect_no_out "Sanitizer"
done

step "nothing was changed by the failed writes"
expect_sql "SELECT count(*) FROM providers" 2
expect_code 0 dp verify

finish
