/* Tags and allowlists through the public API, on the embedded model: tags
 * matched as BCP 47 lookup matches them, ISO 639 names, lists of tags. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glossa.h>

#include "harness.h"

static glossa_model *model;

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The tags of a set, sorted and comma-separated. */
static const char *tags_of(const glossa_langset *set)
{
    static char out[256];
    const char *tags[GLOSSA_MAX_LANGUAGES] = {NULL};
    size_t n = 0;
    for (int l = 0; l < glossa_model_language_count(model); l++)
        if (glossa_langset_has(set, l))
            tags[n++] = glossa_model_language(model, l)->tag;
    qsort(tags, n, sizeof tags[0], by_string);
    out[0] = '\0';
    for (size_t i = 0, used = 0; i < n && used < sizeof out; i++)
        used += (size_t)snprintf(out + used, sizeof out - used, "%s%s", i ? "," : "", tags[i]);
    return out;
}

/* What glossa_langset_add() makes of a tag: the tags it adds, or the
 * status it fails with. */
static const char *added(const char *tag)
{
    glossa_langset set;
    glossa_langset_clear(&set);
    int rc = glossa_langset_add(&set, model, tag);
    if (rc == GLOSSA_E_NOT_IN_MODEL)
        return "not in model";
    if (rc != GLOSSA_OK)
        return glossa_strerror(rc);
    return tags_of(&set);
}

typedef struct {
    const char *tag, *languages;
} case_;

static void check_cases(const case_ *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(strcmp(added(cases[i].tag), cases[i].languages) == 0, "%s: got '%s', want '%s'", cases[i].tag,
                  added(cases[i].tag), cases[i].languages);
}

