/* glossa-spans-eval: synthetic mixed-language documents from the dev set,
 * and how well glossa_spans() labels them.
 *
 *   glossa-spans-eval generate [--corpus DIR] [--seed N] --out FILE
 *       writes the documents as JSON Lines: text, and its segments with
 *       true byte offsets and languages
 *   glossa-spans-eval score [--corpus DIR] [--seed N] [--markdown FILE]
 *       character-level labelling accuracy, boundary F1 (a boundary is
 *       found when a span starts within 20 characters of it), and the share
 *       of one-language documents that come out as exactly one span
 *   glossa-spans-eval tune [--corpus DIR] [--seed N]
 *       the same over a grid of span-finder settings
 *
 * Mixed documents have 2 to 4 languages, half of them drawn from one group
 * of close languages of one script, in segments of 1 to 6 dev lines;
 * neighbouring segments differ in language. Lines within a segment are
 * joined by a space or a line break, and so are segments. Line-by-line
 * documents are two languages taking turns a short line at a time (a
 * bilingual menu, sign or caption), half of them with English: 4 to 6
 * lines, each the first 2 to 8 words of a dev line. One-language documents
 * are 1 to 6 dev lines of one language. The same seed gives the same
 * documents. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glossa.h>

#include "common.h"

#include "spans.h"

#define MIXED_DOCS 1000
#define LINE_BY_LINE_DOCS 300
#define SINGLE_DOCS_PER_LANGUAGE 10
#define MAX_SEGMENTS 6
#define BOUNDARY_TOLERANCE 20 /* characters */

/* Close languages of one script (dev file codes), as the issue lists
 * them; a code the model lacks is skipped. */
static const char *const close_groups[][5] = {
    {"nld", "deu", "afr", NULL},        {"lav", "lit", NULL},
    {"ces", "slk", "pol", NULL},        {"spa", "por", "glg", "cat", NULL},
    {"dan", "nob", "swe", NULL},        {"hrv", "srp_Latn", "bos_Latn", NULL},
    {"ind", "msa_Latn", NULL},          {"rus", "ukr", "bel", NULL},
};
#define N_GROUPS (sizeof close_groups / sizeof close_groups[0])

typedef struct {
    char code[64];
    int lang; /* model index */
    char **lines;
    size_t n_lines;
} dev_language;

typedef struct {
    size_t start, end; /* bytes */
    int lang;          /* index into the dev languages */
} segment;

typedef struct {
    char *text;
    size_t len;
    segment segs[MAX_SEGMENTS];
    size_t n_segs;
    int close_group; /* languages from one close group */
    int line_by_line; /* two languages, a short line each in turn */
} document;

static const glossa_model *model; /* the one model */
static uint64_t rng_state;

static uint64_t next_random(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t below(size_t n) { return (size_t)(next_random() % n); }

/* The dev files of the model's languages, sorted by code. */
static dev_language *load_dev(const char *corpus, size_t *count)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/dev", corpus);
    size_t n_names;
    char **names = sorted_names(path, ".txt", &n_names);
    if (!names) {
        fprintf(stderr, "glossa-spans-eval: cannot open %s\n", path);
        exit(2);
    }
    dev_language *langs = NULL;
    size_t n = 0;
    for (size_t i = 0; i < n_names; i++) {
        size_t len = strlen(names[i]);
        dev_language dl = {0};
        if (len - 4 < sizeof dl.code)
            snprintf(dl.code, sizeof dl.code, "%.*s", (int)(len - 4), names[i]);
        dl.lang = len - 4 < sizeof dl.code ? corpus_language(model, dl.code) : -1;
        free(names[i]);
        if (dl.lang < 0)
            continue;
        langs = xrealloc(langs, (n + 1) * sizeof *langs);
        langs[n++] = dl;
    }
    free(names);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/dev/%s.txt", corpus, langs[i].code);
        FILE *f = fopen(path, "rb");
        char *line = NULL;
        size_t cap = 0, len;
        while (f && next_line(f, &line, &cap, &len)) {
            if (len == 0)
                continue;
            langs[i].lines = xrealloc(langs[i].lines, (langs[i].n_lines + 1) * sizeof *langs[i].lines);
            langs[i].lines[langs[i].n_lines++] = strdup(line);
        }
        free(line);
        if (f)
            fclose(f);
    }
    *count = n;
    return langs;
}

static int find_code(const dev_language *langs, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(langs[i].code, code) == 0 && langs[i].n_lines)
            return (int)i;
    return -1;
}

