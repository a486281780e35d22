/* Script sets: which scripts a language is written in, and the candidate
 * languages a text's letters allow (script_sets.h). */
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
        add_script(out, GL_JAPANESE_HAN_CODE);
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

int gl_scripts_of_groups(const gl_script_set *sets, unsigned n_groups, uint8_t (*out)[GL_GROUP_SCRIPTS])
{
    for (unsigned g = 0; g < n_groups; g++) {
        unsigned n = 0;
        for (unsigned s = 0; s < GL_SCRIPT_SLOTS; s++) {
            if (!((sets[g].bits[s / 64] >> (s % 64)) & 1u))
                continue;
            if (n == GL_GROUP_SCRIPTS)
                return -1;
            out[g][n++] = (uint8_t)s;
        }
        while (n < GL_GROUP_SCRIPTS)
            out[g][n++] = GL_SCRIPT_UNKNOWN;
    }
    return 0;
}

void gl_group_weights(const gl_lang_groups *lg, const uint64_t *script_weight, uint64_t *out)
{
    if (lg->scripts_of_group) {
        for (unsigned g = 0; g < lg->n_groups; g++) {
            uint64_t w = 0;
            for (unsigned k = 0; k < GL_GROUP_SCRIPTS; k++)
                w += script_weight[lg->scripts_of_group[g][k]];
            out[g] = w;
        }
        return;
    }
    for (unsigned g = 0; g < lg->n_groups; g++)
        out[g] = gl_script_set_weight(&lg->sets[g], script_weight);
}

void gl_languages_by_group(const uint16_t *group_of_lang, unsigned n_langs, unsigned n_groups, int *by_group,
                           uint32_t *first)
{
    memset(first, 0, (n_groups + 1) * sizeof *first);
    for (unsigned l = 0; l < n_langs; l++)
        first[group_of_lang[l] + 1]++;
    for (unsigned g = 0; g < n_groups; g++)
        first[g + 1] += first[g];
    for (unsigned l = 0; l < n_langs; l++) /* a counting sort: stable */
        by_group[first[group_of_lang[l]]++] = (int)l;
    for (unsigned g = n_groups; g > 0; g--)
        first[g] = first[g - 1];
    first[0] = 0;
}

size_t gl_candidates_from_groups(const gl_lang_groups *lg, const uint64_t *group_weight, const uint64_t *allowed,
                                 int *out, const int **list)
{
    uint64_t best = 0;
    unsigned best_groups = 0, best_group = 0;
    if (!allowed) { /* every group has a language */
        for (unsigned g = 0; g < lg->n_groups; g++) {
            if (group_weight[g] > best) {
                best = group_weight[g];
                best_groups = 0;
            }
            if (group_weight[g] == best) {
                best_groups++;
                best_group = g;
            }
        }
    } else {
        for (unsigned l = 0; l < lg->n_langs; l++)
            if (((allowed[l / 64] >> (l % 64)) & 1u) && group_weight[lg->group_of_lang[l]] > best)
                best = group_weight[lg->group_of_lang[l]];
    }
    *list = out;
    if (best == 0)
        return 0;
    if (best_groups == 1 && lg->by_group) { /* the common case: one group's list as it is */
        *list = lg->by_group + lg->first[best_group];
        return lg->first[best_group + 1] - lg->first[best_group];
    }
    size_t n = 0;
    for (unsigned l = 0; l < lg->n_langs; l++)
        if (group_weight[lg->group_of_lang[l]] == best && (!allowed || ((allowed[l / 64] >> (l % 64)) & 1u)))
            out[n++] = (int)l;
    return n;
}

void gl_only_groups_of_scripts(const gl_script_set *sets, unsigned n_groups, int16_t *out)
{
    for (unsigned s = 0; s < GL_SCRIPT_SLOTS; s++) {
        out[s] = -1;
        unsigned holders = 0;
        for (unsigned g = 0; g < n_groups; g++)
            if ((sets[g].bits[s / 64] >> (s % 64)) & 1u) {
                out[s] = (int16_t)g;
                holders++;
            }
        if (holders != 1)
            out[s] = -1;
    }
}

/* The one script of a bitset, or -1 when it holds none or several. */
static int only_script(const uint64_t *set)
{
    int script = -1;
    for (unsigned w = 0; w < GL_SCRIPT_SLOTS / 64; w++) {
        uint64_t bits = set[w];
        if (!bits)
            continue;
        if (script >= 0 || (bits & (bits - 1)))
            return -1;
        script = (int)(w * 64 + (unsigned)__builtin_ctzll(bits));
    }
    return script;
}

size_t gl_choose_candidates(const gl_lang_groups *lg, const uint64_t *script_weight, const uint64_t *seen,
                            const uint64_t *allowed, uint64_t *group_weight, int *out, const int **list)
{
    int script = !allowed && lg->only_group_of_script && lg->by_group ? only_script(seen) : -1;
    if (script >= 0 && lg->only_group_of_script[script] >= 0) { /* the common case */
        unsigned g = (unsigned)lg->only_group_of_script[script];
        *list = lg->by_group + lg->first[g];
        return lg->first[g + 1] - lg->first[g];
    }
    gl_group_weights(lg, script_weight, group_weight);
    return gl_candidates_from_groups(lg, group_weight, allowed, out, list);
}

unsigned gl_script_group_index(gl_script_set *groups, unsigned *n_groups, const gl_script_set *set)
{
    unsigned g = 0;
    while (g < *n_groups && !gl_script_set_equal(&groups[g], set))
        g++;
    if (g == *n_groups)
        groups[(*n_groups)++] = *set;
    return g;
}
