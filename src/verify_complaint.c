/*
 * verify_complaint.c - the complaints held to their audit entries.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "complaint.h"
#include "db.h"
#include "hash.h"
#include "track.h"
#include "verify_complaint.h"
#include "verify_track.h"

/* One message version an entry recorded. */
struct vversion {
	int64_t		 version;
	int64_t		 seq;
	int64_t		 size;
	char		 sha256[SHA256_HEXLEN];
	int		 seen;
};

/* What the entries of one complaint recorded. */
struct vcomplaint {
	int64_t		 id;
	int64_t		 seq;		/* its last entry */
	int64_t		 version_seq;	/* the entry of its current version */
	int64_t		 version;
	char		*state;		/* canonical claim text */
	char		*st;		/* its state column */
	int		 removed;
	int		 seen;
	struct vversion	*versions;
	size_t		 nversions, cap;
};

/* A change of state an entry recorded (a complaint_events row). */
struct vevent {
	int64_t		 seq;
	int64_t		 complaint_id;
	int64_t		 at;
	char		*status;	/* canonical complaint_ev_status() */
	int		 seen;
};

/* A link an entry recorded. */
struct vlink {
	int64_t		 seq;
	int64_t		 child, parent;
	char		*kind;
	int		 seen;
};

struct vcompl {
	struct vcomplaint	*v;
	size_t			 n, cap;
	struct vevent		*ev;		/* by seq */
	size_t			 nev, evcap;
	struct vlink		*links;
	size_t			 nlinks, linkcap;
	struct vtrack		*mails;
};

struct vcompl *
vcompl_new(void)
{
	return xcalloc(1, sizeof(struct vcompl));
}

void
vcompl_free(struct vcompl *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		free(v->v[i].state);
		free(v->v[i].st);
		free(v->v[i].versions);
	}
	free(v->v);
	for (i = 0; i < v->nev; i++)
		free(v->ev[i].status);
	free(v->ev);
	for (i = 0; i < v->nlinks; i++)
		free(v->links[i].kind);
	free(v->links);
	vtrack_free(v->mails);
	free(v);
}

static struct vcomplaint *
find(struct vcompl *v, int64_t id)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->v[i].id == id)
			return &v->v[i];
	return NULL;
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

static char *
jdup(json_t *o, const char *key)
{
	json_t *s = json_object_get(o, key);

	return json_is_string(s) ? xstrdup(json_string_value(s)) : NULL;
}

static int64_t
jint(json_t *o, const char *key)
{
	json_t *i = json_object_get(o, key);

	return json_is_integer(i) ? json_integer_value(i) : 0;
}

/*
 * The change entry e records for complaint id, as its complaint_events
 * row must hold it: entries before schema 13 name no "by" (the
 * researcher's, by hand) and nothing but from, to and note.
 */