static void append(document *doc, size_t *cap, const char *s, size_t n)
{
    if (doc->len + n + 1 > *cap) {
        *cap = (doc->len + n + 1) * 2;
        doc->text = xrealloc(doc->text, *cap);
    }
    memcpy(doc->text + doc->len, s, n);
    doc->len += n;
    doc->text[doc->len] = '\0';
}

/* Appends 1 to 6 lines of language l as one segment. */
static void add_segment(document *doc, size_t *cap, const dev_language *langs, int l)
{
    segment *seg = &doc->segs[doc->n_segs++];
    seg->lang = l;
    seg->start = doc->len;
    size_t lines = 1 + below(6);
    for (size_t i = 0; i < lines; i++) {
        if (i)
            append(doc, cap, below(10) < 7 ? " " : "\n", 1);
        const char *line = langs[l].lines[below(langs[l].n_lines)];
        append(doc, cap, line, strlen(line));
    }
}

static void end_segments(document *doc)
{
    /* The separator after a segment belongs to it: segments tile the text. */
    for (size_t i = 0; i + 1 < doc->n_segs; i++)
        doc->segs[i].end = doc->segs[i + 1].start;
    doc->segs[doc->n_segs - 1].end = doc->len;
}

static document make_mixed(const dev_language *langs, size_t n_langs)
{
    document doc = {0};
    size_t cap = 0;
    int chosen[4];
    size_t k = 2 + below(3);
    size_t have = 0;
    if (below(2) == 0) { /* a group of close languages, topped up with others */
        doc.close_group = 1;
        const char *const *group = close_groups[below(N_GROUPS)];
        for (size_t i = 0; group[i] && have < k; i++) {
            int l = find_code(langs, n_langs, group[i]);
            if (l >= 0)
                chosen[have++] = l;
        }
    }
    while (have < k) {
        int l = (int)below(n_langs), seen = 0;
        for (size_t i = 0; i < have; i++)
            seen |= chosen[i] == l;
        if (!seen && langs[l].n_lines)
            chosen[have++] = l;
    }
    for (size_t i = have; i > 1; i--) { /* shuffle */
        size_t j = below(i);
        int t = chosen[i - 1];
        chosen[i - 1] = chosen[j];
        chosen[j] = t;
    }
    size_t n_segs = have + below(MAX_SEGMENTS - have + 1);
    for (size_t s = 0; s < n_segs; s++) {
        int l = chosen[s < have ? s : below(have)];
        while (s >= have && l == doc.segs[s - 1].lang)
            l = chosen[below(have)];
        if (s)
            append(&doc, &cap, below(2) ? " " : "\n", 1);
        add_segment(&doc, &cap, langs, l);
    }
    end_segments(&doc);
    return doc;
}

/* The first 2 to 8 words of a line of language l, as one segment. */
static void add_short_line(document *doc, size_t *cap, const dev_language *langs, int l)
{
    segment *seg = &doc->segs[doc->n_segs++];
    seg->lang = l;
    seg->start = doc->len;
    const char *line = langs[l].lines[below(langs[l].n_lines)];
    size_t words = 2 + below(7), len = 0;
    for (size_t w = 0; line[len] && w < words; w++) {
        len += strcspn(line + len, " ");
        if (w + 1 < words && line[len] == ' ')
            len++;
    }
    while (len && line[len - 1] == ' ')
        len--;
    append(doc, cap, line, len);
}

static document make_line_by_line(const dev_language *langs, size_t n_langs)
{
    document doc = {0};
    size_t cap = 0;
    int english = find_code(langs, n_langs, "eng");
    int pair[2];
    do
        pair[0] = (int)below(n_langs);
    while (!langs[pair[0]].n_lines);
    do /* half of them with English, as most bilingual text is */
        pair[1] = english >= 0 && below(2) ? english : (int)below(n_langs);
    while (pair[1] == pair[0] || !langs[pair[1]].n_lines);
    doc.line_by_line = 1;
    size_t lines = 4 + below(MAX_SEGMENTS - 3);
    for (size_t i = 0; i < lines; i++) {
        if (i)
            append(&doc, &cap, "\n", 1);
        add_short_line(&doc, &cap, langs, pair[i % 2]);
    }
    end_segments(&doc);
    return doc;
}

static document make_single(const dev_language *langs, int l)
{
    document doc = {0};
    size_t cap = 0;
    add_segment(&doc, &cap, langs, l);
    end_segments(&doc);
    return doc;
}

