/*
 * lpm.c - longest-prefix match; see lpm.h for the structure and its
 * costs.  A node's key is kept with its host bits cleared, so two keys
 * agree on their first n bits exactly when their bytes say so, and the
 * split point of two prefixes is where their keys first differ.
 */
#include <sys/socket.h>

#include <stdlib.h>
#include <string.h>

#include "lpm.h"
#include "util.h"

struct lpm_node {
	uint32_t	child[2];	/* by the bit after plen; 0 = none */
	uint32_t	val;		/* index + 1 into vals; 0 = branch */
	unsigned char	key[16];	/* host bits clear */
	uint8_t		plen;
};

void
lpm_init(struct lpm *t)
{
	memset(t, 0, sizeof(*t));
}

void
lpm_release(struct lpm *t)
{
	free(t->nodes);
	free(t->vals);
	lpm_init(t);
}

/* A new node for key/plen with value index val (0: a branch). */
static uint32_t
new_node(struct lpm *t, const unsigned char key[16], int plen, uint32_t val)
{
	struct lpm_node *n;

	if (t->nnodes == 0)
		t->nnodes = 1;		/* index 0 means "none" */
	if (t->nnodes >= t->cap) {
		if (t->cap >= UINT32_MAX / 2)
			die("prefix table too large");
		t->cap = t->cap ? t->cap * 2 : 64;
		t->nodes = xrealloc(t->nodes, (size_t)t->cap *
		    sizeof(*t->nodes));
	}
	n = &t->nodes[t->nnodes];
	memset(n, 0, sizeof(*n));
	memcpy(n->key, key, 16);
	n->plen = (uint8_t)plen;
	n->val = val;
	return t->nnodes++;
}

static uint32_t
new_val(struct lpm *t, void *value)
{
	if (t->nvals == t->vcap) {
		t->vcap = t->vcap ? t->vcap * 2 : 64;
		t->vals = xrealloc(t->vals, (size_t)t->vcap *
		    sizeof(*t->vals));
	}
	t->vals[t->nvals++] = value;
	return t->nvals;
}

/* The number of leading bits a and b share, at most max. */
static int
common_bits(const unsigned char *a, const unsigned char *b, int max)
{
	int i, n = 0;
	unsigned char x;

	for (i = 0; n < max; i++, n += 8) {
		if ((x = a[i] ^ b[i]) != 0) {
			while (!(x & 0x80)) {
				x <<= 1;
				n++;
			}
			break;
		}
	}
	return n < max ? n : max;
}

/* key with the bits from plen on cleared, into out. */
static void
key_cut(const unsigned char key[16], int family, int plen,
    unsigned char out[16])
{
	struct ipnet b;

	memset(&b, 0, sizeof(b));
	b.family = family;
	memcpy(b.addr, key, 16);
	b.plen = plen;
	ipnet_first(&b, out);
}

/*
 * Walk down from the family's root.  At each node, either the node's
 * prefix covers the new one and the walk goes on to the child the next
 * bit picks (or stops: the same prefix, or no child), or the two part
 * before the node's length ends, and the new prefix itself (when it
 * covers the node) or a branch node at the bits they share goes in
 * above the node.
 * Links are re-read through their indices because new_node() may move
 * the array.
 */
int
lpm_insert(struct lpm *t, const struct ipnet *p, void *value)
{
	unsigned char key[16], branch[16];
	uint32_t cur, parent = 0, nn, leaf;
	int side = 0, c, plen = p->plen;
	struct lpm_node *n;

	if (value == NULL)
		die("lpm_insert: NULL value");
	ipnet_first(p, key);
	cur = p->family == AF_INET ? t->root4 : t->root6;
	for (;;) {
		if (cur == 0) {
			leaf = new_node(t, key, plen, new_val(t, value));
			break;
		}
		n = &t->nodes[cur];
		c = common_bits(key, n->key, plen < n->plen ? plen : n->plen);
		if (c == n->plen) {
			if (plen == n->plen) {
				if (n->val != 0)
					return 1;
				n->val = new_val(t, value);
				return 0;
			}
			parent = cur;
			side = ipnet_bit(key, n->plen);
			cur = n->child[side];
			continue;
		}
		/* The node's prefix goes beyond c: something goes above it. */
		if (c == plen) {
			leaf = new_node(t, key, plen, new_val(t, value));
			t->nodes[leaf].child[ipnet_bit(t->nodes[cur].key,
			    plen)] = cur;
		} else {
			key_cut(key, p->family, c, branch);
			nn = new_node(t, branch, c, 0);
			leaf = new_node(t, key, plen, new_val(t, value));
			t->nodes[nn].child[ipnet_bit(key, c)] = leaf;
			t->nodes[nn].child[!ipnet_bit(key, c)] = cur;
			leaf = nn;
		}
		break;
	}
	if (parent != 0)
		t->nodes[parent].child[side] = leaf;
	else if (p->family == AF_INET)
		t->root4 = leaf;
	else
		t->root6 = leaf;
	return 0;
}

void *
lpm_lookup(const struct lpm *t, const struct ipnet *q, struct ipnet *found)
{
	const struct lpm_node *n, *best = NULL;
	uint32_t cur = q->family == AF_INET ? t->root4 : t->root6;

	while (cur != 0) {
		n = &t->nodes[cur];
		if (n->plen > q->plen ||
		    !ipnet_bits_match(n->key, q->addr, n->plen))
			break;
		if (n->val != 0)
			best = n;
		if (n->plen == q->plen)
			break;
		cur = n->child[ipnet_bit(q->addr, n->plen)];
	}
	if (best == NULL)
		return NULL;
	if (found != NULL) {
		memset(found, 0, sizeof(*found));
		found->family = q->family;
		memcpy(found->addr, best->key, 16);
		found->plen = best->plen;
	}
	return t->vals[best->val - 1];
}

size_t
lpm_count(const struct lpm *t)
{
	return t->nvals;
}

size_t
lpm_memory(const struct lpm *t)
{
	return (size_t)t->cap * sizeof(*t->nodes) +
	    (size_t)t->vcap * sizeof(*t->vals);
}
