/*
 * complaint_store.c - the complaints of a case: each change with its
 * audit entry, reading them back, exporting a message, staleness.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "audit_entry.h"
#include "clock.h"
#include "complaint.h"
#include "complaint_store.h"
#include "db.h"
#include "exitcodes.h"
#include "hash.h"
#include "outfile.h"
#include "provider.h"
#include "validate.h"

static void
hash_message(struct complaint *c, const void *msg, size_t len)
{
	unsigned char d[SHA256_LEN];

	sha256_buf(msg, len, d);
	sha256_hex(d, c->sha256);
	c->size = (int64_t)len;
}

/* What every stored complaint must have, whatever built it. */
static int
check_complaint(const struct complaint *c, struct dp_err *err)
{
	if (c->provider_id <= 0 || c->tmpl == NULL || *c->tmpl == '\0' ||
	    c->from_addr == NULL || c->subject == NULL ||
	    c->message_id == NULL || *c->message_id == '\0')
		return dp_fail(err, DP_EX_SOFTWARE, "complaint: a field is "
		    "missing");
	if (c->nto == 0)
		return dp_fail(err, DP_EX_DATAERR, "a complaint needs a "
		    "recipient");
	return 0;
}

static int
record(struct db *db, const char *action, struct complaint *c, int64_t at,
    int64_t want_seq, struct dp_err *err)
{
	char subject[64];
	int64_t got;
	int rc;

	snprintf(subject, sizeof(subject), "complaint:%lld",
	    (long long)c->id);
	if ((rc = audit_record(db, action, subject, at, complaint_claim(c),
	    &got, err)) != 0)
		return rc;
	if (want_seq != 0 && got != want_seq)
		die("audit sequence moved inside a transaction");
	return 0;
}

int
complaint_store_draft(struct db *db, struct complaint *c, const void *msg,
    size_t len, struct dp_err *err)
{
	int rc;

	if ((rc = check_complaint(c, err)) != 0)
		return rc;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if (c->id == 0 && (rc = db_complaint_next_id(db, &c->id, err)) != 0)
		goto fail;
	if (c->created_at == 0)
		c->created_at = clock_now();
	if (c->updated_at == 0)
		c->updated_at = c->created_at;
	free(c->state);
	c->state = xstrdup("draft");
	c->version = 1;
	hash_message(c, msg, len);
	if ((rc = db_audit_next_seq(db, &c->audit_seq, err)) != 0 ||
	    (rc = db_complaint_add(db, c, msg, len, err)) != 0 ||
	    (rc = record(db, AUDIT_COMPLAINT_DRAFT, c, c->updated_at,
	    c->audit_seq, err)) != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		return rc;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

static void
strv_set(char ***v, size_t *n, char *const *src, size_t nsrc)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = xcalloc(nsrc + 1, sizeof(**v));
	for (i = 0; i < nsrc; i++)
		(*v)[i] = xstrdup(src[i]);
	*n = nsrc;
}

int
complaint_store_version(struct db *db, int64_t id, const void *msg,
    size_t len, const struct complaint_hdrs *h, int *changed,
    struct complaint *out, struct dp_err *err)
{
	void *old = NULL;
	size_t oldlen;
	int rc;

	*changed = 0;
	complaint_init(out);
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_complaint_get(db, id, out, err)) != 0)
		goto fail;
	if (!complaint_state_editable(out->state)) {
		rc = dp_fail(err, DP_EX_DATAERR, "complaint %lld is %s: only "
		    "a draft or a queued complaint can be edited",
		    (long long)id, out->state);
		goto fail;
	}
	if ((rc = db_complaint_message(db, id, out->version, &old, &oldlen,
	    NULL, err)) != 0)
		goto fail;
	if (oldlen == len && memcmp(old, msg, len) == 0) {
		free(old);
		db_rollback(db);
		return 0;
	}
	free(old);
	if (h->message_id == NULL || strcmp(h->message_id,
	    out->message_id) != 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "the Message-ID must stay "
		    "<%s>: it is how the answers are matched to complaint "
		    "%lld", out->message_id, (long long)id);
		goto fail;
	}
	if (h->nto == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "the message has no "
		    "recipient in To:");
		goto fail;
	}
	free(out->from_addr);
	out->from_addr = xstrdup(h->from_addr);
	free(out->subject);
	out->subject = xstrdup(h->subject);
	strv_set(&out->to, &out->nto, h->to, h->nto);
	strv_set(&out->cc, &out->ncc, h->cc, h->ncc);
	out->version++;
	out->updated_at = clock_now();
	hash_message(out, msg, len);
	if ((rc = db_audit_next_seq(db, &out->audit_seq, err)) != 0 ||
	    (rc = db_complaint_new_version(db, out, msg, len, err)) != 0 ||
	    (rc = record(db, AUDIT_COMPLAINT_EDIT, out, out->updated_at,
	    out->audit_seq, err)) != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto release;
	*changed = 1;
	return 0;
fail:
	db_rollback(db);
release:
	complaint_release(out);
	return rc;
}

