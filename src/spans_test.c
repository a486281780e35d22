/* Spans through the public API, on the embedded model. */
#include <stdlib.h>
#include <string.h>

#include <glossa.h>

#include "harness.h"
#include "utf8.h"

static glossa_model *model;
static glossa_detector *det;

#define MAX_SPANS 64
static glossa_span spans[MAX_SPANS];

static const char *tag(int lang) { return glossa_model_language(model, lang)->tag; }

/* The spans of text; -1 on error. */
static int spans_of(const char *text, size_t len, const glossa_langset *only, glossa_summary *summary)
{
    size_t n;
    if (glossa_spans(det, text, len, only, spans, MAX_SPANS, &n, summary) != GLOSSA_OK)
        return -1;
    return (int)n;
}

/* Spans tile text[0 .. len) and start on characters. */
static int well_formed(const char *text, size_t len, const glossa_span *s, size_t n)
{
    if (len == 0)
        return n == 0;
    if (n == 0 || s[0].start != 0 || s[n - 1].end != len)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i].start >= s[i].end || (i && s[i].start != s[i - 1].end))
            return 0;
        if (gl_utf8_boundary_before((const unsigned char *)text, len, s[i].start) != s[i].start)
            return 0;
        if (strlen(s[i].excerpt) >= GLOSSA_EXCERPT_SIZE)
            return 0;
    }
    return 1;
}

static const char dutch[] =
    "De gemeente Amsterdam heeft vorige week besloten om de oude bibliotheek aan de gracht te renoveren. "
    "Volgens wethouder Marjolein van der Berg kost het project ongeveer twaalf miljoen euro. "
    "De werkzaamheden beginnen in het voorjaar en duren naar verwachting twee jaar.\n"
    "Bewoners van de buurt zijn tevreden, maar sommige ondernemers maken zich zorgen over de bereikbaarheid "
    "van hun winkels tijdens de verbouwing.";

static const char latvian_with_references[] =
    "Rīgas vecpilsēta ir viena no skaistākajām vietām Baltijā. Tās šaurās ielas un senās baznīcas katru gadu "
    "piesaista tūkstošiem tūristu no visas pasaules. Vecpilsēta ir iekļauta UNESCO pasaules mantojuma sarakstā.\n"
    "Smith, John. The History of the Baltic Cities. Oxford University Press, 2004.\n"
    "Brown, Anne. Medieval Trade Routes of Northern Europe and the Hanseatic League. Cambridge University Press, 2011.\n";

static void test_one_language(void)
{
    glossa_summary summary;
    int n = spans_of(dutch, strlen(dutch), NULL, &summary);
    CHECK_MSG(n == 1, "a Dutch document gave %d spans", n);
    CHECK(n >= 1 && strcmp(tag(spans[0].language), "nl") == 0);
    CHECK(n >= 1 && spans[0].probability > 0.9f);
    CHECK(well_formed(dutch, strlen(dutch), spans, (size_t)n));
    CHECK(strncmp(spans[0].excerpt, "De gemeente Amsterdam", 21) == 0);
    CHECK(summary.count == 1 && summary.top[0].share == 1.0f && !summary.mixed && summary.spans == 1);

    /* a name, a title and a short quote do not split a sentence */
    static const char quoted[] =
        "Gisteren las ik in de krant dat de minister het boek \"The Art of War\" aan alle ambtenaren "
        "heeft aangeraden, en dat Jean-Pierre Dubois het met hem eens was.";
    n = spans_of(quoted, strlen(quoted), NULL, NULL);
    CHECK_MSG(n == 1, "a Dutch sentence with an English title gave %d spans", n);
    /* nor does a single word of another script */
    static const char term[] = "Het Arabische woord كتاب betekent boek, en het komt in veel talen terug.";
    n = spans_of(term, strlen(term), NULL, NULL);
    CHECK_MSG(n == 1 && strcmp(tag(spans[0].language), "nl") == 0, "one Arabic word split a Dutch sentence");
}

