/* The C side of the npm package: the embedded model, one detector, and calls shaped for JavaScript (results in static buffers, span
 * offsets in UTF-16 code units), over the public API of glossa.h only. */
#include <glossa.h>

#include <stdint.h>
#include <stdlib.h>

#define GW_EXPORT(name) __attribute__((export_name(#name)))

static glossa_model *model;
static glossa_detector *detector;
static glossa_langset only;
static glossa_guess guesses[GLOSSA_MAX_LANGUAGES];
static glossa_result result;
static glossa_summary summary;

/* Loads the embedded model (src/model_blob.c) and makes the one detector
 * (JavaScript runs one call at a time). */
GW_EXPORT(gw_init) int gw_init(void)
{
    int rc = glossa_model_load_default(&model);
    return rc != GLOSSA_OK ? rc : glossa_detector_create(model, &detector);
}

GW_EXPORT(gw_alloc) void *gw_alloc(size_t size)
{
    return malloc(size ? size : 1);
}

GW_EXPORT(gw_free) void gw_free(void *p)
{
    free(p);
}

GW_EXPORT(gw_version) const char *gw_version(void)
{
    return glossa_version();
}

GW_EXPORT(gw_corpus) const char *gw_corpus(void)
{
    return glossa_model_corpus(model);
}

GW_EXPORT(gw_strerror) const char *gw_strerror(int status)
{
    return glossa_strerror(status);
}

GW_EXPORT(gw_language_count) int gw_language_count(void)
{
    return glossa_model_language_count(model);
}

/* One field of a language's metadata: 0 tag, 1 ISO (nld_Latn), 2 ISO 639-3,
 * 3 name, 4 script. */
GW_EXPORT(gw_language_field) const char *gw_language_field(int index, int field)
{
    const glossa_language *l = glossa_model_language(model, index);
    if (!l)
        return NULL;
    const char *fields[] = {l->tag, l->iso, l->iso639_3, l->name, l->script};
    return field >= 0 && field < 5 ? fields[field] : NULL;
}

/* The flat prior, or the population prior at the library's strength. */
GW_EXPORT(gw_set_prior) int gw_set_prior(int flat)
{
    return glossa_detector_set_prior(detector, flat ? GLOSSA_PRIOR_FLAT : GLOSSA_PRIOR_POPULATION,
                                     GLOSSA_PRIOR_STRENGTH);
}

/* Guesses below min_probability are left out; und when even the best is. */
GW_EXPORT(gw_set_min_probability) int gw_set_min_probability(float min_probability)
{
    return glossa_detector_set_min_probability(detector, min_probability);
}

/* The allowlist, from a list of tags as glossa --only takes them ("nl,de");
 * a call uses it when asked to. A status; gw_only_error() says why a list
 * failed. */
static glossa_list_error only_error;

GW_EXPORT(gw_only_set) int gw_only_set(const char *list)
{
    glossa_langset_clear(&only);
    return glossa_langset_add_list(&only, model, list, &only_error);
}

GW_EXPORT(gw_only_error) const char *gw_only_error(void)
{
    return only_error.message;
}

/* Detection: the number of guesses written (read with gw_guess_*), or a
 * negative status. */
GW_EXPORT(gw_detect) int gw_detect(const char *text, size_t len, int use_only, size_t k)
{
    if (k > GLOSSA_MAX_LANGUAGES)
        k = GLOSSA_MAX_LANGUAGES;
    int rc = glossa_detect(detector, text, len, use_only ? &only : NULL, guesses, k, &result);
    return rc != GLOSSA_OK ? rc : (int)result.count;
}

GW_EXPORT(gw_guess_language) int gw_guess_language(size_t i)
{
    return guesses[i].language;
}

GW_EXPORT(gw_guess_probability) float gw_guess_probability(size_t i)
{
    return guesses[i].probability;
}

GW_EXPORT(gw_reliable) int gw_reliable(void)
{
    return result.reliable;
}

/* Spans, as 5 words each: start and end in UTF-16 code units, language,
 * probability (float bits), letters. */
typedef struct {
    uint32_t start, end;
    int32_t language;
    float probability;
    uint32_t letters;
} gw_span;

static gw_span *spans;
static size_t span_count, span_capacity;
static int span_error;

/* The text is UTF-8 that TextEncoder wrote from a JavaScript string (lone
 * surrogates became U+FFFD), so a character takes two UTF-16 units exactly
 * when its UTF-8 form takes four bytes. Spans come in order and end on
 * character boundaries: one cursor walks the text once. */
static const unsigned char *span_text;
static size_t cursor_byte, cursor_unit;

static uint32_t utf16_offset(size_t byte)
{
    for (; cursor_byte < byte; cursor_byte++) {
        unsigned char c = span_text[cursor_byte];
        if ((c & 0xC0) != 0x80)
            cursor_unit += c >= 0xF0 ? 2 : 1;
    }
    return (uint32_t)cursor_unit;
}

static void on_span(void *user, const glossa_span *s)
{
    (void)user;
    if (span_count == span_capacity) {
        size_t cap = span_capacity ? 2 * span_capacity : 64;
        gw_span *grown = realloc(spans, cap * sizeof *grown);
        if (!grown) {
            span_error = GLOSSA_E_NO_MEMORY;
            return;
        }
        spans = grown;
        span_capacity = cap;
    }
    gw_span *out = &spans[span_count++];
    out->start = utf16_offset(s->start);
    out->end = utf16_offset(s->end);
    out->language = s->language;
    out->probability = s->probability;
    out->letters = (uint32_t)s->letters;
}

/* The spans of text: their count (read at gw_spans_data), or a negative
 * status; the summary is read with gw_summary_*. */
GW_EXPORT(gw_spans) int gw_spans(const char *text, size_t len, int use_only)
{
    span_count = 0;
    span_error = GLOSSA_OK;
    span_text = (const unsigned char *)text;
    cursor_byte = cursor_unit = 0;
    int rc = glossa_spans_begin(detector, use_only ? &only : NULL, on_span, NULL);
    if (rc == GLOSSA_OK)
        rc = glossa_spans_feed(detector, text, len);
    if (rc == GLOSSA_OK)
        rc = glossa_spans_end(detector, &summary);
    if (rc == GLOSSA_OK)
        rc = span_error;
    return rc != GLOSSA_OK ? rc : (int)span_count;
}

GW_EXPORT(gw_spans_data) const gw_span *gw_spans_data(void)
{
    return spans;
}

GW_EXPORT(gw_summary_count) int gw_summary_count(void)
{
    return (int)summary.count;
}

GW_EXPORT(gw_summary_language) int gw_summary_language(size_t i)
{
    return summary.top[i].language;
}

GW_EXPORT(gw_summary_share) float gw_summary_share(size_t i)
{
    return summary.top[i].share;
}

GW_EXPORT(gw_summary_letters) double gw_summary_letters(size_t i)
{
    return (double)summary.top[i].letters;
}

GW_EXPORT(gw_summary_total_letters) double gw_summary_total_letters(void)
{
    return (double)summary.letters;
}

GW_EXPORT(gw_summary_mixed) int gw_summary_mixed(void)
{
    return summary.mixed;
}
