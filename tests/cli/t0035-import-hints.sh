#!/bin/sh
# Inputs that are not the CSV depeer reads get a message naming the likely
# cause (UTF-16, ';' or tab separators, spaces after commas), and a dry run
# lists every bad line, up to IMPORT_MAX_PROBLEMS (100), then counts the rest.
. "$(dirname "$0")/lib.sh"

dp provider add McColo >/dev/null
db_snap

# hint FILE TEXT...: the import and the dry run of FILE fail with exit 65,
# every TEXT in the message, and nothing stored.
hint() {
	_f=$1
	shift
	for _dry in "" --dry-run; do
		# shellcheck disable=SC2086
		expect_code 65 dp evidence import $_dry --provider McColo "$_f"
		for _p in "$@"; do
			expect_err "$_p"
		done
	done
	expect_db_unchanged
}

step "UTF-16 with a byte order mark"
printf '\377\376k\000i\000n\000d\000,\000i\000n\000d\000i\000c\000a\000t\000o\000r\000\n\000c\0002\000,\0001\000.\0002\000.\0003\000.\0004\000\n\000' >"$T/le.csv"
hint le.csv "looks like UTF-16" "FF FE" "save it as UTF-8"
printf '\376\377\000k\000i\000n\000d\000,\000i\000n\000d\000i\000c\000a\000t\000o\000r\000\n' >"$T/be.csv"
hint be.csv "looks like UTF-16" "FE FF" "save it as UTF-8"

step "UTF-16 without a byte order mark (NUL bytes between characters)"
printf 'k\000i\000n\000d\000,\000i\000n\000d\000i\000c\000a\000t\000o\000r\000\n\000c\0002\000,\0001\000.\0002\000.\0003\000.\0004\000\n\000' >"$T/nobom.csv"
hint nobom.csv "looks like UTF-16" "NUL bytes between the characters" "save it as UTF-8"
printf '\000k\000i\000n\000d\000,\000i\000n\000d\000i\000c\000a\000t\000o\000r\000\n' >"$T/nobombe.csv"
hint nobombe.csv "looks like UTF-16" "save it as UTF-8"
# JSON Lines in UTF-16 as well.
printf '{\000"\000k\000"\000:\000"\000c\0002\000"\000}\000\n\000' >"$T/u16.jsonl"
hint u16.jsonl "looks like UTF-16"

step "semicolons or tabs instead of commas"
printf 'kind;indicator;note\nc2;208.66.192.1;x\n' >"$T/semi.csv"
hint semi.csv "line 1" "separated by ';'" "depeer reads comma-separated CSV (RFC 4180)"
printf 'kind\tindicator\nc2\t208.66.192.1\n' >"$T/tab.csv"
hint tab.csv "line 1" "separated by tabs" "RFC 4180"
# A single column with a ';' inside is not taken for a separator when the
# header has commas.
printf 'kind,indicator,note\nc2,208.66.192.1,a;b\n' >"$T/ok.csv"
expect_code 0 dp evidence import --dry-run --provider McColo ok.csv

step "spaces after commas"
printf 'kind, indicator\nc2, 208.66.192.1\n' >"$T/space.csv"
hint space.csv "line 2" "header field ' indicator' starts with a space: remove spaces after commas"
# With a clean header the row's own field is named.
printf 'kind,indicator\n c2,208.66.192.1\n' >"$T/space2.csv"
hint space2.csv "line 2" "field 'kind' starts with a space: remove spaces after commas"
# Spaces around header names alone are still read.
printf 'kind, indicator\nc2,208.66.192.1\n' >"$T/hdr.csv"
expect_code 0 dp evidence import --dry-run --provider McColo hdr.csv
expect_out "1 valid"

step "a dry run lists every bad line"
printf 'kind,indicator,observed_at\nc9,208.66.192.1,\nc2,208.66.192.2,\nc2,208.66.192.999,\nc2,208.66.192.3,yesterday\nc2,208.66.192.4\nc2,208.66.192.5,\nscan,not a domain,\n' >"$T/bad.csv"
expect_code 65 dp evidence import --dry-run --provider McColo bad.csv
for l in 2 4 5 6 8; do
	expect_err "'bad.csv': line $l: "
done
expect_no_err "line 3"
expect_no_err "line 7"
expect_err "5 bad lines"
expect_out_empty
expect_db_unchanged
# Without --dry-run the first bad line stops the import.
expect_code 65 dp evidence import --provider McColo bad.csv
expect_err "line 2"
expect_no_err "line 4"
expect_db_unchanged
# JSON Lines: bad JSON, unknown fields and bad values alike.
printf '{"kind":"c2","indicator":"208.66.192.1"}\n{"kind":\n{"kind":"c2","colour":"red"}\n{"kind":"c2","indicator":"1.2.3.999"}\n{"kind":"c2","indicator":"208.66.192.6"}\n' >"$T/bad.jsonl"
expect_code 65 dp evidence import --dry-run --provider McColo bad.jsonl
for l in 2 3 4; do
	expect_err "'bad.jsonl': line $l: "
done
expect_no_err "line 5"
expect_err "3 bad lines"
# A CSV syntax error ends the list: the rest cannot be read.
printf 'kind,indicator\nc9,208.66.192.1\nc2,"208.66.192.2"x\nc9,208.66.192.3\n' >"$T/syntax.csv"
expect_code 65 dp evidence import --dry-run --provider McColo syntax.csv
expect_err "line 2: "
expect_err "line 3: text after the closing quote"
expect_err "were not checked"
expect_no_err "line 4"
expect_db_unchanged

step "the list stops at 100 and counts the rest"
awk 'BEGIN { print "kind,indicator"; for (i = 0; i < 250; i++) print "c9,208.66.195." i % 250 }' >"$T/many.csv"
expect_code 65 dp evidence import --dry-run --provider McColo many.csv
N=$(grep -c "^depeer: 'many.csv': line " "$T/err")
[ "$N" = 100 ] || fail "$N bad lines listed, expected 100"
expect_err "line 101: "
expect_no_err "line 102: "
expect_err "... and 150 more bad lines"
expect_err "250 bad lines"
expect_db_unchanged

finish
