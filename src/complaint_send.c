/*
 * complaint_send.c - "complaint send": each complaint checked, its
 * "sending" committed, the stored bytes handed to the server (smtp.h),
 * and the outcome committed.  The order is the point: a crash between
 * the two commits leaves "sending", which send refuses until the
 * researcher has looked, so that no kill ever sends a complaint twice
 * without being told, and no delivery the server confirmed goes
 * unrecorded without the record saying it may have gone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "complaint.h"
#include "complaint_send.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "config.h"
#include "db.h"
#include "exitcodes.h"
#include "net.h"
#include "smtp.h"
#include "validate.h"

void
send_free(struct send_one *v, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		free(v[i].state);
		free(v[i].via);
		free(v[i].reply);
		free(v[i].from);
		for (k = 0; k < v[i].nrcpt; k++)
			free(v[i].rcpt[k]);
		free(v[i].rcpt);
		free(v[i].message_id);
		free(v[i].subject);
	}
	free(v);
}

/* Whether a complaint in state s may be sent (without --resend). */
static int
sendable(const char *s)
{
	return strcmp(s, "draft") == 0 || strcmp(s, "queued") == 0;
}

/* What the result says of the complaint as stored. */
static void
take(struct send_one *o, const struct complaint *c)
{
	size_t k;

	o->from = xstrdup(c->from_addr);
	o->nrcpt = c->nto + c->ncc;
	o->rcpt = xcalloc(o->nrcpt + 1, sizeof(*o->rcpt));
	for (k = 0; k < c->nto; k++)
		o->rcpt[k] = xstrdup(c->to[k]);
	for (k = 0; k < c->ncc; k++)
		o->rcpt[c->nto + k] = xstrdup(c->cc[k]);
	o->message_id = xstrdup(c->message_id);
	o->subject = xstrdup(c->subject);
	o->size = c->size;
	memcpy(o->sha256, c->sha256, sizeof(o->sha256));
	free(o->state);
	o->state = xstrdup(c->state);
}

static void
set_state(struct send_one *o, const char *state)
{
	free(o->state);
	o->state = xstrdup(state);
}

/* A refusal: nothing sent, nothing changed. */
static void
refuse(struct send_one *o, int rc, const struct dp_err *why)
{
	o->outcome = SEND_REFUSED;
	o->rc = rc;
	o->err = *why;
}

/*
 * Why an already sent complaint is not sent again: when it was sent and
 * the server's reply, or the researcher's note when it was sent by hand
 * (the last change to "sent" in its events).
 */
static int
already(struct db *db, struct send_one *o, const struct complaint *c,
    struct dp_err *err)
{
	struct complaint_ev *v = NULL;
	const struct complaint_ev *sent = NULL;
	char when[TIME_STRLEN], how[600] = "";
	size_t n = 0, i;
	int rc;

	if ((rc = complaint_ev_list(db, c->id, &v, &n, err)) != 0)
		return rc;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].to_state, "sent") == 0)
			sent = &v[i];
	if (sent != NULL && strcmp(sent->by, "send") == 0 &&
	    sent->reply != NULL)
		snprintf(how, sizeof(how), " (%s)", sent->reply);
	else if (sent != NULL && sent->note != NULL)
		snprintf(how, sizeof(how), " (by hand: %s)", sent->note);
	if (sent != NULL) {
		fmt_time(sent->at, when);
		dp_fail(&o->err, DP_EX_DATAERR, "complaint %lld was sent "
		    "already on %s%s; nothing sent", (long long)c->id, when,
		    how);
	} else
		dp_fail(&o->err, DP_EX_DATAERR, "complaint %lld is %s: it was "
		    "sent already; nothing sent", (long long)c->id, c->state);
	complaint_ev_free(v, n);
	o->outcome = SEND_REFUSED;
	o->rc = DP_EX_DATAERR;
	return 0;
}

/* Whether complaint id cites retracted evidence: o refused if so. */
static int
check_stale(struct db *db, struct send_one *o, int64_t id,
    struct dp_err *err)
{
	struct buf b = BUF_INIT;
	int64_t *ids = NULL;
	size_t n = 0, k;
	struct dp_err why = DP_ERR_INIT;
	int rc;

