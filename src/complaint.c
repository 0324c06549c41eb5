/*
 * complaint.c - the complaint model: lists, states, the state audit
 * entries record and the JSON form.
 */
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "jsonout.h"

const char *const complaint_states[] = {
	"draft", "queued", "sending", "sent", "acknowledged", "answered",
	"bounced", "escalated", "resolved", "rejected", "no-response", NULL,
};

void
complaint_init(struct complaint *c)
{
	memset(c, 0, sizeof(*c));
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
complaint_release(struct complaint *c)
{
	free(c->provider_name);
	free(c->tmpl);
	free(c->from_addr);
	strv_free(c->to, c->nto);
	strv_free(c->cc, c->ncc);
	free(c->subject);
	free(c->message_id);
	free(c->state);
	strv_free(c->sel_kinds, c->nsel_kinds);
	free(c->sources);
	complaint_init(c);
}

static void
strv_add(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

void
complaint_add_to(struct complaint *c, const char *addr)
{
	strv_add(&c->to, &c->nto, addr);
}

void
complaint_add_cc(struct complaint *c, const char *addr)
{
	strv_add(&c->cc, &c->ncc, addr);
}

void
complaint_add_kind(struct complaint *c, const char *kind)
{
	strv_add(&c->sel_kinds, &c->nsel_kinds, kind);
	c->has_sel_kinds = 1;
}

int
complaint_is_media_update(const struct complaint *c)
{
	return c->tmpl != NULL &&
	    strcmp(c->tmpl, COMPLAINT_MEDIA_TEMPLATE) == 0;
}

void
complaint_add_source(struct complaint *c, int64_t id)
{
	size_t i, j;

	for (i = 0; i < c->nsources && c->sources[i] < id; i++)
		;
	if (i < c->nsources && c->sources[i] == id)
		return;
	c->sources = xreallocarray(c->sources, c->nsources + 1,
	    sizeof(*c->sources));
	for (j = c->nsources; j > i; j--)
		c->sources[j] = c->sources[j - 1];
	c->sources[i] = id;
	c->nsources++;
}

int
complaint_state_valid(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && complaint_states[i] != NULL; i++)
		if (strcmp(s, complaint_states[i]) == 0)
			return 1;
	return 0;
}

int
complaint_state_editable(const char *s)
{
	return s != NULL && (strcmp(s, "draft") == 0 ||
	    strcmp(s, "queued") == 0);
}

/*
 * The transitions allowed, and who may make them.  A complaint is
 * drafted, queued when ready (and back to draft to change it), sent by
 * "complaint send" alone through "sending" (committed before the SMTP
 * transaction, so that a kill mid-send is seen and not sent twice), or
 * marked sent by hand from draft or queued when the researcher sent it
 * from their own mail client (with a note saying how).  After that it
 * follows what comes back: an acknowledgement, an answer, a bounce, or
 * silence, then escalation, resolution or rejection.  A bounced
 * complaint only ends: trying the next contact is a new complaint.
 * resolved and rejected are final: a matter that comes back is a new
 * complaint, so the history of this one stays as it ended.
 */
static const struct {
	const char	*from, *to;
	unsigned	 who;		/* enum complaint_by bits */
} transitions[] = {
	{ "draft",	  "queued",	  COMPLAINT_BY_HAND },
	{ "queued",	  "draft",	  COMPLAINT_BY_HAND },
	{ "draft",	  "sent",	  COMPLAINT_BY_HAND },
	{ "queued",	  "sent",	  COMPLAINT_BY_HAND },
	{ "draft",	  "sending",	  COMPLAINT_BY_SEND },
	{ "queued",	  "sending",	  COMPLAINT_BY_SEND },
	{ "sending",	  "sent",	  COMPLAINT_BY_SEND },
	{ "sending",	  "queued",	  COMPLAINT_BY_SEND },
	/* --resend of a complaint found in sending. */
	{ "sending",	  "sending",	  COMPLAINT_BY_SEND },
	/* Found in sending, and the researcher saw it delivered (in the
	   server's log, or the recipient's answer): sent, with a note. */
	{ "sending",	  "sent",	  COMPLAINT_BY_HAND },
	{ "sent",	  "acknowledged", COMPLAINT_BY_HAND | COMPLAINT_BY_INBOX },
	{ "sent",	  "answered",	  COMPLAINT_BY_HAND | COMPLAINT_BY_INBOX },
	{ "sent",	  "bounced",	  COMPLAINT_BY_HAND | COMPLAINT_BY_INBOX },
	{ "sent",	  "no-response",  COMPLAINT_BY_HAND },
	{ "sent",	  "escalated",	  COMPLAINT_BY_HAND | COMPLAINT_BY_SEND },
	{ "sent",	  "resolved",	  COMPLAINT_BY_HAND },
	{ "sent",	  "rejected",	  COMPLAINT_BY_HAND },
	{ "acknowledged", "answered",	  COMPLAINT_BY_HAND | COMPLAINT_BY_INBOX },
	{ "acknowledged", "bounced",	  COMPLAINT_BY_INBOX },
	{ "acknowledged", "no-response",  COMPLAINT_BY_HAND },
	{ "acknowledged", "escalated",	  COMPLAINT_BY_HAND | COMPLAINT_BY_SEND },
	{ "acknowledged", "resolved",	  COMPLAINT_BY_HAND },
	{ "acknowledged", "rejected",	  COMPLAINT_BY_HAND },
	{ "answered",	  "escalated",	  COMPLAINT_BY_HAND | COMPLAINT_BY_SEND },
	{ "answered",	  "resolved",	  COMPLAINT_BY_HAND },
	{ "answered",	  "rejected",	  COMPLAINT_BY_HAND },
	{ "bounced",	  "resolved",	  COMPLAINT_BY_HAND },
	{ "bounced",	  "rejected",	  COMPLAINT_BY_HAND },
	{ "no-response",  "acknowledged", COMPLAINT_BY_INBOX },
	{ "no-response",  "answered",	  COMPLAINT_BY_HAND | COMPLAINT_BY_INBOX },
	{ "no-response",  "escalated",	  COMPLAINT_BY_HAND | COMPLAINT_BY_SEND },
	{ "no-response",  "resolved",	  COMPLAINT_BY_HAND },
	{ "no-response",  "rejected",	  COMPLAINT_BY_HAND },
	/* The silent upstream may still answer after the escalation. */
	{ "escalated",	  "acknowledged", COMPLAINT_BY_INBOX },
	{ "escalated",	  "answered",	  COMPLAINT_BY_HAND | COMPLAINT_BY_INBOX },
	{ "escalated",	  "resolved",	  COMPLAINT_BY_HAND },
	{ "escalated",	  "rejected",	  COMPLAINT_BY_HAND },
};

static int
is(const char *s, const char *a)
{
	return strcmp(s, a) == 0;
}

int
complaint_transition_ok(const char *from, const char *to,
    enum complaint_by who, const char **why)
{
	const char *w;
	size_t i;

	if (!complaint_state_valid(from) || !complaint_state_valid(to)) {
		w = "that is not a state";
		goto no;
	}
	for (i = 0; i < ARRAY_SIZE(transitions); i++)
		if (is(transitions[i].from, from) && is(transitions[i].to, to)
		    && (transitions[i].who & who) != 0)
			return 1;
	if (is(from, to))
		w = "it is already";
	else if (is(from, "resolved") || is(from, "rejected"))
		w = "that is final; a matter that comes back is a new "
		    "complaint";
	else if (is(to, "sending") || is(from, "sending"))
		w = "only 'depeer complaint send' moves a complaint to and "
		    "from sending";
	else if (is(from, "draft") || is(from, "queued"))
		w = "it was never sent";
	else if (is(to, "draft") || is(to, "queued") || is(to, "sent"))
		w = "it was sent already; a new message is a follow-up or a "
		    "new complaint";
	else if (is(from, "bounced"))
		w = "it bounced; the next contact is a new complaint";
	else
		w = "the transition is not allowed";
no:
	if (why != NULL)
		*why = w;
	return 0;
}

json_t *
complaint_strv_json(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

int
complaint_strv_parse(const char *text, char ***v, size_t *n)
{
	json_t *a = json_loads(text, 0, NULL), *s;
	size_t i;

	if (!json_is_array(a)) {
		json_decref(a);
		return -1;
	}
	json_array_foreach(a, i, s)
		if (!json_is_string(s)) {
			json_decref(a);
			return -1;
		}
	json_array_foreach(a, i, s)
		strv_add(v, n, json_string_value(s));
	json_decref(a);
	return 0;
}

static json_t *
int_or_null(int have, int64_t v)
{
	return have ? json_integer(v) : json_null();
}

json_t *
complaint_claim(const struct complaint *c)
{
	json_t *o = json_object(), *sel = json_object(), *src = json_array();
	size_t i;

	for (i = 0; i < c->nsources; i++)
		json_array_append_new(src, json_integer(c->sources[i]));
	json_object_set_new(sel, "kinds", c->has_sel_kinds ?
	    complaint_strv_json(c->sel_kinds, c->nsel_kinds) : json_null());
	json_object_set_new(sel, "since", int_or_null(c->has_since,
	    c->sel_since));
	json_object_set_new(sel, "max_evidence_id", int_or_null(c->has_max_ev,
	    c->max_evidence_id));
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "provider_id", json_integer(c->provider_id));
	json_object_set_new(o, "upstream_asn", int_or_null(c->upstream_asn !=
	    0, c->upstream_asn));
	json_object_set_new(o, "template", json_str_or_null(c->tmpl));
	json_object_set_new(o, "from", json_str_or_null(c->from_addr));
	json_object_set_new(o, "to", complaint_strv_json(c->to, c->nto));
	json_object_set_new(o, "cc", complaint_strv_json(c->cc, c->ncc));
	json_object_set_new(o, "subject", json_str_or_null(c->subject));
	json_object_set_new(o, "message_id", json_str_or_null(c->message_id));
	json_object_set_new(o, "state", json_str_or_null(c->state));
	json_object_set_new(o, "due_at", int_or_null(c->has_due, c->due_at));
	json_object_set_new(o, "created_at", json_integer(c->created_at));
	json_object_set_new(o, "updated_at", json_integer(c->updated_at));
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "sha256", json_string(c->sha256));
	json_object_set_new(o, "size", json_integer(c->size));
	json_object_set_new(o, "sources", src);
	json_object_set_new(o, "selection", sel);
	return o;
}

