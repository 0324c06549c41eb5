/*
 * rdap_int.h - what the RDAP readers share among themselves; not an API
 * for the rest of depeer (that is rdap.h).  rdap.c reads objects (ip
 * network, autnum, entity) and search results; rdap_entity.c reads
 * entities, their jCards and remarks into contacts; rdap_bootstrap.c
 * reads IANA's bootstrap registries; rdap_text.c has the text helpers
 * below, which all of them call (and which call none of them).  Names
 * shared between these files start with rp_; everything else in them is
 * static.
 */
#ifndef DEPEER_RDAP_INT_H
#define DEPEER_RDAP_INT_H

#include <jansson.h>
#include <stddef.h>

#include "rdap.h"

#define MAX_HANDLE	255	/* bytes kept of handles, country, status */
#define MAX_NAME	512	/* bytes kept of names */
#define MAX_EMAIL	254	/* longest address taken (RFC 5321 path) */
#define MAX_URL		2048
#define MAX_ENTITIES	1024
#define MAX_CONTACTS	256
#define MAX_LINKS	64
#define MAX_ORIGINS	1024
#define MAX_PREFIXES	1024
#define MAX_NOTES	32
#define MAX_MAILS	64	/* e-mail properties read from one jCard */
#define MAX_BOOTSTRAP	(4 * 1024 * 1024)

/* What one parse remembers beside the record it fills. */
struct pctx {
	struct reg_record *r;
	json_t		*obj;		/* the object being parsed */
	const char	*self;		/* its self link, or NULL */
	size_t		 nentities;
	int		 org_score;	/* how org-like the org source was */
	unsigned int	 once;		/* ONCE_* notes already given */
};

#define ONCE_DEEP	0x01
#define ONCE_MANY_ENT	0x02
#define ONCE_CONTACTS	0x04
#define ONCE_LINKS	0x08
#define ONCE_ORIGINS	0x10
#define ONCE_BADMAIL	0x20
#define ONCE_TRUNC	0x40
#define ONCE_BADORIGIN	0x80

/* A message-sized quote of a value from the reply. */
#define QUOTE(s)	rp_snippet((s), strlen(s), 60)

/* rdap_text.c: ASCII and text helpers, notes, links. */
void	rp_add_note(struct reg_record *r, const char *fmt,
	    ...)
    __attribute__((format(printf, 2, 3)));
int	rp_ci_contains(const char *s, size_t n, const char *needle);
int	rp_ci_prefix(const char *s, const char *prefix);
char *rp_clean_text(const char *s, size_t max, int *cut);
int	rp_is_blank_ctl(int c);
int	rp_is_digit(int c);
const char *rp_jstr(json_t *o, const char *key);
const char *rp_self_link(json_t *o);
void	rp_set_text(struct reg_record *r, char **field, const char *what,
	    const char *s, size_t max);
char *rp_snippet(const char *s, size_t n, size_t max);
int	rp_url_ok(const char *s);

const char *rp_registry_of(const char *s);

/* rdap_entity.c: entities and remarks into contacts. */
int	rp_do_entity(struct pctx *c, json_t *e, int counts);
void	rp_do_remarks(struct pctx *c, json_t *list, const char *handle,
	    int scan);
void	rp_walk_entities(struct pctx *c, json_t *list);

#endif
