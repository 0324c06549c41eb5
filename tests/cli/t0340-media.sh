#!/bin/sh
# depeer media add|list|rm: the journalists and colleagues who follow a
# case, each added and removed with its audit entry; a removed contact
# keeps its row; every bad input refused with its status and nothing
# written; verify holds each row to its entries (a changed address, an
# added row, a removal undone or forged, a deleted row are found).
TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
. "$(dirname "$0")/lib.sh"

DEPEER_NOW=2008-11-12T10:00:00Z
export DEPEER_NOW
dp provider add McColo --asn AS26780 >/dev/null
dp provider add Atrivo --asn AS27595 >/dev/null

step "contacts added, each with its entry"
expect_code 0 dp media add "Brian Krebs" krebs@example.org \
    --outlet "The Washington Post" --provider McColo --note "broke the story"
expect_out "media contact 1: Brian Krebs <krebs@example.org> (The Washington Post), for McColo"
expect_code 0 dp --json media add "Doe, Jane" jane@Bücher.example
json_check 'eq(d["id"], 2); eq(d["name"], "Doe, Jane");
eq(d["addr"], "jane@xn--bcher-kva.example"); eq(d["provider"], None);
eq(d["provider_id"], None); eq(d["outlet"], None);
eq(d["created_at"], "2008-11-12T10:00:00Z"); eq(d["removed_at"], None)'
expect_code 0 dp media add "Desk" desk@news.example --provider Atrivo
# the same address for another case is another contact
expect_code 0 dp media add "Brian Krebs" krebs@example.org --provider Atrivo
expect_sql "SELECT count(*) FROM audit_log WHERE action = 'media.add'" 4
expect_sql "SELECT subject FROM audit_log WHERE seq = (SELECT audit_seq
    FROM media_contacts WHERE id = 2)" "media:2"

step "listed per case"
expect_code 0 dp media list
expect_out "1   Brian Krebs  krebs@example.org"
expect_out '2   Doe, Jane    jane@xn--bcher-kva.example  -                    (every case)  2008-11-12'
expect_code 0 dp --json media list --provider McColo
json_check 'eq([c["id"] for c in d], [1, 2])'
expect_code 0 dp --json media list --provider Atrivo
json_check 'eq([c["id"] for c in d], [2, 3, 4])'

step "a name that must be quoted in a header"
expect_code 0 dp media list --provider McColo
expect_code 0 dp media rm 2 --note "left the beat"
expect_out 'removed media contact 2: "Doe, Jane" <jane@xn--bcher-kva.example>, for every case'

step "a removed contact stays, marked, and is listed with --all"
expect_code 0 dp --json media list
json_check 'eq([c["id"] for c in d], [1, 3, 4])'
DEPEER_NOW=2008-11-13T00:00:00Z expect_code 0 dp --json media list --all
json_check 'eq([c["id"] for c in d], [1, 2, 3, 4])
eq(d[1]["removed_at"], "2008-11-12T10:00:00Z")'
expect_code 0 dp media list --all
expect_out "REMOVED"
expect_sql "SELECT json_extract(payload, '\$.note') FROM audit_log
    WHERE action = 'media.rm'" "left the beat"
# removed, the address may be added again as a new contact
expect_code 0 dp media add "Jane Doe" jane@xn--bcher-kva.example
expect_out "media contact 5:"
expect_code 0 dp verify
# live ones: 1, 3, 4 and 5
expect_out ", 4 media contacts"

step "an update sent to a contact is on the timeline, not in the desks' figures"
dp config set from 'Ann Analyst <ann@cert.example>' >/dev/null
dp evidence add --provider McColo --kind c2 --indicator 208.66.194.22 \
    --observed 2008-11-10T21:23:00Z >/dev/null 2>&1
expect_code 0 dp complaint draft --provider McColo --to krebs@example.org \
    --template media-update
expect_code 0 dp complaint draft --provider McColo --to abuse@gblx.example
DEPEER_NOW=2008-11-12T11:00:00Z expect_code 0 dp complaint status 1 sent \
    --note "sent from mutt"
DEPEER_NOW=2008-11-12T11:05:00Z expect_code 0 dp complaint status 2 sent \
    --note "sent from mutt"
expect_code 0 dp timeline McColo
expect_out "2008-11-12T11:00:00Z  media-update    status update #1 sent to krebs@example.org (The Washington Post): sent from mutt"
expect_out "2008-11-12T11:05:00Z  sent            complaint #2 to abuse@gblx.example"
expect_code 0 dp --json timeline McColo
json_check 'eq(d["events"][0]["kind"], "media-update")
eq(d["events"][0]["outlet"], "The Washington Post")
eq(d["events"][1]["outlet"], None)'
expect_code 0 dp --json stats upstreams
json_check 'eq([r["address"] for r in d], ["abuse@gblx.example"])'

step "bad input: a clear message, its status, nothing written"
db_snap
expect_refused 65 "KREBS@example.org is already a media contact of this provider" \
    media add "B. Krebs" KREBS@example.org --provider McColo
expect_refused 65 "already a media contact of every case" \
    media add "J" jane@xn--bcher-kva.example
expect_refused 64 "not allowed in a name" media add 'Eve <eve@x.example>' e@x.example
expect_refused 64 "control character" media add "$(printf 'a\033[2Jb')" a@x.example
expect_no_err "$(printf '\033')"
expect_refused 64 "invalid address 'nobody'" media add Nobody nobody
expect_refused 64 "needs a name" media add "" a@x.example
expect_refused 64 "takes a name and an address" media add OnlyName
expect_refused 66 "no provider named 'Nope'" media add A a@x.example --provider Nope
expect_refused 64 "outlet" media add A a@x.example --outlet "$(printf 'x\ny')"
expect_refused 66 "no media contact 99" media rm 99
expect_refused 65 "was already removed" media rm 2
expect_refused 64 "media contact id" media rm x
expect_refused 66 "no provider named 'Nope'" media list --provider Nope
expect_code 66 dp --db "$T/none.db" media list
[ ! -e "$T/none.db" ] || fail "media list created a database"

step "a retired provider's case takes no new contacts"
expect_code 0 dp provider retire Atrivo --reason "closed"
db_snap
expect_refused 65 "retired" media add C c@x.example --provider Atrivo
expect_code 0 dp media rm 3

step "verify holds each contact to its entries"
tamper_base
tamper "UPDATE media_contacts SET addr = 'x@evil.example' WHERE id = 1"
detected "media contact 1 is not what audit entry"
tamper "UPDATE media_contacts SET outlet = NULL WHERE id = 1"
detected "media contact 1 is not what audit entry"
tamper "UPDATE media_contacts SET removed_at = NULL, removed_seq = NULL
    WHERE id = 3"
detected "media contact 3 is live, but audit entry"
tamper "UPDATE media_contacts SET removed_at = 5, removed_seq = 1
    WHERE id = 4"
detected "media contact 4 is marked removed, but no media.rm entry"
tamper "UPDATE media_contacts SET removed_at = removed_at + 1 WHERE id = 2"
detected "media contact 2's removal is not what audit entry"
tamper "INSERT INTO media_contacts (name, addr, created_at, audit_seq)
    VALUES ('Mallory', 'm@x.example', 1, 1)"
detected "media contact 6 has no media.add entry"
tamper "DELETE FROM media_contacts WHERE id = 4"
detected "media contact 4, recorded by audit entry"
finish
