/*
 * bundle.c - writing a case bundle (bundle.h), and what writing and
 * checking share (bundle_int.h).
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "audit_entry.h"
#include "buf.h"
#include "bundle.h"
#include "bundle_int.h"
#include "clock.h"
#include "complaint.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "db.h"
#include "event.h"
#include "event_store.h"
#include "evidence.h"
#include "exitcodes.h"
#include "keyset.h"
#include "outfile.h"
#include "provider.h"
#include "report.h"
#include "source.h"
#include "track.h"
#include "upstream.h"
#include "util.h"
#include "validate.h"

/* ---- shared with bundle_verify.c and bundle_iodef.c ---- */

struct head_arg {
	int64_t	 seq;
	char	*hash;
};

static int
head_row(const struct audit_entry *e, void *arg)
{
	struct head_arg *h = arg;

	h->seq = e->seq;
	snprintf(h->hash, SHA256_HEXLEN, "%s", e->hash);
	return 0;
}

int
bundle_head(struct db *db, int64_t *seq, char hash[SHA256_HEXLEN],
    struct dp_err *err)
{
	struct head_arg h = { 0, hash };
	int rc;

	hash[0] = '\0';
	rc = db_audit_iter(db, 1, head_row, &h, err);
	*seq = h.seq;
	return rc;
}

void
bundle_safe_name(struct buf *out, const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < max; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (c == '.' && i > 0)))
			c = '_';
		buf_addc(out, c);
	}
	if (i == 0)
		buf_addc(out, '_');
}

void
bundle_attachment_path(struct buf *out, const struct evfile *f)
{
	buf_addf(out, "attachments/%s-", f->sha256);
	bundle_safe_name(out, f->name != NULL ? f->name : "", 100);
}

void
bundle_record_path(struct buf *out, const struct source *s)
{
	const char *ext = "txt";

	if (strcmp(s->protocol, "rdap") == 0 ||
	    strcmp(s->protocol, "ripestat") == 0)
		ext = "json";
	else if (strcmp(s->protocol, "dns") == 0)
		ext = "bin";
	buf_addf(out, "records/%" PRId64 "-", s->id);
	bundle_safe_name(out, s->protocol, 16);
	buf_addc(out, '-');
	bundle_safe_name(out, s->server, 80);
	buf_addf(out, ".%s", ext);
}

/*
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR
 * or LF, quotes doubled.  (csv.c reads CSV; nothing else writes it
 * outside draft_evidence.c, whose writer is private to the drafts.)
 */
static void
csv_field(struct buf *b, const char *s, int last)
{
	if (s != NULL && strpbrk(s, ",\"\r\n") != NULL) {
		buf_addc(b, '"');
		for (; *s != '\0'; s++) {
			if (*s == '"')
				buf_addc(b, '"');
			buf_addc(b, *s);
		}
		buf_addc(b, '"');
	} else if (s != NULL)
		buf_adds(b, s);
	buf_adds(b, last ? "\r\n" : ",");
}

struct csv_pass {
	int64_t		 head;
	bundle_sink	 sink;
	void		*arg;
	struct buf	 line;
	struct dp_err	*err;
};

static int
csv_row(const struct evidence *e, void *arg)
{
	struct csv_pass *p = arg;
	struct buf files = BUF_INIT;
	char t[TIME_STRLEN], num[24], hex[SHA256_HEXLEN];
	size_t i;
	int retracted = e->retracted && e->retract_seq <= p->head;

	if (e->audit_seq > p->head)
		return 0;
	buf_reset(&p->line);
	snprintf(num, sizeof(num), "%" PRId64, e->id);
	csv_field(&p->line, num, 0);
	if (e->has_observed)
		fmt_time(e->observed_at, t);
	csv_field(&p->line, e->has_observed ? t : NULL, 0);
	csv_field(&p->line, e->kind, 0);
	csv_field(&p->line, e->indicator, 0);
	csv_field(&p->line, ind_type_name(e->indicator_type), 0);
	csv_field(&p->line, e->family, 0);
	csv_field(&p->line, e->source, 0);
	csv_field(&p->line, e->note, 0);
	fmt_time(e->recorded_at, t);
	csv_field(&p->line, t, 0);
	snprintf(num, sizeof(num), "%" PRId64, e->audit_seq);
	csv_field(&p->line, num, 0);
	sha256_hex(e->row_hash, hex);
	csv_field(&p->line, hex, 0);
	for (i = 0; i < e->nfiles; i++) {
		if (i > 0)
			buf_addc(&files, ';');
		bundle_attachment_path(&files, &e->files[i]);
	}
	csv_field(&p->line, files.s, 0);
	buf_release(&files);
	if (retracted)
		fmt_time(e->retracted_at, t);
	csv_field(&p->line, retracted ? t : NULL, 0);
	csv_field(&p->line, retracted ? e->retract_reason : NULL, 1);
	if (p->sink(p->arg, p->line.s, p->line.len) != 0)
		return dp_fail(p->err, DP_EX_IOERR, "cannot write "
		    "evidence.csv");
	return 0;
}