int
complaint_store_rm(struct db *db, int64_t id, struct complaint *out,
    struct dp_err *err)
{
	int rc;

	complaint_init(out);
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_complaint_get(db, id, out, err)) != 0)
		goto fail;
	if (strcmp(out->state, "draft") != 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "complaint %lld is %s: only "
		    "a draft can be removed", (long long)id, out->state);
		goto fail;
	}
	if ((rc = db_complaint_rm(db, id, err)) != 0 ||
	    (rc = record(db, AUDIT_COMPLAINT_RM, out, clock_now(), 0,
	    err)) != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto release;
	return 0;
fail:
	db_rollback(db);
release:
	complaint_release(out);
	return rc;
}

struct events_acc {
	char			 subject[64];
	struct complaint_event	*v;
	size_t			 n, cap;
	struct dp_err		*err;
};

static char *
jstr_dup(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

static int
event_one(const struct audit_entry *e, void *arg)
{
	struct events_acc *a = arg;
	struct complaint_event *ev;
	const char *kind;
	json_t *o, *st;

	if (strcmp(e->subject, a->subject) != 0 ||
	    strncmp(e->action, "complaint.", 10) != 0)
		return 0;
	kind = e->action + 10;
	if ((o = json_loads(e->payload, 0, NULL)) == NULL) {
		dp_fail(a->err, DP_EX_DATAERR, "audit entry %lld: its "
		    "payload is not JSON", (long long)e->seq);
		return 1;
	}
	GROW(a->v, a->n + 1, a->cap);
	ev = &a->v[a->n++];
	memset(ev, 0, sizeof(*ev));
	ev->seq = e->seq;
	ev->at = e->at;
	ev->kind = xstrdup(kind);
	ev->to_state = jstr_dup(o, "state");
	if (json_is_integer(json_object_get(o, "version")))
		ev->version = json_integer_value(json_object_get(o,
		    "version"));
	if ((st = json_object_get(o, "status")) != NULL) {
		ev->from_state = jstr_dup(st, "from");
		ev->note = jstr_dup(st, "note");
		ev->by = jstr_dup(st, "by");
		ev->reply = jstr_dup(st, "reply");
		ev->via = jstr_dup(st, "via");
		ev->ticket = jstr_dup(st, "ticket");
		ev->dsn_status = jstr_dup(st, "dsn_status");
		if (json_is_integer(json_object_get(st, "attempt")))
			ev->attempt = json_integer_value(json_object_get(st,
			    "attempt"));
		if (json_is_integer(json_object_get(st, "mail")))
			ev->mail_id = json_integer_value(json_object_get(st,
			    "mail"));
	}
	if (strcmp(kind, "link") == 0) {
		ev->link_kind = jstr_dup(o, "kind");
		if (json_is_integer(json_object_get(o, "parent")))
			ev->link_parent = json_integer_value(json_object_get(o,
			    "parent"));
	}
	json_decref(o);
	return 0;
}

void
complaint_events_free(struct complaint_event *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].kind);
		free(v[i].from_state);
		free(v[i].to_state);
		free(v[i].note);
		free(v[i].by);
		free(v[i].reply);
		free(v[i].via);
		free(v[i].ticket);
		free(v[i].dsn_status);
		free(v[i].link_kind);
	}
	free(v);
}

int
complaint_events(struct db *db, int64_t id, struct complaint_event **out,
    size_t *n, struct dp_err *err)
{
	struct events_acc a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.err = err;
	snprintf(a.subject, sizeof(a.subject), "complaint:%lld",
	    (long long)id);
	/*
	 * The audit log is read whole: it is the record of every change,
	 * and a complaint's history is a handful of its entries.
	 */
	if ((rc = db_audit_iter(db, 0, event_one, &a, err)) != 0) {
		complaint_events_free(a.v, a.n);
		return err->code != 0 ? err->code : DP_EX_SOFTWARE;
	}
	*out = a.v;
	*n = a.n;
	return 0;
}

int
complaint_get(struct db *db, int64_t id, struct complaint *out,
    struct dp_err *err)
{
	return db_complaint_get(db, id, out, err);
}

int
complaint_parse_id(const char *s, int64_t *id, struct dp_err *err)
{
	const char *p = s;
	long long v = 0;

	if (*p == '#')
		p++;
	if (*p < '1' || *p > '9')
		goto bad;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (INT64_MAX - 9) / 10)
			goto bad;
		v = v * 10 + (*p - '0');
	}
	if (*p != '\0')
		goto bad;
	*id = v;
	return 0;
bad:
	return dp_fail(err, DP_EX_USAGE, "invalid complaint id '%s': a "
	    "number such as 12", s);
}

struct list_acc {
	struct complaint	*v;
	size_t			 n, cap;
};

static int
list_one(const struct complaint *c, void *arg)
{
	struct list_acc *a = arg;

	GROW(a->v, a->n + 1, a->cap);
	a->v[a->n++] = *c;
	complaint_init((struct complaint *)c);
	return 0;
}

