#!/bin/sh
# The inputs are printf formats built from a shared good start ($GOOD, $J1),
# escapes included.
# shellcheck disable=SC2059
# evidence import of bad input: each file is refused whole with exit 65, a
# message naming the line at fault, and the database exactly as it was
# (no evidence rows, no audit entry), whatever rows came before the bad one.
. "$(dirname "$0")/lib.sh"

dp provider add McColo >/dev/null
dp provider add Atrivo >/dev/null
printf 'kind,indicator\nc2,208.66.192.1\nscan,208.66.192.2\n' >"$T/seed.csv"
dp evidence import --provider McColo seed.csv >/dev/null
db_snap
EV=$(sqlq "SELECT count(*) FROM evidence")
AU=$(sqlq "SELECT count(*) FROM audit_log")

unchanged() {
	expect_sql "SELECT count(*) FROM evidence" "$EV"
	expect_sql "SELECT count(*) FROM audit_log" "$AU"
	expect_db_unchanged
}

# bad FILE CODE TEXT...: import FILE with --provider McColo, expect CODE
# and every TEXT in the message, and no change.
bad() {
	_f=$1
	_code=$2
	shift 2
	expect_code "$_code" dp evidence import --provider McColo "$_f"
	for _p in "$@"; do
		expect_err "$_p"
	done
	unchanged
}

GOOD='kind,indicator,note\nc2,208.66.192.10,first\n'

step "CSV: unbalanced quote"
printf "$GOOD"'c2,"208.66.192.11,second\nc2,208.66.192.12,third\n' >"$T/quote.csv"
bad quote.csv 65 "line 3" "quote"

step "CSV: stray quote in an unquoted field"
printf "$GOOD"'c2,208.66.192.11,say "hi"\n' >"$T/stray.csv"
bad stray.csv 65 "line 3"

step "CSV: text after a closing quote"
printf "$GOOD"'c2,"208.66.192.11"x,n\n' >"$T/after.csv"
bad after.csv 65 "line 3"

step "CSV: wrong column count"
printf "$GOOD"'c2,208.66.192.11,third,extra\n' >"$T/cols.csv"
bad cols.csv 65 "line 3"
printf "$GOOD"'c2,208.66.192.11\n' >"$T/cols2.csv"
bad cols2.csv 65 "line 3"

step "CSV: unknown column"
printf 'kind,indicator,colour\nc2,208.66.192.10,red\n' >"$T/unknown.csv"
bad unknown.csv 65 "line 1" "colour"

step "CSV: duplicate column"
printf 'kind,indicator,kind\nc2,208.66.192.10,c2\n' >"$T/dupcol.csv"
bad dupcol.csv 65 "line 1" "kind"

step "CSV: missing required columns"
printf 'indicator,note\n208.66.192.10,x\n' >"$T/nokind.csv"
bad nokind.csv 65 "line 1" "kind"
printf 'kind,note\nc2,x\n' >"$T/noind.csv"
bad noind.csv 65 "line 1" "indicator"
expect_code 65 dp evidence import seed.csv
expect_err "line 1"
expect_err "provider"
unchanged

step "CSV: invalid IP address on line 3"
printf "$GOOD"'c2,208.66.192.999,bad\nc2,208.66.192.12,fine\n' >"$T/ip.csv"
bad ip.csv 65 "line 3" "208.66.192.999"

step "CSV: other invalid values, with their line"
printf "$GOOD"'c2,208.66.192.11,ok\nc9,208.66.192.12,bad kind\n' >"$T/kind.csv"
bad kind.csv 65 "line 4" "c9"
printf 'kind,indicator,observed_at\nc2,208.66.192.10,2008-11-11\nc2,208.66.192.11,2008-02-30\n' >"$T/time.csv"
bad time.csv 65 "line 3" "2008-02-30"
# a quoted field with newlines moves the line count on
printf 'kind,indicator,note\nc2,208.66.192.10,"one\ntwo\nthree"\nc2,1.2.3,x\n' >"$T/ml.csv"
bad ml.csv 65 "line 5" "1.2.3"

step "CSV: unknown provider in the provider column"
printf 'provider,kind,indicator\nMcColo,c2,208.66.192.10\nNobody,c2,208.66.192.11\n' >"$T/prov.csv"
expect_code_in "65 66" dp evidence import prov.csv
expect_err "line 3"
expect_err "Nobody"
unchanged

step "CSV: provider column contradicting --provider"
printf 'provider,kind,indicator\nMcColo,c2,208.66.192.10\nAtrivo,c2,208.66.192.11\n' >"$T/contra.csv"
bad contra.csv 65 "line 3" "Atrivo"