static void test_tags(void)
{
    static const case_ cases[] = {
        /* The model's own codes. */
        {"nl", "nl"}, {"NLD", "nl"}, {"nld_Latn", "nl"}, {"sr-Latn", "sr-Latn"}, {"srp_Cyrl", "sr-Cyrl"},
        /* Region, variants, extensions and private use do not change the language. */
        {"de-DE", "de"}, {"pt-BR", "pt"}, {"en-US", "en"}, {"es-419", "es"}, {"de-CH-1996", "de"},
        {"en-US-x-twain", "en"}, {"en_GB", "en"},
        /* ... unless the region decides the script, as CLDR's likely subtags say. */
        {"zh", "zh-Hans,zh-Hant"}, {"zh-TW", "zh-Hant"}, {"zh-HK", "zh-Hant"}, {"zh-MO", "zh-Hant"},
        {"zh-CN", "zh-Hans"}, {"zh-SG", "zh-Hans"}, {"sr", "sr-Cyrl,sr-Latn"}, {"sr-ME", "sr-Latn"},
        {"sr-RS", "sr-Cyrl"}, {"ku-IQ", "ckb"},
        /* A region whose script the model does not hold for the language says nothing. */
        {"uz-AF", "uz-Cyrl,uz-Latn"},
        /* A script subtag picks the script, before a region. */
        {"zh-Hant", "zh-Hant"}, {"zh-hans", "zh-Hans"}, {"sr-Latn-RS", "sr-Latn"}, {"zh-Hant-CN", "zh-Hant"},
        {"zh-Hani", "zh-Hans,zh-Hant"}, {"yue-Hant", "yue"},
        /* ISO 639-2/B codes and deprecated ones. */
        {"ger", "de"}, {"fre", "fr"}, {"dut", "nl"}, {"cze", "cs"}, {"chi", "zh-Hans,zh-Hant"},
        {"iw", "he"}, {"in", "id"}, {"ji", "yi"}, {"mo", "ro"},
        /* Macrolanguages and their members, both ways; replaced codes. */
        {"cmn", "zh-Hans,zh-Hant"}, {"cmn-TW", "zh-Hant"}, {"zh-cmn-Hant", "zh-Hant"}, {"zh-yue", "yue"},
        {"arb", "ar"}, {"zsm", "ms-Arab,ms-Latn"}, {"no", "nb,nn"}, {"nor", "nb,nn"}, {"ku", "ckb,kmr"},
        {"fil", "tl"},
        /* Names: the model's, and ISO 639's for a language under another code. */
        {"Dutch", "nl"}, {"norwegian bokmål", "nb"}, {"Filipino", "tl"},
        /* A code wins over a name: "mon" is Mongolian, and Mon a language. */
        {"mon", "mn"},
        /* Languages the model does not hold; tags that name no language. */
        {"tlh", "not in model"}, {"Klingon", "not in model"}, {"uz-Arab", "not in model"},
        {"xx", "unknown or ambiguous language"}, {"xx-nonsense", "unknown or ambiguous language"},
        {"de-nonsensical", "unknown or ambiguous language"}, {"de--DE", "unknown or ambiguous language"},
        {"", "unknown or ambiguous language"}, {"en,de", "unknown or ambiguous language"},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_find_language(void)
{
    int zh_hant = glossa_model_find_language(model, "zh-Hant");
    CHECK(zh_hant >= 0 && glossa_model_find_language(model, "zh-TW") == zh_hant);
    CHECK(glossa_model_find_language(model, "ger") == glossa_model_find_language(model, "de"));
    CHECK(glossa_model_find_language(model, "sr") == GLOSSA_E_UNKNOWN_LANGUAGE); /* two languages */
    CHECK(glossa_model_find_language(model, "tlh") == GLOSSA_E_NOT_IN_MODEL);
    CHECK(glossa_model_find_language(model, "xx") == GLOSSA_E_UNKNOWN_LANGUAGE);
    CHECK(glossa_model_find_language(NULL, "nl") == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(strcmp(glossa_strerror(GLOSSA_E_NOT_IN_MODEL), "language not in this model") == 0);
}

static void test_language_name(void)
{
    CHECK(strcmp(glossa_language_name("de-AT"), "German") == 0);
    CHECK(strcmp(glossa_language_name("GER"), "German") == 0);
    CHECK(strcmp(glossa_language_name("tlh"), "Klingon") == 0);
    CHECK(strcmp(glossa_language_name("iw"), "Hebrew") == 0);
    CHECK(strcmp(glossa_language_name("zh-yue"), "Yue Chinese") == 0);
    CHECK(strcmp(glossa_language_name("klingon"), "Klingon") == 0);
    CHECK(strcmp(glossa_language_name("sla"), "Slavic languages") == 0); /* an ISO 639-2 group */
    CHECK(glossa_language_name("xx") == NULL);
    CHECK(glossa_language_name("") == NULL);
    CHECK(glossa_language_name(NULL) == NULL);
}

/* What glossa_langset_add_list() makes of a list: its tags, or the
 * failing tag and the message. */
static const char *listed(const char *list)
{
    static char out[256];
    glossa_langset set;
    glossa_langset_clear(&set);
    glossa_list_error e;
    int rc = glossa_langset_add_list(&set, model, list, &e);
    if (rc == GLOSSA_OK)
        return tags_of(&set);
    snprintf(out, sizeof out, "%d [%.*s] %s", rc, (int)e.length, list + e.offset, e.message);
    return out;
}

static void test_lists(void)
{
    static const case_ cases[] = {
        {"en,de,nl", "de,en,nl"},
        {" en , de,\tnl ", "de,en,nl"},
        {"en,,de,", "de,en"},
        {"Norwegian Bokmål, zh-TW", "nb,zh-Hant"},
        {"sr", "sr-Cyrl,sr-Latn"},
        {"en,xx,tlh", "-7 [xx] unknown language 'xx'"},
        {"en, tlh", "-10 [tlh] Klingon is not in this model"},
        {"uz-Arab", "-10 [uz-Arab] Uzbek in script Arab is not in this model"},
        {"en de", "-7 [en de] unknown language 'en de'"},
        {"", "-1 [] no language given"},
        {" , ,", "-1 [] no language given"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK_MSG(strcmp(listed(cases[i].tag), cases[i].languages) == 0, "'%s': got '%s', want '%s'", cases[i].tag,
                  listed(cases[i].tag), cases[i].languages);

    /* A failure leaves the set as it was; the error may be NULL. */
    glossa_langset set;
    glossa_langset_clear(&set);
    CHECK(glossa_langset_add_list(&set, model, "lv", NULL) == GLOSSA_OK);
    CHECK(glossa_langset_add_list(&set, model, "lt, xx", NULL) == GLOSSA_E_UNKNOWN_LANGUAGE);
    CHECK(strcmp(tags_of(&set), "lv") == 0);
    glossa_list_error e;
    CHECK(glossa_langset_add_list(NULL, model, "lv", &e) == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(glossa_langset_add_list(&set, model, NULL, &e) == GLOSSA_E_INVALID_ARGUMENT);

    /* Every language but some: franc's ignore list. */
    glossa_langset_fill(&set, model);
    CHECK(glossa_langset_count(&set) == glossa_model_language_count(model));
    CHECK(glossa_langset_remove_list(&set, model, "sr, nb", &e) == GLOSSA_OK);
    CHECK(glossa_langset_count(&set) == glossa_model_language_count(model) - 3);
    CHECK(!glossa_langset_has(&set, glossa_model_find_language(model, "sr-Latn")) &&
          glossa_langset_has(&set, glossa_model_find_language(model, "nn")));
    CHECK(glossa_langset_remove_list(&set, model, "nn, tlh", &e) == GLOSSA_E_NOT_IN_MODEL && e.offset == 4 &&
          e.length == 3);
    CHECK(glossa_langset_has(&set, glossa_model_find_language(model, "nn"))); /* unchanged */
    CHECK(glossa_langset_remove_list(&set, model, "", &e) == GLOSSA_E_INVALID_ARGUMENT);
}

int main(void)
{
    CHECK(glossa_model_load_default(&model) == GLOSSA_OK);
    if (!model)
        TEST_MAIN_END("langset");
    test_tags();
    test_find_language();
    test_language_name();
    test_lists();
    glossa_model_free(model);
    TEST_MAIN_END("langset");
}
