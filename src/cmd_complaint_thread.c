/*
 * cmd_complaint_thread.c - "depeer complaint thread ID": the conversation
 * a complaint belongs to, in time order: each message sent (and each
 * attempt that was not delivered), each reply, bounce or acknowledgement
 * read back, each change the researcher recorded, and the silence after
 * the last message.  complaint_track.c reads the thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "complaint.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "exitcodes.h"
#include "jsonout.h"
#include "validate.h"

/* One line of the conversation. */
struct item {
	int64_t		 at;
	int64_t		 complaint;
	const char	*kind;	/* "drafted", "sent", "not-delivered",
				   "sending", "status", "mail" */
	const struct complaint_ev *ev;
	const struct mailrec *mail;
};

static const struct complaint *
find_c(const struct complaint_thread *t, int64_t id)
{
	size_t i;

	for (i = 0; i < t->nc; i++)
		if (t->c[i].id == id)
			return &t->c[i];
	return NULL;
}

/* How complaint id came to be in the thread: "first", "follow-up"... */
static const char *
role(const struct complaint_thread *t, int64_t id, int64_t *parent)
{
	size_t i;

	*parent = 0;
	for (i = 0; i < t->nlinks; i++)
		if (t->links[i].child == id) {
			*parent = t->links[i].parent;
			return t->links[i].kind;
		}
	return "first";
}

static int
cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->complaint < y->complaint ? -1 : x->complaint > y->complaint;
}

static struct item *
items(const struct complaint_thread *t, size_t *n)
{
	struct item *v = xcalloc(t->nc + t->nev + t->nmails + 1, sizeof(*v));
	const struct complaint_ev *e;
	size_t i, k = 0;

	for (i = 0; i < t->nc; i++) {
		v[k].at = t->c[i].created_at;
		v[k].complaint = t->c[i].id;
		v[k++].kind = "drafted";
	}
	for (i = 0; i < t->nev; i++) {
		e = &t->ev[i];
		v[k].at = e->at;
		v[k].complaint = e->complaint_id;
		v[k].ev = e;
		if (strcmp(e->to_state, "sent") == 0)
			v[k].kind = "sent";
		else if (strcmp(e->from_state, "sending") == 0 &&
		    strcmp(e->to_state, "queued") == 0)
			v[k].kind = "not-delivered";
		else if (strcmp(e->to_state, "sending") == 0)
			continue;	/* the attempt's end says what it was */
		else if (e->mail_id != 0)
			continue;	/* the mail's own line says it */
		else
			v[k].kind = "status";
		k++;
	}
	for (i = 0; i < t->nmails; i++) {
		v[k].at = t->mails[i].has_date ? t->mails[i].date :
		    t->mails[i].imported_at;
		v[k].complaint = t->mails[i].complaint_id;
		v[k].mail = &t->mails[i];
		v[k++].kind = "mail";
	}
	qsort(v, k, sizeof(*v), cmp_item);
	*n = k;
	return v;
}

/* The state a mail moved its complaint to, if it did. */
static const struct complaint_ev *
mail_event(const struct complaint_thread *t, int64_t mail_id)
{
	size_t i;

	for (i = 0; i < t->nev; i++)
		if (t->ev[i].mail_id == mail_id)
			return &t->ev[i];
	return NULL;
}

static void
item_text(struct buf *b, const struct complaint_thread *t,
    const struct item *it)
{
	const struct complaint *c = find_c(t, it->complaint);
	const struct complaint_ev *e = it->ev, *me;
	const struct mailrec *m = it->mail;
	int64_t parent;
	const char *r = role(t, it->complaint, &parent);
	size_t i;

	if (strcmp(it->kind, "drafted") == 0) {
		if (parent != 0)
			buf_addf(b, "%s of #%lld drafted", r,
			    (long long)parent);
		else
			buf_adds(b, "drafted");
		buf_adds(b, ", to ");
		for (i = 0; c != NULL && i < c->nto; i++)
			buf_addf(b, "%s%s", i > 0 ? ", " : "", c->to[i]);
		if (c != NULL)
			buf_addf(b, ": %s", c->subject);
	} else if (strcmp(it->kind, "sent") == 0) {
		buf_adds(b, "sent");
		if (strcmp(e->by, "hand") == 0)
			buf_adds(b, " (recorded by hand)");
		if (e->via != NULL)
			buf_addf(b, " via %s", e->via);
		if (e->reply != NULL)
			buf_addf(b, ": %s", e->reply);
		if (e->note != NULL)
			buf_addf(b, ": %s", e->note);
	} else if (strcmp(it->kind, "not-delivered") == 0) {
		buf_addf(b, "attempt %lld not delivered", (long long)e->attempt);
		if (e->reply != NULL)
			buf_addf(b, ": %s", e->reply);
	} else if (strcmp(it->kind, "status") == 0) {
		buf_addf(b, "%s -> %s", e->from_state, e->to_state);
		if (strcmp(e->by, "hand") == 0)
			buf_adds(b, " (by hand)");
		if (e->ticket != NULL)
			buf_addf(b, ", ticket %s", e->ticket);
		if (e->note != NULL)
			buf_addf(b, ": %s", e->note);
	} else {
		buf_addf(b, "%s", strcmp(m->mclass, "reply") == 0 ? "reply" :
		    m->mclass);
		if (m->from_addr != NULL)
			buf_addf(b, " from %s", m->from_addr);
		if (m->ticket != NULL)
			buf_addf(b, ", ticket %s", m->ticket);
		if (m->dsn_status != NULL)
			buf_addf(b, ", status %s", m->dsn_status);
		if (m->dsn_recipient != NULL)
			buf_addf(b, " for %s", m->dsn_recipient);
		buf_addf(b, " (mail %lld", (long long)m->id);
		if ((me = mail_event(t, m->id)) != NULL)
			buf_addf(b, "; now %s", me->to_state);
		buf_adds(b, ")");
		if (m->subject != NULL)
			buf_addf(b, ": %s", m->subject);
	}
}