int
bundle_evidence_csv(struct db *db, int64_t provider_id, int64_t head,
    bundle_sink sink, void *arg, struct dp_err *err)
{
	static const char hdr[] = "evidence_id,observed_at,kind,indicator,"
	    "indicator_type,family,source,note,recorded_at,audit_seq,"
	    "row_sha256,files,retracted_at,retract_reason\r\n";
	struct csv_pass p = { head, sink, arg, BUF_INIT, err };
	struct ev_filter f;
	int rc;

	if (sink(arg, hdr, sizeof(hdr) - 1) != 0)
		return dp_fail(err, DP_EX_IOERR, "cannot write evidence.csv");
	memset(&f, 0, sizeof(f));
	f.provider_id = provider_id;
	rc = db_evidence_iter(db, &f, csv_row, &p, err);
	buf_release(&p.line);
	return rc;
}

static int
walk_in(const char *root, const char *rel, struct bundle_found **v,
    size_t *n, size_t *cap, struct dp_err *err)
{
	char *path = rel[0] != '\0' ? xasprintf("%s/%s", root, rel) :
	    xstrdup(root);
	DIR *d = opendir(path);
	struct dirent *de;
	struct stat st;
	int rc = 0;

	if (d == NULL) {
		rc = dp_fail(err, DP_EX_IOERR, "cannot read %s: %s", path,
		    strerror(errno));
		free(path);
		return rc;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char *r, *full;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		r = rel[0] != '\0' ? xasprintf("%s/%s", rel, de->d_name) :
		    xstrdup(de->d_name);
		full = xasprintf("%s/%s", root, r);
		if (lstat(full, &st) != 0) {
			rc = dp_fail(err, DP_EX_IOERR, "cannot read %s: %s",
			    full, strerror(errno));
			free(full);
			free(r);
			break;
		}
		free(full);
		if (S_ISDIR(st.st_mode) &&
		    (rc = walk_in(root, r, v, n, cap, err)) != 0) {
			free(r);
			break;
		}
		GROW(*v, *n + 1, *cap);
		(*v)[*n].rel = r;
		(*v)[*n].regular = S_ISREG(st.st_mode);
		(*v)[*n].dir = S_ISDIR(st.st_mode);
		(*n)++;
	}
	closedir(d);
	free(path);
	return rc;
}

int
bundle_walk(const char *root, struct bundle_found **v, size_t *n,
    struct dp_err *err)
{
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if ((rc = walk_in(root, "", v, n, &cap, err)) != 0) {
		bundle_found_free(*v, *n);
		*v = NULL;
		*n = 0;
	}
	return rc;
}

void
bundle_found_free(struct bundle_found *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].rel);
	free(v);
}

int
bundle_file_sha256(const char *path, char hex[SHA256_HEXLEN],
    struct dp_err *err)
{
	unsigned char d[SHA256_LEN], b[65536];
	struct sha256 *h;
	size_t got;
	FILE *fp;
	int bad;

	if ((fp = fopen(path, "rb")) == NULL)
		return dp_fail(err, DP_EX_IOERR, "cannot read %s: %s", path,
		    strerror(errno));
	h = sha256_new();
	while ((got = fread(b, 1, sizeof(b), fp)) > 0)
		sha256_update(h, b, got);
	bad = ferror(fp);
	fclose(fp);
	sha256_final(h, d);
	sha256_free(h);
	if (bad)
		return dp_fail(err, DP_EX_IOERR, "cannot read %s", path);
	sha256_hex(d, hex);
	return 0;
}

/* ---- writing ---- */

/* A file of the bundle: written whole, hashed as it goes. */
struct wfile {
	struct outfile	*of;
	struct sha256	*h;
	char		*rel;
};


struct bw {
	struct db	*db;
	const char	*tmp;		/* the folder being filled */
	int		 dry;		/* only hash what would be written */
	int64_t		 stamp;		/* when it was written */
	int		 redact;
	const struct bundle_who *who;
	struct provider	 p;
	const char	*shown;		/* the name README.txt gives (p.name
					   unless rebuilding a bundle written
					   before a rename) */
	int64_t		 head;
	char		 head_hash[SHA256_HEXLEN];
	struct bundle_sum *sums;
	size_t		 nsums, cap;
	int64_t		*srcs;		/* the answers cited */
	size_t		 nsrcs, srcs_cap;
	int64_t		 nevidence, nfiles, ncomplaints, nmails, nrecords;
	int64_t		 later, nentries, nwithheld;
	struct buf	 withheld;	/* "\n<subject>\n" of each entry whose
					   payload stays out */
	struct buf	*sums_out;	/* or NULL: SHA256SUMS as written */
	struct dp_err	*err;
};

static int
wopen(struct bw *w, const char *rel, struct wfile *f)
{
	char *path;
	int rc;

	f->of = NULL;
	if (!w->dry) {
		path = xasprintf("%s/%s", w->tmp, rel);
		rc = outfile_open_mode(path, 0666, 0, &f->of, w->err);
		free(path);
		if (rc != 0)
			return rc;
	}
	f->h = sha256_new();
	f->rel = xstrdup(rel);
	return 0;
}

static int
wwrite(void *arg, const char *bytes, size_t len)
{
	struct wfile *f = arg;

	sha256_update(f->h, bytes, len);
	if (f->of == NULL)
		return 0;
	return fwrite(bytes, 1, len, outfile_fp(f->of)) == len ? 0 : -1;
}

static void
wabort(struct wfile *f)
{
	outfile_abort(f->of);
	sha256_free(f->h);
	free(f->rel);
}

