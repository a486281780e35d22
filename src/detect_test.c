/* Detection through the public API, on the embedded model. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <glossa.h>

#include "harness.h"

static glossa_model *model;
static glossa_detector *det;

static const char *tag_of(const char *text, size_t len)
{
    glossa_guess g[1];
    if (glossa_detect(det, text, len, NULL, g, 1, NULL) != GLOSSA_OK)
        return "error";
    return glossa_model_language(model, g[0].language)->tag;
}

static const char *tag(const char *text) { return tag_of(text, strlen(text)); }

typedef struct {
    const char *text, *expected;
} sample;

/* Each text gets its expected answer. */
static void check_answers(const sample *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(strcmp(tag(list[i].text), list[i].expected) == 0, "%s: got %s, want %s", list[i].text,
                  tag(list[i].text), list[i].expected);
}

static const sample samples[] = {
    {"Het is vandaag mooi weer, dus we gaan met de fiets naar het strand.", "nl"},
    {"The weather is lovely today, so we are cycling to the beach.", "en"},
    {"Heute ist schönes Wetter, also fahren wir mit dem Fahrrad zum Strand.", "de"},
    {"Šodien ir jauks laiks, tāpēc mēs brauksim ar velosipēdu uz pludmali.", "lv"},
    {"Сегодня хорошая погода, поэтому мы поедем на велосипеде на пляж.", "ru"},
    {"Сьогодні гарна погода, тому ми поїдемо на велосипеді на пляж.", "uk"},
    {"今日は天気がいいので、自転車で海に行きます。", "ja"},
    {"오늘은 날씨가 좋아서 자전거를 타고 해변에 갑니다.", "ko"},
    {"今天天气很好，所以我们骑自行车去海滩。", "zh-Hans"},
    {"Σήμερα ο καιρός είναι ωραίος, οπότε θα πάμε στην παραλία με το ποδήλατο.", "el"},
    {"الطقس جميل اليوم، لذلك سنذهب إلى الشاطئ بالدراجة.", "ar"},
    {"आज मौसम अच्छा है, इसलिए हम साइकिल से समुद्र तट पर जाएंगे।", "hi"},
    {"วันนี้อากาศดี เราจึงจะปั่นจักรยานไปชายหาด", "th"},
};

typedef struct {
    int ok;
} thread_outcome;

/* Every thread gets its own detector on the one shared model and must
 * agree with the answers given on the main thread. */
static void *detect_in_thread(void *arg)
{
    thread_outcome *outcome = arg;
    glossa_detector *mine;
    outcome->ok = glossa_detector_create(model, &mine) == GLOSSA_OK;
    for (int round = 0; round < 20 && outcome->ok; round++) {
        for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
            glossa_guess g[1];
            glossa_detect(mine, samples[i].text, strlen(samples[i].text), NULL, g, 1, NULL);
            if (strcmp(glossa_model_language(model, g[0].language)->tag, samples[i].expected) != 0)
                outcome->ok = 0;
        }
    }
    glossa_detector_free(mine);
    return NULL;
}