static void
note_event(struct vcompl *v, const struct audit_entry *e, int64_t id,
    json_t *st, enum complaint_by *who)
{
	struct complaint_ev ev;
	struct vevent *x;
	json_t *j;

	memset(&ev, 0, sizeof(ev));
	ev.by = jdup(st, "by");
	if (ev.by == NULL)
		ev.by = xstrdup("hand");
	*who = strcmp(ev.by, "send") == 0 ? COMPLAINT_BY_SEND :
	    strcmp(ev.by, "inbox") == 0 ? COMPLAINT_BY_INBOX :
	    strcmp(ev.by, "hand") == 0 ? COMPLAINT_BY_HAND : 0;
	ev.from_state = jdup(st, "from");
	ev.to_state = jdup(st, "to");
	ev.note = jdup(st, "note");
	ev.attempt = jint(st, "attempt");
	ev.reply = jdup(st, "reply");
	ev.via = jdup(st, "via");
	ev.mail_id = jint(st, "mail");
	ev.ticket = jdup(st, "ticket");
	ev.dsn_status = jdup(st, "dsn_status");
	GROW(v->ev, v->nev + 1, v->evcap);
	x = &v->ev[v->nev++];
	memset(x, 0, sizeof(*x));
	x->seq = e->seq;
	x->complaint_id = id;
	x->at = e->at;
	j = complaint_ev_status(&ev);
	if ((x->status = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		die("out of memory");
	json_decref(j);
	complaint_ev_release(&ev);
}

/*
 * A complaint.status entry: the same message version, "status" naming
 * the state it came from (the one the last entry recorded) and the one
 * it records, by a transition its maker ("by") may make.
 */
static int
note_status(struct vcompl *v, struct vcomplaint *c,
    const struct audit_entry *e, json_t *o, int64_t version, char *why,
    size_t len)
{
	json_t *st = json_object_get(o, "status"),
	    *from = json_object_get(st, "from"),
	    *to = json_object_get(st, "to"),
	    *note = json_object_get(st, "note");
	enum complaint_by who = 0;
	const char *reason;

	if (!json_is_object(st) || !json_is_string(from) ||
	    !json_is_string(to) || (!json_is_null(note) &&
	    !json_is_string(note)) || strcmp(json_string_value(to),
	    json_string_value(json_object_get(o, "state"))) != 0)
		return why_set(why, len, "its status is malformed");
	note_event(v, e, c->id, st, &who);
	if (who == 0)
		return why_set(why, len, "its status names no known maker");
	if (version != c->version)
		return why_set(why, len, "a change of state records version "
		    "%" PRId64 " of complaint %" PRId64 ", whose version was "
		    "%" PRId64, version, c->id, c->version);
	if (c->st == NULL || strcmp(c->st, json_string_value(from)) != 0)
		return why_set(why, len, "it moves complaint %" PRId64 " from "
		    "%s, but it was %s", c->id, json_string_value(from),
		    c->st != NULL ? c->st : "nothing");
	if (!complaint_transition_ok(json_string_value(from),
	    json_string_value(to), who, &reason))
		return why_set(why, len, "it moves complaint %" PRId64 " from "
		    "%s to %s, which is not allowed (%s)", c->id,
		    json_string_value(from), json_string_value(to), reason);
	return 0;
}

/*
 * A complaint.link entry: a complaint drafted (and not removed) linked
 * once to another that was drafted.
 */
static int
note_link(struct vcompl *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	json_t *jc = json_object_get(o, "child"),
	    *jp = json_object_get(o, "parent"),
	    *jk = json_object_get(o, "kind");
	struct vcomplaint *c, *p;
	struct vlink *l;
	long long id;
	size_t i;

	if (sscanf(e->subject, "complaint:%lld", &id) != 1 ||
	    !json_is_integer(jc) || json_integer_value(jc) != id ||
	    !json_is_integer(jp) || !json_is_string(jk) ||
	    !complaint_link_kind_valid(json_string_value(jk)))
		return why_set(why, len, "its payload is malformed");
	c = find(v, id);
	p = find(v, json_integer_value(jp));
	if (c == NULL || c->removed || p == NULL || id ==
	    json_integer_value(jp))
		return why_set(why, len, "it links complaint %lld to "
		    "complaint %" JSON_INTEGER_FORMAT ", which %s", id,
		    json_integer_value(jp), c == NULL || c->removed ?
		    "is not there" : "was never drafted");
	for (i = 0; i < v->nlinks; i++)
		if (v->links[i].child == id)
			return why_set(why, len, "complaint %lld was linked "
			    "by audit entry %" PRId64 " already", id,
			    v->links[i].seq);
	GROW(v->links, v->nlinks + 1, v->linkcap);
	l = &v->links[v->nlinks++];
	memset(l, 0, sizeof(*l));
	l->seq = e->seq;
	l->child = id;
	l->parent = json_integer_value(jp);
	l->kind = xstrdup(json_string_value(jk));
	return 0;
}

int
vcompl_note(struct vcompl *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	struct vcomplaint *c;
	struct vversion *ver;
	json_t *jid = json_object_get(o, "id"),
	    *jver = json_object_get(o, "version"),
	    *jsha = json_object_get(o, "sha256"),
	    *jsize = json_object_get(o, "size");
	long long id;
	int64_t version;
	char *state;
	int rc, status = 0;

	why[0] = '\0';
	if (strncmp(e->action, "mail.", 5) == 0) {
		if (v->mails == NULL)
			v->mails = vtrack_new();
		return vtrack_note(v->mails, e, o, why, len);
	}
	if (strcmp(e->action, AUDIT_COMPLAINT_LINK) == 0)
		return note_link(v, e, o, why, len);
	if (sscanf(e->subject, "complaint:%lld", &id) != 1 ||
	    !json_is_integer(jid) || json_integer_value(jid) != id ||
	    !json_is_integer(jver) || json_integer_value(jver) < 1 ||
	    !json_is_string(jsha) ||
	    !sha256_hex_valid(json_string_value(jsha)) ||
	    !json_is_integer(jsize) || !json_is_string(json_object_get(o,
	    "state")))
		return why_set(why, len, "its payload is malformed");
	version = json_integer_value(jver);
	c = find(v, id);
	if (strcmp(e->action, AUDIT_COMPLAINT_DRAFT) == 0) {
		if (c != NULL)
			return why_set(why, len, "it drafts complaint %lld, "
			    "which audit entry %" PRId64 " drafted already",
			    id, c->seq);
		if (version != 1)
			return why_set(why, len, "a draft must be version 1");
		GROW(v->v, v->n + 1, v->cap);
		c = &v->v[v->n++];
		memset(c, 0, sizeof(*c));
		c->id = id;
	} else if (c == NULL || c->removed)
		return why_set(why, len, "complaint %lld was %s", id,
		    c == NULL ? "never drafted" : "removed before");
	else if (strcmp(e->action, AUDIT_COMPLAINT_EDIT) == 0) {
		if (version != c->version + 1)
			return why_set(why, len, "it records version %" PRId64
			    " of complaint %lld after version %" PRId64,
			    version, id, c->version);
	} else if (strcmp(e->action, AUDIT_COMPLAINT_STATUS) == 0) {
		if ((rc = note_status(v, c, e, o, version, why, len)) != 0 ||
		    why[0] != '\0')
			return rc;
		/* The row holds the state, not the change: compare the
		   rest. */
		o = json_deep_copy(o);
		json_object_del(o, "status");
		status = 1;
	} else if (version != c->version)	/* complaint.rm */
		return why_set(why, len, "it removes version %" PRId64 " of "
		    "complaint %lld, whose version was %" PRId64, version, id,
		    c->version);
	state = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	if (state == NULL)
		die("out of memory");
	free(c->state);
	c->state = state;
	free(c->st);
	c->st = xstrdup(json_string_value(json_object_get(o, "state")));
	c->seq = e->seq;
	if (status) {
		json_decref(o);
		return 0;
	}
	if (strcmp(e->action, AUDIT_COMPLAINT_RM) == 0) {
		c->removed = 1;
		return 0;
	}
	c->version = version;
	c->version_seq = e->seq;
	GROW(c->versions, c->nversions + 1, c->cap);
	ver = &c->versions[c->nversions++];
	memset(ver, 0, sizeof(*ver));
	ver->version = version;
	ver->seq = e->seq;
	ver->size = json_integer_value(jsize);
	snprintf(ver->sha256, sizeof(ver->sha256), "%s",
	    json_string_value(jsha));
	return 0;
}

struct walk {
	struct vcompl	*v;
	char		*why;
	size_t		 len;
};

static int
walk_row(const struct complaint *row, void *arg)
{
	struct walk *w = arg;
	struct vcomplaint *c = find(w->v, row->id);
	char *state;
	int same;

	if (c == NULL) {
		why_set(w->why, w->len, "complaint %" PRId64 " has no audit "
		    "entry; it was added behind depeer's back", row->id);
		return 1;
	}
	if (c->removed) {
		why_set(w->why, w->len, "complaint %" PRId64 " was removed "
		    "by audit entry %" PRId64 " but is still there", row->id,
		    c->seq);
		return 1;
	}
	c->seen = 1;
	state = complaint_claim_text(row);
	same = strcmp(state, c->state) == 0;
	free(state);
	if (!same) {
		why_set(w->why, w->len, "complaint %" PRId64 " differs from "
		    "the state audit entry %" PRId64 " recorded (its "
		    "recipients, subject, state, message or attachments); it "
		    "was changed behind depeer's back", row->id, c->seq);
		return 1;
	}
	if (row->audit_seq != c->version_seq) {
		why_set(w->why, w->len, "complaint %" PRId64 " names audit "
		    "entry %" PRId64 ", but entry %" PRId64 " recorded its "
		    "version %" PRId64 "; it was altered", row->id,
		    row->audit_seq, c->version_seq, c->version);
		return 1;
	}
	return 0;
}

static int
walk_message(const struct complaint_msg_check *m, void *arg)
{
	struct walk *w = arg;
	struct vcomplaint *c = find(w->v, m->complaint_id);
	struct vversion *ver = NULL;
	size_t i;

	if (strcmp(m->actual, m->sha256) != 0 || m->actual_size != m->size) {
		why_set(w->why, w->len, "complaint %" PRId64 ", message "
		    "version %" PRId64 ": its bytes no longer match their "
		    "SHA-256; the message was altered", m->complaint_id,
		    m->version);
		return 1;
	}
	for (i = 0; c != NULL && i < c->nversions; i++)
		if (c->versions[i].version == m->version)
			ver = &c->versions[i];
	if (c == NULL || c->removed || ver == NULL) {
		why_set(w->why, w->len, "complaint %" PRId64 ", message "
		    "version %" PRId64 ": no audit entry recorded it%s; it was "
		    "added behind depeer's back", m->complaint_id, m->version,
		    c != NULL && c->removed ? " (the complaint was removed)" :
		    "");
		return 1;
	}
	ver->seen = 1;
	if (strcmp(ver->sha256, m->sha256) != 0 || ver->size != m->size ||
	    ver->seq != m->audit_seq) {
		why_set(w->why, w->len, "complaint %" PRId64 ", message "
		    "version %" PRId64 ": it is not the message audit entry %"
		    PRId64 " recorded; it was replaced", m->complaint_id,
		    m->version, ver->seq);
		return 1;
	}
	return 0;
}

static struct vevent *
find_event(struct vcompl *v, int64_t seq)
{
	size_t lo = 0, hi = v->nev, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v->ev[mid].seq == seq)
			return &v->ev[mid];
		if (v->ev[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Every complaint_events row is the change its entry recorded; every
 * change of a complaint still there has its row (a removed draft's went
 * with it).
 */
static int
walk_events(struct vcompl *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct complaint_ev *rows = NULL;
	struct vcomplaint *c;
	struct vevent *x;
	size_t n = 0, i;
	char *text;
	json_t *j;
	int rc;

	if ((rc = db_event_list(db, 0, &rows, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && why[0] == '\0'; i++) {
		x = find_event(v, rows[i].audit_seq);
		if (x == NULL || x->complaint_id != rows[i].complaint_id) {
			why_set(why, len, "complaint %" PRId64 ": a change of "
			    "state (to %s) that no audit entry recorded; it "
			    "was added behind depeer's back",
			    rows[i].complaint_id, rows[i].to_state);
			break;
		}
		x->seen = 1;
		j = complaint_ev_status(&rows[i]);
		text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		if (text == NULL)
			die("out of memory");
		if (strcmp(text, x->status) != 0 || rows[i].at != x->at)
			why_set(why, len, "complaint %" PRId64 ": its change "
			    "of state recorded by audit entry %" PRId64 " "
			    "differs from the entry (its states, time, server "
			    "reply, ticket or note); it was altered",
			    rows[i].complaint_id, x->seq);
		free(text);
	}
	complaint_ev_free(rows, n);
	if (why[0] != '\0')
		return 0;
	for (i = 0; i < v->nev; i++) {
		c = find(v, v->ev[i].complaint_id);
		if (!v->ev[i].seen && c != NULL && !c->removed)
			return why_set(why, len, "complaint %" PRId64 ": the "
			    "change of state recorded by audit entry %" PRId64
			    " is missing", v->ev[i].complaint_id,
			    v->ev[i].seq);
	}
	return 0;
}

/* Every complaint_links row is the link its entry recorded, and back. */
static int
walk_links(struct vcompl *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct complaint_link *rows = NULL;
	struct vcomplaint *c;
	struct vlink *l;
	size_t n = 0, i, k;
	int rc;

	if ((rc = db_link_list(db, 0, &rows, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && why[0] == '\0'; i++) {
		for (l = NULL, k = 0; k < v->nlinks; k++)
			if (v->links[k].child == rows[i].child)
				l = &v->links[k];
		if (l == NULL)
			why_set(why, len, "complaint %" PRId64 " is linked to "
			    "complaint %" PRId64 " by no audit entry; the link "
			    "was added behind depeer's back", rows[i].child,
			    rows[i].parent);
		else if (l->parent != rows[i].parent ||
		    strcmp(l->kind, rows[i].kind) != 0 ||
		    l->seq != rows[i].audit_seq)
			why_set(why, len, "complaint %" PRId64 ": its link "
			    "differs from what audit entry %" PRId64 " "
			    "recorded; it was altered", rows[i].child, l->seq);
		else
			l->seen = 1;
	}
	complaint_link_free(rows, n);
	if (why[0] != '\0')
		return 0;
	for (k = 0; k < v->nlinks; k++) {
		c = find(v, v->links[k].child);
		if (!v->links[k].seen && c != NULL && !c->removed)
			return why_set(why, len, "complaint %" PRId64 ": its "
			    "link recorded by audit entry %" PRId64 " is "
			    "missing", v->links[k].child, v->links[k].seq);
	}
	return 0;
}

int
vcompl_walk(struct vcompl *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct walk w = { v, why, len };
	size_t i, j;
	int rc;

	why[0] = '\0';
	rc = db_complaint_iter(db, 0, 0, NULL, walk_row, &w, err);
	if (rc == 1 || why[0] != '\0')
		return 0;
	if (rc != 0)
		return rc;
	for (i = 0; i < v->n; i++)
		if (!v->v[i].removed && !v->v[i].seen)
			return why_set(why, len, "complaint %" PRId64 ", "
			    "recorded by audit entry %" PRId64 ", is missing",
			    v->v[i].id, v->v[i].seq);
	rc = db_complaint_msg_check_iter(db, walk_message, &w, err);
	if (rc == 1 || why[0] != '\0')
		return 0;
	if (rc != 0)
		return rc;
	for (i = 0; i < v->n; i++)
		for (j = 0; !v->v[i].removed && j < v->v[i].nversions; j++)
			if (!v->v[i].versions[j].seen)
				return why_set(why, len, "complaint %" PRId64
				    ", message version %" PRId64 " recorded "
				    "by audit entry %" PRId64 " is missing",
				    v->v[i].id, v->v[i].versions[j].version,
				    v->v[i].versions[j].seq);
	if ((rc = walk_events(v, db, why, len, err)) != 0 || why[0] != '\0')
		return rc;
	if ((rc = walk_links(v, db, why, len, err)) != 0 || why[0] != '\0')
		return rc;
	if (v->mails == NULL)
		v->mails = vtrack_new();
	return vtrack_walk(v->mails, db, why, len, err);
}

void
vcompl_counts(const struct vcompl *v, int64_t *complaints, int64_t *mails)
{
	size_t i;

	*complaints = 0;
	*mails = vtrack_count(v->mails);
	for (i = 0; i < v->n; i++)
		if (!v->v[i].removed)
			(*complaints)++;
}