/* Finish f and list it for SHA256SUMS (hex: its hash when known). */
static int
wclose(struct bw *w, struct wfile *f, const char *hex)
{
	unsigned char d[SHA256_LEN];
	struct bundle_sum *s;
	int rc;

	GROW(w->sums, w->nsums + 1, w->cap);
	s = &w->sums[w->nsums];
	sha256_final(f->h, d);
	sha256_free(f->h);
	if (hex != NULL)
		snprintf(s->hex, sizeof(s->hex), "%s", hex);
	else
		sha256_hex(d, s->hex);
	s->rel = f->rel;
	if (f->of != NULL && (rc = outfile_commit(f->of, w->err)) != 0) {
		free(f->rel);
		return rc;
	}
	w->nsums++;
	return 0;
}

static int
put(struct bw *w, const char *rel, const void *bytes, size_t len)
{
	struct wfile f;
	int rc;

	if ((rc = wopen(w, rel, &f)) != 0)
		return rc;
	if (wwrite(&f, bytes, len) != 0) {
		wabort(&f);
		return dp_fail(w->err, DP_EX_IOERR, "cannot write %s", rel);
	}
	return wclose(w, &f, NULL);
}

static int
subdir(struct bw *w, const char *name)
{
	char *path;
	int rc = 0;

	if (w->dry)
		return 0;
	path = xasprintf("%s/%s", w->tmp, name);
	if (mkdir(path, 0777) != 0)
		rc = dp_fail(w->err, DP_EX_CANTCREAT, "cannot create %s: %s",
		    path, strerror(errno));
	free(path);
	return rc;
}

static void
cite(struct bw *w, int64_t id)
{
	size_t i;

	if (id == 0)
		return;
	for (i = 0; i < w->nsrcs; i++)
		if (w->srcs[i] == id)
			return;
	GROW(w->srcs, w->nsrcs + 1, w->srcs_cap);
	w->srcs[w->nsrcs++] = id;
}

/*
 * The entries whose payload stays out of audit.jsonl: the media
 * contacts (media.*), and the status updates sent to them and the mails
 * they sent back, of every provider.  They name journalists, who must
 * not learn from a bundle who else follows the case; the chain only needs
 * the payload's hash, which the line keeps.
 */
static int
withheld_list(struct bw *w)
{
	struct complaint *cv = NULL;
	struct mailrec *mv;
	size_t nc = 0, nm, i, j;
	int rc;

	buf_reset(&w->withheld);
	buf_addc(&w->withheld, '\n');
	if ((rc = complaint_list(w->db, NULL, NULL, &cv, &nc, w->err)) != 0)
		return rc;
	for (i = 0; i < nc && rc == 0; i++) {
		if (!complaint_is_media_update(&cv[i]))
			continue;
		buf_addf(&w->withheld, "complaint:%" PRId64 "\n", cv[i].id);
		if ((rc = mail_store_list(w->db, cv[i].id, &mv, &nm,
		    w->err)) != 0)
			break;
		for (j = 0; j < nm; j++)
			buf_addf(&w->withheld, "mail:%" PRId64 "\n",
			    mv[j].id);
		mailrec_free(mv, nm);
	}
	complaint_list_free(cv, nc);
	return rc;
}

static int
withheld(struct bw *w, const struct audit_entry *e)
{
	char *key;
	int found;

	if (strncmp(e->action, "media.", 6) == 0)
		return 1;
	key = xasprintf("\n%s\n", e->subject);
	found = strstr(w->withheld.s, key) != NULL;
	free(key);
	return found;
}

struct audit_pass {
	struct bw	*w;
	struct wfile	 f;
	int64_t		 n;
};

static int
audit_line(const struct audit_entry *e, void *arg)
{
	struct audit_pass *a = arg;
	json_t *o, *pt;
	char *s;
	int rc;

	if (e->seq > a->w->head) {
		a->w->later++;
		return 0;
	}
	if (e->seq == a->w->head)
		snprintf(a->w->head_hash, SHA256_HEXLEN, "%s", e->hash);
	o = audit_entry_to_json(e);
	if (withheld(a->w, e)) {
		unsigned char d[SHA256_LEN];
		char hex[SHA256_HEXLEN];

		sha256_buf(e->payload, strlen(e->payload), d);
		sha256_hex(d, hex);
		json_object_set_new(o, "payload", json_null());
		json_object_set_new(o, "payload_sha256", json_string(hex));
		json_object_set_new(o, "withheld", json_true());
		a->w->nwithheld++;
	} else if ((pt = json_string(e->payload)) == NULL) {
		json_decref(o);
		return dp_fail(a->w->err, DP_EX_DATAERR, "audit entry %" PRId64
		    " holds a payload that is not UTF-8; run 'depeer verify'",
		    e->seq);
	} else
		json_object_set_new(o, "payload_text", pt);
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s == NULL)
		return dp_fail(a->w->err, DP_EX_DATAERR, "audit entry %" PRId64
		    " cannot be written as JSON; run 'depeer verify'", e->seq);
	rc = wwrite(&a->f, s, strlen(s)) != 0 || wwrite(&a->f, "\n", 1) != 0;
	free(s);
	a->n++;
	a->w->nentries++;
	return rc ? dp_fail(a->w->err, DP_EX_IOERR, "cannot write "
	    "audit.jsonl") : 0;
}

static int
write_audit(struct bw *w)
{
	struct audit_pass a;
	int rc;

	if ((rc = withheld_list(w)) != 0)
		return rc;
	memset(&a, 0, sizeof(a));
	a.w = w;
	if ((rc = wopen(w, "audit.jsonl", &a.f)) != 0)
		return rc;
	if ((rc = db_audit_iter(w->db, 0, audit_line, &a, w->err)) != 0) {
		wabort(&a.f);
		return rc;
	}
	return wclose(w, &a.f, NULL);
}

