#!/bin/sh
# Version, help, missing and unknown commands, --help of every command and
# subcommand, bad options and arguments.  None of this may create a database.
. "$(dirname "$0")/lib.sh"

step "--version"
for v in --version -V; do
	expect_code 0 dp "$v"
	expect_out_re '^depeer [0-9]+\.[0-9]+\.[0-9]+'
	expect_err_empty
done

step "help"
for h in help --help -h; do
	expect_code 0 dp $h
	expect_out "usage: depeer"
	for c in init provider evidence log verify help; do
		expect_out_re "^ +$c +[a-z]"
	done
	expect_err_empty
done

step "no command"
expect_code 64 dp
expect_err "depeer: no command given"
expect_err "usage: depeer"
expect_out_empty
expect_code 64 dp --json
expect_out_empty

step "unknown command"
expect_code 64 dp frobnicate
expect_err "frobnicate"
expect_out_empty
expect_code 64 dp help frobnicate
expect_err "frobnicate"
expect_out_empty

step "--help of every command"
for c in init log verify; do
	expect_code 0 dp "$c" --help
	expect_out "usage: depeer $c"
	expect_err_empty
done
expect_code 0 dp log -h
expect_out "usage: depeer log"
expect_code 0 dp help verify
expect_out "usage: depeer verify"
expect_err_empty
expect_code 0 dp help --help
expect_out "usage: depeer"
expect_err_empty

step "--help of the command groups"
for g in provider evidence; do
	for form in "$g --help" "help $g"; do
		# shellcheck disable=SC2086
		expect_code 0 dp $form
		expect_out "usage: depeer $g COMMAND"
		expect_err_empty
	done
done
expect_code 0 dp provider -h
expect_out "usage: depeer provider COMMAND"
expect_code 0 dp evidence help
expect_out "usage: depeer evidence COMMAND"
expect_code 0 dp help provider
for s in add list show edit net; do
	expect_out_re "^ +$s +[a-z]"
done
expect_code 0 dp help evidence
for s in add import list show export; do
	expect_out_re "^ +$s +[a-z]"
done

step "--help of every subcommand"
for s in add list show edit net; do
	expect_code 0 dp provider "$s" --help
	expect_out "usage: depeer provider $s"
	expect_err_empty
done
for s in add import list show export; do
	expect_code 0 dp evidence "$s" --help
	expect_out "usage: depeer evidence $s"
	expect_err_empty
done
expect_code 0 dp provider net -h
expect_out "usage: depeer provider net"
expect_code 0 dp evidence import -h
expect_out "usage: depeer evidence import"
# --help wins over a missing required argument.
expect_code 0 dp evidence add --provider X --help
expect_out "usage: depeer evidence add"

step "bad options"
expect_code 64 dp --frobnicate
expect_err "frobnicate"
expect_out_empty
expect_code 64 dp --db
expect_err "db"
expect_out_empty
expect_code 64 dp provider list --frobnicate
expect_err "frobnicate"
expect_err "usage: depeer provider list"
expect_out_empty
expect_code 64 dp evidence add -x
expect_out_empty
expect_code 64 dp init --frobnicate
expect_code 64 dp log --frobnicate
expect_code 64 dp verify --frobnicate
expect_code 64 dp evidence import --frobnicate x.csv
expect_code 64 dp provider add X --asn
expect_code 64 dp log --limit 0
expect_err "--limit"
expect_code 64 dp log --limit ten
# Regression: strtoll() clamped an overflow to the largest number, and
# took a leading blank or '+'.
expect_code 64 dp log --limit 99999999999999999999
expect_err "--limit"
expect_code 64 dp evidence show 99999999999999999999
expect_code 64 dp evidence show " 5"
expect_code 64 dp source show +5
expect_code 64 dp verify --expect-head 1234
expect_err "--expect-head"

step "bad arguments"
expect_code 64 dp provider
expect_err "depeer: 'provider' needs a command"
expect_out_empty
expect_code 64 dp evidence
expect_out_empty
expect_code 64 dp provider frobnicate
expect_err "frobnicate"
expect_out_empty
expect_code 64 dp evidence frobnicate
expect_code 64 dp init extra
expect_code 64 dp verify extra
expect_code 64 dp provider add
expect_err "NAME"
expect_code 64 dp provider add Two Names
expect_code 64 dp provider list extra
expect_code 64 dp provider show
expect_code 64 dp provider edit
expect_code 64 dp provider edit McColo
expect_code 64 dp provider net add
expect_code 64 dp provider net frob McColo --asn 1
expect_code 64 dp provider net add McColo
expect_code 64 dp evidence add --kind c2 --indicator 1.2.3.4
expect_code 64 dp evidence add --provider X --kind c2
expect_code 64 dp evidence add --provider X --kind c2 --indicator 1.2.3.4 extra
expect_code 64 dp evidence import
expect_code 64 dp evidence show
expect_code 64 dp evidence show abc
expect_code 64 dp evidence export

step "every option of a command is listed by its --help, one line each"
expect_code 0 dp log --help
expect_out "--limit N"
expect_out "-h, --help"
expect_code 0 dp verify --help
expect_out "--expect-head HASH"
expect_code 0 dp help config get
expect_out "usage: depeer config get KEY"
expect_code 64 dp help config frob
expect_err "no command 'config frob'"

# Regression: the group's hook dispatched a second time and printed
# "usage: depeer provider provider resolve".
expect_code 0 dp provider resolve --help
expect_out "usage: depeer provider resolve NAME|ID"
CHECKS=$((CHECKS + 1))
if grep -q "provider provider" "$T/out"; then
	fail "provider resolve --help names the group twice"
fi

step "a malformed DEPEER_NOW stops a command before it runs"
export DEPEER_NOW=yesterday
expect_code 78 dp config path
expect_err "DEPEER_NOW"
expect_out_empty
expect_code 0 dp config path --help
unset DEPEER_NOW

step "no database created by help or usage errors"
CHECKS=$((CHECKS + 1))
if [ -e "$DB" ] || [ -e "$XDG_DATA_HOME" ] || [ -e "$HOME/.local" ]; then
	fail "a database was created: $(ls -d "$DB" "$XDG_DATA_HOME" "$HOME/.local" 2>/dev/null)"
fi

finish