static void test_two_scripts(void)
{
    static const char greek_then_english[] =
        "Η Αθήνα είναι η πρωτεύουσα και η μεγαλύτερη πόλη της Ελλάδας, με μακρά ιστορία που ξεκινά πριν από "
        "τρεις χιλιάδες χρόνια.\n"
        "Athens is the capital and largest city of Greece, with a long history that begins more than three "
        "thousand years ago.";
    size_t len = strlen(greek_then_english);
    size_t second = (size_t)(strchr(greek_then_english, '\n') - greek_then_english) + 1;
    glossa_summary summary;
    int n = spans_of(greek_then_english, len, NULL, &summary);
    CHECK_MSG(n == 2, "Greek then English gave %d spans", n);
    if (n == 2) {
        CHECK(strcmp(tag(spans[0].language), "el") == 0 && strcmp(tag(spans[1].language), "en") == 0);
        CHECK_MSG(spans[0].end == second && spans[1].start == second, "boundary at %zu, expected %zu",
                  spans[0].end, second);
        CHECK(strncmp(spans[1].excerpt, "Athens is", 9) == 0);
        CHECK(summary.mixed && summary.count == 2);
        CHECK(summary.top[0].share + summary.top[1].share > 0.999f);
        CHECK(summary.top[0].letters + summary.top[1].letters == summary.letters);
    }
    CHECK(well_formed(greek_then_english, len, spans, n > 0 ? (size_t)n : 0));
}

static void test_same_script(void)
{
    size_t len = strlen(latvian_with_references);
    size_t refs = (size_t)(strstr(latvian_with_references, "Smith") - latvian_with_references);
    glossa_summary summary;
    int n = spans_of(latvian_with_references, len, NULL, &summary);
    CHECK_MSG(n == 2, "Latvian with English references gave %d spans", n);
    if (n == 2) {
        CHECK(strcmp(tag(spans[0].language), "lv") == 0 && strcmp(tag(spans[1].language), "en") == 0);
        CHECK_MSG(spans[1].start == refs, "boundary at %zu, expected %zu", spans[1].start, refs);
        CHECK(summary.mixed && strcmp(tag(summary.top[0].language), "lv") == 0);
    }
    /* an allowlist without Latvian gives no Latvian span */
    glossa_langset only;
    glossa_langset_clear(&only);
    CHECK(glossa_langset_add(&only, model, "lt") == GLOSSA_OK);
    CHECK(glossa_langset_add(&only, model, "en") == GLOSSA_OK);
    n = spans_of(latvian_with_references, len, &only, NULL);
    CHECK(n >= 1);
    for (int i = 0; i < n; i++)
        CHECK(strcmp(tag(spans[i].language), "lt") == 0 || strcmp(tag(spans[i].language), "en") == 0);
}

static void test_no_letters(void)
{
    glossa_summary summary;
    CHECK(spans_of("", 0, NULL, &summary) == 0);
    CHECK(summary.count == 0 && summary.spans == 0 && !summary.mixed);
    static const char digits[] = "  12 345 -- 6.7 !? \n";
    int n = spans_of(digits, strlen(digits), NULL, &summary);
    CHECK(n == 1 && spans[0].language == GLOSSA_UND && spans[0].probability == 0.0f);
    CHECK(n == 1 && spans[0].start == 0 && spans[0].end == strlen(digits));
    CHECK(summary.count == 0 && summary.letters == 0);
    /* a script that no allowed language writes */
    glossa_langset only;
    glossa_langset_clear(&only);
    CHECK(glossa_langset_add(&only, model, "en") == GLOSSA_OK);
    static const char greek[] = "Καλημέρα σας, τι κάνετε σήμερα;";
    n = spans_of(greek, strlen(greek), &only, NULL);
    CHECK(n == 1 && spans[0].language == GLOSSA_UND);
}

