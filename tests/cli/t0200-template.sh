#!/bin/sh
# depeer template render|list|show: exact bytes out (no newline added),
# HTML escaping by flag and by .html.mustache, strict mode's errors with
# template, line and name (exit 65), optional names inside a section,
# partials from the user folder and --partials, a partial loop, the
# output cap, malformed and missing --data, unknown templates, a user
# file overriding a built-in, metadata errors, list and show.  The
# tests use templates of their own; a built-in is picked from "list".
. "$(dirname "$0")/lib.sh"

TPL=$XDG_CONFIG_HOME/depeer/templates
mkdir -p "$TPL" "$T/p"

# expect_bytes FILE PRINTF-FORMAT [ARGS]: stdout is exactly those bytes.
expect_bytes() {
	CHECKS=$((CHECKS + 1))
	_f=$1
	shift
	# shellcheck disable=SC2059
	printf "$@" >"$T/want"
	if ! cmp -s "$T/want" "$_f"; then
		fail "output differs from the expected bytes (after: ${LASTCMD:-?})"
		od -c "$_f" | head -n 8 | sed 's/^/    got  | /' >&2
		od -c "$T/want" | head -n 8 | sed 's/^/    want | /' >&2
	fi
}

printf '{"provider":{"name":"Bad & <Co>","as":26780},"items":["a","b"],
"note":null,"n":1.5}' >"$T/d.json"

step "render: exact bytes, no newline added"
printf 'Hello {{provider.name}} AS{{provider.as}} {{n}}' >"$T/hello.mustache"
expect_code 0 dp template render "$T/hello.mustache" --data "$T/d.json"
expect_bytes "$T/out" 'Hello Bad & <Co> AS26780 1.5'
expect_err_empty
# a list, standalone lines dropped, the trailing newline kept as written
printf '{{#items}}\n- {{.}}\n{{/items}}\nend\n' >"$TPL/list.mustache"
expect_code 0 dp template render list --data "$T/d.json"
expect_bytes "$T/out" -- '- a\n- b\nend\n'
# --data - reads standard input
run sh -c "printf '{\"items\":[\"x\"]}' | \"\$DEPEER\" template render list --data -"
CHECKS=$((CHECKS + 1))
[ "$RC" -eq 0 ] || fail "render --data - exited $RC"
expect_bytes "$T/out" -- '- x\nend\n'
# CR LF lines survive as they are
printf 'a\r\n{{#items}}\r\n{{.}}\r\n{{/items}}\r\nz' >"$T/crlf.mustache"
expect_code 0 dp template render "$T/crlf.mustache" --data "$T/d.json"
expect_bytes "$T/out" 'a\r\na\r\nb\r\nz'

step "render --json"
expect_code 0 dp template render "$T/hello.mustache" --data "$T/d.json" --json
json_check "eq(d['name'], 'hello'); eq(d['html'], False); \
eq(d['output'], 'Hello Bad & <Co> AS26780 1.5'); eq(d['subject'], None)"

step "HTML escaping: --html and .html.mustache"
expect_code 0 dp template render "$T/hello.mustache" --data "$T/d.json" --html
expect_bytes "$T/out" 'Hello Bad &amp; &lt;Co&gt; AS26780 1.5'
printf '<p>{{provider.name}}|{{{provider.name}}}</p>' >"$TPL/page.html.mustache"
expect_code 0 dp template render page --data "$T/d.json"
expect_bytes "$T/out" '<p>Bad &amp; &lt;Co&gt;|Bad & <Co></p>'

step "strict: a missing variable names template, line and name"
printf 'one\ntwo {{provider.name}}\nthree {{provider.abuse}}\n' \
    >"$TPL/strict.mustache"
expect_code 65 dp template render strict --data "$T/d.json"
expect_err "depeer: template 'strict' line 3: no value for 'provider.abuse'"
expect_out_empty
# null counts as missing
printf 'x {{note}}' >"$TPL/null.mustache"
expect_code 65 dp template render null --data "$T/d.json"
expect_err "depeer: template 'null' line 1: no value for 'note'"

