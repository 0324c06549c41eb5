/*
 * whois_iana.c - the interpreter for IANA's answers: the block or AS
 * range and the registry it refers to.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "exitcodes.h"
#include "whois_int.h"

/*
 * IANA's answer is one RPSL-looking list whose attributes are spread over
 * blank-separated groups ("refer:", then "inetnum:" with "organisation:"
 * and "status:", then "whois:"), so it is read as one flat list.
 */
void
wp_iana_interpret(struct rctx *c, enum whois_qtype t)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	const char *k, *v, *refer = NULL, *whois = NULL;
	struct block b;
	uint32_t lo, hi;
	size_t i;
	int got = 0;

	for (i = 0; i < a->nattrs; i++) {
		k = wp_akey(a, i);
		v = wp_aval(a, i);
		if (ascii_casecmp(k, "refer") == 0 && refer == NULL &&
		    *v != '\0')
			refer = v;
		else if (ascii_casecmp(k, "whois") == 0 && whois == NULL &&
		    *v != '\0')
			whois = v;
		else if (!got && (ascii_casecmp(k, "inetnum") == 0 ||
		    ascii_casecmp(k, "inet6num") == 0) &&
		    wp_parse_block(v, &b) == 0) {
			r->kind = REG_NET;
			wp_set_block(r, &b);
			got = 1;
		} else if (!got && (ascii_casecmp(k, "as-block") == 0 ||
		    ascii_casecmp(k, "aut-num") == 0) &&
		    wp_asn_range(v, &lo, &hi) == 0) {
			r->kind = REG_AUTNUM;
			r->asn_first = lo;
			r->asn_last = hi;
			got = 1;
		} else if (got && ascii_casecmp(k, "organisation") == 0)
			wp_set_if(&r->org, v);
		else if (got && ascii_casecmp(k, "status") == 0)
			wp_set_if(&r->status, v);
	}
	if (refer == NULL)
		refer = whois;
	if (refer != NULL) {
		reg_set(&r->referral, refer);
		if (!got)	/* only a referral: still worth returning */
			r->kind = t == WQ_ASN ? REG_AUTNUM : REG_NET;
	}
	if (r->kind != REG_NONE)
		reg_set(&r->source, "iana");
}
