#!/bin/sh
# exitcodes.sh - check that src/exitcodes.h and the EXIT STATUS section of
# man/depeer.1 agree: every DP_EX_* value is documented there by an
# ".It <number>" item, and every number documented there is a DP_EX_*
# value.  Run by "make check" from the top of the tree; prints what
# differs and exits 1, or exits 0 silently.
set -eu
hdr=${1:-src/exitcodes.h}
man=${2:-man/depeer.1}

# "#define DP_EX_NAME NUMBER ..." -> "NUMBER NAME", one a line.
pairs=$(awk '$1 == "#define" && $2 ~ /^DP_EX_/ && $3 ~ /^[0-9]+$/ {
	print $3, $2
}' "$hdr")
defined=$(echo "$pairs" | awk 'NF { print $1 }' | sort -n -u)
# A value this script cannot read must not pass unseen.
odd=$(awk '$1 == "#define" && $2 ~ /^DP_EX_/ && $3 !~ /^[0-9]+$/ {
	print $2
}' "$hdr")
if [ -n "$odd" ]; then
	echo "exitcodes: not a plain number in $hdr:" $odd >&2
	exit 1
fi
# The ".It NUMBER" items between ".Sh EXIT STATUS" and the next ".Sh".
documented=$(awk '
	/^\.Sh / { in_sec = ($0 == ".Sh EXIT STATUS"); next }
	in_sec && $1 == ".It" && $2 ~ /^[0-9]+$/ && NF == 2 { print $2 }
' "$man" | sort -n -u)

if [ -z "$defined" ]; then
	echo "exitcodes: no DP_EX_* values found in $hdr" >&2
	exit 1
fi
if [ -z "$documented" ]; then
	echo "exitcodes: no EXIT STATUS items found in $man" >&2
	exit 1
fi
status=0
for n in $defined; do
	echo "$documented" | grep -qx "$n" && continue
	name=$(echo "$pairs" | awk -v n="$n" '$1 == n { print $2; exit }')
	echo "exitcodes: $name ($n) is defined in $hdr but not documented" \
	    "in the EXIT STATUS of $man" >&2
	status=1
done
for n in $documented; do
	echo "$defined" | grep -qx "$n" && continue
	echo "exitcodes: exit status $n is documented in $man but is no" \
	    "DP_EX_* value of $hdr" >&2
	status=1
done
exit $status