step "strict: optional inside a section of the same name"
printf '[{{#note}}Note: {{note}}{{/note}}]' >"$TPL/opt.mustache"
expect_code 0 dp template render opt --data "$T/d.json"
expect_bytes "$T/out" '[]'
printf '{"note":"seen"}' >"$T/note.json"
expect_code 0 dp template render opt --data "$T/note.json"
expect_bytes "$T/out" '[Note: seen]'

step "partials: the user folder, and --partials DIR only"
printf '{{>sig}}' >"$TPL/withsig.mustache"
printf -- '-- \nuser sig\n' >"$TPL/sig.mustache"
expect_code 0 dp template render withsig --data "$T/d.json"
expect_bytes "$T/out" -- '-- \nuser sig\n'
printf 'dir sig' >"$T/p/sig.mustache"
expect_code 0 dp template render withsig --data "$T/d.json" --partials "$T/p"
expect_bytes "$T/out" 'dir sig'
rm "$T/p/sig.mustache"
expect_code 65 dp template render withsig --data "$T/d.json" --partials "$T/p"
expect_err "depeer: template 'withsig' line 1: no partial 'sig'"
expect_code 66 dp template render withsig --data "$T/d.json" \
    --partials "$T/nonexistent"
expect_err "--partials: '$T/nonexistent' is not a folder"

step "a partial loop ends with a clear error"
printf 'A{{>loop-b}}' >"$TPL/loop-a.mustache"
printf 'B{{>loop-a}}' >"$TPL/loop-b.mustache"
expect_code 65 dp template render loop-a --data "$T/d.json"
expect_err "partials nested deeper than 32 ('loop-a' > 'loop-b' > 'loop-a'"
expect_out_empty

step "the output cap (16 MiB)"
# 2^25 bytes from a list of 2^10 items through a partial of 2^15 bytes
python3 -c "import json; print(json.dumps({'l': list(range(1024))}))" \
    >"$T/many.json"
python3 -c "import sys; sys.stdout.write('x' * 32768)" >"$TPL/block.mustache"
printf '{{#l}}{{>block}}{{/l}}' >"$TPL/big.mustache"
expect_code 65 dp template render big --data "$T/many.json"
expect_err "depeer: template 'big': the output would be larger than 16777216 bytes"
expect_out_empty
# half of it is fine
python3 -c "import json; print(json.dumps({'l': list(range(512))}))" \
    >"$T/half.json"
expect_code 0 dp template render big --data "$T/half.json"
CHECKS=$((CHECKS + 1))
[ "$(wc -c <"$T/out")" -eq 16777216 ] || fail "16 MiB not written whole"

step "bad --data"
printf '{"a": 1,\n "b": }' >"$T/bad.json"
expect_code 65 dp template render list --data "$T/bad.json"
expect_err "depeer: '$T/bad.json': bad JSON at line 2 column"
printf '{"a": 1, "a": 2}' >"$T/dup.json"
expect_code 65 dp template render list --data "$T/dup.json"
expect_err "duplicate object key"
expect_code 66 dp template render list --data "$T/nonexistent.json"
expect_err "cannot open '$T/nonexistent.json'"
expect_code 66 dp template render list --data "$T"
expect_code 64 dp template render list
expect_err "needs --data FILE"
expect_code 64 dp template render --data "$T/d.json"
expect_code 64 dp template render a b --data "$T/d.json"

step "unknown templates"
expect_code 66 dp template render no-such --data "$T/d.json"
expect_err "depeer: no template 'no-such' (built-in: "
expect_err "user folder: $TPL)"
expect_code 66 dp template render "$T/none.mustache" --data "$T/d.json"
expect_code 64 dp template render 'Bad_Name' --data "$T/d.json"
expect_err "'Bad_Name' is not a template name"

