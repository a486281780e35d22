/* Spans: the languages of a mixed document, with byte offsets.
 *
 * One pass over the text, in bounded memory:
 *   1. Units. The text is cut into small units: a unit ends at sentence or
 *      clause punctuation, at a line break, where the script changes, and
 *      after max_words words. Each unit sums its feature rows as the
 *      detector does for a whole document.
 *   2. Scores. Each unit gets a log-probability for every language: the
 *      calibrated softmax over the languages of its script; a language
 *      that is not written in the unit's script pays script_cost per
 *      letter; "undetermined" is only for text whose letters no allowed
 *      language writes.
 *   3. Viterbi. The best labelling of the unit sequence, with
 *      switch_penalty for every change of language, is kept as
 *      back-pointers over a window of units; when the window is full, the
 *      oldest half is decided from the best path so far (fixed-lag
 *      decoding: later text rarely changes labels that far back).
 *   4. Spans. Decided units of one language merge; a span's probability is
 *      that of its language for the span's text as a whole. In a close
 *      group (model.h) the group's refiner names the span's language from
 *      the span's text as a whole, as it does for a document; two
 *      neighbours it gives one language become one span (its probability
 *      the mean of theirs, by letters).
 */
#include "spans.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detector.h"

/* Units whose labels wait for later text; half are decided at a time. */
#define WINDOW 256
/* A run of letters this long without a break ends a unit anyway. */
#define MAX_UNIT_BYTES 2048
/* The features of the units in the window, for the refiners: a unit whose
 * features were overwritten (a window of very long units) gives none. */
#define FEATURE_RING 65536

/* Chosen with `make tune-spans` (documents of seed 2; `make eval-spans`
 * reports on seed 1). A change between lines, at 8 / 6 / 4 / 3 (2026-12-01,
 * script cost 2.5): character accuracy of mixed documents 94.6 / 94.9 /
 * 95.1 / 95.1 %, of line-by-line ones 88.5 / 90.6 / 92.2 / 92.5 %,
 * one-language documents in one span 97.7 / 97.5 / 97.3 / 97.0 %. */
const gl_span_params gl_span_defaults = {
    .switch_penalty = 16.0f,
    .line_switch_penalty = 4.0f,
    .script_cost = 2.5f,
    .max_words = 4,
};

typedef struct unit {
    size_t start;        /* byte offset of its first byte */
    uint64_t n_features;
    uint64_t first_feature; /* its first feature's place in the ring, counted from the text's start */
    uint64_t letters;
    int best_prev;       /* the best state before this unit: where a switch comes from */
    int after_line_break; /* a line break between it and the unit before */
} unit;

/* The first characters of a text, for display; full once no more fit. */
typedef struct excerpt_buf {
    char bytes[GLOSSA_EXCERPT_SIZE];
    size_t len;
    int full;
} excerpt_buf;

struct gl_spans {
    gl_span_params params;
    unsigned n_states;   /* the model's languages, then "undetermined" */
    unsigned state_words;
    unsigned n_groups;
    unsigned dim;

    /* Units awaiting a label: a ring of WINDOW; the unit being read is the
     * slot after the last pending one. */
    unit units[WINDOW];
    excerpt_buf excerpts[WINDOW];
    int64_t *unit_sum;        /* WINDOW x dim */
    uint64_t *unit_groups;    /* WINDOW x n_groups: letter weight per script group */
    uint64_t *switched;       /* WINDOW x state_words: the best path into a state switched here */
    size_t first, count;
    double *delta;            /* best path score ending in each state */
    float *emission;          /* scores of the unit being decided */
    int *path;                /* WINDOW labels, from a traceback */
    int have_delta;

    /* Reading: the unit being read, and what followed its last letter. */
    size_t pos;               /* offset of the next code point */
    excerpt_buf excerpt;      /* of the unit being read */
    unsigned unit_words;
    int unit_group;           /* script group of most of its letters; -1 before the first */
    unsigned group_votes;     /* majority vote (Boyer-Moore) for unit_group */
    int gap_space;            /* a space since the last letter */
    size_t gap_space_end;     /* offset after the last space */
    int gap_break;            /* punctuation or a line break since the last letter */
    int gap_line;             /* a line break since the last letter */
    excerpt_buf since_space;  /* the first bytes since the last space, for the next unit's excerpt */
    size_t since_space_start;
    size_t excerpt_at_space;  /* the unit's excerpt's length at the last space */
    int excerpt_full_at_space;
    uint64_t doc_letters;