/* Each file attached to a row, once. */
struct att_pass {
	struct bw	*w;
	struct keyset	 seen;		/* the SHA-256 of each path written */
};

static int
att_row(const struct evidence *e, void *arg)
{
	struct att_pass *a = arg;
	struct bw *w = a->w;
	struct buf rel = BUF_INIT;
	struct wfile f;
	unsigned char d[SHA256_LEN];
	uint64_t k[2];
	size_t i;
	int rc = 0;

	if (e->audit_seq > w->head)
		return 0;
	w->nevidence++;
	for (i = 0; i < e->nfiles && rc == 0; i++) {
		buf_reset(&rel);
		bundle_attachment_path(&rel, &e->files[i]);
		/* 128 bits of the path's SHA-256 tell paths apart */
		sha256_buf(rel.s, rel.len, d);
		memcpy(k, d, sizeof(k));
		if (a->seen.n >= KEYSET_MAX || keyset_add(&a->seen, k) >= 0)
			continue;
		if ((rc = wopen(w, rel.s, &f)) != 0)
			break;
		/* db_artifact_write() checks the bytes against the hash */
		if (!w->dry && (rc = db_artifact_write(w->db, e->files[i].artifact_id,
		    outfile_fp(f.of), w->err)) != 0) {
			wabort(&f);
			break;
		}
		rc = wclose(w, &f, e->files[i].sha256);
		w->nfiles++;
	}
	buf_release(&rel);
	return rc;
}

static int
write_evidence(struct bw *w)
{
	struct att_pass a = { w, KEYSET_INIT };
	struct ev_filter fl;
	struct wfile f;
	int rc;

	if ((rc = wopen(w, "evidence.csv", &f)) != 0)
		return rc;
	if ((rc = bundle_evidence_csv(w->db, w->p.id, w->head, wwrite, &f,
	    w->err)) != 0) {
		wabort(&f);
		return rc;
	}
	if ((rc = wclose(w, &f, NULL)) != 0 ||
	    (rc = subdir(w, "attachments")) != 0)
		return rc;
	memset(&fl, 0, sizeof(fl));
	fl.provider_id = w->p.id;
	rc = db_evidence_iter(w->db, &fl, att_row, &a, w->err);
	keyset_release(&a.seen);
	return rc;
}

/*
 * The version of complaint id's message as of the head: the last draft
 * or edit entry up to it (a draft edited since is bundled as it was);
 * 0 when it was drafted after the head.
 */
static int
version_at(struct bw *w, int64_t id, int64_t *version)
{
	struct complaint_event *ev;
	size_t n, i;
	int rc;

	*version = 0;
	if ((rc = complaint_events(w->db, id, &ev, &n, w->err)) != 0)
		return rc;
	for (i = 0; i < n; i++)
		if (ev[i].seq <= w->head && (strcmp(ev[i].kind, "draft") ==
		    0 || strcmp(ev[i].kind, "edit") == 0))
			*version = ev[i].version;
	complaint_events_free(ev, n);
	return 0;
}

/* complaints/ID.eml and mails/ID.eml; cites the answers complaints attach. */
static int
write_complaints(struct bw *w)
{
	struct complaint *cv = NULL;
	struct mailrec *mv;
	size_t nc = 0, nm, i, j, k;
	char rel[64], sha[SHA256_HEXLEN];
	void *bytes;
	size_t len;
	int rc;

	if ((rc = complaint_list(w->db, w->p.name, NULL, &cv, &nc,
	    w->err)) != 0)
		return rc;
	if (!w->redact && ((rc = subdir(w, "complaints")) != 0 ||
	    (rc = subdir(w, "mails")) != 0))
		goto out;
	for (i = 0; i < nc && rc == 0; i++) {
		int64_t version;

		/* status updates to journalists stay out (withheld_list) */
		if (complaint_is_media_update(&cv[i]))
			continue;
		if ((rc = version_at(w, cv[i].id, &version)) != 0)
			break;
		if (version == 0)	/* drafted after the head */
			continue;
		for (k = 0; k < cv[i].nsources; k++)
			cite(w, cv[i].sources[k]);
		if (w->redact)
			continue;
		if ((rc = db_complaint_message(w->db, cv[i].id, version,
		    &bytes, &len, sha, w->err)) != 0)
			break;
		{
			unsigned char d[SHA256_LEN];
			char hex[SHA256_HEXLEN];

			sha256_buf(bytes, len, d);
			sha256_hex(d, hex);
			if (strcmp(hex, sha) != 0) {
				free(bytes);
				rc = dp_fail(w->err, DP_EX_DATAERR, "complaint "
				    "%" PRId64 "'s message does not match its "
				    "SHA-256; run 'depeer verify'", cv[i].id);
				break;
			}
		}
		snprintf(rel, sizeof(rel), "complaints/%" PRId64 ".eml",
		    cv[i].id);
		rc = put(w, rel, bytes, len);
		free(bytes);
		w->ncomplaints++;
		if (rc != 0 || (rc = mail_store_list(w->db, cv[i].id, &mv,
		    &nm, w->err)) != 0)
			break;
		for (j = 0; j < nm && rc == 0; j++) {
			struct mailrec m;

			if (mv[j].audit_seq > w->head)
				continue;
			mailrec_init(&m);
			if ((rc = mail_store_get(w->db, mv[j].id, &m, &bytes,
			    &len, w->err)) != 0)
				break;
			snprintf(rel, sizeof(rel), "mails/%" PRId64 ".eml",
			    mv[j].id);
			rc = put(w, rel, bytes, len);
			free(bytes);
			mailrec_release(&m);
			w->nmails++;
		}
		mailrec_free(mv, nm);
	}
out:
	complaint_list_free(cv, nc);
	return rc;
}

