/* The language priors table (generated from CLDR) and its lookup. */
#include <string.h>

#include "harness.h"
#include "language_priors.h"

static float w(const char *iso) { return gl_language_writers(iso); }

/* Whether the table holds this key (the lookup alone cannot tell a listed
 * language at the floor from an unknown key). */
static int listed(const char *iso)
{
    for (size_t i = 0; i < gl_language_prior_count; i++)
        if (strcmp(gl_language_priors[i].iso, iso) == 0)
            return 1;
    return 0;
}

int main(void)
{
    CHECK(gl_language_prior_count > 800);
    int sorted = 1, at_least_floor = 1;
    for (size_t i = 0; i < gl_language_prior_count; i++) {
        if (i > 0 && strcmp(gl_language_priors[i - 1].iso, gl_language_priors[i].iso) >= 0) {
            sorted = 0;
            fprintf(stderr, "not sorted or duplicate: %s, %s\n", gl_language_priors[i - 1].iso,
                    gl_language_priors[i].iso);
        }
        at_least_floor &= gl_language_priors[i].writers >= GL_PRIOR_FLOOR_WRITERS;
        /* Every entry finds itself. */
        CHECK_MSG(w(gl_language_priors[i].iso) == gl_language_priors[i].writers, "%s", gl_language_priors[i].iso);
    }
    CHECK_MSG(sorted, "keys in strcmp order without duplicates");
    CHECK_MSG(at_least_floor, "no entry below GL_PRIOR_FLOOR_WRITERS");

    const char *keys[] = {"spa_Latn", "ast_Latn", "deu_Latn", "roh_Latn", "eng_Latn", "nld_Latn", "bre_Latn",
                          "ita_Latn", "lmo_Latn", "prs_Arab", "fas_Arab", "ara_Arab", "arz_Arab", "ary_Arab",
                          "zho_Hans", "zho_Hant", "yue_Hani", "lat_Latn", "srp_Cyrl", "srp_Latn", "nob_Latn"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        CHECK_MSG(listed(keys[i]), "%s in the table", keys[i]);

    CHECK(w("spa_Latn") > 100 * w("ast_Latn")); /* Spanish, Asturian */
    CHECK(w("deu_Latn") > 100 * w("roh_Latn")); /* German, Romansh */
    CHECK(w("nld_Latn") > w("bre_Latn"));       /* Dutch, Breton */
    CHECK(w("ita_Latn") > w("lmo_Latn"));       /* Italian, Lombard */
    size_t larger_than_english = 0;
    for (size_t i = 0; i < gl_language_prior_count; i++)
        larger_than_english += gl_language_priors[i].writers > w("eng_Latn");
    CHECK_MSG(larger_than_english < 3, "%zu languages have more writers than English", larger_than_english);

    /* Persian: Iranian Persian and Dari (CLDR's fa in Afghanistan). */
    CHECK(w("prs_Arab") > 100 * GL_PRIOR_FLOOR_WRITERS);
    CHECK(w("fas_Arab") > 100 * GL_PRIOR_FLOOR_WRITERS);
    CHECK(w("fas_Arab") > w("prs_Arab"));
    /* Modern Standard Arabic is written; the vernaculars far less. */
    CHECK(w("ara_Arab") > w("arz_Arab"));
    CHECK(w("ara_Arab") > w("ary_Arab"));
    /* Mandarin (Simplified and Traditional) and Cantonese. */
    CHECK(w("zho_Hans") > w("yue_Hani"));
    CHECK(w("zho_Hans") > w("zho_Hant"));
    CHECK(w("zho_Hant") > GL_PRIOR_FLOOR_WRITERS && w("yue_Hani") > GL_PRIOR_FLOOR_WRITERS);
    /* Serbian is mostly written in Cyrillic; Bokmal more than Nynorsk. */
    CHECK(w("srp_Cyrl") > w("srp_Latn"));
    CHECK(w("nob_Latn") > w("nno_Latn"));
    /* Latin has no CLDR data: the floor. */
    CHECK(w("lat_Latn") == GL_PRIOR_FLOOR_WRITERS);

    /* Unknown keys, near misses and NULL give the floor. */
    CHECK(w("xxx_Latn") == GL_PRIOR_FLOOR_WRITERS);
    CHECK(w("spa") == GL_PRIOR_FLOOR_WRITERS);
    CHECK(w("spa_Latnx") == GL_PRIOR_FLOOR_WRITERS);
    CHECK(w("") == GL_PRIOR_FLOOR_WRITERS);
    CHECK(w("zzz_Zzzz") == GL_PRIOR_FLOOR_WRITERS);
    CHECK(w(NULL) == GL_PRIOR_FLOOR_WRITERS);
    TEST_MAIN_END("language_prior");
}
