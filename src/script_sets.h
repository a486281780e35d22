/* Which scripts a language is written in, and which languages a text's
 * letters allow. */
#ifndef GLOSSA_SCRIPT_SETS_H
#define GLOSSA_SCRIPT_SETS_H

#include <stddef.h>
#include <stdint.h>

#include "featurizer.h"

typedef struct gl_script_set {
    uint64_t bits[GL_SCRIPT_SLOTS / 64];
} gl_script_set;

/* The scripts of an ISO 15924 code as languages.tsv gives it. Most codes
 * name one script; the writing systems of East Asia name several: "Jpan" is
 * Han (with the Han only Japanese writes), Hiragana and Katakana, "Kore"
 * Hangul and Han, "Hans" and "Hant" are Han. Returns 0, or -1 for an
 * unknown code. */
int gl_script_set_from_code(const char *code, gl_script_set *out);

/* Letter weight of a text (gl_featurizer.script_weight) in the scripts of
 * a set. */
uint64_t gl_script_set_weight(const gl_script_set *set, const uint64_t *script_weight);

int gl_script_set_equal(const gl_script_set *a, const gl_script_set *b);

/* The index of set in groups, appended (and *n_groups grown) when new. */
unsigned gl_script_group_index(gl_script_set *groups, unsigned *n_groups, const gl_script_set *set);

/* Scripts a group's set may list for gl_scripts_of_groups. */
#define GL_GROUP_SCRIPTS 4

/* The scripts of each group's set as a list of GL_GROUP_SCRIPTS script ids,
 * padded with GL_SCRIPT_UNKNOWN (which the featurizer never counts, so its
 * weight is 0): summing four weights is quicker than walking the set's
 * bits. Returns 0, or -1 when a set has more scripts than that. */
int gl_scripts_of_groups(const gl_script_set *sets, unsigned n_groups, uint8_t (*out)[GL_GROUP_SCRIPTS]);

/* The languages of each group, in ascending order: those of group g are
 * by_group[first[g] .. first[g + 1]) (by_group: n_langs values, first:
 * n_groups + 1). */
void gl_languages_by_group(const uint16_t *group_of_lang, unsigned n_langs, unsigned n_groups, int *by_group,
                           uint32_t *first);

/* Languages with their script groups: group_of_lang, and optionally what
 * makes choosing candidates faster: (by_group, first: NULL or both set) the
 * lists of gl_languages_by_group, and the lists of gl_scripts_of_groups
 * (scripts_of_group, NULL when unused). */
typedef struct gl_lang_groups {
    unsigned n_groups, n_langs;
    const gl_script_set *sets;
    const uint16_t *group_of_lang;
    const int *by_group;
    const uint32_t *first;
    const uint8_t (*scripts_of_group)[GL_GROUP_SCRIPTS];
    /* Per script: the one group whose set holds it, or -1 (none, or
     * several: Han is Japanese, Korean and Chinese); NULL when unused. */
    const int16_t *only_group_of_script;
} gl_lang_groups;

/* The lists of gl_lang_groups.only_group_of_script (GL_SCRIPT_SLOTS). */
void gl_only_groups_of_scripts(const gl_script_set *sets, unsigned n_groups, int16_t *out);

/* The letter weight of a text in each group's scripts: out[g] for g <
 * n_groups. */
void gl_group_weights(const gl_lang_groups *lg, const uint64_t *script_weight, uint64_t *out);

/* Candidate languages of a text: among the allowed ones (allowed is a
 * bitset over language indices, NULL for all), those whose script group
 * holds the largest letter weight of the text (group_weight, from
 * gl_group_weights, a value per group; every group has a language).
 * Returns how many, in ascending order, at *list: one group's list of
 * lg->by_group as it is when it can be, else written to out (0: no letter
 * of any allowed language's script). The detector, the span finder and the
 * trainer all use it. */
size_t gl_candidates_from_groups(const gl_lang_groups *lg, const uint64_t *group_weight, const uint64_t *allowed,
                                 int *out, const int **list);

/* Both steps at once; group_weight is scratch for a value per group. seen
 * is the bitset of the scripts with letters (gl_featurizer.seen): a text in
 * one script that one group holds takes that group's list at once. */
size_t gl_choose_candidates(const gl_lang_groups *lg, const uint64_t *script_weight, const uint64_t *seen,
                            const uint64_t *allowed, uint64_t *group_weight, int *out, const int **list);

#endif
