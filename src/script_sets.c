#include "script_sets.h"

#include <string.h>

static void add_script(gl_script_set *set, const char *code)
{
    int s = gl_script_from_code(code);
    if (s >= 0)
        set->bits[s / 64] |= 1ull << (s % 64);
}

int gl_script_set_from_code(const char *code, gl_script_set *out)
{
    memset(out, 0, sizeof *out);
    if (strcmp(code, "Jpan") == 0) {
        add_script(out, "Hani");
        add_script(out, "Hira");
        add_script(out, "Kana");
    } else if (strcmp(code, "Kore") == 0) {
        add_script(out, "Hang");
        add_script(out, "Hani");
    } else if (strcmp(code, "Hans") == 0 || strcmp(code, "Hant") == 0) {
        add_script(out, "Hani");
    } else {
        int s = gl_script_from_code(code);
        if (s < 0)
            return -1;
        out->bits[s / 64] |= 1ull << (s % 64);
    }
    return 0;
}

uint64_t gl_script_set_weight(const gl_script_set *set, const uint64_t *script_weight)
{
    uint64_t total = 0;
    for (unsigned w = 0; w < GL_SCRIPT_SLOTS / 64; w++) {
        uint64_t bits = set->bits[w];
        while (bits) {
            unsigned b = (unsigned)__builtin_ctzll(bits);
            total += script_weight[w * 64 + b];
            bits &= bits - 1;
        }
    }
    return total;
}

int gl_script_set_equal(const gl_script_set *a, const gl_script_set *b)
{
    return memcmp(a->bits, b->bits, sizeof a->bits) == 0;
}