/* The answers behind the provider's upstream links and its events. */
static int
cite_links_events(struct bw *w)
{
	struct upstream_history h;
	struct pevent *ev = NULL;
	size_t nev = 0, i, j, k;
	int rc;

	if ((rc = upstream_history(w->db, w->p.name, &h, w->err)) != 0)
		return rc;
	for (i = 0; i < h.norigins && rc == 0; i++)
		for (j = 0; j < h.origins[i].nlinks && rc == 0; j++) {
			const struct upstream_seen *l = &h.origins[i].links[j];
			struct draft_link dl;
			struct draft_link_src *sv;
			size_t ns;

			memset(&dl, 0, sizeof(dl));
			if ((rc = db_draft_link_find(w->db, l->asn,
			    l->upstream, &dl, w->err)) != 0)
				break;
			rc = db_draft_link_sources(w->db, dl.id, &sv, &ns,
			    w->err);
			db_draft_link_release(&dl);
			if (rc != 0)
				break;
			for (k = 0; k < ns; k++)
				cite(w, sv[k].source_id);
			db_draft_link_src_free(sv, ns);
		}
	upstream_history_release(&h);
	if (rc != 0 || (rc = event_list(w->db, w->p.name, &ev, &nev,
	    w->err)) != 0)
		return rc;
	for (i = 0; i < nev; i++)
		if (ev[i].audit_seq <= w->head)
			cite(w, ev[i].source_id);
	pevent_free(ev, nev);
	return 0;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
write_records(struct bw *w)
{
	struct buf idx = BUF_INIT, rel = BUF_INIT;
	char t[TIME_STRLEN], num[24];
	size_t i;
	int rc;

	if ((rc = subdir(w, "records")) != 0)
		return rc;
	/* No answer cited: srcs is NULL, which qsort() must not get. */
	if (w->nsrcs > 1)
		qsort(w->srcs, w->nsrcs, sizeof(*w->srcs), cmp_id);
	buf_adds(&idx, "file,id,protocol,server,query,fetched_at,status,"
	    "sha256,size,audit_seq\r\n");
	for (i = 0; i < w->nsrcs && rc == 0; i++) {
		struct source s;

		memset(&s, 0, sizeof(s));
		if ((rc = db_source_get(w->db, w->srcs[i], &s, w->err)) != 0)
			break;
		if (s.audit_seq > w->head) {
			source_release(&s);
			continue;
		}
		buf_reset(&rel);
		bundle_record_path(&rel, &s);
		rc = put(w, rel.s, s.content, s.size);
		w->nrecords++;
		csv_field(&idx, rel.s + strlen("records/"), 0);
		snprintf(num, sizeof(num), "%" PRId64, s.id);
		csv_field(&idx, num, 0);
		csv_field(&idx, s.protocol, 0);
		csv_field(&idx, s.server, 0);
		csv_field(&idx, s.query, 0);
		fmt_time(s.fetched_at, t);
		csv_field(&idx, t, 0);
		snprintf(num, sizeof(num), "%ld", s.status);
		csv_field(&idx, s.has_status ? num : NULL, 0);
		csv_field(&idx, s.sha256, 0);
		snprintf(num, sizeof(num), "%zu", s.size);
		csv_field(&idx, num, 0);
		snprintf(num, sizeof(num), "%" PRId64, s.audit_seq);
		csv_field(&idx, num, 1);
		source_release(&s);
	}
	if (rc == 0)
		rc = put(w, "records/index.csv", idx.s, idx.len);
	buf_release(&idx);
	buf_release(&rel);
	return rc;
}

/* The report formats a bundle holds, in the order README.txt lists. */
static const enum report_format report_formats[] = { REPORT_TEXT,
    REPORT_MARKDOWN, REPORT_HTML, REPORT_JSON };

/*
 * report.txt, .md, .html and .json: the status report (report.h) in
 * every format, redacted with the bundle, stamped with its time.
 */
static int
write_reports(struct bw *w)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < sizeof(report_formats) /
	    sizeof(report_formats[0]); i++) {
		struct report_opts o;
		struct buf out = BUF_INIT;
		char rel[32];

		memset(&o, 0, sizeof(o));
		o.format = report_formats[i];
		o.redact = w->redact;
		o.now = w->stamp;
		rc = report_write(w->db, w->p.name, &o, &out, w->err);
		if (rc == 0) {
			snprintf(rel, sizeof(rel), "report.%s",
			    report_format_ext(report_formats[i]));
			rc = put(w, rel, out.s, out.len);
		}
		buf_release(&out);
	}
	return rc;
}

int
bundle_report_name(const char *rel)
{
	char name[32];
	size_t i;

	for (i = 0; i < sizeof(report_formats) / sizeof(report_formats[0]);
	    i++) {
		snprintf(name, sizeof(name), "report.%s",
		    report_format_ext(report_formats[i]));
		if (strcmp(rel, name) == 0)
			return 1;
	}
	return 0;
}

static int
iodef_sink_w(void *arg, const char *bytes, size_t len)
{
	return wwrite(arg, bytes, len);
}

