/*
 * resolver.c - the context of every resolution, built from the
 * configuration; and the RDAP bootstrap it starts from (loading it,
 * refreshing it from IANA).  See resolver.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "embedded.h"
#include "exitcodes.h"
#include "net.h"
#include "resolver.h"

static const char *const bootstrap_names[3] = {
	"asn.json", "ipv4.json", "ipv6.json"
};

int
resolver_url_host(const char *url, char host[256])
{
	host[0] = '\0';
	return sscanf(url, "https://%255[^/]", host) == 1 ? 0 : -1;
}

int
resolver_ttl_parse(const char *arg, long long *ttl)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || v < 0)
		return -1;
	*ttl = v;
	return 0;
}

/* A host key of the configuration, split into h (port 43 unless given). */
static void
set_host(const struct config *cfg, const char *key,
    struct resolver_host *h, char name[256])
{
	char *s = config_host(cfg, key, &h->port);

	snprintf(name, 256, "%s", s);
	free(s);
	h->name = name;
	if (h->port == 0)
		h->port = NET_PORT_WHOIS;
}

int
resolver_init(struct resolver *r, const struct config *cfg, struct db *db,
    int refresh, long long ttl, struct dp_err *err)
{
	struct net_config nc;

	memset(r, 0, sizeof(*r));
	rdap_bootstrap_init(&r->boot);
	set_host(cfg, "whois_server", &r->ep.whois, r->host_names[0]);
	set_host(cfg, "cymru_server", &r->ep.cymru, r->host_names[1]);
	set_host(cfg, "cymru_peer_server", &r->ep.cymru_peer,
	    r->host_names[2]);
	set_host(cfg, "irr_server", &r->ep.irr, r->host_names[3]);
	r->ep.ripestat = config_get(cfg, "ripestat_url");
	r->ep.sourceapp = config_get(cfg, "sourceapp");
	r->ep.rdap_bootstrap = config_get(cfg, "rdap_bootstrap_url");
	snprintf(r->cymru_label, sizeof(r->cymru_label), "%s:%d",
	    r->ep.cymru.name, r->ep.cymru.port);
	r->ttl = ttl;
	r->refresh = refresh;
	srcstore_init(&r->store, db, refresh, ttl, clock_now());
	if (config_net(cfg, &nc, err) != 0 ||
	    (r->net = net_new(&nc, err)) == NULL) {
		resolver_release(r);
		return err->code != 0 ? err->code : DP_EX_SOFTWARE;
	}
	return 0;
}

void
resolver_offline(struct resolver *r)
{
	r->store.read = r->store.db != NULL;
	r->store.not_before = INT64_MIN;
	net_offline(r->net, 1);
}

void
resolver_release(struct resolver *r)
{
	net_free(r->net);
	rdap_bootstrap_release(&r->boot);
	memset(r, 0, sizeof(*r));
}

/* The configured URL of IANA's bootstrap file i, and its host. */
static char *
bootstrap_url(const struct resolver *r, size_t i, char host[256])
{
	char *url = xasprintf("%s%s", r->ep.rdap_bootstrap,
	    bootstrap_names[i]);

	if (resolver_url_host(url, host) != 0)
		die("rdap_bootstrap_url '%s' was not checked", url);
	return url;
}

int
resolver_load_bootstrap(struct resolver *r, struct dp_err *err)
{
	const struct embedded_file *f;
	struct source s[3];
	const char *data[3];
	size_t len[3], i;
	char *url, host[256];
	int rc, found;

	memset(s, 0, sizeof(s));
	for (i = 0; i < 3; i++) {
		url = bootstrap_url(r, i, host);
		found = srcstore_newest(&r->store, "rdap", host, url,
		    &s[i]) == 0;
		free(url);
		if (found) {
			data[i] = s[i].content;
			len[i] = s[i].size;
			continue;
		}
		f = embedded_find(rdap_bootstrap_files,
		    rdap_bootstrap_files_count, bootstrap_names[i]);
		if (f == NULL)
			die("the RDAP bootstrap files are not built in");
		data[i] = f->data;
		len[i] = f->size;
	}
	rdap_bootstrap_release(&r->boot);
	rc = rdap_bootstrap_load(&r->boot, data[0], len[0], data[1], len[1],
	    data[2], len[2], err);
	for (i = 0; i < 3; i++)
		source_release(&s[i]);
	r->have_boot = rc == 0;
	return rc;
}

void
bootstrap_update_release(struct bootstrap_update *u)
{
	free(u->asn_published);
	free(u->v4_published);
	free(u->v6_published);
	memset(u, 0, sizeof(*u));
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

int
resolver_update_bootstrap(struct resolver *r, struct bootstrap_update *out,
    struct dp_err *err)
{
	struct net_req req[3];
	struct source_batch batch = { NULL, 0 };
	struct rdap_bootstrap b;
	char host[256];
	size_t i;
	int rc = 0;

	memset(req, 0, sizeof(req));
	for (i = 0; i < 3; i++) {
		req[i].kind = NET_HTTP;
		req[i].url = bootstrap_url(r, i, host);
		req[i].host = xstrdup(host);
		req[i].port = NET_PORT_HTTPS;
		req[i].accept = "application/json";
		net_add(r->net, &req[i]);
	}
	net_run(r->net, NULL, NULL);
	for (i = 0; i < 3 && rc == 0; i++) {
		if (req[i].rc != 0) {
			*err = req[i].err;
			rc = err->code != 0 ? err->code : DP_EX_SOFTWARE;
		} else if (req[i].status != 200)
			rc = dp_fail(err, DP_EX_PROTOCOL, "%s: HTTP %ld",
			    req[i].url, req[i].status);
	}
	/* All three must be valid before any replaces what lookups use. */
	rdap_bootstrap_init(&b);
	if (rc == 0)
		rc = rdap_bootstrap_load(&b, req[0].body.s, req[0].body.len,
		    req[1].body.s, req[1].body.len, req[2].body.s,
		    req[2].body.len, err);
	if (rc == 0) {
		for (i = 0; i < 3; i++)
			source_batch_add(&batch, "rdap", req[i].host,
			    req[i].url, req[i].fetched_at, req[i].status, 1,
			    req[i].body.s, req[i].body.len);
		rc = srcstore_commit_batch(r->store.db, &batch, 0,
		    "rdap-bootstrap", err);
	}
	if (rc == 0) {
		memset(out, 0, sizeof(*out));
		out->asn_published = dup_or_null(b.asn_published);
		out->v4_published = dup_or_null(b.v4_published);
		out->v6_published = dup_or_null(b.v6_published);
		for (i = 0; i < 3; i++)
			out->source_ids[i] = batch.v[i].id;
	}
	rdap_bootstrap_release(&b);
	source_batch_release(&batch);
	for (i = 0; i < 3; i++)
		net_req_release(&req[i]);
	return rc;
}