    /* The span being built from decided units. */
    int span_open;
    glossa_span span;
    excerpt_buf span_excerpt;
    int64_t *span_sum;        /* dim */
    uint64_t span_features;
    uint64_t *span_groups;    /* n_groups */
    uint32_t *span_kept;      /* its first GL_KEPT_FEATURES features, for its group's refiner */
    size_t n_span_kept;
    uint32_t *ring;           /* FEATURE_RING: the units' features, when the model has refiners */
    uint64_t ring_written;

    /* The last settled span, given out when the next one is settled: two
     * neighbours that the refiners give one language become one span. */
    glossa_span held;
    int have_held;

    uint64_t *lang_letters;   /* n_states: letters per language, for the summary */
    size_t n_spans;
    glossa_span_fn on_span;
    void *user;
};

int gl_spans_create(const glossa_model *model, gl_spans **out)
{
    gl_spans *sp = calloc(1, sizeof *sp);
    if (!sp)
        return GLOSSA_E_NO_MEMORY;
    sp->params = gl_span_defaults;
    sp->n_states = model->n_langs + 1;
    sp->state_words = (sp->n_states + 63) / 64;
    sp->n_groups = model->n_groups;
    sp->dim = model->dim;
    sp->unit_sum = calloc((size_t)WINDOW * sp->dim, sizeof *sp->unit_sum);
    sp->unit_groups = calloc((size_t)WINDOW * sp->n_groups, sizeof *sp->unit_groups);
    sp->switched = calloc((size_t)WINDOW * sp->state_words, sizeof *sp->switched);
    sp->delta = calloc(sp->n_states, sizeof *sp->delta);
    sp->emission = calloc(sp->n_states, sizeof *sp->emission);
    sp->path = calloc(WINDOW, sizeof *sp->path);
    sp->span_sum = calloc(sp->dim, sizeof *sp->span_sum);
    sp->span_groups = calloc(sp->n_groups, sizeof *sp->span_groups);
    sp->lang_letters = calloc(sp->n_states, sizeof *sp->lang_letters);
    if (model->n_refiners) {
        sp->span_kept = malloc(GL_KEPT_FEATURES * sizeof *sp->span_kept);
        sp->ring = malloc(FEATURE_RING * sizeof *sp->ring);
    }
    if (!sp->unit_sum || !sp->unit_groups || !sp->switched || !sp->delta || !sp->emission || !sp->path ||
        !sp->span_sum || !sp->span_groups || !sp->lang_letters || (model->n_refiners && (!sp->span_kept || !sp->ring))) {
        gl_spans_free(sp);
        return GLOSSA_E_NO_MEMORY;
    }
    *out = sp;
    return GLOSSA_OK;
}

void gl_spans_free(gl_spans *sp)
{
    if (!sp)
        return;
    free(sp->unit_sum);
    free(sp->unit_groups);
    free(sp->switched);
    free(sp->delta);
    free(sp->emission);
    free(sp->path);
    free(sp->span_sum);
    free(sp->span_groups);
    free(sp->span_kept);
    free(sp->ring);
    free(sp->lang_letters);
    free(sp);
}

void gl_spans_set_params(glossa_detector *detector, const gl_span_params *params)
{
    detector->spans->params = *params;
}

/* ---- Characters ---------------------------------------------------------- */

/* Punctuation that ends a sentence or a clause, or opens or closes a
 * quote or an aside: where a change of language is likely. */
