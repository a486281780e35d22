/* JSON Lines records: finding a field's string in a record, decoding it, and
 * writing the record back with fields added (jsonl.h). */
#include "jsonl.h"

#include <string.h>

typedef struct parser {
    const char *s;
    size_t len, pos;
    const char *error;
    size_t error_at;
} parser;

static int fail(parser *p, const char *message)
{
    if (!p->error) {
        p->error = message;
        p->error_at = p->pos;
    }
    return 0;
}

static void skip_space(parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static int peek(const parser *p) { return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1; }

static int hex_value(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A string; p->pos is at its opening quote. */
static int parse_string(parser *p)
{
    p->pos++;
    for (;;) {
        int c = peek(p);
        if (c < 0)
            return fail(p, "unterminated string");
        if (c == '"') {
            p->pos++;
            return 1;
        }
        if (c < 0x20)
            return fail(p, "control character in a string");
        p->pos++;
        if (c != '\\')
            continue;
        c = peek(p);
        if (c == 'u') {
            for (int i = 1; i <= 4; i++)
                if (p->pos + (size_t)i >= p->len || hex_value((unsigned char)p->s[p->pos + (size_t)i]) < 0)
                    return fail(p, "bad \\u escape");
            p->pos += 5;
        } else if (c >= 0 && strchr("\"\\/bfnrt", c)) {
            p->pos++;
        } else {
            return fail(p, "bad escape in a string");
        }
    }
}

static int digits(parser *p)
{
    size_t start = p->pos;
    while (peek(p) >= '0' && peek(p) <= '9')
        p->pos++;
    return p->pos > start;
}

static int parse_number(parser *p)
{
    if (peek(p) == '-')
        p->pos++;
    if (peek(p) == '0')
        p->pos++;
    else if (!digits(p))
        return fail(p, "bad number");
    if (peek(p) == '.') {
        p->pos++;
        if (!digits(p))
            return fail(p, "bad number");
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        p->pos++;
        if (peek(p) == '+' || peek(p) == '-')
            p->pos++;
        if (!digits(p))
            return fail(p, "bad number");
    }
    return 1;
}

static int parse_word(parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return fail(p, "unexpected character");
    p->pos += n;
    return 1;
}

static int parse_value(parser *p, int depth);

/* The members of an object or the elements of an array after the opening
 * bracket, up to and including the closing one. */
static int parse_container(parser *p, int depth, int object)
{
    if (depth > JL_MAX_DEPTH)
        return fail(p, "nested too deeply");
    p->pos++;
    skip_space(p);
    if (peek(p) == (object ? '}' : ']')) {
        p->pos++;
        return 1;
    }
    for (;;) {
        if (object) {
            if (peek(p) != '"')
                return fail(p, "expected a member name");
            if (!parse_string(p))
                return 0;
            skip_space(p);
            if (peek(p) != ':')
                return fail(p, "expected ':'");
            p->pos++;
        }
        if (!parse_value(p, depth + 1))
            return 0;
        skip_space(p);
        int c = peek(p);
        p->pos++;
        if (c == (object ? '}' : ']'))
            return 1;
        if (c != ',') {
            p->pos--;
            return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
        }
        skip_space(p);
    }
}

static int parse_value(parser *p, int depth)
{
    skip_space(p);
    switch (peek(p)) {
    case '{':
        return parse_container(p, depth, 1);
    case '[':
        return parse_container(p, depth, 0);
    case '"':
        return parse_string(p);
    case 't':
        return parse_word(p, "true");
    case 'f':
        return parse_word(p, "false");
    case 'n':
        return parse_word(p, "null");
    case -1:
        return fail(p, "unexpected end of record");
    default:
        if (peek(p) == '-' || (peek(p) >= '0' && peek(p) <= '9'))
            return parse_number(p);
        return fail(p, "unexpected character");
    }
}

/* Appends code point cp as UTF-8. */
static void put_utf8(strbuf *out, unsigned cp)
{
    char b[4];
    sb_add(out, b, utf8_encode(cp, b));
}

static unsigned hex4(const char *s)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++)
        v = v * 16 + (unsigned)hex_value((unsigned char)s[i]);
    return v;
}

void jl_decode_string(const char *s, jl_range r, strbuf *out)
{
    size_t i = r.start + 1, end = r.end - 1;
    sb_reserve(out, end - i);
    while (i < end) {
        size_t run = i;
        while (run < end && s[run] != '\\')
            run++;
        sb_add(out, s + i, run - i);
        i = run;
        if (i >= end)
            break;
        char c = s[i + 1];
        i += 2;
        if (c != 'u') {
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            sb_putc(out, to[strchr(from, c) - from]);
            continue;
        }
        unsigned cp = hex4(s + i);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= end && s[i] == '\\' && s[i + 1] == 'u') {
            unsigned low = hex4(s + i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) /* a lone surrogate */
            cp = 0xFFFD;
        put_utf8(out, cp);
    }
}