char *
complaint_claim_text(const struct complaint *c)
{
	json_t *o = complaint_claim(c);
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(o);
	if (s == NULL)
		die("out of memory");
	return s;
}

json_t *
complaint_to_json(const struct complaint *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "provider", json_str_or_null(c->provider_name));
	json_object_set_new(o, "provider_id", json_integer(c->provider_id));
	json_object_set_new(o, "upstream_asn", int_or_null(c->upstream_asn !=
	    0, c->upstream_asn));
	json_object_set_new(o, "to", complaint_strv_json(c->to, c->nto));
	json_object_set_new(o, "cc", complaint_strv_json(c->cc, c->ncc));
	json_object_set_new(o, "template", json_str_or_null(c->tmpl));
	json_object_set_new(o, "subject", json_str_or_null(c->subject));
	json_object_set_new(o, "message_id", json_str_or_null(c->message_id));
	json_object_set_new(o, "state", json_str_or_null(c->state));
	json_object_set_new(o, "due_at", json_time_or_null(c->has_due,
	    c->due_at));
	json_object_set_new(o, "created_at", json_time_or_null(1,
	    c->created_at));
	json_object_set_new(o, "updated_at", json_time_or_null(1,
	    c->updated_at));
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "sha256", json_string(c->sha256));
	json_object_set_new(o, "size", json_integer(c->size));
	return o;
}
