#!/bin/sh
# depeer event add and timeline: provider events recorded with their
# audit entries, merged in time order with the changes of the provider's
# complaints (read from the complaint records, not copied), each line
# with the record behind it; every bad input refused with its status and
# nothing written; verify holds each event row to its entry (tampering
# with, adding or removing a row is found).
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

TPL=$TOP/tests/fixtures/complaint
DEPEER_NOW=2008-11-11T12:00:00Z
export DEPEER_NOW
fakenet_start || finish
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
dp provider add McColo --asn AS26780 >/dev/null
dp provider add Atrivo --asn AS27595 >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 \
    --observed 2008-11-10T21:23:00Z >/dev/null 2>&1
expect_code 0 dp lookup AS26780 --source whois
SRC=$(sqlq "SELECT max(id) FROM sources")
[ -n "$SRC" ] || fail "the lookup stored no answer"

step "an empty timeline"
expect_code 0 dp timeline McColo
expect_out "provider 'McColo' has no events and no complaint sent yet"

step "events recorded, each with its entry"
expect_code 0 dp event add McColo upstream-lost --at 2008-11-11T21:23:00Z \
    --upstream AS3561 --note "Global Crossing withdrew" --source "$SRC"
expect_out "event 1: upstream-lost at 2008-11-11T21:23:00Z, upstream AS3561, source $SRC: Global Crossing withdrew"
expect_code 0 dp --json event add McColo de-peered --at 2008-11-11T22:00:00Z
json_check 'eq(d["id"], 2); eq(d["kind"], "de-peered");
eq(d["at"], "2008-11-11T22:00:00Z"); eq(d["upstream_asn"], None);
eq(d["created_at"], "2008-11-11T12:00:00Z")'
expect_code 0 dp event add Atrivo note --note "not this provider's timeline" \
    --at 2008-11-11T21:30:00Z
DEPEER_NOW=2008-11-12T08:00:00Z expect_code 0 dp event add McColo offline
expect_out "event 4: offline at 2008-11-12T08:00:00Z"
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'provider.event'" 4
expect_sql "SELECT subject FROM audit_log WHERE seq = (SELECT audit_seq
    FROM provider_events WHERE id = 1)" "event:1"

step "a complaint's changes join the timeline"
expect_code 0 dp complaint draft --provider McColo \
    --to abuse@transit.example --template "$TPL/plain.mustache"
DEPEER_NOW=2008-11-11T20:00:00Z expect_code 0 dp complaint status 1 sent \
    --note "sent from mutt"
DEPEER_NOW=2008-11-12T09:00:00Z expect_code 0 dp complaint status 1 \
    acknowledged --note "ticket 42"
expect_code 0 dp timeline McColo
expect_out "2008-11-11T20:00:00Z  sent            complaint #1 to abuse@transit.example: sent from mutt  [audit "
SEQ1=$(sqlq "SELECT audit_seq FROM provider_events WHERE id = 1")
expect_out "2008-11-11T21:23:00Z  upstream-lost   event 1 (upstream AS3561): Global Crossing withdrew  [audit $SEQ1, source $SRC]"
expect_no_out "not this provider's timeline"
# the order: sent, upstream-lost, de-peered, offline, acknowledged
order=$(awk '{print $2}' "$T/out" | tr '\n' ' ')
[ "$order" = "sent upstream-lost de-peered offline acknowledged " ] ||
    fail "timeline order: $order"
expect_code 0 dp --json timeline McColo
json_check '
eq(d["provider"], "McColo")
eq([e["kind"] for e in d["events"]], ["sent", "upstream-lost", "de-peered",
    "offline", "acknowledged"])
s = d["events"][0]
eq(s["complaint_id"], 1); eq(s["event_id"], None)
eq(s["recipient"], "abuse@transit.example"); eq(s["by"], "hand")
assert s["record"]["audit_seq"] > 0, s
u = d["events"][1]
eq(u["event_id"], 1); eq(u["upstream_asn"], 3561); eq(u["complaint_id"], None)
eq(u["record"]["source_id"], int("'"$SRC"'"))'
expect_code 0 dp event list McColo
expect_out "event 2: de-peered at 2008-11-11T22:00:00Z"
expect_no_out "complaint"
expect_code 0 dp --json event list Atrivo
json_check 'eq(len(d), 1); eq(d[0]["note"], "not this provider'"'"'s timeline")'
expect_code 0 dp verify
expect_out ", 4 events"

step "bad input: a clear message, its status, nothing written"
db_snap
expect_refused 66 "no provider named 'Nope'" event add Nope offline
expect_refused 64 "'bogus' is not an event kind" event add McColo bogus
expect_refused 64 "names no upstream" event add McColo offline --upstream 3561
expect_refused 64 "'--upstream'" event add McColo upstream-lost --upstream ASx
expect_refused 64 "'--at'" event add McColo offline --at yesterday
expect_refused 64 "control character" event add McColo note --note "$(printf 'a\033]0;b\007')"
expect_no_err "$(printf '\033')"
expect_refused 64 "needs --note" event add McColo note
expect_refused 66 "no stored answer (source) 999" event add McColo offline --source 999
expect_refused 64 "'--source'" event add McColo offline --source x
expect_refused 64 "takes a provider and a kind" event add McColo
expect_refused 66 "no provider named 'Nope'" timeline Nope
expect_refused 64 "takes a provider" timeline
expect_code 66 dp --db "$T/none.db" timeline McColo
[ ! -e "$T/none.db" ] || fail "timeline created a database"

step "a retired provider takes no more events"
expect_code 0 dp provider retire Atrivo --reason "closed"
db_snap
expect_refused 65 "retired" event add Atrivo offline
expect_code 0 dp timeline Atrivo
expect_out "not this provider's timeline"

step "verify holds each event to its entry"
tamper_base
tamper "UPDATE provider_events SET at = at + 60 WHERE id = 1"
detected "provider event 1 is not what audit entry"
tamper "UPDATE provider_events SET kind = 'back-online' WHERE id = 2"
detected "provider event 2 is not what audit entry"
tamper "UPDATE provider_events SET upstream_asn = 174 WHERE id = 1"
detected "provider event 1 is not what audit entry"
tamper "INSERT INTO provider_events (provider_id, kind, at, created_at,
    audit_seq) VALUES (1, 'rehomed', 1, 1, 1)"
detected "provider event 5 has no provider.event entry"
tamper "DELETE FROM provider_events WHERE id = 4"
detected "provider event 4, recorded by audit entry"
finish