static int
write_iodef(struct bw *w)
{
	struct wfile f;
	int rc;

	if ((rc = wopen(w, "iodef.xml", &f)) != 0)
		return rc;
	if ((rc = bundle_iodef_sink(w->db, w->p.name, w->who, w->head,
	    w->stamp, iodef_sink_w, &f, w->err)) != 0) {
		wabort(&f);
		return rc;
	}
	return wclose(w, &f, NULL);
}

/*
 * Checks the audit chain from audit.jsonl with python3 alone.  Written
 * out with each bundle so that a reader needs no depeer to run it; the
 * hash is the one audit_entry.h defines.
 */
const char bundle_check_audit_py[] =
"#!/usr/bin/env python3\n"
"# Recompute the audit chain of this depeer case bundle from audit.jsonl\n"
"# and check that it ends at HEAD.  Needs python3 only:\n"
"#     python3 check-audit.py [BUNDLE-FOLDER]\n"
"# An entry's hash is SHA-256 over the text\n"
"#     depeer-audit-v1 LF seq LF at LF action LF subject LF\n"
"#     hex(SHA-256(payload_text)) LF prev_hash\n"
"# (at in Unix seconds), and prev_hash is the hash of the entry before\n"
"# (64 zeros for the first), so changing any entry breaks every later one.\n"
"# A withheld entry (about the journalists who follow a case) gives the\n"
"# payload's SHA-256 alone.\n"
"import calendar, hashlib, json, os, sys, time\n"
"d = sys.argv[1] if len(sys.argv) > 1 else \\\n"
"    os.path.dirname(os.path.abspath(__file__))\n"
"def fail(msg):\n"
"    sys.exit('check-audit: ' + msg)\n"
"head_seq, head = open(os.path.join(d, 'HEAD')).read().split()\n"
"prev, n = '0' * 64, 0\n"
"for line in open(os.path.join(d, 'audit.jsonl'), encoding='utf-8'):\n"
"    e = json.loads(line)\n"
"    n += 1\n"
"    if e['seq'] != n:\n"
"        fail('entry %d is numbered %s' % (n, e['seq']))\n"
"    if e['prev_hash'] != prev:\n"
"        fail('entry %d does not follow entry %d' % (n, n - 1))\n"
"    if e.get('withheld'):\n"
"        ph = e['payload_sha256']\n"
"    else:\n"
"        try:\n"
"            p = json.loads(e['payload_text'])\n"
"        except ValueError:\n"
"            p = e['payload_text']\n"
"        if p != e['payload']:\n"
"            fail('entry %d: payload and payload_text differ' % n)\n"
"        ph = hashlib.sha256(e['payload_text'].encode('utf-8'))\n"
"        ph = ph.hexdigest()\n"
"    at = calendar.timegm(time.strptime(e['at'], '%Y-%m-%dT%H:%M:%SZ'))\n"
"    text = 'depeer-audit-v1\\n%d\\n%d\\n%s\\n%s\\n%s\\n%s' % (\n"
"        n, at, e['action'], e['subject'], ph, prev)\n"
"    prev = hashlib.sha256(text.encode('utf-8')).hexdigest()\n"
"    if prev != e['hash']:\n"
"        fail('entry %d: its hash does not match its contents' % n)\n"
"if n != int(head_seq) or prev != head:\n"
"    fail('the chain ends at entry %d %s, not at HEAD %s %s'\n"
"         % (n, prev, head_seq, head))\n"
"print('audit chain intact: %d entries, head %s' % (n, head))\n";

