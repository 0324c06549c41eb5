/*
 * track.c - the records of what happens to a complaint after its draft;
 * see track.h.
 */
#include <stdlib.h>
#include <string.h>

#include "track.h"
#include "util.h"

void
complaint_ev_release(struct complaint_ev *e)
{
	free(e->by);
	free(e->from_state);
	free(e->to_state);
	free(e->note);
	free(e->reply);
	free(e->via);
	free(e->ticket);
	free(e->dsn_status);
	memset(e, 0, sizeof(*e));
}

void
complaint_ev_free(struct complaint_ev *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		complaint_ev_release(&v[i]);
	free(v);
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
id_or_null(int64_t v)
{
	return v != 0 ? json_integer(v) : json_null();
}

json_t *
complaint_ev_status(const struct complaint_ev *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "from", str_or_null(e->from_state));
	json_object_set_new(o, "to", str_or_null(e->to_state));
	json_object_set_new(o, "note", str_or_null(e->note));
	json_object_set_new(o, "by", str_or_null(e->by));
	json_object_set_new(o, "attempt", id_or_null(e->attempt));
	json_object_set_new(o, "reply", str_or_null(e->reply));
	json_object_set_new(o, "via", str_or_null(e->via));
	json_object_set_new(o, "mail", id_or_null(e->mail_id));
	json_object_set_new(o, "ticket", str_or_null(e->ticket));
	json_object_set_new(o, "dsn_status", str_or_null(e->dsn_status));
	return o;
}

void
mailrec_init(struct mailrec *m)
{
	memset(m, 0, sizeof(*m));
}

void
mailrec_release(struct mailrec *m)
{
	free(m->message_id);
	free(m->from_addr);
	free(m->subject);
	free(m->origin);
	free(m->mclass);
	free(m->ticket);
	free(m->dsn_status);
	free(m->dsn_recipient);
	free(m->matched_by);
	mailrec_init(m);
}

void
mailrec_free(struct mailrec *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mailrec_release(&v[i]);
	free(v);
}

json_t *
mailrec_claim(const struct mailrec *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "sha256", json_string(m->sha256));
	json_object_set_new(o, "size", json_integer(m->size));
	json_object_set_new(o, "message_id", str_or_null(m->message_id));
	json_object_set_new(o, "from", str_or_null(m->from_addr));
	json_object_set_new(o, "subject", str_or_null(m->subject));
	json_object_set_new(o, "date", m->has_date ? json_integer(m->date) :
	    json_null());
	json_object_set_new(o, "imported_at", json_integer(m->imported_at));
	json_object_set_new(o, "origin", str_or_null(m->origin));
	json_object_set_new(o, "class", str_or_null(m->mclass));
	json_object_set_new(o, "ticket", str_or_null(m->ticket));
	json_object_set_new(o, "dsn_status", str_or_null(m->dsn_status));
	json_object_set_new(o, "dsn_recipient", str_or_null(m->dsn_recipient));
	json_object_set_new(o, "complaint_id", id_or_null(m->complaint_id));
	json_object_set_new(o, "matched_by", str_or_null(m->matched_by));
	return o;
}

int
mailrec_class_valid(const char *s)
{
	static const char *const classes[] = { "auto-reply", "reply",
	    "bounce", "delay", "delivered" };
	size_t i;

	for (i = 0; s != NULL && i < ARRAY_SIZE(classes); i++)
		if (strcmp(s, classes[i]) == 0)
			return 1;
	return 0;
}

void
complaint_link_free(struct complaint_link *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].kind);
	free(v);
}

json_t *
complaint_link_claim(const struct complaint_link *l)
{
	json_t *o = json_object();

	json_object_set_new(o, "child", json_integer(l->child));
	json_object_set_new(o, "parent", json_integer(l->parent));
	json_object_set_new(o, "kind", str_or_null(l->kind));
	return o;
}

int
complaint_link_kind_valid(const char *s)
{
	return s != NULL && (strcmp(s, "follow-up") == 0 ||
	    strcmp(s, "escalation") == 0 || strcmp(s, "next-contact") == 0);
}
