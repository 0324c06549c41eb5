#!/bin/sh
# manlint.sh - lint the manual pages man/*.1 with mandoc -Tlint (run from
# the top of the tree; CI runs it, "make deps" installs mandoc and man-db).
#
# It fails on messages of level WARNING and worse (-W warning): those are
# markup mistakes a reader sees (a broken list, sections out of order, a
# macro with missing arguments).  STYLE messages are not failed on, since
# here they are mostly noise that depends on the machine: every .Xr to
# another depeer page is "not found" until the pages are installed and
# indexed, the system's mandoc.db may be "outdated", and .Os names depeer
# on purpose.  The cross-references between our own pages are checked
# below instead.
#
# It also checks what mandoc does not:
#   - every page opens with "man -l man/<page>" from the tree, without a
#     message: a page documented in another (depeer-rdap(1) is in
#     depeer-contacts(1)) is a symbolic link to it, never a ".so" line,
#     which only resolves inside an installed tree; the page linked to
#     names the alias in its NAME section;
#   - .Lk opens its own line: called from inside another macro's line
#     (".Pq Lk URL , No ...") it takes the rest of the line as the link's
#     text and garbles the sentence;
#   - no block macro is glued to the end of a sentence ("... defines
#     it..It Ev NAME"): mandoc reads it as text, and the list loses the
#     entry without a message.
# The schema version in examples, the ranking of contact roles, the
# synopses and the exit statuses are held to the code by
# tests/cli/t0062-docs.sh, which needs the binary.
set -eu
status=0
out=$(mktemp)
# A macro line that calls .Lk after its first word.
lk_inside='^\.[A-Z][a-z]+([[:space:]]+[^[:space:]]+)*[[:space:]]+Lk([[:space:]]|$)'
# A sentence run into a block macro on one line.
glued='\.\.(It|Pp|Sh|Ss|Bl|El|Bd|Ed)([[:space:]]|$)'
trap 'rm -f "$out"' EXIT
for page in man/*.1; do
	if [ -L "$page" ]; then
		target=$(readlink "$page")
		alias=$(basename "$page" .1)
		case $target in
		*/*)
			echo "manlint: $page: links to '$target'; link to a" \
			    "page of man/ by its name alone" >&2
			status=1
			;;
		*)
			if [ ! -f "man/$target" ] || [ -L "man/$target" ]; then
				echo "manlint: $page: links to '$target'," \
				    "not a page of man/" >&2
				status=1
			elif ! sed -n '/^\.Sh NAME/,/^\.Sh /p' "man/$target" |
			    grep -q "^\.Nm $alias\( ,\)\{0,1\}\$"; then
				echo "manlint: $page: man/$target does not" \
				    "name $alias in its NAME section" >&2
				status=1
			fi
			;;
		esac
		continue
	fi
	if [ "$(sed -n '1s/^\(\.so\) .*/\1/p' "$page")" = .so ]; then
		echo "manlint: $page: a .so page does not open with 'man -l'" \
		    "from the tree; make it a symbolic link to the page" \
		    "(ln -s depeer-<page>.1 $page)" >&2
		status=1
		continue
	fi
	if ! mandoc -Tlint -W warning "$page" >"$out" 2>&1; then
		status=1
	fi
	grep -v 'outdated mandoc.db' "$out" >&2 || :
	if grep -nE "$lk_inside" "$page" >"$out"; then
		sed "s|^|manlint: $page:|; s|\$| (.Lk must open its own line)|" \
		    "$out" >&2
		status=1
	fi
	if grep -nE "$glued" "$page" >"$out"; then
		sed "s|^|manlint: $page:|; s|\$| (a macro glued to a sentence)|" \
		    "$out" >&2
		status=1
	fi
done
# Each page opens from the tree as a reader would open it.
if command -v man >/dev/null 2>&1; then
	for page in man/*.1; do
		if ! MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$page" \
		    2>"$out" >/dev/null || [ -s "$out" ]; then
			echo "manlint: man -l $page:" >&2
			sed 's/^/    /' "$out" >&2
			status=1
		fi
	done
else
	echo "manlint: man(1) missing, 'man -l' not tried (make deps)" >&2
	status=1
fi
# Each ".Xr depeer... N" names a page in man/.
for ref in $(grep -oh 'Xr depeer[a-z-]* [0-9]' man/*.1 |
    sed 's/^Xr \(.*\) \(.*\)$/\1.\2/' | sort -u); do
	if [ ! -f "man/$ref" ]; then
		echo "manlint: .Xr to a page that does not exist: man/$ref" >&2
		status=1
	fi
done
[ $status -eq 0 ] && echo "manlint: man/*.1 clean"
exit $status