static void
readme(struct bw *w, struct buf *b)
{
	char t[TIME_STRLEN];

	fmt_time(w->stamp, t);
	buf_addf(b,
	    "Case bundle: %s (provider %" PRId64 ")\n"
	    "Written by depeer at %s, as of audit entry %" PRId64 "\n"
	    "Audit chain head: %" PRId64 " %s\n"
	    "\n"
	    "This folder is one state of the case, cut at the audit entry "
	    "above: what\nwas recorded by later entries is not in it.\n"
	    "\n"
	    "How to check it, with no depeer installed\n"
	    "\n"
	    "  1. sha256sum -c SHA256SUMS\n"
	    "     Every other file is listed there with its SHA-256; no "
	    "line may fail and\n     no file may be missing from the list.\n"
	    "  2. python3 check-audit.py\n"
	    "     Recomputes the hash chain of audit.jsonl and checks that "
	    "it ends at HEAD.\n"
	    "  3. Compare the head above (or the file HEAD) with a head the "
	    "researcher\n     published or sent you earlier: 'depeer verify "
	    "--expect-head HASH' on\n     their database proves the earlier "
	    "head is still in the chain, so no\n     recorded entry was "
	    "changed or removed since.\n"
	    "  4. Whoever holds the case database can run\n"
	    "     depeer verify --bundle THIS-FOLDER\n"
	    "     which holds every record, message and audit entry here to "
	    "the\n     database's copy.\n"
	    "\n"
	    "Files\n"
	    "\n"
	    "  README.txt      this file\n"
	    "  report.txt      the status report: plain text\n"
	    "  report.md       the same in Markdown\n"
	    "  report.html     the same as one web page, with the chart\n"
	    "  report.json     the same as JSON, for scripts\n"
	    "                  (the reports describe the case when the "
	    "bundle was\n"
	    "                  written; every record they cite is in records/ "
	    "or\n"
	    "                  audit.jsonl)\n"
	    "  HEAD            the audit chain head: \"<seq> <hash>\"\n"
	    "  SHA256SUMS      the SHA-256 of every other file (GNU "
	    "coreutils format)\n"
	    "  audit.jsonl     every audit entry from 1 to HEAD, one JSON "
	    "object a line,\n"
	    "                  as 'depeer log --json' shows them, with "
	    "payload_text: the\n"
	    "                  payload exactly as hashed.  Every change to "
	    "the case has\n"
	    "                  an entry; the entries of other providers in "
	    "the same case\n"
	    "                  database are here too, since the chain needs "
	    "them.\n"
	    "                  Entries about the journalists who follow "
	    "cases (media\n"
	    "                  contacts, status updates to them, their "
	    "replies) are\n"
	    "                  \"withheld\": only their payload's SHA-256 "
	    "is given.\n"
	    "  check-audit.py  the chain check of step 2\n"
	    "  records/        every registry answer the case cites for this "
	    "provider\n"
	    "                  (its upstream links, complaints and events), "
	    "byte for byte\n"
	    "                  as received; records/index.csv says who was "
	    "asked what,\n"
	    "                  when, and the SHA-256 of each answer\n",
	    w->shown != NULL ? w->shown : w->p.name, w->p.id, t, w->head,
	    w->head, w->head_hash);
	if (w->redact)
		buf_adds(b,
		    "\n"
		    "REDACTED: this bundle leaves out the files that carry "
		    "indicators (addresses,\n"
		    "domains, URLs) or the words of the parties: the evidence "
		    "(evidence.csv and\n"
		    "its attached files), the complaints and the replies, "
		    "and the IODEF\n"
		    "document.  The audit entries and registry answers are "
		    "complete; the\n"
		    "entries' hashes cover the evidence left out.\n");
	else
		buf_addf(b,
		    "  evidence.csv    every evidence row of the provider "
		    "(%" PRId64 "), with its row\n"
		    "                  SHA-256, its attached files and, when "
		    "retracted, when and why\n"
		    "  attachments/    the attached files as stored (%" PRId64
		    "), named\n"
		    "                  <SHA-256>-<original name>\n"
		    "  complaints/     each complaint's message as stored "
		    "(%" PRId64 "), ID.eml\n"
		    "  mails/          each reply read back (%" PRId64 "), "
		    "ID.eml\n"
		    "  iodef.xml       the case as an IODEF v2 document "
		    "(RFC 7970) for CERTs\n",
		    w->nevidence, w->nfiles, w->ncomplaints, w->nmails);
}

static int
cmp_sum(const void *a, const void *b)
{
	return strcmp(((const struct bundle_sum *)a)->rel,
	    ((const struct bundle_sum *)b)->rel);
}

static int
write_all(struct bw *w)
{
	struct buf b = BUF_INIT;
	size_t i;
	int rc;

	rc = write_audit(w);
	if (rc == 0 && !w->dry && w->head_hash[0] == '\0' &&
	    w->head != 0)
		rc = dp_fail(w->err, DP_EX_SOFTWARE, "audit entry %" PRId64
		    " vanished while the bundle was written", w->head);
	buf_addf(&b, "%" PRId64 " %s\n", w->head, w->head_hash);
	if (rc == 0)
		rc = put(w, "HEAD", b.s, b.len);
	if (rc == 0)
		rc = put(w, "check-audit.py", bundle_check_audit_py,
		    strlen(bundle_check_audit_py));
	if (rc == 0 && !w->redact)
		rc = write_evidence(w);
	if (rc == 0)
		rc = write_complaints(w);
	if (rc == 0)
		rc = cite_links_events(w);
	if (rc == 0)
		rc = write_records(w);
	if (rc == 0 && !w->redact && !w->dry)
		rc = write_iodef(w);
	if (rc == 0 && !w->dry)
		rc = write_reports(w);
	if (rc == 0) {
		buf_reset(&b);
		readme(w, &b);
		rc = put(w, "README.txt", b.s, b.len);
	}
	if (rc == 0 && !w->dry) {
		if (w->nsums > 1)
			qsort(w->sums, w->nsums, sizeof(*w->sums), cmp_sum);
		buf_reset(&b);
		for (i = 0; i < w->nsums; i++)
			buf_addf(&b, "%s  %s\n", w->sums[i].hex,
			    w->sums[i].rel);
		rc = put(w, "SHA256SUMS", b.s, b.len);
		if (rc == 0 && w->sums_out != NULL)
			buf_add(w->sums_out, b.s, b.len);
	}
	buf_release(&b);
	return rc;
}

/* Remove the folder path and what is in it (a bundle given up). */
static void
rm_tree(const char *path)
{
	struct bundle_found *v;
	struct dp_err err = DP_ERR_INIT;
	size_t n, i;

	if (bundle_walk(path, &v, &n, &err) == 0) {
		for (i = 0; i < n; i++) {
			char *p = xasprintf("%s/%s", path, v[i].rel);

			if (v[i].dir)
				rmdir(p);
			else
				unlink(p);
			free(p);
		}
		bundle_found_free(v, n);
	}
	rmdir(path);
}