static void test_errors(void)
{
    size_t n = 99;
    glossa_span one[1];
    int rc = glossa_spans(det, latvian_with_references, strlen(latvian_with_references), NULL, one, 1, &n, NULL);
    CHECK(rc == GLOSSA_E_SPACE && n == 2);
    CHECK(strcmp(tag(one[0].language), "lv") == 0);
    /* A size query (no array) counts the spans; an array of that size then
     * takes them all. An empty text has none: nothing is cut, GLOSSA_OK. */
    n = 99;
    rc = glossa_spans(det, latvian_with_references, strlen(latvian_with_references), NULL, NULL, 0, &n, NULL);
    CHECK(rc == GLOSSA_E_SPACE && n == 2);
    glossa_span two[2];
    CHECK(glossa_spans(det, latvian_with_references, strlen(latvian_with_references), NULL, two, n, &n, NULL) ==
              GLOSSA_OK && n == 2 && two[0].start == one[0].start && two[0].end == one[0].end);
    CHECK(glossa_spans(det, "", 0, NULL, NULL, 0, &n, NULL) == GLOSSA_OK && n == 0);
    CHECK(glossa_spans(det, NULL, 1, NULL, spans, MAX_SPANS, &n, NULL) == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(glossa_spans(det, "a", 1, NULL, spans, MAX_SPANS, NULL, NULL) == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(glossa_spans(NULL, "a", 1, NULL, spans, MAX_SPANS, &n, NULL) == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(glossa_spans_feed(det, "a", 1) == GLOSSA_E_STREAM_STATE);
    CHECK(glossa_spans_end(det, NULL) == GLOSSA_E_STREAM_STATE);
    glossa_spans_begin(det, NULL, NULL, NULL);
    CHECK(glossa_stream_feed(det, "a", 1) == GLOSSA_E_STREAM_STATE);
    CHECK(glossa_spans_end(det, NULL) == GLOSSA_OK);
    glossa_stream_begin(det, NULL);
    CHECK(glossa_spans_feed(det, "a", 1) == GLOSSA_E_STREAM_STATE);
    glossa_guess g[1];
    CHECK(glossa_stream_end(det, g, 1, NULL) == GLOSSA_OK);
}

/* Spans delivered by the streaming API, and how many had come before the
 * last chunk was fed. */
typedef struct {
    glossa_span *spans;
    size_t count, capacity, before_end;
} collected;

static void collect(void *user, const glossa_span *span)
{
    collected *c = user;
    if (c->count < c->capacity)
        c->spans[c->count] = *span;
    c->count++;
}

static uint64_t rng = 42;
static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* The same spans whether a document comes whole or in random pieces. */
static int stream_matches(const char *text, size_t len, const glossa_span *whole, size_t n)
{
    glossa_span *got = calloc(n + 1, sizeof *got);
    collected c = {got, 0, n + 1, 0};
    glossa_spans_begin(det, NULL, collect, &c);
    for (size_t at = 0; at < len;) {
        size_t piece = 1 + next(len - at < 9000 ? (unsigned)(len - at) : 9000u);
        glossa_spans_feed(det, text + at, piece);
        at += piece;
    }
    glossa_spans_end(det, NULL);
    int same = c.count == n;
    for (size_t i = 0; same && i < n; i++)
        same = got[i].start == whole[i].start && got[i].end == whole[i].end &&
               got[i].language == whole[i].language && got[i].probability == whole[i].probability &&
               strcmp(got[i].excerpt, whole[i].excerpt) == 0;
    free(got);
    return same;
}

static void test_random_bytes(void)
{
    static const char *const pieces[] = {"Het ", "weer ", "mooi. ", "Καλημέρα ", "мир ", "日本語", "\xff", "\xc3",
                                         "\xe2\x82", "\xed\xa0\x80", "\0", "\n", " ", "1234", "!?", "ç", "ĕ"};
    size_t cap = 4096, total_spans = 0;
    glossa_span *buf = calloc(cap, sizeof *buf);
    char *text = malloc(20000);
    int ok = 1, streamed = 1;
    for (int round = 0; round < 200; round++) {
        size_t len = 0, target = next(20000);
        while (len < target) {
            const char *p = pieces[next(sizeof pieces / sizeof pieces[0])];
            size_t n = *p ? strlen(p) : 1;
            if (len + n > target)
                break;
            memcpy(text + len, p, n);
            len += n;
        }
        size_t n;
        if (glossa_spans(det, text, len, NULL, buf, cap, &n, NULL) != GLOSSA_OK) {
            ok = 0;
            continue;
        }
        total_spans += n;
        ok &= well_formed(text, len, buf, n);
        if (round % 10 == 0)
            streamed &= stream_matches(text, len, buf, n);
    }
    CHECK_MSG(ok, "spans of random bytes do not tile the input on character boundaries");
    CHECK_MSG(streamed, "spans of a stream in pieces differ from spans of the whole");
    CHECK(total_spans > 200);
    free(text);
    free(buf);
}

/* Many alternating paragraphs: more units than the decoder's window, so
 * spans are decided while the document is still being fed. */
static void test_long_document(void)
{
    static const char english[] = "The committee will meet again next month to discuss the budget for the new "
                                  "school building and the repairs to the old library.\n";
    static const char german[] = "Der Ausschuss wird sich im nächsten Monat erneut treffen, um über den Haushalt "
                                 "für das neue Schulgebäude zu beraten.\n";
    size_t repeat = 5, blocks = 400;
    size_t cap = blocks * repeat * (sizeof english + sizeof german);
    char *text = malloc(cap);
    size_t len = 0;
    for (size_t b = 0; b < blocks; b++)
        for (size_t r = 0; r < repeat; r++) {
            const char *s = b % 2 ? german : english;
            memcpy(text + len, s, strlen(s));
            len += strlen(s);
        }
    glossa_span *got = calloc(blocks + 8, sizeof *got);
    collected c = {got, 0, blocks + 8, 0};
    glossa_spans_begin(det, NULL, collect, &c);
    glossa_spans_feed(det, text, len);
    c.before_end = c.count;
    glossa_summary summary;
    glossa_spans_end(det, &summary);
    CHECK_MSG(c.count == blocks, "%zu spans for %zu paragraphs", c.count, blocks);
    CHECK_MSG(c.before_end > blocks / 2, "only %zu spans before the end", c.before_end);
    int alternating = c.count == blocks;
    for (size_t i = 0; alternating && i < blocks; i++)
        alternating = strcmp(tag(got[i].language), i % 2 ? "de" : "en") == 0;
    CHECK(alternating);
    CHECK(well_formed(text, len, got, c.count < blocks + 8 ? c.count : 0));
    CHECK(summary.spans == blocks && summary.count == 2 && summary.mixed);
    free(got);
    free(text);
}

/* A span in a close group gets its language from the group's refiner, as
 * a document does: Croatian (tjedan, tisuću), not Serbian; then English. */
static void test_close_languages(void)
{
    static const char text[] = "Tjedan dana kasnije, tisuću ljudi okupilo se na trgu.\n\n"
                               "The old town of Riga is one of the most beautiful places in the Baltics.";
    int n = spans_of(text, sizeof text - 1, NULL, NULL);
    CHECK(n == 2 && well_formed(text, sizeof text - 1, spans, (size_t)n));
    if (n == 2) {
        CHECK_MSG(strcmp(tag(spans[0].language), "hr") == 0, "got %s", tag(spans[0].language));
        CHECK(strcmp(tag(spans[1].language), "en") == 0);
        glossa_guess g;
        glossa_detect(det, text, strcspn(text, "\n"), NULL, &g, 1, NULL);
        CHECK(g.language == spans[0].language);
    }
}

int main(void)
{
    if (glossa_model_load_default(&model) != GLOSSA_OK || glossa_detector_create(model, &det) != GLOSSA_OK) {
        fprintf(stderr, "cannot load the model\n");
        return 1;
    }
    test_one_language();
    test_two_scripts();
    test_same_script();
    test_no_letters();
    test_errors();
    test_random_bytes();
    test_long_document();
    test_close_languages();
    glossa_detector_free(det);
    glossa_model_free(model);
    TEST_MAIN_END("spans");
}