step "metadata errors name the file and line"
printf '{{!\nsubject: s\ncolour: red\n}}\nbody\n' >"$TPL/meta.mustache"
expect_code 65 dp template render meta --data "$T/d.json"
expect_err "depeer: template 'meta' line 3: unknown metadata key 'colour'"
printf '{{!\ndue-days: 400\n}}\nbody\n' >"$TPL/meta.mustache"
expect_code 65 dp template show meta
expect_err "template 'meta' line 2: 'due-days': '400' is not a whole number from 0 to 365"
printf '{{!\nsubject: s\n' >"$TPL/meta.mustache"
expect_code 65 dp template render meta --data "$T/d.json"
expect_err "the metadata block is not ended by a line '}}'"
# list still lists it, with a warning
expect_code 0 dp template list
expect_out_re '^meta +text +- +.*meta\.mustache +\(broken: see the warning\)$'
expect_err "depeer: warning: template 'meta' line 1: the metadata block"
rm "$TPL/meta.mustache"

step "a syntax error in the body: the file's line"
printf '{{!\nsummary: s\n}}\nline 4\n{{#open}}\n' >"$TPL/syn.mustache"
expect_code 65 dp template render syn --data "$T/d.json"
expect_err "depeer: template 'syn' line 5: section 'open' is not closed"
rm "$TPL/syn.mustache"

step "a user file overrides a built-in"
expect_code 0 dp template list --json
B=$(json_get "[e['name'] for e in d if e['origin'] == 'built-in'][0]")
CHECKS=$((CHECKS + 1))
[ -n "$B" ] || fail "no built-in template to override"
printf '{{!\nsubject: mine\ndue-days: 2\nsummary: my own\n}}\nmine\n' \
    >"$TPL/$B.mustache"
expect_code 0 dp template render "$B" --data "$T/d.json"
expect_bytes "$T/out" 'mine\n'
expect_code 0 dp template list --json
json_check "e = [x for x in d if x['name'] == '$B'][0]; \
eq(e['origin'], '$TPL/$B.mustache'); eq(e['overrides_builtin'], True); \
eq(e['due_days'], 2); eq(e['summary'], 'my own')"
expect_code 0 dp template list
expect_out_re "^$B +text +2 +$TPL/$B\\.mustache +my own\$"
rm "$TPL/$B.mustache"
expect_code 0 dp template list --json
json_check "e = [x for x in d if x['name'] == '$B'][0]; \
eq(e['origin'], 'built-in'); eq(e['overrides_builtin'], False)"

step "show: metadata, the names used, the text"
printf '{{!\nsubject: About {{provider.name}}\ndue-days: 5\naudience: desks\n}}\n{{#items}}{{.}}{{/items}}{{#note}}{{note}}{{/note}}{{>sig}}\n' \
    >"$TPL/shown.mustache"
expect_code 0 dp template show shown
expect_out_re '^subject: +About \{\{provider\.name\}\}$'
expect_out_re '^due-days: +5$'
expect_out_re '^partials: +sig$'
expect_out_re '^provider\.name +value +2 +-$'
expect_out_re '^items +section +6 +-$'
expect_out_re '^\. +value +6 +items$'
expect_out_re '^note +value \(optional\) +6 +note$'
expect_out '{{#items}}{{.}}{{/items}}'
expect_code 0 dp template show shown --json
json_check "eq(d['due_days'], 5); eq(d['audience'], 'desks'); \
eq(d['partials'], ['sig']); \
v = {(x['name'], x['within']): x for x in d['variables']}; \
eq(v[('provider.name', '')]['optional'], False); \
eq(v[('note', 'note')]['optional'], True); \
eq(v[('items', '')]['use'], ['section']); \
eq(d['text'], open('$TPL/shown.mustache').read())"
# render --json renders the subject too
expect_code 0 dp template render shown --data "$T/d.json" --json
json_check "eq(d['subject'], 'About Bad & <Co>')"
expect_code 64 dp template show
expect_code 66 dp template show no-such

step "no database is touched"
CHECKS=$((CHECKS + 1))
[ ! -e "$DB" ] || fail "a template command created '$DB'"

finish
