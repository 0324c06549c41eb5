/*
 * span.h - small helpers over byte spans (pointer and length) of registry
 * text, shared by the line-oriented parsers (Team Cymru, RPSL).
 */
#ifndef DEPEER_SPAN_H
#define DEPEER_SPAN_H

#include <stddef.h>

/* Space, tab, CR, VT or FF (not LF: lines are split on it first). */
int	span_blank(int c);
/* Narrow *p / *len past blanks at both ends. */
void	span_trim(const char **p, size_t *len);
/* Whether p[0..len) is word, ignoring ASCII case. */
int	span_eq(const char *p, size_t len, const char *word);

#endif