step "CSV: a 10 MB field"
{
	printf "$GOOD"'c2,208.66.192.11,'
	head -c 10485760 /dev/zero | tr '\0' a
	printf '\nc2,208.66.192.12,after\n'
} >"$T/huge.csv"
bad huge.csv 65 "line 3"
{
	printf "$GOOD"'c2,208.66.192.11,"'
	head -c 10485760 /dev/zero | tr '\0' '\n'
	printf '"\n'
} >"$T/huge-quoted.csv"
bad huge-quoted.csv 65 "line 3"

step "CSV: a NUL byte"
printf "$GOOD"'c2,208.66.192.11,nul\000here\n' >"$T/nul.csv"
bad nul.csv 65 "line 3" "NUL"
printf "$GOOD"'c2,208.66.192.11,"nul\000quoted"\n' >"$T/nulq.csv"
bad nulq.csv 65 "line 3" "NUL"

step "CSV: invalid UTF-8"
printf "$GOOD"'c2,208.66.192.11,caf\351\n' >"$T/latin1.csv"
bad latin1.csv 65 "line 3" "UTF-8"
printf "$GOOD"'c2,208.66.192.11,\377\n' >"$T/ff.csv"
bad ff.csv 65 "line 3" "UTF-8"
printf "$GOOD"'c2,208.66.192.11,"ok\nthen \377"\n' >"$T/ffq.csv"
bad ffq.csv 65 "line 4" "UTF-8"

step "CSV: carriage return without line feed"
printf 'kind,indicator\rc2,208.66.192.10\r' >"$T/cr.csv"
bad cr.csv 65 "line 1"

step "empty input"
: >"$T/empty.csv"
bad empty.csv 65 "empty.csv"
printf '\n  \n\n' >"$T/blank.csv"
bad blank.csv 65 "blank.csv"
expect_code 65 dp evidence import --provider McColo - </dev/null
unchanged

step "header only"
printf 'kind,indicator,note\n' >"$T/header.csv"
bad header.csv 65 "header.csv"
printf 'kind,indicator,note' >"$T/header-nonl.csv"
bad header-nonl.csv 65 "header-nonl.csv"

step "JSON Lines: bad syntax, values and fields"
J1='{"kind":"c2","indicator":"208.66.192.10"}\n'
printf "$J1"'{"kind":"c2","indicator":"208.66.192.11"\n' >"$T/syntax.jsonl"
bad syntax.jsonl 65 "line 2"
printf "$J1"'{"kind":"c2","indicator":"208.66.192.11","colour":"red"}\n' >"$T/field.jsonl"
bad field.jsonl 65 "line 2" "colour"
printf "$J1"'{"kind":"c2","indicator":2081}\n' >"$T/type.jsonl"
bad type.jsonl 65 "line 2" "indicator"
printf "$J1"'["c2","208.66.192.11"]\n' >"$T/array.jsonl"
bad array.jsonl 65 "line 2"
printf "$J1"'{"indicator":"208.66.192.11"}\n' >"$T/nokind.jsonl"
bad nokind.jsonl 65 "line 2" "kind"
printf "$J1\n"'{"kind":"c2","indicator":"208.66.192.999"}\n' >"$T/ip.jsonl"
bad ip.jsonl 65 "line 3" "208.66.192.999"
printf "$J1"'{"kind":"c2","kind":"scan","indicator":"208.66.192.11"}\n' >"$T/dupkey.jsonl"
bad dupkey.jsonl 65 "line 2"

step "JSON Lines: NUL bytes"
printf "$J1"'{"kind":"c2","indicator":"208.66.192.11","note":"a\000b"}\n' >"$T/nul.jsonl"
bad nul.jsonl 65 "line 2" "NUL"
printf "$J1"'{"kind":"c2","indicator":"208.66.192.11","note":"a\\u0000b"}\n' >"$T/nulesc.jsonl"
bad nulesc.jsonl 65 "line 2"

step "JSON Lines: invalid UTF-8"
printf "$J1"'{"kind":"c2","indicator":"208.66.192.11","note":"\377"}\n' >"$T/utf8.jsonl"
bad utf8.jsonl 65 "line 2"

step "JSON Lines: a 10 MB line"
{
	printf "$J1"'{"kind":"c2","indicator":"208.66.192.11","note":"'
	head -c 10485760 /dev/zero | tr '\0' a
	printf '"}\n'"$J1"
} >"$T/huge.jsonl"
bad huge.jsonl 65 "line 2"

step "bad input on standard input"
printf "$GOOD"'c2,208.66.192.999,bad\n' >"$T/stdin.csv"
expect_code 65 dp evidence import --provider McColo - <"$T/stdin.csv"
expect_err "line 3"
unchanged

step "a missing file"
expect_code 66 dp evidence import --provider McColo "$T/no-such.csv"
expect_err "no-such.csv"
unchanged
expect_code 66 dp evidence import --provider McColo "$T"
unchanged
expect_code 66 dp evidence import --provider Nobody seed.csv
expect_err "Nobody"
unchanged

finish