	if ((rc = complaint_stale(db, id, &ids, &n, err)) != 0)
		return rc;
	if (n > 0) {
		for (k = 0; k < n && k < 10; k++)
			buf_addf(&b, "%s%lld", k > 0 ? ", " : "",
			    (long long)ids[k]);
		if (n > 10)
			buf_adds(&b, ", ...");
		dp_fail(&why, DP_EX_DATAERR, "complaint %lld cites evidence "
		    "retracted since it was drafted (%s %s): draft it again; "
		    "nothing sent", (long long)id, n > 1 ? "rows" : "row",
		    b.s);
		refuse(o, DP_EX_DATAERR, &why);
	}
	buf_release(&b);
	free(ids);
	return 0;
}

/*
 * An escalation that went out: the complaint it escalates becomes
 * "escalated" (by send), when it may; in the caller's transaction.
 */
static int
escalate_parent(struct db *db, struct send_one *o, struct dp_err *err)
{
	struct complaint_link *links = NULL;
	struct complaint_change ch;
	struct complaint p, after;
	size_t n = 0, i;
	char note[64];
	int rc = 0;

	if ((rc = complaint_link_list(db, o->id, &links, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		if (links[i].child != o->id ||
		    strcmp(links[i].kind, "escalation") != 0)
			continue;
		complaint_init(&p);
		if ((rc = complaint_get(db, links[i].parent, &p, err)) != 0)
			break;
		if (complaint_transition_ok(p.state, "escalated",
		    COMPLAINT_BY_SEND, NULL)) {
			snprintf(note, sizeof(note), "escalation %lld sent",
			    (long long)o->id);
			memset(&ch, 0, sizeof(ch));
			ch.state = "escalated";
			ch.by = COMPLAINT_BY_SEND;
			ch.note = note;
			complaint_init(&after);
			rc = complaint_store_change(db, p.id, &ch, &after, NULL,
			    err);
			complaint_release(&after);
			if (rc == 0) {
				o->escalated = 1;
				o->parent_id = p.id;
			}
		}
		complaint_release(&p);
	}
	complaint_link_free(links, n);
	return rc;
}

/* Record the outcome of attempt o->attempt: sent or queued. */
static int
record(struct db *db, struct send_one *o, const char *state,
    struct dp_err *err)
{
	struct complaint_change ch;
	struct complaint after;
	int rc;

	memset(&ch, 0, sizeof(ch));
	ch.state = state;
	ch.by = COMPLAINT_BY_SEND;
	ch.attempt = o->attempt;
	ch.reply = o->reply;
	ch.via = o->via;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	complaint_init(&after);
	rc = complaint_store_change(db, o->id, &ch, &after, NULL, err);
	if (rc == 0 && strcmp(state, "sent") == 0)
		rc = escalate_parent(db, o, err);
	if (rc == 0)
		rc = db_commit(db, err);
	if (rc != 0) {
		db_rollback(db);
		o->escalated = 0;
	} else
		set_state(o, after.state);
	complaint_release(&after);
	return rc;
}

static void pace(int64_t *last, long pace_s,
    volatile sig_atomic_t *stop);

/*
 * Commit "sending" for attempt o->attempt (set here), in one write
 * transaction with a second look at the complaint: another depeer that
 * sent it, or an edit, since c was read refuses this one (the write lock
 * is taken first, so two sends cannot both pass).
 */
static int
mark_sending(struct db *db, struct send_one *o, const struct complaint *c,
    struct dp_err *err)
{
	struct complaint now, after;
	struct complaint_change ch;
	int64_t attempts = 0;
	int rc;

	if ((rc = db_begin(db, err)) != 0)
		return rc;
	complaint_init(&now);
	if ((rc = complaint_get(db, c->id, &now, err)) != 0)
		goto fail;
	if (strcmp(now.state, c->state) != 0 || now.version != c->version) {
		rc = dp_fail(err, DP_EX_DATAERR, "complaint %lld changed "
		    "while it was made ready (it is %s now, version %lld; "
		    "another depeer?); nothing sent", (long long)c->id,
		    now.state, (long long)now.version);
		goto fail;
	}
	if ((rc = complaint_ev_summary(db, c->id, &attempts, NULL, NULL,
	    NULL, err)) != 0)
		goto fail;
	o->attempt = attempts + 1;
	memset(&ch, 0, sizeof(ch));
	ch.state = "sending";
	ch.by = COMPLAINT_BY_SEND;
	ch.attempt = o->attempt;
	ch.via = o->via;
	complaint_init(&after);
	rc = complaint_store_change(db, c->id, &ch, &after, NULL, err);
	complaint_release(&after);
	if (rc == 0)
		rc = db_commit(db, err);
fail:
	if (rc != 0)
		db_rollback(db);
	complaint_release(&now);
	return rc;
}

/*
 * One complaint.  Returns non-zero only for an error that ends the run
 * (the database failing before anything was sent); a refusal or a
 * failed delivery is o's outcome.
 */
static int
send_one(struct db *db, const struct smtp_transport *t,
    const struct send_req *req, struct send_one *o, int64_t *last,
    long pace_s, int *tried, int *server_fault, struct dp_err *err)
{
	struct complaint c;
	struct smtp_result res;
	struct smtp_msg m;
	struct dp_err sub = DP_ERR_INIT;
	void *bytes = NULL;
	size_t len = 0;
	char hand[96] = "";
	int rc;

	*tried = 0;
	complaint_init(&c);
	if ((rc = complaint_get(db, o->id, &c, err)) != 0)
		return rc;
	take(o, &c);
	o->via = xstrdup(t->via);
	if (strcmp(c.state, "sending") == 0 && !req->resend) {
		/* The way to record it as sent is named only when the
		   transition table has it. */
		if (complaint_transition_ok("sending", "sent",
		    COMPLAINT_BY_HAND, NULL))
			snprintf(hand, sizeof(hand), " or 'depeer complaint "
			    "status %lld sent --note ...'", (long long)c.id);
		dp_fail(&sub, DP_EX_DATAERR, "complaint %lld was being sent "
		    "when depeer stopped; it may or may not have been "
		    "delivered: check the recipient's mailbox or the server "
		    "log, then 'depeer complaint send --resend %lld' (a "
		    "second copy if the first arrived)%s", (long long)c.id,
		    (long long)c.id, hand);
		refuse(o, DP_EX_DATAERR, &sub);
		goto out;
	}
	if (strcmp(c.state, "sending") != 0 && !sendable(c.state)) {
		rc = already(db, o, &c, err);
		goto out;
	}
	if ((rc = check_stale(db, o, c.id, err)) != 0 ||
	    o->outcome == SEND_REFUSED)
		goto out;
	if ((rc = complaint_message(db, c.id, &bytes, &len, err)) != 0)
		goto out;
	if (req->dry_run) {
		o->outcome = SEND_WOULD;
		goto out;
	}
	/* The pace is kept between attempts; a refusal costs the server
	   nothing. */
	pace(last, pace_s, req->stop);
	if (req->stop != NULL && *req->stop) {
		o->outcome = SEND_NOT_TRIED;
		o->attempt = 0;
		dp_fail(&o->err, 0, "complaint %lld was not tried: "
		    "interrupted; it stays %s", (long long)c.id, c.state);
		goto out;
	}

	/* First the record that it is going: a crash from here on leaves
	   "sending", which says it may have gone. */
	if ((rc = mark_sending(db, o, &c, &sub)) != 0) {
		refuse(o, rc, &sub);
		o->attempt = 0;
		rc = 0;
		goto out;
	}
	set_state(o, "sending");
	smtp_test_kill("before-mail");

	*tried = 1;
	m.from = c.from_addr;
	m.rcpt = (const char *const *)o->rcpt;
	m.nrcpt = o->nrcpt;
	m.bytes = bytes;
	m.len = len;
	if (smtp_deliver(t, &m, &res, &sub) != 0) {
		memset(&res, 0, sizeof(res));
		res.reply = xstrdup(sub.msg);
		res.before_data = 1;
	}
	o->reply = res.reply;
	res.reply = NULL;
	*server_fault = res.server_fault;
	if (res.delivered)
		smtp_test_kill("after-reply");
	if (record(db, o, res.delivered ? "sent" : "queued", &sub) != 0) {
		o->outcome = SEND_UNRECORDED;
		o->rc = sub.code;
		if (res.delivered)
			dp_fail(&o->err, sub.code, "complaint %lld was "
			    "delivered (%s) but the record could not be "
			    "updated (%s): it stays 'sending'; record it with "
			    "'depeer complaint status %lld sent --note ...'",
			    (long long)c.id, o->reply, sub.msg,
			    (long long)c.id);
		else
			dp_fail(&o->err, sub.code, "complaint %lld was not "
			    "delivered (%s) and the record could not be "
			    "updated (%s): it stays 'sending'; "
			    "'depeer complaint send --resend %lld' tries again",
			    (long long)c.id, o->reply, sub.msg,
			    (long long)c.id);
	} else
		o->outcome = res.delivered ? SEND_SENT : SEND_QUEUED;
	smtp_result_release(&res);
out:
	free(bytes);
	complaint_release(&c);
	return rc;
}

/* Sleep until at least pace_s seconds have passed since *last (a
   monotonic time, 0 for none), then set *last to now.  A signal that
   sets *stop ends the wait. */
static void
pace(int64_t *last, long pace_s, volatile sig_atomic_t *stop)
{
	struct timespec now, ts;
	int64_t ms, wait;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	if (*last != 0 && (wait = *last + pace_s * 1000 - ms) > 0) {
		ts.tv_sec = wait / 1000;
		ts.tv_nsec = (wait % 1000) * 1000000;
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR &&
		    (stop == NULL || !*stop))
			;
		ms += wait;
	}
	*last = ms;
}

int
complaint_send(struct db *db, const struct config *cfg,
    const struct send_req *req,
    void (*done)(const struct send_one *, void *), void *arg,
    struct send_one **out, size_t *n, struct dp_err *err)
{
	struct smtp_transport t;
	struct net_config nc;
	struct net *net = NULL;
	struct complaint *list = NULL, c;
	struct send_one *v = NULL;
	size_t nv = 0, nlist = 0, i;
	int64_t last = 0;
	long pace_s = (long)config_int(cfg, "smtp_pace");
	int rc, tried, fault = 0, stop = 0;
	const char *why = "";

	*out = NULL;
	*n = 0;
	memset(&t, 0, sizeof(t));
	if ((rc = config_net(cfg, &nc, err)) != 0)
		return rc;
	if ((net = net_new(&nc, err)) == NULL)
		return err->code;
	if ((rc = smtp_transport_init(&t, config_get(cfg, "smtp_url"),
	    config_get(cfg, "smtp_tls"), config_get(cfg, "sendmail_command"),
	    (long)config_int(cfg, "smtp_timeout"), net, err)) != 0)
		goto fail;
	if (req->queued) {
		if ((rc = complaint_list(db, NULL, "queued", &list, &nlist,
		    err)) != 0)
			goto fail;
		nv = nlist;
		v = xcalloc(nv + 1, sizeof(*v));
		for (i = 0; i < nv; i++)
			v[i].id = list[i].id;
		complaint_list_free(list, nlist);
	} else {
		/* Every id must exist before anything is sent. */
		nv = req->nids;
		v = xcalloc(nv + 1, sizeof(*v));
		for (i = 0; i < nv; i++) {
			v[i].id = req->ids[i];
			complaint_init(&c);
			rc = complaint_get(db, v[i].id, &c, err);
			complaint_release(&c);
			if (rc != 0)
				goto fail;
		}
	}
	for (i = 0; i < nv; i++) {
		if (!stop && req->stop != NULL && *req->stop) {
			stop = 1;
			why = "interrupted";
		}
		if (stop) {
			v[i].outcome = SEND_NOT_TRIED;
			complaint_init(&c);
			if (complaint_get(db, v[i].id, &c, err) == 0)
				take(&v[i], &c);
			complaint_release(&c);
			v[i].via = xstrdup(t.via);
			dp_fail(&v[i].err, 0, "complaint %lld was not tried: "
			    "%s; it stays %s", (long long)v[i].id, why,
			    v[i].state != NULL ? v[i].state : "as it was");
		} else {
			if ((rc = send_one(db, &t, req, &v[i], &last, pace_s,
			    &tried, &fault, err)) != 0)
				goto fail;
			if (tried && fault) {
				stop = 1;
				why = "the server failed for the one before";
			}
		}
		if (done != NULL)
			done(&v[i], arg);
	}
	smtp_transport_release(&t);
	net_free(net);
	*out = v;
	*n = nv;
	return 0;
fail:
	smtp_transport_release(&t);
	net_free(net);
	send_free(v, nv);
	return rc != 0 ? rc : err->code;
}