/* All documents of a seed: the mixed ones first. */
static document *make_documents(const dev_language *langs, size_t n_langs, uint64_t seed, size_t *count)
{
    rng_state = seed;
    size_t n = 0, cap = MIXED_DOCS + LINE_BY_LINE_DOCS + n_langs * SINGLE_DOCS_PER_LANGUAGE;
    document *docs = calloc(cap, sizeof *docs);
    for (size_t i = 0; i < MIXED_DOCS; i++)
        docs[n++] = make_mixed(langs, n_langs);
    for (size_t i = 0; i < LINE_BY_LINE_DOCS; i++)
        docs[n++] = make_line_by_line(langs, n_langs);
    for (size_t l = 0; l < n_langs; l++)
        for (size_t i = 0; i < SINGLE_DOCS_PER_LANGUAGE && langs[l].n_lines; i++)
            docs[n++] = make_single(langs, (int)l);
    *count = n;
    return docs;
}

/* ---- generate -------------------------------------------------------------- */

static void json_string(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void write_documents(const char *path, const document *docs, size_t n, const dev_language *langs)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "glossa-spans-eval: cannot write %s\n", path);
        exit(2);
    }
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "{\"id\": %zu, \"kind\": \"%s\", \"text\": ", i + 1,
                docs[i].line_by_line ? "line-by-line" : docs[i].n_segs > 1 ? "mixed" : "single");
        json_string(f, docs[i].text, docs[i].len);
        fputs(", \"segments\": [", f);
        for (size_t s = 0; s < docs[i].n_segs; s++) {
            const segment *seg = &docs[i].segs[s];
            fprintf(f, "%s{\"start\": %zu, \"end\": %zu, \"code\": \"%s\", \"lang\": \"%s\"}", s ? ", " : "",
                    seg->start, seg->end, langs[seg->lang].code,
                    glossa_model_language(model, langs[seg->lang].lang)->tag);
        }
        fputs("]}\n", f);
    }
    fclose(f);
}

/* ---- score ------------------------------------------------------------------- */

typedef struct {
    size_t docs, chars, chars_right;
    size_t true_bounds, found_bounds, matched_bounds;
    size_t one_span; /* one-language documents given exactly one span */
} tally;

static glossa_span *spans_buf;
static size_t spans_cap;
static int show_splits;           /* print the one-language documents given several spans */

/* Character index of every byte offset (the dev text is valid UTF-8). */
static size_t char_index(const char *text, size_t byte)
{
    size_t chars = 0;
    for (size_t i = 0; i < byte; i++)
        chars += ((unsigned char)text[i] & 0xC0) != 0x80;
    return chars;
}

static void score_document(glossa_detector *det, const document *doc, const dev_language *langs, tally *t)
{
    size_t n;
    while (glossa_spans(det, doc->text, doc->len, NULL, spans_buf, spans_cap, &n, NULL) == GLOSSA_E_SPACE) {
        spans_cap = n;
        spans_buf = xrealloc(spans_buf, spans_cap * sizeof *spans_buf);
    }
    t->docs++;
    if (doc->n_segs == 1)
        t->one_span += n == 1;
    if (show_splits && doc->n_segs == 1 && n > 1) {
        printf("split %s:", langs[doc->segs[0].lang].code);
        for (size_t i = 0; i < n; i++)
            printf(" [%zu %s %.2f \"%s\"]", spans_buf[i].end - spans_buf[i].start,
                   glossa_model_language(model, spans_buf[i].language)->tag, spans_buf[i].probability,
                   spans_buf[i].excerpt);
        putchar('\n');
    }
    /* characters: walk segments and spans together */
    size_t s = 0, p = 0;
    for (size_t i = 0; i < doc->len; i++) {
        if (((unsigned char)doc->text[i] & 0xC0) == 0x80)
            continue;
        while (doc->segs[s].end <= i)
            s++;
        while (spans_buf[p].end <= i)
            p++;
        t->chars++;
        t->chars_right += spans_buf[p].language == langs[doc->segs[s].lang].lang;
    }
    /* boundaries, matched one to one within the tolerance */
    size_t truth[MAX_SEGMENTS];
    int used[MAX_SEGMENTS] = {0};
    for (size_t i = 1; i < doc->n_segs; i++)
        truth[i - 1] = char_index(doc->text, doc->segs[i].start);
    t->true_bounds += doc->n_segs - 1;
    t->found_bounds += n - 1;
    for (size_t i = 1; i < n; i++) {
        size_t at = char_index(doc->text, spans_buf[i].start);
        for (size_t j = 0; j + 1 < doc->n_segs; j++) {
            size_t gap = at > truth[j] ? at - truth[j] : truth[j] - at;
            if (!used[j] && gap <= BOUNDARY_TOLERANCE) {
                used[j] = 1;
                t->matched_bounds++;
                break;
            }
        }
    }
}

