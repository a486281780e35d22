/* Reading one JSON Lines record: a strict RFC 8259 parser that validates a
 * record and finds the values of a few top-level keys, without building a
 * tree, so that the record can be written back byte for byte with fields
 * added or replaced. */
#ifndef GLOSSA_CLI_JSONL_H
#define GLOSSA_CLI_JSONL_H

#include <stddef.h>

#include "strbuf.h"

#define JL_MAX_KEYS 8
#define JL_MAX_DEPTH 512

typedef struct jl_range {
    size_t start, end; /* bytes [start, end) of the record */
} jl_range;

typedef struct jl_record {
    size_t close;              /* offset of the object's closing '}' */
    int has_members;           /* the object is not empty */
    int found[JL_MAX_KEYS];    /* keys[i] is a member (its last occurrence) */
    jl_range value[JL_MAX_KEYS];
} jl_record;

/* Parses s[0 .. len) as one JSON object with optional white space around.
 * keys are the top-level member names to find (compared after decoding
 * escapes; a name given twice: its last value). Returns NULL, or a description of the first error with its
 * offset in *error_at. Bytes of 0x80 and above inside strings are taken as
 * they come (the detector reads ill-formed UTF-8 as U+FFFD). */
const char *jl_parse(const char *s, size_t len, const char *const *keys, size_t n_keys, jl_record *rec,
                     size_t *error_at);

/* Appends the text of the JSON string at s[r.start .. r.end) (quotes
 * included, as jl_parse found it) to out, escapes decoded; a lone
 * surrogate becomes U+FFFD. */
void jl_decode_string(const char *s, jl_range r, strbuf *out);

/* A new value for a member of a record: it replaces the value of key
 * (an index into the keys given to jl_parse) when the record has that
 * member, else it is added as name at the end of the object. value holds
 * JSON text. */
typedef struct jl_member {
    int key;
    const char *name;
    strbuf value;
} jl_member;

/* Appends the record rec[0 .. len), as jl_parse read it into r, with the n
 * members of m set, and a line break. Byte for byte the same otherwise.
 * Reorders m. */
void jl_write_record(strbuf *out, const char *rec, size_t len, const jl_record *r, jl_member *m, size_t n);

/* The value of member key (key_len bytes) of the object at s[object), as
 * jl_parse validated it: the last one when it is given twice. 0 when the
 * value is not an object or has no such member. */
int jl_find_member(const char *s, jl_range object, const char *key, size_t key_len, jl_range *value);

/* The value at r is a JSON string. */
int jl_is_string(const char *s, jl_range r);

#endif