int main(void)
{
    CHECK(glossa_model_load_default(&model) == GLOSSA_OK);
    CHECK(glossa_detector_create(model, &det) == GLOSSA_OK);
    if (!model || !det)
        TEST_MAIN_END("detect");

    check_answers(samples, sizeof samples / sizeof samples[0]);

    /* Case does not change the answer. */
    CHECK(strcmp(tag("HET IS VANDAAG MOOI WEER"), tag("het is vandaag mooi weer")) == 0);

    /* What real text does to a sentence does not change its answer either
     * (the trainer's augmentation): diacritics typed without their marks,
     * numbers, handles and links around it. */
    static const sample as_typed[] = {
        {"Oruko mi ni Tunde, mo n gbe ni ilu Eko, mo si feran lati ka iwe.", "yo"},
        {"Toi ten la Minh, toi song o Ha Noi va toi rat thich doc sach.", "vi"},
        {"Σημερα ο καιρος ειναι ωραιος, οποτε θα παμε στην παραλια με το ποδηλατο.", "el"},
        {"@marieke_88 Het is vandaag mooi weer, dus we gaan fietsen https://www.example.nl/weer", "nl"},
        {"Heute ist schönes Wetter 15:30 mehr unter info@wetter.de #sommer", "de"},
        {"Купил новый велосипед за 25000 руб. @ivan_petrov", "ru"},
    };
    check_answers(as_typed, sizeof as_typed / sizeof as_typed[0]);

    /* Close languages, told apart by the words they do not share (their
     * groups' refiners, model_format.h): Croatian tjedan and tisuću,
     * Serbian ekavian reke, Bosnian historija and hiljadu with ijekavian
     * prije; Galician, Malay against Indonesian, the Scandinavian three. */
    static const sample close[] = {
        {"Tjedan dana kasnije, tisuću ljudi okupilo se na trgu.", "hr"},
        {"Sedmicu dana kasnije, hiljadu ljudi se okupilo na trgu ispred reke.", "sr-Latn"},
        {"Historija ovog grada je duga, a univerzitet je osnovan prije hiljadu godina.", "bs-Latn"},
        {"Eu non sei que pasou onte pola noite na casa.", "gl"},
        {"Saya tidak tahu apa yang terjadi kemarin malam, karena mobil saya rusak.", "id"},
        {"Saya tidak tahu apa yang berlaku semalam, kerana kereta saya rosak.", "ms-Latn"},
        {"Jeg ved ikke, hvad der skete i går aftes.", "da"},
        {"Jeg vet ikke hva som skjedde i går kveld.", "nb"},
        {"Eg veit ikkje kva som hende i går kveld.", "nn"},
    };
    check_answers(close, sizeof close / sizeof close[0]);

    /* Nothing to go on: und, probability 0, one guess, not reliable. */
    glossa_guess g[8];
    glossa_result r;
    CHECK(glossa_detect(det, "", 0, NULL, g, 8, &r) == GLOSSA_OK);
    CHECK(g[0].language == GLOSSA_UND && g[0].probability == 0.0f && r.count == 1 && !r.reliable);
    CHECK(glossa_detect(det, "12345 !!! -- 3.14 :-)", 21, NULL, g, 8, &r) == GLOSSA_OK);
    CHECK(g[0].language == GLOSSA_UND && r.letters == 0);
    CHECK(strcmp(glossa_model_language(model, GLOSSA_UND)->tag, "und") == 0);

    /* Top-k: distinct languages, best first, probabilities in (0, 1] that
     * sum to at most 1. */
    const char *dutch = samples[0].text;
    CHECK(glossa_detect(det, dutch, strlen(dutch), NULL, g, 5, &r) == GLOSSA_OK);
    CHECK(r.count == 5);
    float sum = 0;
    int ordered = 1, distinct = 1;
    for (size_t i = 0; i < r.count; i++) {
        sum += g[i].probability;
        if (i && g[i].probability > g[i - 1].probability)
            ordered = 0;
        for (size_t j = 0; j < i; j++)
            distinct &= g[i].language != g[j].language;
    }
    CHECK(ordered && distinct && sum <= 1.0001f && g[0].probability > 0.5f);
    CHECK(r.reliable == (g[0].probability >= GLOSSA_RELIABLE));
    CHECK(r.letters > 40);

    /* A script with one language decides alone: certainty. */
    CHECK(glossa_detect(det, samples[12].text, strlen(samples[12].text), NULL, g, 3, &r) == GLOSSA_OK);
    CHECK(r.count == 1 && g[0].probability == 1.0f);

    /* Allowlist: the answer comes from it; a script it does not write gives und. */
    glossa_langset only;
    glossa_langset_clear(&only);
    CHECK(glossa_langset_add(&only, model, "en") == GLOSSA_OK);
    CHECK(glossa_langset_add(&only, model, "de") == GLOSSA_OK);
    CHECK(glossa_langset_count(&only) == 2);
    CHECK(glossa_detect(det, dutch, strlen(dutch), &only, g, 3, &r) == GLOSSA_OK);
    CHECK(r.count == 2);
    CHECK(glossa_langset_has(&only, g[0].language) && glossa_langset_has(&only, g[1].language));
    CHECK(fabsf(g[0].probability + g[1].probability - 1.0f) < 1e-4f);
    /* Restricted to the three best languages, each keeps its share: a
     * language scores the same whichever others are scored with it. */
    glossa_guess all[3], top3[3];
    CHECK(glossa_detect(det, dutch, strlen(dutch), NULL, all, 3, &r) == GLOSSA_OK && r.count == 3);
    glossa_langset best3;
    glossa_langset_clear(&best3);
    for (int i = 0; i < 3; i++)
        CHECK(glossa_langset_add(&best3, model, glossa_model_language(model, all[i].language)->iso) == GLOSSA_OK);
    CHECK(glossa_detect(det, dutch, strlen(dutch), &best3, top3, 3, &r) == GLOSSA_OK && r.count == 3);
    float share = all[0].probability + all[1].probability + all[2].probability;
    int kept = 1;
    for (int i = 0; i < 3; i++)
        kept &= top3[i].language == all[i].language && fabsf(top3[i].probability - all[i].probability / share) < 1e-5f;
    CHECK(kept);
    const char *russian = samples[4].text;
    CHECK(glossa_detect(det, russian, strlen(russian), &only, g, 3, &r) == GLOSSA_OK);
    CHECK(g[0].language == GLOSSA_UND);
    CHECK(glossa_langset_add(&only, model, "xx-nonsense") == GLOSSA_E_UNKNOWN_LANGUAGE);
    CHECK(glossa_langset_count(&only) == 2); /* unchanged by the failure */

    /* Tags: exact, ISO, ambiguous. */
    int nl = glossa_model_find_language(model, "nl");
    CHECK(nl >= 0 && strcmp(glossa_model_language(model, nl)->iso, "nld_Latn") == 0);
    CHECK(glossa_model_find_language(model, "NLD") == nl);
    CHECK(glossa_model_find_language(model, "Dutch") == nl);
    CHECK(glossa_model_find_language(model, "sr") == GLOSSA_E_UNKNOWN_LANGUAGE);
    CHECK(glossa_model_find_language(model, "srp_Cyrl") >= 0);
    /* A code wins over a name: "mon" is Mongolian, "Mon" also a language's name. */
    int mon = glossa_model_find_language(model, "mon");
    CHECK(mon >= 0 && strcmp(glossa_model_language(model, mon)->name, "Mongolian") == 0);
    glossa_langset_clear(&only);
    CHECK(glossa_langset_add(&only, model, "sr") == GLOSSA_OK && glossa_langset_count(&only) == 2);
    CHECK(glossa_langset_add(&only, model, "sr-Latn") == GLOSSA_OK && glossa_langset_count(&only) == 2);
    CHECK(glossa_langset_count(NULL) == 0);
    CHECK(glossa_model_language(model, glossa_model_language_count(model)) == NULL);

    /* Streaming in pieces of every size gives exactly the answer of one call,
     * even when a piece ends inside a UTF-8 sequence. */
    const char *mixed = samples[6].text;
    size_t len = strlen(mixed);
    glossa_guess whole[3] = {{0}}, pieces[3] = {{0}}; /* guesses past the answer's count stay as they were */
    glossa_detect(det, mixed, len, NULL, whole, 3, NULL);
    for (size_t step = 1; step <= 7; step++) {
        CHECK(glossa_stream_begin(det, NULL) == GLOSSA_OK);
        for (size_t at = 0; at < len; at += step)
            glossa_stream_feed(det, mixed + at, len - at < step ? len - at : step);
        CHECK(glossa_stream_end(det, pieces, 3, NULL) == GLOSSA_OK);
        CHECK(memcmp(whole, pieces, sizeof whole) == 0);
    }

    /* Invalid UTF-8 and NUL bytes: a defined answer, no reading past len. */
    const char bad[] = "Het is \xff\xfe vandaag \xe2\x82 mooi\0 weer en \xc0\xaf we gaan fietsen";
    CHECK(strcmp(tag_of(bad, sizeof bad - 1), "nl") == 0);
    char *exact = malloc(3);
    memcpy(exact, "\xe2\x82\xac", 3);
    CHECK(glossa_detect(det, exact, 2, NULL, g, 1, &r) == GLOSSA_OK && g[0].language == GLOSSA_UND);
    free(exact);

    /* Errors. */
    CHECK(glossa_detect(det, "abc", 3, NULL, g, 0, NULL) == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(glossa_detect(NULL, "abc", 3, NULL, g, 1, NULL) == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(glossa_detect(det, NULL, 3, NULL, g, 1, NULL) == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(glossa_stream_feed(det, "abc", 3) == GLOSSA_E_STREAM_STATE);
    CHECK(glossa_stream_end(det, g, 1, NULL) == GLOSSA_E_STREAM_STATE);
    CHECK(strcmp(glossa_strerror(GLOSSA_E_MODEL_CHECKSUM), "unknown error") != 0);
    CHECK(strcmp(glossa_version(), GLOSSA_VERSION_STRING) == 0);
    CHECK(glossa_version_number() == GLOSSA_VERSION_NUMBER);

    /* A threshold leaves out the guesses below it; und when even the best
     * is below it; 0 again gives every guess. */
    {
        glossa_guess every[5], above_min[5];
        glossa_result r_all, r_kept;
        CHECK(glossa_detect(det, dutch, strlen(dutch), NULL, every, 5, &r_all) == GLOSSA_OK && r_all.count == 5);
        CHECK(glossa_detector_set_min_probability(det, 0.01f) == GLOSSA_OK);
        CHECK(glossa_detect(det, dutch, strlen(dutch), NULL, above_min, 5, &r_kept) == GLOSSA_OK);
        size_t above = 0;
        while (above < 5 && every[above].probability >= 0.01f)
            above++;
        CHECK(r_kept.count == above && above >= 1 && above < 5 && above_min[0].language == every[0].language);
        CHECK(glossa_detector_set_min_probability(det, 1.0f) == GLOSSA_OK);
        CHECK(glossa_detect(det, dutch, strlen(dutch), NULL, above_min, 5, &r_kept) == GLOSSA_OK);
        CHECK(r_kept.count == 1 && above_min[0].language == GLOSSA_UND && above_min[0].probability == 0.0f && !r_kept.reliable);
        CHECK(glossa_detector_set_min_probability(det, 1.5f) == GLOSSA_E_INVALID_ARGUMENT);
        CHECK(glossa_detector_set_min_probability(det, -0.5f) == GLOSSA_E_INVALID_ARGUMENT);
        CHECK(glossa_detector_set_min_probability(NULL, 0.5f) == GLOSSA_E_INVALID_ARGUMENT);
        CHECK(glossa_detector_set_min_probability(det, 0.0f) == GLOSSA_OK);
        CHECK(glossa_detect(det, dutch, strlen(dutch), NULL, above_min, 5, &r_kept) == GLOSSA_OK && r_kept.count == 5);
    }

    /* Code and markup are not language; prose with an aside keeps its
     * answer. Where the model has the non-language class, keyboard mash is
     * answered with it, never reliably. */
    {
        static const char *const code[] = {
            "for (int i = 0; i < n; i++) { sum += a[i]; }",
            "def foo(x): return [x * 2 for x in range(10)]",
            "<div class=\"container\"><p>{{ content }}</p></div>",
        };
        glossa_guess best;
        glossa_result res;
        for (size_t i = 0; i < sizeof code / sizeof *code; i++)
            CHECK(glossa_detect(det, code[i], strlen(code[i]), NULL, &best, 1, &res) == GLOSSA_OK &&
                  best.language == GLOSSA_UND && !res.reliable);
        CHECK(strcmp(tag("The results (see Table 2) were significant (p < 0.05) in [3] cases."), "en") == 0);
        CHECK(strcmp(tag("Das ist (gut)"), "de") == 0);
        int zxx = -1;
        for (int l = 0; l < glossa_model_language_count(model); l++)
            if (strcmp(glossa_model_language(model, l)->tag, GLOSSA_NON_LANGUAGE_TAG) == 0)
                zxx = l;
        CHECK(zxx >= 0);
        static const char mash[] = "asdfghjkl qwertyuiop";
        CHECK(glossa_detect(det, mash, strlen(mash), NULL, &best, 1, &res) == GLOSSA_OK && best.language == zxx &&
              !res.reliable);
    }

    /* Links, addresses and hashes alone are not language, though the letters
     * before their mark are read as words; prose beside them keeps its
     * answer, and a word with a number too. */
    {
        static const char *const not_language[] = {
            "john.smith@example.org",
            "https://www.example.com/path/to/page?id=123&ref=abc",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "mailto:info@example.com #tag @handle",
        };
        for (size_t i = 0; i < sizeof not_language / sizeof *not_language; i++)
            CHECK_MSG(strcmp(tag(not_language[i]), "und") == 0, "%s: got %s", not_language[i], tag(not_language[i]));
        static const sample beside[] = {
            {"Schreib mir an john.smith@example.org, ich antworte dir morgen früh.", "de"},
            {"Mañana salimos de viaje, escríbeme a maria.lopez@gmail.com", "es"},
            {"Confira as novidades em https://www.globo.com/noticias hoje", "pt"},
            {"Het nieuwe model van de fabrikant heet X200 en komt volgend jaar uit.", "nl"},
        };
        check_answers(beside, sizeof beside / sizeof *beside);
    }

    /* A document half in one language, half in another, is not reliable as
     * a whole; each half alone is. */
    {
        static const char latvian[] = "Rīga ir Latvijas galvaspilsēta un lielākā pilsēta Baltijas valstīs. Tā atrodas "
                                      "pie Rīgas līča, Daugavas upes krastā, un tajā dzīvo gandrīz trešdaļa valsts "
                                      "iedzīvotāju.\n";
        static const char english[] = "Riga is the capital of Latvia and the largest city in the Baltic states. It lies "
                                      "on the Gulf of Riga at the mouth of the Daugava river, and almost a third of the "
                                      "country's people live there.\n";
        char both[sizeof latvian + sizeof english];
        snprintf(both, sizeof both, "%s%s", latvian, english);
        glossa_guess best;
        glossa_result res;
        CHECK(glossa_detect(det, latvian, strlen(latvian), NULL, &best, 1, &res) == GLOSSA_OK && res.reliable &&
              strcmp(glossa_model_language(model, best.language)->tag, "lv") == 0);
        CHECK(glossa_detect(det, english, strlen(english), NULL, &best, 1, &res) == GLOSSA_OK && res.reliable);
        CHECK(glossa_detect(det, both, strlen(both), NULL, &best, 1, &res) == GLOSSA_OK && !res.reliable);
    }

    /* One model, four threads, the same answers. */
    pthread_t threads[4];
    thread_outcome outcomes[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, detect_in_thread, &outcomes[i]);
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        CHECK(outcomes[i].ok);
    }

    glossa_detector_free(det);
    glossa_model_free(model);
    glossa_detector_free(NULL);
    glossa_model_free(NULL);
    TEST_MAIN_END("detect");
}
