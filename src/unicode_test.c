/* Unicode properties from the generated tables. */
#include "harness.h"
#include "unicode.h"
#include "utf8.h"

static unsigned script_of(uint32_t cp) { return GL_PROP_SCRIPT(gl_unicode_props(cp)); }
static unsigned class_of(uint32_t cp) { return GL_PROP_CLASS(gl_unicode_props(cp)); }

int main(void)
{
    const struct {
        uint32_t cp;
        const char *script;
    } scripts[] = {{'a', "Latn"},   {0x044F, "Cyrl"}, {0x0627, "Arab"}, {0x3042, "Hira"}, {0x30A2, "Kana"},
                   {0x4E2D, "Hani"}, {0xD55C, "Hang"}, {0x0E01, "Thai"}, {0x10D0, "Geor"}, {0x0915, "Deva"},
                   {0x03B1, "Grek"}, {0x05D0, "Hebr"}, {0x0531, "Armn"}, {'1', "Zyyy"}};
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++)
        CHECK_MSG((int)script_of(scripts[i].cp) == gl_script_from_code(scripts[i].script), "U+%04X",
                  (unsigned)scripts[i].cp);
    CHECK(class_of('a') == GL_CLASS_LETTER && class_of(0x4E2D) == GL_CLASS_LETTER);
    CHECK(class_of(0x093F) == GL_CLASS_MARK && class_of(0x0301) == GL_CLASS_MARK);
    CHECK(class_of('3') == GL_CLASS_OTHER && class_of(',') == GL_CLASS_OTHER && class_of(' ') == GL_CLASS_OTHER);
    CHECK(class_of(GL_REPLACEMENT) == GL_CLASS_OTHER);
    CHECK(class_of(0x2019) == GL_CLASS_LETTER && script_of(0x2019) == GL_SCRIPT_COMMON);

    CHECK(gl_unicode_lower('A') == 'a' && gl_unicode_lower('a') == 'a');
    CHECK(gl_unicode_lower(0xC4) == 0xE4);    /* Ä */
    CHECK(gl_unicode_lower(0x042F) == 0x044F); /* Я */
    CHECK(gl_unicode_lower(0x03A3) == 0x03C3); /* Σ */
    CHECK(gl_unicode_lower(0x0130) == 'i');    /* İ */
    CHECK(gl_unicode_lower(0x0531) == 0x0561); /* Ա */
    CHECK(gl_unicode_lower(0x4E2D) == 0x4E2D);

    CHECK(gl_unicode_base(0xE9) == 'e');      /* é */
    CHECK(gl_unicode_base(0x1EC7) == 'e');    /* ệ: two marks */
    CHECK(gl_unicode_base(0x1ECD) == 'o');    /* ọ (Yoruba) */
    CHECK(gl_unicode_base(0x0160) == 'S');    /* Š */
    CHECK(gl_unicode_base(0x03AC) == 0x03B1); /* ά */
    CHECK(gl_unicode_base(0x0439) == 0x0439); /* й: Cyrillic is left alone */
    CHECK(gl_unicode_base(0x00DF) == 0x00DF && gl_unicode_base('a') == 'a');

    /* Canonical composition (NFC) and compatibility folds (NFKC, letters). */
    CHECK(gl_unicode_compose('e', 0x0301) == 0x00E9 && gl_unicode_compose(0x1EB9, 0x0302) == 0x1EC7);
    CHECK(gl_unicode_compose(0x0438, 0x0306) == 0x0439);                               /* и + breve: й */
    CHECK(gl_unicode_compose(0x1112, 0x1161) == 0xD558 && gl_unicode_compose(0xD558, 0x11AB) == 0xD55C); /* 한 */
    CHECK(gl_unicode_compose('e', 'e') == 0 && gl_unicode_compose(0x0344, 0x0301) == 0);
    CHECK(gl_unicode_compose(0x0915, 0x093C) == 0); /* क़ is excluded from composition */
    uint32_t folded[GL_FOLD_MAX];
    CHECK(gl_unicode_fold(0xFF21, folded) == 1 && folded[0] == 'A');
    CHECK(gl_unicode_fold(0xFB03, folded) == 3 && folded[0] == 'f' && folded[1] == 'f' && folded[2] == 'i');
    CHECK(gl_unicode_fold(0x1D41B, folded) == 1 && folded[0] == 'b'); /* mathematical bold b */
    CHECK(gl_unicode_fold(0xFEF5, folded) == 2 && folded[0] == 0x0644 && folded[1] == 0x0622); /* Arabic ligature */
    CHECK(gl_unicode_fold('a', folded) == 0 && gl_unicode_fold(0x00B5, folded) == 0); /* the micro sign stays */
    CHECK(gl_unicode_fold(0x3131, folded) == 0); /* a compatibility jamo stays: ㅋㅋ */
    /* Lookalikes (Unicode's confusables), in the same case. */
    unsigned latn = (unsigned)gl_script_from_code("Latn"), cyrl = (unsigned)gl_script_from_code("Cyrl"),
             grek = (unsigned)gl_script_from_code("Grek");
    CHECK(gl_unicode_lookalike('e', cyrl) == 0x0435 && gl_unicode_lookalike(0x0435, latn) == 'e');
    CHECK(gl_unicode_lookalike('M', cyrl) == 0x041C && gl_unicode_lookalike('o', grek) == 0x03BF);
    CHECK(gl_unicode_lookalike('i', cyrl) == 0x0456); /* і, not palochka ӏ */
    CHECK(gl_unicode_lookalike(0x0103, cyrl) == 0x04D1); /* ă: ӑ */
    CHECK(gl_unicode_lookalike(0x037B, latn) == 0x0254); /* Greek ͻ: ɔ */
    CHECK(gl_unicode_lookalike('n', cyrl) == 0 && gl_unicode_lookalike('e', latn) == 0);
    CHECK(gl_unicode_lookalike(0x0434, latn) == 0); /* д */
    CHECK(gl_script_from_code(GL_JAPANESE_HAN_CODE) >= 0);
    CHECK(GL_PROP_SCRIPT(gl_unicode_props(0x99C5)) == (unsigned)gl_script_from_code(GL_JAPANESE_HAN_CODE)); /* 駅 */
    CHECK(GL_PROP_SCRIPT(gl_unicode_props(0x56FD)) == (unsigned)gl_script_from_code("Hani")); /* 国, Chinese too */

    CHECK(gl_script_from_code("Latn") >= 0 && gl_script_from_code("Nope") == -1);
    CHECK(gl_script_count < 255);
    int all_valid = 1;
    for (uint32_t cp = 0; cp <= 0x110010; cp++)
        all_valid &= GL_PROP_SCRIPT(gl_unicode_props(cp)) < gl_script_count;
    CHECK(all_valid);
    CHECK(gl_unicode_props(0xFFFFFFFFu) == GL_SCRIPT_UNKNOWN);
    TEST_MAIN_END("unicode");
}