/* 0 when dir is free for a bundle (missing, or an empty folder). */
static int
dir_free(const char *dir, struct dp_err *err)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	int used = 0;

	if (lstat(dir, &st) != 0)
		return errno == ENOENT ? 0 : dp_fail(err, DP_EX_CANTCREAT,
		    "cannot use %s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return dp_fail(err, DP_EX_CANTCREAT, "%s exists and is not a "
		    "folder; give a new name for the bundle", dir);
	if ((d = opendir(dir)) == NULL)
		return dp_fail(err, DP_EX_CANTCREAT, "cannot read %s: %s",
		    dir, strerror(errno));
	while (!used && (de = readdir(d)) != NULL)
		used = strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0;
	closedir(d);
	return used ? dp_fail(err, DP_EX_CANTCREAT, "%s is not empty; a "
	    "bundle is never written over another: give a new folder", dir) :
	    0;
}

static void
sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

static int
write_bundle(struct db *db, const char *provider, const char *dir,
    int redact, const struct bundle_who *who, struct buf *sums,
    struct dp_err *err)
{
	struct bw w;
	char *base, *tmp, *slash;
	size_t i, n;
	int rc;

	memset(&w, 0, sizeof(w));
	w.db = db;
	w.redact = redact;
	w.who = who;
	w.sums_out = sums;
	w.err = err;
	w.stamp = clock_doc_stamp();
	w.p = (struct provider)PROVIDER_INIT;
	if ((rc = db_provider_find(db, provider, &w.p, err)) != 0)
		return rc;
	base = xstrdup(dir);
	for (n = strlen(base); n > 1 && base[n - 1] == '/'; n--)
		base[n - 1] = '\0';
	if ((rc = dir_free(base, err)) != 0 ||
	    (rc = bundle_head(db, &w.head, w.head_hash, err)) != 0) {
		free(base);
		provider_release(&w.p);
		return rc;
	}
	tmp = xasprintf("%s.tmp.XXXXXX", base);
	if (mkdtemp(tmp) == NULL) {
		rc = dp_fail(err, DP_EX_CANTCREAT, "cannot create a folder "
		    "beside %s: %s", base, strerror(errno));
		goto out;
	}
	w.tmp = tmp;
	/* mkdtemp makes it 0700; a bundle is for others to read */
	{
		mode_t um = umask(0);

		umask(um);
		(void)chmod(tmp, 0777 & ~um);
	}
	if ((rc = write_all(&w)) == 0) {
		sync_dir(tmp);
		if (rename(tmp, base) != 0)
			rc = dp_fail(err, DP_EX_CANTCREAT, "cannot move the "
			    "bundle to %s: %s", base, errno == ENOTEMPTY ||
			    errno == EEXIST ? "it is not empty now" :
			    strerror(errno));
	}
	if (rc != 0)
		rm_tree(tmp);
	else {
		slash = strrchr(base, '/');
		if (slash == NULL)
			sync_dir(".");
		else if (slash == base)
			sync_dir("/");
		else {
			*slash = '\0';
			sync_dir(base);
		}
	}
out:
	for (i = 0; i < w.nsums; i++)
		free(w.sums[i].rel);
	free(w.sums);
	free(w.srcs);
	buf_release(&w.withheld);
	free(tmp);
	free(base);
	provider_release(&w.p);
	return rc;
}

void
bundle_sums_free(struct bundle_sum *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].rel);
	free(v);
}

int
bundle_expected(struct db *db, int64_t provider_id, const char *shown,
    int64_t head, int redact, int64_t stamp, struct bundle_expect *out,
    struct dp_err *err)
{
	struct bw w;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.db = db;
	w.dry = 1;
	w.shown = shown;
	w.redact = redact;
	w.stamp = stamp;
	w.head = head;
	w.err = err;
	w.p = (struct provider)PROVIDER_INIT;
	if ((rc = db_provider_get(db, provider_id, &w.p, err)) != 0)
		return rc;
	if ((rc = write_all(&w)) == 0) {
		if (w.nsums > 1)
			qsort(w.sums, w.nsums, sizeof(*w.sums), cmp_sum);
		out->v = w.sums;
		out->n = w.nsums;
		w.sums = NULL;
		w.nsums = 0;
		snprintf(out->head_hash, sizeof(out->head_hash), "%s",
		    w.head_hash);
		out->later = w.later;
		out->entries = w.nentries;
		out->records = w.nrecords;
		out->complaints = w.ncomplaints;
		out->mails = w.nmails;
	}
	bundle_sums_free(w.sums, w.nsums);
	free(w.srcs);
	buf_release(&w.withheld);
	provider_release(&w.p);
	return rc;
}

void
bundle_expect_release(struct bundle_expect *e)
{
	bundle_sums_free(e->v, e->n);
	memset(e, 0, sizeof(*e));
}

int
bundle_write_as(struct db *db, const char *provider, const char *dir,
    int redact, const struct bundle_who *who, struct dp_err *err)
{
	return write_bundle(db, provider, dir, redact, who, NULL, err);
}

int
bundle_write(struct db *db, const char *provider, const char *dir,
    int redact, struct buf *sums, struct dp_err *err)
{
	return write_bundle(db, provider, dir, redact, NULL, sums, err);
}

void
bundle_remove(const char *dir)
{
	rm_tree(dir);
}

char *
bundle_default_dir(const char *provider, int64_t now)
{
	struct buf b = BUF_INIT;
	char t[TIME_STRLEN];
	size_t i;

	buf_adds(&b, "bundle-");
	bundle_safe_name(&b, provider, 64);
	fmt_time(now, t);
	buf_addc(&b, '-');
	for (i = 0; t[i] != '\0'; i++)
		if (t[i] != '-' && t[i] != ':')
			buf_addc(&b, t[i]);
	return buf_detach(&b, NULL);
}