static json_t *
item_json(const struct complaint_thread *t, const struct item *it)
{
	json_t *o = json_object();
	const struct complaint_ev *me;

	json_object_set_new(o, "at", json_time_or_null(1, it->at));
	json_object_set_new(o, "complaint", json_integer(it->complaint));
	json_object_set_new(o, "kind", json_string(it->kind));
	if (it->ev != NULL)
		json_object_set_new(o, "event", complaint_ev_status(it->ev));
	if (it->mail != NULL) {
		json_object_set_new(o, "mail", mailrec_claim(it->mail));
		me = mail_event(t, it->mail->id);
		json_object_set_new(o, "moved_to", me != NULL ?
		    json_string(me->to_state) : json_null());
	}
	return o;
}

/*
 * Days since the last message sent, when nothing came back after it: no
 * mail, and no answer, acknowledgement, bounce or outcome recorded by
 * hand (-1 otherwise).
 */
static int64_t
silence(const struct item *v, size_t n, int64_t now, int64_t *complaint)
{
	const char *to;
	size_t i;

	for (i = n; i-- > 0;) {
		if (strcmp(v[i].kind, "mail") == 0)
			return -1;
		if (strcmp(v[i].kind, "status") == 0) {
			to = v[i].ev->to_state;
			if (strcmp(to, "no-response") != 0 &&
			    strcmp(to, "escalated") != 0)
				return -1;
		}
		if (strcmp(v[i].kind, "sent") == 0) {
			*complaint = v[i].complaint;
			return (now - v[i].at) / 86400;
		}
	}
	return -1;
}

static int
complaint_thread_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint_thread t;
	struct buf b = BUF_INIT;
	struct item *v;
	char when[TIME_STRLEN];
	int64_t id, days, last = 0, parent;
	size_t n, i;
	json_t *o, *arr, *c;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'%s' needs one complaint ID",
		    ctx->path);
	if (complaint_parse_id(a->argv[0], &id, &err) != 0)
		return cmd_usage_error(ctx, "%s", err.msg);
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (complaint_thread(ctx->db, id, &t, &err) != 0)
		return report(&err);
	v = items(&t, &n);
	days = silence(v, n, clock_now(), &last);
	if (ctx->json) {
		o = json_object();
		json_object_set_new(o, "root", json_integer(t.root));
		arr = json_array();
		for (i = 0; i < t.nc; i++) {
			c = complaint_to_json(&t.c[i]);
			json_object_set_new(c, "role", json_string(role(&t,
			    t.c[i].id, &parent)));
			json_object_set_new(c, "parent", parent != 0 ?
			    json_integer(parent) : json_null());
			json_array_append_new(arr, c);
		}
		json_object_set_new(o, "complaints", arr);
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, item_json(&t, &v[i]));
		json_object_set_new(o, "items", arr);
		json_object_set_new(o, "silent_days", days >= 0 ?
		    json_integer(days) : json_null());
		print_json(o);
	} else {
		printf("thread of complaint %lld (%s): %zu complaint%s, "
		    "%zu mail%s back\n", (long long)t.root,
		    tx(t.c[0].provider_name), t.nc, t.nc == 1 ? "" : "s",
		    t.nmails, t.nmails == 1 ? "" : "s");
		for (i = 0; i < n; i++) {
			buf_reset(&b);
			item_text(&b, &t, &v[i]);
			fmt_time(v[i].at, when);
			printf("%s  #%-4lld %s\n", when,
			    (long long)v[i].complaint, tx(b.s));
		}
		if (days >= 0)
			printf("no reply to #%lld after %lld day%s\n",
			    (long long)last, (long long)days, days == 1 ? "" :
			    "s");
	}
	buf_release(&b);
	free(v);
	complaint_thread_release(&t);
	return DP_EX_OK;
}

const struct cmd_entry cmd_complaint_thread_entry = {
	.name = "thread",
	.summary = "show the conversation a complaint belongs to",
	.about = "The messages sent in a complaint's thread (the first "
	    "complaint, its follow-ups and escalations), the attempts that "
	    "were not delivered, the replies, acknowledgements and bounces "
	    "read back, and the changes recorded by hand, in time order.",
	.usage = "thread ID [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){ CMD_OPTS_END },
	.exec = complaint_thread_exec,
	.man = "depeer-complaint",
};