static int is_unit_punctuation(uint32_t cp)
{
    static const uint32_t marks[] = {
        '!', '"', '(', ')', ',', '.', ':', ';', '?', '[', ']', '{', '}', 0xAB, 0xBB, 0x060C, 0x061B,
        0x061F, 0x06D4, 0x0964, 0x0965, 0x0F0D, 0x104A, 0x104B, 0x1362, 0x1363, 0x1364, 0x1367, 0x1368,
        0x2013, 0x2014, 0x201C, 0x201D, 0x201E, 0x2026, 0x2039, 0x203A, 0x3001, 0x3002, 0x300C, 0x300D,
        0x300E, 0x300F, 0xFF01, 0xFF08, 0xFF09, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF1F,
    };
    size_t lo = 0, hi = sizeof marks / sizeof marks[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (marks[mid] == cp)
            return 1;
        if (marks[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Appends a character to an excerpt, whole or not at all. */
static void excerpt_add(excerpt_buf *e, uint32_t cp)
{
    if (e->full)
        return;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        cp = ' ';
    if (cp == ' ' && e->len == 0)
        return;
    unsigned char enc[4];
    size_t n = gl_utf8_encode(cp, enc);
    if (e->len + n >= GLOSSA_EXCERPT_SIZE) {
        e->full = 1;
        return;
    }
    memcpy(e->bytes + e->len, enc, n);
    e->len += n;
}

/* Appends the excerpt of the next stretch of text, while the excerpt so
 * far holds all of its text. */
static void excerpt_join(excerpt_buf *e, const excerpt_buf *next)
{
    if (e->full)
        return;
    size_t n = next->len;
    if (e->len + n >= GLOSSA_EXCERPT_SIZE) {
        n = GLOSSA_EXCERPT_SIZE - 1 - e->len;
        while (n > 0 && ((unsigned char)next->bytes[n] & 0xC0) == 0x80) /* not inside a character */
            n--;
        e->full = 1;
    }
    memcpy(e->bytes + e->len, next->bytes, n);
    e->len += n;
    e->full |= next->full;
}

/* ---- Spans from decided units ---------------------------------------------- */

static int allowed(const glossa_detector *d, int lang)
{
    return !d->restricted || glossa_langset_has(&d->only, lang);
}

/* The span's language within its close group, if it has one (its group's
 * refiner decides, from the span's text as a whole), and the probability
 * of its language for the span's text as a whole. */
static void settle_span(glossa_detector *d)
{
    gl_spans *sp = d->spans;
    const glossa_model *m = d->model;
    int lang = sp->span.language;
    sp->span.probability = 0.0f;
    if (lang == GLOSSA_UND || sp->span_features == 0)
        return;
    const int *list;
    size_t n = gl_candidates_from_groups(&m->lang_groups, sp->span_groups, d->restricted ? d->only.bits : NULL,
                                         d->candidates, &list);
    if (list != d->candidates) /* the span's language may have to join them */
        memcpy(d->candidates, list, n * sizeof *list);
    size_t at = 0;
    while (at < n && d->candidates[at] != lang)
        at++;
    int joined = at == n, group = m->refiner_of_lang[lang];
    if (joined)
        d->candidates[n++] = lang;
    gl_candidate_logits(d->model, d->prior_slot, sp->span_sum, sp->span_features, d->candidates, n, d->logits);
    if (group >= 0 && !joined && sp->n_span_kept) { /* the candidates are ascending */
        gl_refine(m, d->prior_slot, group, d->candidates, n, d->logits, sp->span_kept, sp->n_span_kept);
        for (size_t c = 0; c < n; c++)
            if (m->refiner_of_lang[d->candidates[c]] == group && d->logits[c] > d->logits[at])
                at = c;
        sp->span.language = d->candidates[at];
    }
    sp->span.probability = gl_probability(d->logits, n, at, m->inverse_temperature);
}

/* The unit's features, if the ring still holds them, for its span's refiner. */
static void keep_span_features(gl_spans *sp, const unit *u)
{
    if (!sp->ring || sp->ring_written - u->first_feature > FEATURE_RING)
        return;
    for (uint64_t f = u->first_feature; f < u->first_feature + u->n_features && sp->n_span_kept < GL_KEPT_FEATURES; f++)
        sp->span_kept[sp->n_span_kept++] = sp->ring[f % FEATURE_RING];
}

/* Gives out the held span: to the summary and the callback. */
static void release_held(gl_spans *sp)
{
    if (!sp->have_held)
        return;
    sp->lang_letters[sp->held.language == GLOSSA_UND ? sp->n_states - 1 : (unsigned)sp->held.language] +=
        sp->held.letters;
    sp->n_spans++;
    sp->have_held = 0;
    if (sp->on_span)
        sp->on_span(sp->user, &sp->held);
}

static void emit_span(glossa_detector *d, size_t end)
{
    gl_spans *sp = d->spans;
    sp->span.end = end;
    settle_span(d);
    memcpy(sp->span.excerpt, sp->span_excerpt.bytes, sp->span_excerpt.len);
    sp->span.excerpt[sp->span_excerpt.len] = '\0';
    sp->span_open = 0;
    glossa_span *h = &sp->held;
    if (sp->have_held && h->language == sp->span.language && h->end == sp->span.start) {
        /* one span: the probability is the mean of the two, by letters */
        uint64_t a = h->letters, b = sp->span.letters;
        if (a + b)
            h->probability = (float)(((double)h->probability * (double)a + (double)sp->span.probability * (double)b) /
                                     (double)(a + b));
        h->end = sp->span.end;
        h->letters = a + b;
        return;
    }
    release_held(sp);
    sp->held = sp->span;
    sp->have_held = 1;
}

static void commit_unit(glossa_detector *d, size_t slot, int state)
{
    gl_spans *sp = d->spans;
    const unit *u = &sp->units[slot];
    int lang = state == (int)sp->n_states - 1 ? GLOSSA_UND : state;
    if (sp->span_open && sp->span.language != lang)
        emit_span(d, u->start);
    if (!sp->span_open) {
        sp->span_open = 1;
        memset(&sp->span, 0, sizeof sp->span);
        sp->span.start = u->start;
        sp->span.language = lang;
        sp->span_excerpt.len = 0;
        sp->span_excerpt.full = 0;
        memset(sp->span_sum, 0, sp->dim * sizeof *sp->span_sum);
        memset(sp->span_groups, 0, sp->n_groups * sizeof *sp->span_groups);
        sp->span_features = 0;
        sp->n_span_kept = 0;
    }
    keep_span_features(sp, u);
    const int64_t *sum = sp->unit_sum + slot * sp->dim;
    for (unsigned j = 0; j < sp->dim; j++)
        sp->span_sum[j] += sum[j];
    const uint64_t *groups = sp->unit_groups + slot * sp->n_groups;
    for (unsigned g = 0; g < sp->n_groups; g++)
        sp->span_groups[g] += groups[g];
    sp->span_features += u->n_features;
    sp->span.letters += u->letters;
    excerpt_join(&sp->span_excerpt, &sp->excerpts[slot]);
}

static int switched_into(const gl_spans *sp, size_t slot, int state)
{
    return (int)((sp->switched[slot * sp->state_words + (unsigned)state / 64] >> ((unsigned)state % 64)) & 1u);
}

/* The best state; on a tie "undetermined", then the lowest index. */
static int best_state(const gl_spans *sp)
{
    int best = (int)sp->n_states - 1;
    for (unsigned s = 0; s + 1 < sp->n_states; s++)
        if (sp->delta[s] > sp->delta[best])
            best = (int)s;
    return best;
}

/* Labels every pending unit from the best path so far, and commits the
 * oldest n of them. */
static void decide(glossa_detector *d, size_t n)
{
    gl_spans *sp = d->spans;
    int state = best_state(sp);
    for (size_t i = sp->count; i-- > 0;) {
        size_t slot = (sp->first + i) % WINDOW;
        sp->path[i] = state;
        if (switched_into(sp, slot, state))
            state = sp->units[slot].best_prev;
    }
    for (size_t i = 0; i < n; i++)
        commit_unit(d, (sp->first + i) % WINDOW, sp->path[i]);
    sp->first = (sp->first + n) % WINDOW;
    sp->count -= n;
}

/* ---- Units ------------------------------------------------------------------- */

/* Scores of the unit in slot for every state, into sp->emission. weight
 * is the letter weight of the unit. */
static void score_unit(glossa_detector *d, size_t slot, uint64_t weight)
{
    gl_spans *sp = d->spans;
    const glossa_model *m = d->model;
    const uint64_t *groups = sp->unit_groups + slot * sp->n_groups;
    float cost = sp->params.script_cost / GL_RUNNING_WEIGHT; /* per letter of running text */
    const int *cand;
    size_t n = gl_candidates_from_groups(&m->lang_groups, groups, d->restricted ? d->only.bits : NULL,
                                         d->candidates, &cand);
    for (unsigned l = 0; l < m->n_langs; l++)
        sp->emission[l] = allowed(d, (int)l) ? -cost * (float)(weight - groups[m->group_of_lang[l]]) : -INFINITY;
    if (m->non_language >= 0) /* a span is of a language */
        sp->emission[m->non_language] = -INFINITY;
    /* "Undetermined" is for letters that no allowed language writes. */
    sp->emission[m->n_langs] = n ? -INFINITY : 0.0f;
    if (n == 0 || sp->units[slot].n_features == 0)
        return;
    gl_candidate_logits(d->model, d->prior_slot, sp->unit_sum + slot * sp->dim, sp->units[slot].n_features, cand, n, d->logits);
    float norm = gl_log_sum_exp(d->logits, n);
    for (size_t c = 0; c < n; c++)
        sp->emission[cand[c]] += d->logits[c] - norm;
}

/* One Viterbi step over the unit in slot. */
static void advance(gl_spans *sp, size_t slot)
{
    uint64_t *sw = sp->switched + slot * sp->state_words;
    memset(sw, 0, sp->state_words * sizeof *sw);
    if (!sp->have_delta) {
        for (unsigned s = 0; s < sp->n_states; s++)
            sp->delta[s] = sp->emission[s];
        sp->units[slot].best_prev = -1;
        sp->have_delta = 1;
        return;
    }
    int prev = best_state(sp);
    double from_best = sp->delta[prev] - (sp->units[slot].after_line_break ? sp->params.line_switch_penalty
                                                                            : sp->params.switch_penalty);
    double top = -INFINITY;
    for (unsigned s = 0; s < sp->n_states; s++) {
        double stay = sp->delta[s];
        if (from_best > stay) {
            stay = from_best;
            sw[s / 64] |= 1ull << (s % 64);
        }
        sp->delta[s] = stay + sp->emission[s];
        if (sp->delta[s] > top)
            top = sp->delta[s];
    }
    for (unsigned s = 0; s < sp->n_states; s++) /* keep the scores near 0 */
        sp->delta[s] -= top;
    sp->units[slot].best_prev = prev;
}

/* The unit being read. */
static unit *reading(gl_spans *sp)
{
    return &sp->units[(sp->first + sp->count) % WINDOW];
}

/* Features of the unit being read: summed, and kept in the ring for the
 * refiners. */
static void add_unit_features(glossa_detector *d, const uint32_t *buckets, size_t count)
{
    gl_spans *sp = d->spans;
    if (sp->ring)
        for (size_t i = 0; i < count; i++)
            sp->ring[sp->ring_written++ % FEATURE_RING] = buckets[i];
    gl_add_features(d, buckets, count);
}

/* Ends the unit being read: its features, letters and scores. */
static void close_unit(glossa_detector *d)
{
    gl_spans *sp = d->spans;
    size_t slot = (sp->first + sp->count) % WINDOW;
    uint32_t buckets[GL_FEATURE_BURST];
    add_unit_features(d, buckets, gl_featurizer_finish(&d->fz, buckets));
    gl_flush_partial(d);
    unit *u = &sp->units[slot];
    memcpy(sp->unit_sum + slot * sp->dim, d->total, sp->dim * sizeof *d->total);
    u->n_features = d->n_features;
    u->letters = d->fz.letters;
    sp->excerpts[slot] = sp->excerpt;
    gl_group_weights(&d->model->lang_groups, d->fz.script_weight, sp->unit_groups + slot * sp->n_groups);
    uint64_t weight = 0;
    for (unsigned s = 0; s < GL_SCRIPT_SLOTS; s++)
        weight += d->fz.script_weight[s];
    score_unit(d, slot, weight);
    advance(sp, slot);
    sp->count++;
    if (sp->count == WINDOW)
        decide(d, WINDOW / 2);
    gl_clear_sum(d);
    gl_featurizer_clear_counts(&d->fz);
}

static void open_unit(gl_spans *sp, size_t start, int after_line_break)
{
    unit *u = reading(sp);
    u->start = start;
    u->first_feature = sp->ring_written;
    u->after_line_break = after_line_break;
    sp->excerpt.len = 0;
    sp->excerpt.full = 0;
    if (start == sp->since_space_start)
        sp->excerpt = sp->since_space; /* the unit starts after a space */
    sp->excerpt_at_space = 0;
    sp->excerpt_full_at_space = 0;
    sp->unit_words = 0;
    sp->unit_group = -1;
    sp->group_votes = 0;
}

/* Whether a letter of group at byte at starts a new unit: after a break,
 * a new word in another script, a unit's length or its words. A change of
 * script inside a word (a homoglyph, a brand name in Chinese) does not. */
static int starts_unit(gl_spans *sp, int group, size_t at)
{
    int new_word = sp->gap_space || sp->gap_break;
    return sp->unit_group >= 0 &&
           ((new_word && group != sp->unit_group) || sp->gap_break || at - reading(sp)->start >= MAX_UNIT_BYTES ||
            (sp->gap_space && sp->unit_words >= sp->params.max_words));
}

static void span_code_point(void *ctx, uint32_t cp, size_t nbytes)
{
    glossa_detector *d = ctx;
    gl_spans *sp = d->spans;
    size_t at = sp->pos;
    uint32_t props = gl_unicode_props(cp);
    unsigned script = GL_PROP_SCRIPT(props);
    if (GL_PROP_CLASS(props) == GL_CLASS_LETTER && script > GL_SCRIPT_INHERITED) {
        int group = d->fz.group_of_script[script];
        if (starts_unit(sp, group, at)) {
            size_t start = sp->gap_space ? sp->gap_space_end : at;
            if (start == sp->since_space_start) { /* what followed the space is the next unit's */
                sp->excerpt.len = sp->excerpt_at_space;
                sp->excerpt.full = sp->excerpt_full_at_space;
            }
            close_unit(d);
            open_unit(sp, start, sp->gap_line);
        }
        if (sp->unit_group < 0 || sp->gap_space)
            sp->unit_words++;
        if (group == sp->unit_group) {
            sp->group_votes++;
        } else if (sp->group_votes == 0) {
            sp->unit_group = group;
            sp->group_votes = 1;
        } else {
            sp->group_votes--;
        }
        sp->gap_space = 0;
        sp->gap_break = 0;
        sp->gap_line = 0;
        sp->doc_letters++;
    } else if (gl_unicode_is_space(cp)) {
        sp->gap_space = 1;
        sp->gap_space_end = at + nbytes;
        sp->gap_line |= gl_unicode_is_line_break(cp);
        sp->gap_break |= sp->gap_line;
    } else if (is_unit_punctuation(cp)) {
        sp->gap_break = 1;
    }
    sp->pos = at + nbytes;
    excerpt_add(&sp->excerpt, cp);
    if (gl_unicode_is_space(cp)) {
        sp->since_space.len = 0;
        sp->since_space.full = 0;
        sp->since_space_start = sp->pos;
        sp->excerpt_at_space = sp->excerpt.len;
        sp->excerpt_full_at_space = sp->excerpt.full;
    } else {
        excerpt_add(&sp->since_space, cp);
    }
    uint32_t buckets[GL_FEATURE_BURST];
    size_t count = gl_featurizer_push(&d->fz, cp, buckets);
    if (count)
        add_unit_features(d, buckets, count);
}

/* ---- The API ------------------------------------------------------------------- */

int glossa_spans_begin(glossa_detector *detector, const glossa_langset *only, glossa_span_fn on_span, void *user)
{
    if (!detector)
        return GLOSSA_E_INVALID_ARGUMENT;
    glossa_detector *d = detector;
    gl_spans *sp = d->spans;
    gl_begin_text(d, only, GL_SPANS);
    sp->first = sp->count = 0;
    sp->have_delta = 0;
    sp->pos = 0;
    sp->gap_space = sp->gap_break = sp->gap_line = 0;
    sp->since_space.len = 0;
    sp->since_space.full = 0;
    sp->since_space_start = 0;
    sp->doc_letters = 0;
    sp->ring_written = 0;
    sp->span_open = 0;
    sp->have_held = 0;
    sp->n_spans = 0;
    memset(sp->lang_letters, 0, sp->n_states * sizeof *sp->lang_letters);
    sp->on_span = on_span;
    sp->user = user;
    open_unit(sp, 0, 0);
    return GLOSSA_OK;
}

int glossa_spans_feed(glossa_detector *detector, const char *chunk, size_t len)
{
    if (!detector || (!chunk && len))
        return GLOSSA_E_INVALID_ARGUMENT;
    if (detector->mode != GL_SPANS)
        return GLOSSA_E_STREAM_STATE;
    gl_utf8_feed(&detector->carry, (const unsigned char *)chunk, len, span_code_point, detector);
    return GLOSSA_OK;
}

static void summarize(const gl_spans *sp, glossa_summary *summary)
{
    memset(summary, 0, sizeof *summary);
    summary->spans = sp->n_spans;
    summary->letters = (size_t)sp->doc_letters;
    for (unsigned s = 0; s + 1 < sp->n_states; s++) { /* insertion into the top list */
        uint64_t letters = sp->lang_letters[s];
        if (letters == 0)
            continue;
        size_t at = summary->count;
        while (at > 0 && summary->top[at - 1].letters < letters)
            at--;
        if (at == GLOSSA_SUMMARY_MAX)
            continue;
        size_t last = summary->count < GLOSSA_SUMMARY_MAX ? summary->count : GLOSSA_SUMMARY_MAX - 1;
        memmove(&summary->top[at + 1], &summary->top[at], (last - at) * sizeof summary->top[0]);
        summary->top[at] = (glossa_share){(int)s, (float)letters / (float)sp->doc_letters, (size_t)letters};
        if (summary->count < GLOSSA_SUMMARY_MAX)
            summary->count++;
    }
    summary->mixed = summary->count > 1 && summary->top[1].share >= GLOSSA_MIXED_SHARE;
}

int glossa_spans_end(glossa_detector *detector, glossa_summary *summary)
{
    if (!detector)
        return GLOSSA_E_INVALID_ARGUMENT;
    glossa_detector *d = detector;
    if (d->mode != GL_SPANS)
        return GLOSSA_E_STREAM_STATE;
    gl_spans *sp = d->spans;
    gl_utf8_finish(&d->carry, span_code_point, d);
    if (sp->doc_letters) {
        close_unit(d);
        decide(d, sp->count);
        emit_span(d, sp->pos);
    } else if (sp->pos > 0) { /* nothing to tell languages apart by */
        memset(&sp->span, 0, sizeof sp->span);
        sp->span.language = GLOSSA_UND;
        sp->span_excerpt = sp->excerpt;
        emit_span(d, sp->pos);
    }
    release_held(sp);
    d->mode = GL_IDLE;
    if (summary)
        summarize(sp, summary);
    return GLOSSA_OK;
}

typedef struct span_array {
    glossa_span *spans;
    size_t capacity, count;
} span_array;

static void collect_span(void *user, const glossa_span *span)
{
    span_array *a = user;
    if (a->count < a->capacity)
        a->spans[a->count] = *span;
    a->count++;
}

int glossa_spans(glossa_detector *detector, const char *text, size_t len, const glossa_langset *only,
                 glossa_span *spans, size_t capacity, size_t *count, glossa_summary *summary)
{
    if (!detector || (!text && len) || (!spans && capacity) || !count)
        return GLOSSA_E_INVALID_ARGUMENT;
    span_array a = {spans, capacity, 0};
    glossa_spans_begin(detector, only, collect_span, &a);
    glossa_spans_feed(detector, text, len);
    glossa_spans_end(detector, summary);
    *count = a.count;
    return a.count > capacity ? GLOSSA_E_SPACE : GLOSSA_OK;
}
