#!/bin/sh
# manlint.sh - lint the manual pages man/*.1 with mandoc -Tlint (run from
# the top of the tree; CI runs it, "make deps" installs mandoc).
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
# A page that is only a ".so man1/<page>" line is an alias (depeer-rdap(1)
# is documented in depeer-contacts(1)); mandoc calls .so fragile and cannot
# resolve it outside an installed tree, so for such a page the check is
# that the target exists here.
set -eu
status=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for page in man/*.1; do
	first=$(sed -n '1p' "$page")
	case $first in
	".so man1/"*)
		if [ "$(wc -l < "$page")" -ne 1 ]; then
			echo "manlint: $page: a .so alias must be the" \
			    "page's only line" >&2
			status=1
		elif [ ! -f "man/${first#.so man1/}" ]; then
			echo "manlint: $page: no such page: ${first#.so }" >&2
			status=1
		fi
		continue
		;;
	esac
	if ! mandoc -Tlint -W warning "$page" >"$out" 2>&1; then
		status=1
	fi
	grep -v 'outdated mandoc.db' "$out" >&2 || :
done
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
