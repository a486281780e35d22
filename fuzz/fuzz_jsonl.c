/* libFuzzer: the CLI's JSON Lines reader on arbitrary bytes. A record it
 * accepts, written back with a member set, must read again with that
 * member, and with the same members found before it; a nested member found
 * in a value lies inside it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const keys[] = {"text", "lang", "id"};
    const char *s = (const char *)data;
    jl_record r, again;
    size_t at;
    if (jl_parse(s, size, keys, 3, &r, &at)) {
        if (at > size)
            abort();
        return 0;
    }
    if (r.close >= size || s[r.close] != '}')
        abort();
    strbuf text = {0};
    for (int k = 0; k < 3; k++) {
        if (!r.found[k])
            continue;
        if (r.value[k].start >= r.value[k].end || r.value[k].end > r.close)
            abort();
        if (jl_is_string(s, r.value[k]))
            jl_decode_string(s, r.value[k], &text);
        jl_range inner; /* a nested member (--field id.text) lies inside its object */
        if (jl_find_member(s, r.value[k], "text", 4, &inner) &&
            (inner.start <= r.value[k].start || inner.end >= r.value[k].end || inner.start >= inner.end))
            abort();
    }
    jl_member m = {1, "lang", {0}};
    sb_puts(&m.value, "\"xx\"");
    strbuf out = {0};
    jl_write_record(&out, s, size, &r, &m, 1);
    out.len--; /* the line break */
    if (jl_parse(out.data, out.len, keys, 3, &again, &at) || !again.found[1] ||
        again.value[1].end - again.value[1].start != 4 || memcmp(out.data + again.value[1].start, "\"xx\"", 4) != 0 ||
        again.found[0] != r.found[0] || again.found[2] != r.found[2])
        abort();
    for (int k = 0; k < 3; k += 2) /* text and id come back unchanged */
        if (r.found[k] && (r.value[k].end - r.value[k].start != again.value[k].end - again.value[k].start ||
                           memcmp(s + r.value[k].start, out.data + again.value[k].start,
                                  r.value[k].end - r.value[k].start) != 0))
            abort();
    sb_free(&m.value);
    sb_free(&out);
    sb_free(&text);
    return 0;
}