typedef struct {
    tally mixed, close, line_by_line, single;
    double mb_per_s;
} results;

static void tally_add(tally *to, const tally *t)
{
    to->docs += t->docs;
    to->chars += t->chars;
    to->chars_right += t->chars_right;
    to->true_bounds += t->true_bounds;
    to->found_bounds += t->found_bounds;
    to->matched_bounds += t->matched_bounds;
    to->one_span += t->one_span;
}

static results score_all(glossa_detector *det, const document *docs, size_t n, const dev_language *langs)
{
    results r = {0};
    for (size_t i = 0; i < n; i++) {
        tally t = {0};
        score_document(det, &docs[i], langs, &t);
        tally_add(docs[i].line_by_line ? &r.line_by_line : docs[i].n_segs == 1 ? &r.single : &r.mixed, &t);
        if (docs[i].close_group)
            tally_add(&r.close, &t);
    }
    return r;
}

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0.0; }

static double f1(const tally *t)
{
    double p = ratio(t->matched_bounds, t->found_bounds), r = ratio(t->matched_bounds, t->true_bounds);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static void print_row(FILE *f, const char *name, const tally *t, int markdown)
{
    double p = ratio(t->matched_bounds, t->found_bounds), r = ratio(t->matched_bounds, t->true_bounds);
    if (markdown)
        fprintf(f, "| %s | %zu | %.2f %% | %.3f | %.3f | %.3f |\n", name, t->docs, 100 * ratio(t->chars_right, t->chars), p,
                r, f1(t));
    else
        fprintf(f, "%-28s %6zu  %8.2f %%  %6.3f  %6.3f  %6.3f\n", name, t->docs, 100 * ratio(t->chars_right, t->chars),
                p, r, f1(t));
}

static void report(FILE *f, const results *r, uint64_t seed, size_t n_langs, int markdown)
{
    if (markdown) {
        fprintf(f, "<!-- GENERATED by `make eval-spans` (tools/spans_eval.c): do not edit by hand. -->\n"
                   "# glossa spans on synthetic mixed documents\n\n"
                   "glossa %s, model trained on corpus %s; documents from `../shared/corpus/dev/` in %zu languages,\n"
                   "seed %llu (`build/glossa-spans-eval generate --seed %llu --out FILE` writes them as JSON Lines).\n\n",
                glossa_version(), glossa_model_corpus(model), n_langs, (unsigned long long)seed,
                (unsigned long long)seed);
        fprintf(f, "| documents | count | character accuracy | boundary precision | boundary recall | boundary F1 |\n"
                   "|---|---|---|---|---|---|\n");
    } else {
        fprintf(f, "%-28s %6s  %10s  %6s  %6s  %6s\n", "documents", "count", "char acc", "P", "R", "F1");
    }
    print_row(f, "mixed, all", &r->mixed, markdown);
    print_row(f, "mixed, close languages", &r->close, markdown);
    print_row(f, "line by line", &r->line_by_line, markdown);
    double single_acc = 100 * ratio(r->single.chars_right, r->single.chars);
    if (markdown)
        fprintf(f, "| one language | %zu | %.2f %% | - | - | - |\n", r->single.docs, single_acc);
    else
        fprintf(f, "%-28s %6zu  %8.2f %%\n", "one language", r->single.docs, single_acc);
    fprintf(f, "%sone-language documents given exactly one span: %.2f %% (%zu of %zu)\n", markdown ? "\n" : "",
            100 * ratio(r->single.one_span, r->single.docs), r->single.one_span, r->single.docs);
    if (!markdown) /* varies with the machine's load: not for a generated file */
        fprintf(f, "throughput: %.1f MB/s (one thread)\n", r->mb_per_s);
}

/* ---- main ------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    const char *corpus = "../shared/corpus", *out = NULL, *markdown = NULL;
    uint64_t seed = 1;
    if (argc < 2 || (strcmp(argv[1], "generate") && strcmp(argv[1], "score") && strcmp(argv[1], "tune"))) {
        fprintf(stderr, "usage: glossa-spans-eval generate|score|tune [--corpus DIR] [--seed N] [--out FILE] "
                        "[--markdown FILE]\n");
        return 1;
    }
    for (int i = 2; i < argc; i += 2) {
        if (strcmp(argv[i], "--show-splits") == 0) {
            show_splits = 1;
            i--;
        } else if (i + 1 == argc) {
            fprintf(stderr, "glossa-spans-eval: %s needs a value\n", argv[i]);
            return 1;
        } else if (strcmp(argv[i], "--corpus") == 0)
            corpus = argv[i + 1];
        else if (strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--out") == 0)
            out = argv[i + 1];
        else if (strcmp(argv[i], "--markdown") == 0)
            markdown = argv[i + 1];
        else {
            fprintf(stderr, "glossa-spans-eval: unknown option %s\n", argv[i]);
            return 1;
        }
    }
    glossa_model *loaded;
    glossa_detector *det;
    if (glossa_model_load_default(&loaded) != GLOSSA_OK || glossa_detector_create(loaded, &det) != GLOSSA_OK) {
        fprintf(stderr, "glossa-spans-eval: cannot load the model\n");
        return 2;
    }
    size_t n_langs, n_docs;
    model = loaded;
    dev_language *langs = load_dev(corpus, &n_langs);
    document *docs = make_documents(langs, n_langs, seed, &n_docs);
    size_t bytes = 0;
    for (size_t i = 0; i < n_docs; i++)
        bytes += docs[i].len;

    if (strcmp(argv[1], "generate") == 0) {
        if (!out) {
            fprintf(stderr, "glossa-spans-eval: generate needs --out FILE\n");
            return 1;
        }
        write_documents(out, docs, n_docs, langs);
        printf("%zu documents (%zu mixed, %zu line by line), %.1f MB -> %s\n", n_docs, (size_t)MIXED_DOCS,
               (size_t)LINE_BY_LINE_DOCS, (double)bytes / 1e6, out);
    } else if (strcmp(argv[1], "score") == 0) {
        double t0 = now_seconds();
        results r = score_all(det, docs, n_docs, langs);
        r.mb_per_s = (double)bytes / 1e6 / (now_seconds() - t0);
        report(stdout, &r, seed, n_langs, 0);
        if (markdown) {
            FILE *f = fopen(markdown, "w");
            if (!f) {
                fprintf(stderr, "glossa-spans-eval: cannot write %s\n", markdown);
                return 2;
            }
            report(f, &r, seed, n_langs, 1);
            fclose(f);
        }
    } else {
        static const float penalties[] = {12, 16, 20};
        static const float line_penalties[] = {2, 3, 4, 6, 8};
        static const float costs[] = {1.5f, 2.5f};
        static const unsigned words[] = {4, 6};
        printf("%7s %7s %5s %5s  %8s %8s %8s %8s %8s\n", "penalty", "at line", "cost", "words", "char acc", "close",
               "by line", "F1", "one span");
        for (size_t a = 0; a < sizeof penalties / sizeof *penalties; a++)
            for (size_t l = 0; l < sizeof line_penalties / sizeof *line_penalties; l++)
                for (size_t b = 0; b < sizeof costs / sizeof *costs; b++)
                    for (size_t c = 0; c < sizeof words / sizeof *words; c++) {
                        gl_span_params p = {penalties[a], line_penalties[l], costs[b], words[c]};
                        gl_spans_set_params(det, &p);
                        results r = score_all(det, docs, n_docs, langs);
                        printf("%7.1f %7.1f %5.1f %5u  %8.4f %8.4f %8.4f %8.4f %8.4f\n", p.switch_penalty,
                               p.line_switch_penalty, p.script_cost, p.max_words, ratio(r.mixed.chars_right, r.mixed.chars),
                               ratio(r.close.chars_right, r.close.chars),
                               ratio(r.line_by_line.chars_right, r.line_by_line.chars), f1(&r.mixed),
                               ratio(r.single.one_span, r.single.docs));
                        fflush(stdout);
                    }
    }
    for (size_t i = 0; i < n_docs; i++)
        free(docs[i].text);
    free(docs);
    for (size_t i = 0; i < n_langs; i++) {
        for (size_t j = 0; j < langs[i].n_lines; j++)
            free(langs[i].lines[j]);
        free(langs[i].lines);
    }
    free(langs);
    free(spans_buf);
    glossa_detector_free(det);
    glossa_model_free(loaded);
    return 0;
}
