#!/bin/sh
# depeer lookup answers the origin from the case's own prefix table of
# the time asked (--at, default now: the latest table taken at or
# before it), printed beside the registries' answers and named as the
# table's, never in their place; no table of that time, no such line.
. "$(dirname "$0")/lib.sh"

fakenet_start || finish
dp init >/dev/null
printf '208.66.192.0\t22\t26780\n' > old.txt
printf '208.66.192.0\t22\t64512\n10.0.0.0\t8\t64500\n' > new.txt
expect_code 0 dp prefixes import old.txt --name rib2008 \
    --date 2008-05-01T00:00:00Z --format pfx2as
expect_code 0 dp prefixes import new.txt --name rib2014 \
    --date 2014-05-13T00:00:00Z --format pfx2as

step "the time asked picks the table; the registries still answer"
expect_code 0 dp lookup 208.66.194.37 --source cymru \
    --at 2008-11-11T21:00:00Z --json
json_check "
eq(d['origin_asns'], [26780])
eq(d['table_origin'], {'table': 'rib2008', 'taken_at': '2008-05-01T00:00:00Z',
                       'prefix': '208.66.192.0/22', 'origins': [26780]})"
expect_code 0 dp lookup 208.66.194.37 --source cymru --json
json_check "
eq(d['origin_asns'], [26780])
eq(d['table_origin']['table'], 'rib2014')
eq(d['table_origin']['origins'], [64512])"

step "text: a line of its own, naming the table"
expect_code 0 dp lookup 208.66.194.37 --source cymru \
    --at 2008-11-11T21:00:00Z
expect_out "origin:      AS26780"
expect_out "in table:    AS26780 (208.66.192.0/22, table 'rib2008' of 2008-05-01T00:00:00Z, not a registry's answer)"

step "no route in the table; no table that early; an AS number"
expect_code 0 dp lookup 208.66.194.37 --source cymru \
    --at 2008-05-01T00:00:00Z
expect_out "in table:    AS26780"
expect_code 0 dp lookup 10.1.2.3 --source cymru --at 2008-06-01T00:00:00Z
expect_out "in table:    no route (table 'rib2008' of 2008-05-01T00:00:00Z, not a registry's answer)"
expect_code 0 dp lookup 208.66.194.37 --source cymru \
    --at 2000-01-01T00:00:00Z --json
json_check "assert 'table_origin' not in d, d"
expect_code 0 dp lookup 208.66.194.37 --source cymru \
    --at 2000-01-01T00:00:00Z
expect_no_out "in table:"

step "--at refused"
expect_code 64 dp lookup 208.66.194.37 --at yesterday
printf '208.66.194.37\n' > q.txt
expect_code 64 dp lookup --bulk q.txt --at 2008-11-11T00:00:00Z

finish
