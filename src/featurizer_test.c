/* Feature extraction: which features a text gives, and what does not
 * change them. */
#include <string.h>

#include "featurizer.h"
#include "harness.h"
#include "utf8.h"

#define MAX_OUT 4096

/* All features of a text, in order. */
static size_t features_of(const char *text, unsigned max_n, uint32_t *out, gl_featurizer *fz)
{
    gl_featurizer_init(fz, max_n, 20);
    size_t n = 0, len = strlen(text);
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len && n + GL_FEATURE_BURST < MAX_OUT;) {
        uint32_t cp;
        i += gl_utf8_next(s + i, len - i, &cp);
        n += gl_featurizer_push(fz, cp, out + n);
    }
    n += gl_featurizer_finish(fz, out + n);
    return n;
}

static int same_features(const char *a, const char *b, unsigned max_n)
{
    static uint32_t fa[MAX_OUT], fb[MAX_OUT];
    gl_featurizer fz;
    size_t na = features_of(a, max_n, fa, &fz);
    size_t nb = features_of(b, max_n, fb, &fz);
    return na == nb && memcmp(fa, fb, na * sizeof *fa) == 0;
}

/* The features of a text fed as UTF-8 runs of at most room features at a
 * time (gl_featurizer_feed_utf8) equal those of its code points pushed one
 * by one, letter weights included; the runs also ask for their rows
 * (gl_featurizer_rows), which changes nothing. */
static int runs_match_pushes(const char *text, size_t len, unsigned max_n, size_t room)
{
    static uint32_t pushed[MAX_OUT], fed[MAX_OUT];
    static int8_t rows[1u << 18];
    static gl_featurizer a, b;
    gl_featurizer_init(&a, max_n, 18);
    gl_featurizer_init(&b, max_n, 18);
    gl_featurizer_rows(&b, rows, 1);
    const unsigned char *s = (const unsigned char *)text;
    size_t na = 0, nb = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += gl_utf8_next(s + i, len - i, &cp);
        na += gl_featurizer_push(&a, cp, pushed + na);
    }
    na += gl_featurizer_finish(&a, pushed + na);
    for (size_t i = 0; i < len;) {
        size_t written;
        i += gl_featurizer_feed_utf8(&b, s + i, len - i, fed + nb, room, &written);
        nb += written;
    }
    nb += gl_featurizer_finish(&b, fed + nb);
    return na == nb && memcmp(pushed, fed, na * sizeof *fed) == 0 &&
           memcmp(a.script_weight, b.script_weight, sizeof a.script_weight) == 0 && a.letters == b.letters;
}

