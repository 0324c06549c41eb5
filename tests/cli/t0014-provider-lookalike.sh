#!/bin/sh
# provider add warns when a new name looks like an existing one: the same
# after Unicode NFC normalisation and case folding, with punctuation and
# spaces ignored and trailing legal-form words (Corp, Inc, Ltd, GmbH, ...)
# dropped.  The provider is still added (exit 0); the warning points to
# 'provider merge'.
. "$(dirname "$0")/lib.sh"

dp init >/dev/null

step "no warning for the first, or for a different name"
expect_code 0 dp provider add "McColo Corp."
expect_err_empty
expect_code 0 dp provider add "McColo Hosting"
expect_err_empty

step "case, punctuation and the legal form"
expect_code 0 dp provider add "MCCOLO CORPORATION"
expect_out "added provider 3 'MCCOLO CORPORATION'"
expect_err "depeer: warning: 'MCCOLO CORPORATION' looks like provider 1 'McColo Corp.'; did you mean it? (use 'provider merge' if they are the same)"
expect_no_err "McColo Hosting"
expect_code 0 dp --json provider add "Mc-Colo, Inc"
json_check "eq(d['name'], 'Mc-Colo, Inc'); eq(sorted(d['warnings']), [
    '\\'Mc-Colo, Inc\\' looks like provider 1 \\'McColo Corp.\\'; did you mean it? (use \\'provider merge\\' if they are the same)',
    '\\'Mc-Colo, Inc\\' looks like provider 3 \\'MCCOLO CORPORATION\\'; did you mean it? (use \\'provider merge\\' if they are the same)'])"
expect_sql "SELECT count(*) FROM providers" 4

step "the same name but for ASCII case is still refused"
db_snap
expect_code 65 dp provider add "Mccolo Corporation"
expect_db_unchanged

step "beyond ASCII: folding, NFC, other scripts"
expect_code 0 dp provider add "Straße Net GmbH"
expect_err_empty
expect_code 0 dp provider add "STRASSE NET"
expect_err "looks like provider 5 'Straße Net GmbH'"
expect_code 0 dp provider add "$(printf 'Caf\303\251 Hosting')"
expect_err_empty
expect_code 0 dp provider add "$(printf 'CAFE\314\201 HOSTING LTD')"
expect_err "looks like provider 7 'Café Hosting'"
expect_code 0 dp provider add "Российский Хостинг"
expect_err_empty
expect_code 0 dp provider add "РОССИЙСКИЙ ХОСТИНГ ООО"
expect_err "looks like provider 9 'Российский Хостинг'"

step "legal forms only at the end; a name of legal forms alone"
expect_code 0 dp provider add "Corp Hosting"
expect_err_empty
expect_code 0 dp provider add "Hosting"
expect_err_empty
expect_code 0 dp provider add "Inc"
expect_err_empty
expect_code 0 dp provider add "INC."
expect_err "looks like provider 13 'Inc'"

step "provider net add does not compare names"
expect_code 0 dp provider net add "McColo Hosting" --asn 26780
expect_err_empty

finish
