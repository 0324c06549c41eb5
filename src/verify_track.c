/*
 * verify_track.c - the mails read back held to their audit entries.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "audit_entry.h"
#include "db.h"
#include "hash.h"
#include "track.h"
#include "verify_track.h"

/* What the entries of one mail recorded. */
struct vmail {
	int64_t		 id;
	int64_t		 seq;		/* its mail.add entry */
	json_t		*claim;		/* the row it recorded, matched since */
	int		 seen;
};

struct vtrack {
	struct vmail	*v;		/* by id: entries add them in order */
	size_t		 n, cap;
};

struct vtrack *
vtrack_new(void)
{
	return xcalloc(1, sizeof(struct vtrack));
}

void
vtrack_free(struct vtrack *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++)
		json_decref(v->v[i].claim);
	free(v->v);
	free(v);
}

static int
why_set(char *why, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
why_set(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return 0;
}

static struct vmail *
find(struct vtrack *v, int64_t id)
{
	size_t lo = 0, hi = v->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v->v[mid].id == id)
			return &v->v[mid];
		if (v->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
vtrack_note(struct vtrack *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	json_t *jid = json_object_get(o, "id"),
	    *jc = json_object_get(o, "complaint_id"),
	    *jm = json_object_get(o, "matched_by"), *copy;
	struct vmail *m;
	long long id;

	why[0] = '\0';
	if (sscanf(e->subject, "mail:%lld", &id) != 1 || !json_is_integer(jid)
	    || json_integer_value(jid) != id || id <= 0)
		return why_set(why, len, "its payload is malformed");
	m = find(v, id);
	if (strcmp(e->action, AUDIT_MAIL_ADD) == 0) {
		if (m != NULL)
			return why_set(why, len, "it stores mail %lld, which "
			    "audit entry %" PRId64 " stored already", id,
			    m->seq);
		if (v->n > 0 && v->v[v->n - 1].id > id)
			return why_set(why, len, "it stores mail %lld after "
			    "mail %" PRId64, id, v->v[v->n - 1].id);
		if (!json_is_string(json_object_get(o, "sha256")) ||
		    !sha256_hex_valid(json_string_value(json_object_get(o,
		    "sha256"))))
			return why_set(why, len, "its payload is malformed");
		GROW(v->v, v->n + 1, v->cap);
		m = &v->v[v->n++];
		memset(m, 0, sizeof(*m));
		m->id = id;
		m->seq = e->seq;
		m->claim = json_incref(o);
		return 0;
	}
	/* mail.match */
	if (m == NULL)
		return why_set(why, len, "mail %lld was never stored", id);
	if (!json_is_integer(jc) || json_integer_value(jc) <= 0 ||
	    !json_is_string(jm))
		return why_set(why, len, "its payload is malformed");
	if (!json_is_null(json_object_get(m->claim, "complaint_id")))
		return why_set(why, len, "it matches mail %lld, which was "
		    "matched already", id);
	copy = json_deep_copy(m->claim);
	json_decref(m->claim);
	m->claim = copy;
	json_object_set(m->claim, "complaint_id", jc);
	json_object_set(m->claim, "matched_by", jm);
	return 0;
}

int
vtrack_walk(struct vtrack *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	char sha[SHA256_HEXLEN], *a = NULL, *b = NULL;
	struct mailrec *rows = NULL;
	struct vmail *m;
	size_t n = 0, i, blen;
	void *bytes;
	json_t *o;
	int rc;

	why[0] = '\0';
	if ((rc = db_mail_list(db, 0, 0, &rows, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && why[0] == '\0'; i++) {
		if ((m = find(v, rows[i].id)) == NULL) {
			why_set(why, len, "mail %" PRId64 " has no audit "
			    "entry; it was added behind depeer's back",
			    rows[i].id);
			break;
		}
		m->seen = 1;
		o = mailrec_claim(&rows[i]);
		a = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(o);
		b = json_dumps(m->claim, JSON_COMPACT | JSON_SORT_KEYS);
		if (a == NULL || b == NULL)
			die("out of memory");
		if (strcmp(a, b) != 0)
			why_set(why, len, "mail %" PRId64 " differs from what "
			    "its audit entries recorded (its headers, class, "
			    "ticket, status or match); it was changed behind "
			    "depeer's back", rows[i].id);
		else if (rows[i].audit_seq != m->seq)
			why_set(why, len, "mail %" PRId64 " names audit entry "
			    "%" PRId64 ", but entry %" PRId64 " stored it; it "
			    "was altered", rows[i].id, rows[i].audit_seq,
			    m->seq);
		free(a);
		free(b);
		if (why[0] != '\0')
			break;
		if ((rc = db_mail_bytes(db, rows[i].id, &bytes, &blen, sha,
		    err)) != 0)
			break;
		free(bytes);
		if (strcmp(sha, rows[i].sha256) != 0 ||
		    (int64_t)blen != rows[i].size)
			why_set(why, len, "mail %" PRId64 ": its bytes no "
			    "longer match their SHA-256; the mail was altered",
			    rows[i].id);
	}
	mailrec_free(rows, n);
	if (rc != 0 || why[0] != '\0')
		return rc;
	for (i = 0; i < v->n; i++)
		if (!v->v[i].seen)
			return why_set(why, len, "mail %" PRId64 ", stored by "
			    "audit entry %" PRId64 ", is missing", v->v[i].id,
			    v->v[i].seq);
	return 0;
}

int64_t
vtrack_count(const struct vtrack *v)
{
	return v != NULL ? (int64_t)v->n : 0;
}