int main(void)
{
    static uint32_t out[MAX_OUT];
    gl_featurizer fz;

    /* " ab " with n <= 3: a, " a", b, "ab", " ab", "b ", "ab ", and the word. */
    CHECK(features_of("ab", 3, out, &fz) == 8);
    /* One letter, n <= 5: "x", " x", "x ", " x ", the word. */
    CHECK(features_of("x", 5, out, &fz) == 5);
    CHECK(features_of("", 5, out, &fz) == 0);
    CHECK(features_of("123 !? --", 5, out, &fz) == 0);
    CHECK(fz.letters == 0);

    /* Case, digits and punctuation do not change the features. */
    CHECK(same_features("Hello World", "hello world", 5));
    CHECK(same_features("ÄRGER Über", "ärger über", 5));
    CHECK(same_features("ΕΛΛΗΝΙΚΆ", "ελληνικά", 5));
    CHECK(same_features("hello, world!", "hello world", 5));
    CHECK(same_features("hello 123 world", "hello\tworld\n", 5));
    CHECK(!same_features("hello world", "helloworld", 5));

    /* A change of script ends a word; Han and Kana do not. */
    CHECK(same_features("abcбвг", "abc бвг", 5));
    /* ... unless the letter looks like one of the word's script: it is
     * read as that one (first letters by the second), where the word's
     * script leads the text so far. */
    CHECK(same_features("Грejeм", "Грејем", 5));
    CHECK(same_features("oд свoг Jужнe", "од свог Јужне", 5));
    CHECK(same_features("вĕçне", "вӗҫне", 5));
    CHECK(same_features("akpͻ", "akpɔ", 5));
    CHECK(same_features("say Hellо", "say Hello", 5)); /* Cyrillic о */
    CHECK(same_features("тел NBCга", "тел NBC га", 5)); /* Latin, in Cyrillic text */
    CHECK(!same_features("новый iPhone", "новый іРһопе", 5));
    CHECK(features_of("漢字かな", 1, out, &fz) == 5); /* 4 unigrams + 1 word */
    CHECK(features_of("漢字 かな", 1, out, &fz) == 6);

    /* Words longer than GL_MAX_WORD_CHARS give no word feature. */
    CHECK(features_of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1, out, &fz) == 30);
    CHECK(features_of("aaaaaaaaaaaaaaaaaaaaaaa", 1, out, &fz) == 24);

    /* Letter weights per script: a letter of a word in lowercase weighs
     * GL_RUNNING_WEIGHT, of a word with a capital GL_NAME_WEIGHT, an East
     * Asian character GL_EAST_ASIAN_WEIGHT. */
    int latin = gl_script_from_code("Latn"), han = gl_script_from_code("Hani");
    features_of("abc中文", 5, out, &fz);
    CHECK(fz.script_weight[latin] == 3 * GL_RUNNING_WEIGHT);
    CHECK(fz.script_weight[han] == 2 * GL_EAST_ASIAN_WEIGHT);
    CHECK(fz.letters == 5);
    features_of("новый iPhone Pro", 5, out, &fz);
    CHECK(fz.script_weight[latin] == 9 * GL_NAME_WEIGHT);
    CHECK(fz.script_weight[gl_script_from_code("Cyrl")] == 5 * GL_RUNNING_WEIGHT);
    /* Han that only Japanese writes counts for Japanese alone. */
    features_of("駅前", 5, out, &fz);
    CHECK(fz.script_weight[gl_script_from_code(GL_JAPANESE_HAN_CODE)] == GL_EAST_ASIAN_WEIGHT);
    CHECK(fz.script_weight[han] == GL_EAST_ASIAN_WEIGHT);

    /* Any Unicode form reads as NFC: decomposed letters (Latin, stacked
     * Vietnamese marks, Cyrillic, Hangul jamo) and compatibility forms. */
    CHECK(same_features("e\xcc\x81te\xcc\x81", "été", 5));
    CHECK(same_features("Vie\xcc\xa3\xcc\x82t", "Việt", 5));
    CHECK(same_features("\xd0\xb8\xcc\x86", "й", 5));
    CHECK(same_features("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", "한", 5));
    CHECK(same_features("Ｄａｓ ｉｓｔ", "das ist", 5));
    CHECK(same_features("\xef\xac\x81nal \xef\xac\x80", "final ff", 5));
    CHECK(same_features("\xf0\x9d\x90\x81\xf0\x9d\x90\xae\xf0\x9d\x90\x9e", "bue", 5));
    /* A mark with nothing to compose with stays a mark of the word. */
    CHECK(!same_features("a\xcc\xb6" "b", "ab", 5));

    /* What is not language gives nothing: links, addresses, handles, tags,
     * what follows a digit in a token; the text around them is kept. */
    CHECK(same_features("hallo https://example.com/pad?q=1 daar", "hallo https daar", 5));
    CHECK(same_features("zie www.example.nl/nieuws nu", "zie www nu", 5));
    CHECK(same_features("mail jan.smit@example.nl nu", "mail jan smit nu", 5));
    CHECK(same_features("dank @jan_smit #mooi #zomer2024 daar", "dank daar", 5));
    CHECK(same_features("model S24 Ultra 5G", "model s ultra", 5));
    CHECK(features_of("3f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c", 5, out, &fz) == 0);
    /* Code and markup are counted: operators and brackets 2, parentheses 1,
     * "." between words 2; a link's slashes not. */
    features_of("f(x) = a[i] + obj.size", 5, out, &fz);
    CHECK(fz.code_marks == 1 + 1 + 2 + 2 + 2 + 2 + 2);
    features_of("Das ist (gut).", 5, out, &fz);
    CHECK(fz.code_marks == 2);
    features_of("see https://example.com/a/b/c", 5, out, &fz);
    CHECK(fz.code_marks == 0);
    features_of("one\ntwo\nthree", 5, out, &fz);
    CHECK(fz.line_breaks == 2);
    /* ... but only in Latin script: a tag in the text's own script is text. */
    CHECK(!same_features("#Αθήνα", "", 5));
    CHECK(same_features("2024年3月", "年 月", 5));

    /* Marks belong to words: Devanagari vowel signs do not split. */
    CHECK(features_of("हिंदी", 1, out, &fz) == 6); /* 5 code points + word */

    /* Buckets stay within the table. */
    size_t n = features_of("Quelques mots en français, puis ещё и немного.", 5, out, &fz);
    int in_range = 1;
    for (size_t i = 0; i < n; i++)
        in_range &= out[i] < (1u << 20);
    CHECK(in_range && n > 50);

    /* Fed in runs, whatever the room, as pushed one by one: mixed scripts,
     * marks, a long word, ill-formed and cut-short UTF-8. */
    static const char mixed[] = "Het woord \xd8\xa7\xd9\x84\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8 (kitāb) "
                                "betekent BOEK; 漢字かな, हिंदी, "
                                "supercalifragilisticexpialidocious \xc3\x28 \xed\xa0\x80 \xf0\x9f\x98 "
                                "\xe0\x81\x81 end \xe2\x82";
    for (unsigned max_n = 1; max_n <= GL_MAX_NGRAM; max_n++) {
        CHECK(runs_match_pushes(mixed, sizeof mixed - 1, max_n, GL_FEATURE_BURST));
        CHECK(runs_match_pushes(mixed, sizeof mixed - 1, max_n, 64));
    }
    CHECK(runs_match_pushes(mixed, sizeof mixed - 1, 5, MAX_OUT));

    TEST_MAIN_END("featurizer");
}
