/*
 * refang.h - undo the "defanging" researchers apply to indicators so that
 * a pasted report cannot be clicked or auto-linked: 208.66.194[.]37,
 * hxxp://evil[.]example/, 2001:db8[:]:1, abuse[@]example.net.
 *
 * Conservative by design.  Only the well-known forms below are undone,
 * and the refang_*() helpers that callers use touch a value only when it
 * is not valid as is and becomes valid once refanged, so an indicator
 * that means something as typed is never altered.
 *
 *   [.]  (.)  [dot]        .      (brackets, parentheses; "dot" any case)
 *   [:]                    :
 *   [://]                  ://
 *   [@]  [at]              @      ("at" any case)
 *   hxxp hxxps             http https, at the start only, before ':' or
 *                          "[:" (x and the other letters in any case)
 *
 * Foundation layer: text in, text out; the caller says what was changed.
 */
#ifndef DEPEER_REFANG_H
#define DEPEER_REFANG_H

/*
 * s with every defang form above undone, as a new string (caller frees),
 * or NULL when s has none.
 */
char	*refang(const char *s);

/*
 * The refanged form of an evidence indicator (validate.h's
 * val_indicator()) or of a CIDR prefix (val_cidr()) when s is not valid
 * as is and its refanged form is; else NULL (use s as it is, and let the
 * validator's message quote what was typed).  An indicator starting
 * "hxxp:" or "hxxps:" counts as not valid as is: val_indicator() lets a
 * URL have any scheme, but no real one is spelt so.  Caller frees.
 */
char	*refang_indicator(const char *s);
char	*refang_cidr(const char *s);

#endif
