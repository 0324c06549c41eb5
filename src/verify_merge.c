/*
 * verify_merge.c - replaying provider merges for verify: a sorted table
 * of every moved evidence row, with the provider it was recorded for and
 * the one it was last given to.  One entry per moved row (24 bytes): a
 * row may be moved again when its new provider is merged later, and the
 * rows walk looks each row up by id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "verify_merge.h"

struct move {
	int64_t		id;
	int64_t		recorded;	/* the provider its hash covers */
	int64_t		now;		/* the one it was last given to */
};

struct merge_moves {
	struct move	*v;		/* sorted by id */
	size_t		 n, cap;
};

struct merge_moves *
merge_moves_new(void)
{
	return xcalloc(1, sizeof(struct merge_moves));
}

void
merge_moves_free(struct merge_moves *m)
{
	if (m == NULL)
		return;
	free(m->v);
	free(m);
}

static struct move *
find(const struct merge_moves *m, int64_t id)
{
	size_t lo = 0, hi = m->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (m->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->v[lo].id == id ? &m->v[lo] : NULL;
}

static int
move_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct move *)a)->id,
	    y = ((const struct move *)b)->id;

	return (x > y) - (x < y);
}

int
merge_moves_note(struct merge_moves *m, int64_t dup, int64_t into,
    const json_t *o, char *why, size_t len)
{
	const json_t *ev = json_object_get(o, "evidence"), *ids, *run;
	struct move *mv;
	int64_t first, last, id, rows, count = 0;
	size_t i, old = m->n;

	ids = json_object_get(ev, "ids");
	rows = json_integer_value(json_object_get(ev, "rows"));
	if (!json_is_array(ids) || rows < 0) {
		snprintf(why, len, "its payload is malformed");
		return -1;
	}
	for (i = 0; i < json_array_size(ids); i++) {
		run = json_array_get(ids, i);
		first = json_integer_value(json_array_get(run, 0));
		last = json_integer_value(json_array_get(run, 1));
		if (json_array_size(run) != 2 || first < 1 || last < first ||
		    last - first >= rows - count) {
			snprintf(why, len, "its payload is malformed");
			goto fail;
		}
		count += last - first + 1;
		for (id = first; id <= last; id++) {
			/* Rows moved before sit in the sorted part. */
			if ((mv = find(&(struct merge_moves){ m->v, old, old },
			    id)) != NULL) {
				if (mv->now != dup) {
					snprintf(why, len, "it moves evidence "
					    "%lld from provider %lld, which "
					    "did not hold it", (long long)id,
					    (long long)dup);
					goto fail;
				}
				mv->now = into;
				continue;
			}
			if (m->n == m->cap) {
				m->cap = m->cap ? 2 * m->cap : 256;
				m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
			}
			m->v[m->n].id = id;
			m->v[m->n].recorded = dup;
			m->v[m->n++].now = into;
		}
	}
	if (count != rows) {
		snprintf(why, len, "its payload is malformed");
		goto fail;
	}
	if (m->n > old)
		qsort(m->v, m->n, sizeof(*m->v), move_cmp);
	return 0;
fail:
	/* Verify stops here; keep the table sorted all the same. */
	m->n = old;
	return -1;
}

int
merge_moves_row(const struct merge_moves *m, int64_t id, int64_t cur,
    int64_t *recorded, int64_t *want)
{
	const struct move *mv = find(m, id);

	*recorded = mv != NULL ? mv->recorded : cur;
	*want = mv != NULL ? mv->now : cur;
	return *want == cur ? 0 : -1;
}