int jl_is_string(const char *s, jl_range r) { return r.end > r.start && s[r.start] == '"'; }

/* The member name at r equals key. */
static int key_is(const char *s, jl_range r, const char *key)
{
    size_t n = strlen(key);
    if (r.end - r.start == n + 2 && memcmp(s + r.start + 1, key, n) == 0)
        return 1;
    if (!memchr(s + r.start, '\\', r.end - r.start)) /* no escape: the bytes decide */
        return 0;
    strbuf name = {0};
    jl_decode_string(s, r, &name);
    int same = name.len == n && memcmp(name.data, key, n) == 0;
    sb_free(&name);
    return same;
}

/* One pass over a record's top level, the hot loop of --jsonl: a state
 * machine kept in one function, so that its states read in order. */
const char *jl_parse(const char *s, size_t len, const char *const *keys, size_t n_keys, jl_record *rec,
                     size_t *error_at)
{
    parser p = {s, len, 0, NULL, 0};
    memset(rec, 0, sizeof *rec);
    skip_space(&p);
    if (peek(&p) != '{') {
        fail(&p, peek(&p) < 0 ? "empty record" : "a record must be a JSON object");
        *error_at = p.error_at;
        return p.error;
    }
    p.pos++;
    skip_space(&p);
    int ok = 1;
    if (peek(&p) == '}') {
        rec->close = p.pos++;
    } else {
        rec->has_members = 1;
        for (;;) {
            if (peek(&p) != '"') {
                ok = fail(&p, "expected a member name");
                break;
            }
            jl_range name = {p.pos, 0};
            if (!(ok = parse_string(&p)))
                break;
            name.end = p.pos;
            skip_space(&p);
            if (peek(&p) != ':') {
                ok = fail(&p, "expected ':'");
                break;
            }
            p.pos++;
            skip_space(&p);
            jl_range value = {p.pos, 0};
            if (!(ok = parse_value(&p, 1)))
                break;
            value.end = p.pos;
            /* a name given twice: the last value counts, as JSON readers
             * (Python's, JavaScript's) take it */
            for (size_t k = 0; k < n_keys && k < JL_MAX_KEYS; k++)
                if (key_is(s, name, keys[k])) {
                    rec->found[k] = 1;
                    rec->value[k] = value;
                }
            skip_space(&p);
            if (peek(&p) == '}') {
                rec->close = p.pos++;
                break;
            }
            if (peek(&p) != ',') {
                ok = fail(&p, "expected ',' or '}'");
                break;
            }
            p.pos++;
            skip_space(&p);
        }
    }
    if (ok) {
        skip_space(&p);
        if (p.pos != len)
            fail(&p, "more after the object");
    }
    *error_at = p.error_at;
    return p.error;
}

int jl_find_member(const char *s, jl_range object, const char *key, size_t key_len, jl_range *value)
{
    if (object.end <= object.start || s[object.start] != '{')
        return 0;
    parser p = {s, object.end, object.start + 1, NULL, 0};
    int found = 0;
    for (;;) {
        skip_space(&p);
        if (peek(&p) != '"') /* '}': the object (valid: jl_parse read it) ends */
            return found;
        jl_range name = {p.pos, 0};
        parse_string(&p);
        name.end = p.pos;
        skip_space(&p);
        p.pos++; /* ':' */
        skip_space(&p);
        jl_range v = {p.pos, 0};
        parse_value(&p, 1);
        v.end = p.pos;
        char wanted[256];
        if (key_len < sizeof wanted) {
            memcpy(wanted, key, key_len);
            wanted[key_len] = '\0';
            if (key_is(s, name, wanted)) {
                *value = v;
                found = 1;
            }
        }
        skip_space(&p);
        if (peek(&p) == ',')
            p.pos++;
    }
}

void jl_write_record(strbuf *out, const char *rec, size_t len, const jl_record *r, jl_member *m, size_t n)
{
    /* the values replaced first, in the order they appear */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && r->found[m[j].key] &&
                           (!r->found[m[j - 1].key] || r->value[m[j].key].start < r->value[m[j - 1].key].start);
             j--) {
            jl_member t = m[j];
            m[j] = m[j - 1];
            m[j - 1] = t;
        }
    size_t at = 0;
    for (size_t i = 0; i < n && r->found[m[i].key]; i++) {
        sb_add(out, rec + at, r->value[m[i].key].start - at);
        sb_add(out, m[i].value.data, m[i].value.len);
        at = r->value[m[i].key].end;
    }
    sb_add(out, rec + at, r->close - at);
    int members = r->has_members;
    for (size_t i = 0; i < n; i++) {
        if (r->found[m[i].key])
            continue;
        sb_puts(out, members ? ", " : "");
        sb_json_string(out, m[i].name, strlen(m[i].name));
        sb_puts(out, ": ");
        sb_add(out, m[i].value.data, m[i].value.len);
        members = 1;
    }
    sb_add(out, rec + r->close, len - r->close);
    sb_putc(out, '\n');
}
