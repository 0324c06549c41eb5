/*
 * media.c - the media contacts of a case (media.h).
 */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "buf.h"
#include "exitcodes.h"
#include "media.h"
#include "validate.h"

void
media_release(struct media_contact *m)
{
	if (m == NULL)
		return;
	free(m->name);
	free(m->addr);
	free(m->outlet);
	free(m->provider);
	free(m->note);
	memset(m, 0, sizeof(*m));
}

void
media_free(struct media_contact *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		media_release(&v[i]);
	free(v);
}

int
media_check(struct media_contact *m, struct dp_err *err)
{
	char *norm;

	if (m->name == NULL || m->name[0] == '\0')
		return dp_fail(err, DP_EX_USAGE, "a media contact needs a "
		    "name");
	if (val_text("name", m->name, MEDIA_NAME_MAX, 0, err) != 0)
		goto usage;
	if (strpbrk(m->name, "<>\"") != NULL)
		return dp_fail(err, DP_EX_USAGE, "name '%.60s': '<', '>' and "
		    "'\"' are not allowed in a name (give the address as "
		    "the second operand)", m->name);
	if (m->addr == NULL || addr_normalize(m->addr, &norm, err) != 0) {
		if (m->addr == NULL)
			return dp_fail(err, DP_EX_USAGE, "a media contact "
			    "needs an address");
		goto usage;
	}
	free(m->addr);
	m->addr = norm;
	if (m->outlet != NULL && val_text("outlet", m->outlet,
	    MEDIA_OUTLET_MAX, 0, err) != 0)
		goto usage;
	if (m->note != NULL && val_text("note", m->note, MEDIA_NOTE_MAX, 0,
	    err) != 0)
		goto usage;
	return 0;
usage:
	err->code = DP_EX_USAGE;
	return DP_EX_USAGE;
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

json_t *
media_add_json(const struct media_contact *m)
{
	char t[TIME_STRLEN];
	json_t *o = json_object();

	fmt_time(m->created_at, t);
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "name", json_string(m->name));
	json_object_set_new(o, "addr", json_string(m->addr));
	json_object_set_new(o, "outlet", str_or_null(m->outlet));
	json_object_set_new(o, "provider_id", m->provider_id != 0 ?
	    json_integer(m->provider_id) : json_null());
	json_object_set_new(o, "note", str_or_null(m->note));
	json_object_set_new(o, "created_at", json_string(t));
	json_object_set_new(o, "audit_seq", json_integer(m->audit_seq));
	return o;
}

json_t *
media_to_json(const struct media_contact *m)
{
	char t[TIME_STRLEN];
	json_t *o = media_add_json(m);

	json_object_set_new(o, "provider", str_or_null(m->provider));
	if (m->removed_at != 0) {
		fmt_time(m->removed_at, t);
		json_object_set_new(o, "removed_at", json_string(t));
		json_object_set_new(o, "removed_seq",
		    json_integer(m->removed_seq));
	} else {
		json_object_set_new(o, "removed_at", json_null());
		json_object_set_new(o, "removed_seq", json_null());
	}
	return o;
}

/*
 * RFC 5322 display name: a phrase of atoms, or a quoted string.  The
 * name has no '"' (media_check()), so quoting needs no escapes but for
 * '\\'.
 */
char *
media_mailbox(const struct media_contact *m)
{
	struct buf b = BUF_INIT;
	const char *p;
	int plain = 1;

	for (p = m->name; *p != '\0'; p++)
		if (strchr("()<>[]:;@\\,.\"", *p) != NULL)
			plain = 0;
	if (plain)
		buf_adds(&b, m->name);
	else {
		buf_addc(&b, '"');
		for (p = m->name; *p != '\0'; p++) {
			if (*p == '\\')
				buf_addc(&b, '\\');
			buf_addc(&b, *p);
		}
		buf_addc(&b, '"');
	}
	buf_adds(&b, " <");
	buf_adds(&b, m->addr);
	buf_addc(&b, '>');
	return buf_detach(&b, NULL);
}