int
complaint_list(struct db *db, const char *provider, const char *state,
    struct complaint **out, size_t *n, struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	struct list_acc a = { NULL, 0, 0 };
	int rc;

	*out = NULL;
	*n = 0;
	if (state != NULL && !complaint_state_valid(state))
		return dp_fail(err, DP_EX_USAGE, "unknown complaint state "
		    "'%s' (draft, queued, sending, sent, acknowledged, "
		    "answered, bounced, escalated, resolved, rejected or "
		    "no-response)", state);
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if (provider != NULL &&
	    (rc = db_provider_find_any(db, provider, &p, err)) != 0)
		goto out;
	rc = db_complaint_iter(db, 0, p.id, state, list_one, &a, err);
out:
	db_rollback(db);
	provider_release(&p);
	if (rc != 0) {
		complaint_list_free(a.v, a.n);
		return rc;
	}
	*out = a.v;
	*n = a.n;
	return 0;
}

void
complaint_list_free(struct complaint *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		complaint_release(&v[i]);
	free(v);
}

int
complaint_message(struct db *db, int64_t id, void **bytes, size_t *len,
    struct dp_err *err)
{
	struct complaint c;
	unsigned char d[SHA256_LEN];
	char sha[SHA256_HEXLEN], actual[SHA256_HEXLEN];
	int rc;

	*bytes = NULL;
	if ((rc = db_complaint_get(db, id, &c, err)) != 0)
		return rc;
	rc = db_complaint_message(db, id, c.version, bytes, len, sha, err);
	complaint_release(&c);
	if (rc != 0)
		return rc;
	sha256_buf(*bytes, *len, d);
	sha256_hex(d, actual);
	if (strcmp(sha, actual) != 0) {
		free(*bytes);
		*bytes = NULL;
		return dp_fail(err, DP_EX_DATAERR, "complaint %lld: the stored "
		    "message no longer matches its SHA-256; run 'depeer "
		    "verify'", (long long)id);
	}
	return 0;
}

int
complaint_stale(struct db *db, int64_t id, int64_t **ids, size_t *n,
    struct dp_err *err)
{
	struct complaint c;
	int64_t seq;
	int rc;

	*ids = NULL;
	*n = 0;
	if ((rc = db_complaint_get(db, id, &c, err)) != 0)
		return rc;
	/*
	 * Against the draft's entry, not the current version's: an edit
	 * changes the text, not the evidence.csv and the rows it cites.
	 */
	if ((rc = db_complaint_draft_seq(db, id, &seq, err)) == 0)
		rc = db_complaint_retracted(db, &c, seq, ids, n, err);
	complaint_release(&c);
	return rc;
}

int
complaint_show(struct db *db, int64_t id, struct complaint *out,
    int64_t **ids, size_t *n, struct dp_err *err)
{
	int rc;

	complaint_init(out);
	*ids = NULL;
	*n = 0;
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = db_complaint_get(db, id, out, err)) == 0)
		rc = complaint_stale(db, id, ids, n, err);
	db_rollback(db);
	if (rc != 0)
		complaint_release(out);
	return rc;
}

int
complaint_write_mbox(FILE *fp, const char *sender, int64_t at,
    const void *msg, size_t len)
{
	const char *p = msg, *end = p + len, *nl, *q;
	static const char *const day[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)at;
	struct tm tm;
	size_t n;

	/* asctime(3)'s form, in UTC, written here: asctime() is obsolete
	   and its result depends on no locale only by accident. */
	if (gmtime_r(&t, &tm) == NULL)
		return -1;
	fprintf(fp, "From %s %s %s %2d %02d:%02d:%02d %d\n", sender,
	    day[tm.tm_wday], mon[tm.tm_mon], tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		/* mboxrd: a line of ">"s then "From " gets one more ">". */
		for (q = p; q < p + n && *q == '>'; q++)
			;
		if ((size_t)(p + n - q) >= 5 && memcmp(q, "From ", 5) == 0)
			fputc('>', fp);
		fwrite(p, 1, n, fp);
		fputc('\n', fp);
		p = nl != NULL ? nl + 1 : end;
	}
	fputc('\n', fp);
	return ferror(fp) ? -1 : 0;
}

int
complaint_export(struct db *db, int64_t id, enum complaint_fmt fmt,
    const char *path, int force, struct complaint *out, struct dp_err *err)
{
	struct complaint c;
	struct outfile *of;
	void *msg = NULL;
	size_t len;
	int rc;

	complaint_init(&c);
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = db_complaint_get(db, id, &c, err)) == 0)
		rc = complaint_message(db, id, &msg, &len, err);
	db_rollback(db);
	if (rc != 0)
		goto done;
	if ((rc = outfile_open_mode(path, 0666, force, &of, err)) != 0)
		goto done;
	if (fmt == COMPLAINT_EML)
		fwrite(msg, 1, len, outfile_fp(of));
	else
		complaint_write_mbox(outfile_fp(of), c.from_addr, c.created_at,
		    msg, len);
	rc = outfile_commit(of, err);
done:
	free(msg);
	if (rc == 0 && out != NULL)
		*out = c;
	else
		complaint_release(&c);
	return rc;
}
