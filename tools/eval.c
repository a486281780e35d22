/* glossa-eval: accuracy and calibration on the corpus's dev/ files, at
 * three input lengths, as lingua reports them: the whole line, its first
 * two words and its first word. Uses only the public API; every thread has
 * its own detector on the one shared model. */
#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glossa.h>

#include "common.h"

enum { WHOLE, TWO, ONE, LENGTHS };
static const char *const length_names[LENGTHS] = {"whole", "two", "one"};
static const char *const length_titles[LENGTHS] = {"whole line", "two words", "one word"};

#define BINS 10

typedef struct {
    int lang;      /* model index */
    char code[64]; /* dev file name without .txt */
    size_t lines;
    size_t total[LENGTHS], correct[LENGTHS];
    /* calibration: per bin, count, correct, sum of probabilities */
    size_t bin_n[LENGTHS][BINS], bin_ok[LENGTHS][BINS];
    double bin_p[LENGTHS][BINS];
    size_t reliable[LENGTHS], reliable_ok[LENGTHS];
    size_t *answers[2]; /* answer counts per model language (+1 for und): whole, one */
} lang_score;

typedef struct {
    const glossa_model *model;
    const char *corpus;
    size_t max_lines;
    lang_score *scores;
    size_t n_scores, next;
    pthread_mutex_t lock;
} job;

static void score_text(glossa_detector *d, lang_score *ls, int length, const char *text, size_t len, int n_langs)
{
    glossa_guess g[1];
    glossa_result r;
    glossa_detect(d, text, len, NULL, g, 1, &r);
    int ok = g[0].language == ls->lang;
    ls->total[length]++;
    ls->correct[length] += ok;
    int bin = (int)(g[0].probability * BINS);
    if (bin >= BINS)
        bin = BINS - 1;
    if (bin < 0)
        bin = 0;
    ls->bin_n[length][bin]++;
    ls->bin_ok[length][bin] += ok;
    ls->bin_p[length][bin] += g[0].probability;
    if (r.reliable) {
        ls->reliable[length]++;
        ls->reliable_ok[length] += ok;
    }
    int answer = g[0].language == GLOSSA_UND ? n_langs : g[0].language;
    if (length == WHOLE)
        ls->answers[0][answer]++;
    else if (length == ONE)
        ls->answers[1][answer]++;
}

static void score_language(job *jb, glossa_detector *d, lang_score *ls)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/dev/%s.txt", jb->corpus, ls->code);
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    int n_langs = glossa_model_language_count(jb->model);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((jb->max_lines == 0 || ls->lines < jb->max_lines) && (got = getline(&line, &cap, f)) > 0) {
        size_t len = (size_t)got;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue;
        ls->lines++;
        score_text(d, ls, WHOLE, line, len, n_langs);
        size_t b, e;
        if (first_words(d, line, len, 2, &b, &e))
            score_text(d, ls, TWO, line + b, e - b, n_langs);
        if (first_words(d, line, len, 1, &b, &e))
            score_text(d, ls, ONE, line + b, e - b, n_langs);
    }
    free(line);
    fclose(f);
}

static void *worker(void *arg)
{
    job *jb = arg;
    glossa_detector *d;
    if (glossa_detector_create(jb->model, &d) != GLOSSA_OK)
        return NULL;
    for (;;) {
        pthread_mutex_lock(&jb->lock);
        size_t i = jb->next++;
        pthread_mutex_unlock(&jb->lock);
        if (i >= jb->n_scores)
            break;
        score_language(jb, d, &jb->scores[i]);
    }
    glossa_detector_free(d);
    return NULL;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const lang_score *)a)->code, ((const lang_score *)b)->code);
}

static double acc(const lang_score *ls, int length)
{
    return ls->total[length] ? (double)ls->correct[length] / (double)ls->total[length] : 0.0;
}

/* A percentage with one decimal, or "-" when a language has no such input
 * (lines of one word have no word pair). */
static const char *pct(const lang_score *ls, int length, char *buf, size_t size)
{
    if (!ls->total[length])
        return "-";
    snprintf(buf, size, "%.1f", 100 * acc(ls, length));
    return buf;
}

typedef struct {
    double macro[LENGTHS], micro[LENGTHS], ece[LENGTHS];
    size_t inputs[LENGTHS], reliable[LENGTHS], reliable_ok[LENGTHS];
    size_t bin_n[LENGTHS][BINS], bin_ok[LENGTHS][BINS];
    double bin_p[LENGTHS][BINS];
} summary;

static void summarize(const lang_score *scores, size_t n, summary *s)
{
    memset(s, 0, sizeof *s);
    for (int L = 0; L < LENGTHS; L++) {
        size_t langs = 0, correct = 0;
        for (size_t i = 0; i < n; i++) {
            if (!scores[i].total[L])
                continue;
            langs++;
            s->macro[L] += acc(&scores[i], L);
            correct += scores[i].correct[L];
            s->inputs[L] += scores[i].total[L];
            s->reliable[L] += scores[i].reliable[L];
            s->reliable_ok[L] += scores[i].reliable_ok[L];
            for (int b = 0; b < BINS; b++) {
                s->bin_n[L][b] += scores[i].bin_n[L][b];
                s->bin_ok[L][b] += scores[i].bin_ok[L][b];
                s->bin_p[L][b] += scores[i].bin_p[L][b];
            }
        }
        s->macro[L] = langs ? s->macro[L] / (double)langs : 0;
        s->micro[L] = s->inputs[L] ? (double)correct / (double)s->inputs[L] : 0;
        for (int b = 0; b < BINS; b++)
            if (s->bin_n[L][b])
                s->ece[L] += fabs(s->bin_p[L][b] - (double)s->bin_ok[L][b]) / (double)s->inputs[L];
    }
}

typedef struct {
    size_t count;
    int from, to; /* score index, model language (n_langs = und) */
} confusion;

static int cmp_confusion(const void *a, const void *b)
{
    const confusion *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return x->from != y->from ? x->from - y->from : x->to - y->to;
}

static size_t top_confusions(const lang_score *scores, size_t n, int n_langs, int which, confusion *out, size_t max)
{
    size_t k = 0, cap = 4096;
    confusion *all = malloc(cap * sizeof *all);
    for (size_t i = 0; i < n; i++)
        for (int a = 0; a <= n_langs; a++) {
            size_t c = scores[i].answers[which][a];
            if (c == 0 || a == scores[i].lang)
                continue;
            if (k == cap)
                all = xrealloc(all, (cap *= 2) * sizeof *all);
            all[k++] = (confusion){c, (int)i, a};
        }
    qsort(all, k, sizeof *all, cmp_confusion);
    size_t m = k < max ? k : max;
    memcpy(out, all, m * sizeof *out);
    free(all);
    return m;
}

static const char *tag_of(const glossa_model *m, int lang)
{
    return glossa_model_language(m, lang == glossa_model_language_count(m) ? GLOSSA_UND : lang)->tag;
}

/* "bs" stands for Bosnian in whatever script the model holds it ("bs-Latn"). */
static int names_group_member(const char *tag, const char *member)
{
    size_t n = strlen(member);
    return strncmp(tag, member, n) == 0 && (tag[n] == '\0' || (tag[n] == '-' && !strchr(member, '-')));
}

static int cmp_worst(const void *a, const void *b)
{
    const lang_score *x = *(const lang_score *const *)a, *y = *(const lang_score *const *)b;
    double p = acc(x, WHOLE), q = acc(y, WHOLE);
    return p < q ? -1 : p > q ? 1 : strcmp(x->code, y->code);
}

static void report(FILE *out, int md, const glossa_model *m, const lang_score *scores, size_t n,
                   char **unscored, size_t n_unscored, size_t max_lines)
{
    summary s;
    summarize(scores, n, &s);
    int n_langs = glossa_model_language_count(m);
    if (md) {
        fprintf(out, "<!-- GENERATED by `make eval` (tools/eval.c): do not edit by hand. -->\n"
                     "# glossa accuracy on the dev set\n\n"
                     "glossa %s, model trained on corpus %s; %zu languages scored on `../shared/corpus/dev/`%s.\n"
                     "Words are whitespace-separated tokens with a letter: in scripts written without\n"
                     "spaces (Chinese, Japanese, Thai, ...) the \"first word\" is often the whole line.\n\n"
                     "| input | macro accuracy | micro accuracy | ECE | inputs |\n|---|---|---|---|---|\n",
                glossa_version(), glossa_model_corpus(m), n, max_lines ? " (a fixed slice)" : "");
        for (int L = 0; L < LENGTHS; L++)
            fprintf(out, "| %s | %.2f %% | %.2f %% | %.3f | %zu |\n", length_titles[L], 100 * s.macro[L],
                    100 * s.micro[L], s.ece[L], s.inputs[L]);
    } else {
        fprintf(out, "%zu languages; macro / micro top-1 accuracy, ECE:\n", n);
        for (int L = 0; L < LENGTHS; L++)
            fprintf(out, "  %-10s  %6.2f %%  %6.2f %%  ECE %.3f  (%zu inputs)\n", length_titles[L],
                    100 * s.macro[L], 100 * s.micro[L], s.ece[L], s.inputs[L]);
    }

    const lang_score **worst = malloc(n * sizeof *worst);
    for (size_t i = 0; i < n; i++)
        worst[i] = &scores[i];
    qsort(worst, n, sizeof *worst, cmp_worst);
    fprintf(out, md ? "\n## Worst languages (whole lines)\n\n| tag | name | whole | two words | one word |\n|---|---|---|---|---|\n"
                    : "\nworst languages (whole, two, one):\n");
    for (size_t i = 0; i < n && i < 15; i++) {
        const glossa_language *l = glossa_model_language(m, worst[i]->lang);
        char b1[16], b2[16], b3[16];
        fprintf(out, md ? "| %s | %s | %s | %s | %s |\n" : "  %-10s %-28s %5s %5s %5s\n", l->tag, l->name,
                pct(worst[i], WHOLE, b1, sizeof b1), pct(worst[i], TWO, b2, sizeof b2), pct(worst[i], ONE, b3, sizeof b3));
    }
    free((void *)worst);

    for (int which = 0; which < 2; which++) {
        confusion top[30];
        size_t k = top_confusions(scores, n, n_langs, which, top, 30);
        fprintf(out, md ? "\n## Most frequent confusions (%s)\n\n| expected | answered | count | share |\n|---|---|---|---|\n"
                        : "\nmost frequent confusions (%s):\n",
                which ? "one word" : "whole lines");
        for (size_t i = 0; i < k; i++) {
            const lang_score *ls = &scores[top[i].from];
            double share = (double)top[i].count / (double)ls->total[which ? ONE : WHOLE];
            fprintf(out, md ? "| %s | %s | %zu | %.1f %% |\n" : "  %-10s -> %-10s %6zu  %5.1f %%\n",
                    glossa_model_language(m, ls->lang)->tag, tag_of(m, top[i].to), top[i].count, 100 * share);
        }
    }

    static const char *const groups[][4] = {{"hr", "sr-Latn", "bs", NULL}, {"id", "ms", NULL, NULL},
                                            {"da", "nb", "nn", NULL},     {"cs", "sk", NULL, NULL},
                                            {"es", "gl", "pt", NULL},     {"ru", "uk", "be", NULL}};
    fprintf(out, md ? "\n## Close languages\n\n| language | whole | two words | one word |\n|---|---|---|---|\n"
                    : "\nclose languages (whole, two, one):\n");
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (int k = 0; k < 4 && groups[g][k]; k++)
            for (size_t i = 0; i < n; i++)
                if (names_group_member(glossa_model_language(m, scores[i].lang)->tag, groups[g][k]))
                    fprintf(out, md ? "| %s | %.1f | %.1f | %.1f |\n" : "  %-10s %5.1f %5.1f %5.1f\n",
                            glossa_model_language(m, scores[i].lang)->tag, 100 * acc(&scores[i], WHOLE),
                            100 * acc(&scores[i], TWO), 100 * acc(&scores[i], ONE));

    fprintf(out, md ? "\n## Calibration\n\nReliability of the top guess's probability, by bin (mean probability / accuracy / inputs):\n\n"
                      "| bin | whole line | two words | one word |\n|---|---|---|---|\n"
                    : "\ncalibration (mean probability / accuracy / inputs):\n");
    for (int b = 0; b < BINS; b++) {
        fprintf(out, md ? "| %.1f-%.1f |" : "  %.1f-%.1f", b / 10.0, (b + 1) / 10.0);
        for (int L = 0; L < LENGTHS; L++) {
            size_t c = s.bin_n[L][b];
            fprintf(out, md ? " %.3f / %.3f / %zu |" : "  %.3f / %.3f / %-7zu", c ? s.bin_p[L][b] / c : 0.0,
                    c ? (double)s.bin_ok[L][b] / c : 0.0, c);
        }
        fputc('\n', out);
    }
    for (int L = 0; L < LENGTHS; L++)
        fprintf(out, md ? "\n%s: %.1f %% of answers flagged reliable, %.2f %% of those right." : "  %s: %.1f %% reliable, %.2f %% of those right\n",
                length_titles[L], s.inputs[L] ? 100.0 * s.reliable[L] / s.inputs[L] : 0,
                s.reliable[L] ? 100.0 * s.reliable_ok[L] / s.reliable[L] : 0);

    if (md) {
        fprintf(out, "\n\n## Supported languages\n\n| tag | ISO 639-3 + script | name | script | dev lines | whole | two words | one word |\n|---|---|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < n; i++) {
            const glossa_language *l = glossa_model_language(m, scores[i].lang);
            char b1[16], b2[16], b3[16];
            fprintf(out, "| %s | %s | %s | %s | %zu | %s | %s | %s |\n", l->tag, l->iso, l->name, l->script,
                    scores[i].lines, pct(&scores[i], WHOLE, b1, sizeof b1), pct(&scores[i], TWO, b2, sizeof b2),
                    pct(&scores[i], ONE, b3, sizeof b3));
        }
        fprintf(out, "\n## Dev files not scored (language not in the model)\n\n%zu files:", n_unscored);
        for (size_t i = 0; i < n_unscored; i++)
            fprintf(out, " %s", unscored[i]);
        fputc('\n', out);
    } else {
        fprintf(out, "\n%zu dev files not scored (language not in the model)\n", n_unscored);
    }
}

/* Thresholds: "whole 0.97" etc. (macro accuracy at least), "ece_whole 0.05"
 * (at most). */
static int check(const char *path, const lang_score *scores, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "glossa-eval: cannot read %s\n", path);
        return 2;
    }
    summary s;
    summarize(scores, n, &s);
    char line[256];
    int passed = 0, failed = 0;
    while (fgets(line, sizeof line, f)) {
        char name[64];
        double limit;
        if (line[0] == '#' || sscanf(line, "%63s %lf", name, &limit) != 2)
            continue;
        for (int L = 0; L < LENGTHS; L++) {
            int is_ece = strncmp(name, "ece_", 4) == 0;
            if (strcmp(is_ece ? name + 4 : name, length_names[L]) != 0)
                continue;
            double value = is_ece ? s.ece[L] : s.macro[L];
            int ok = is_ece ? value <= limit : value >= limit;
            printf("%s - %s %s %.4f %s %.4f\n", ok ? "ok" : "not ok", name, is_ece ? "ECE" : "macro accuracy",
                   value, is_ece ? "<=" : ">=", limit);
            ok ? passed++ : failed++;
        }
    }
    fclose(f);
    printf("accuracy: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

static void usage(void)
{
    fputs("usage: glossa-eval --corpus DIR [--model FILE] [--markdown OUT.md] [--check THRESHOLDS]\n"
          "                   [--max-lines N] [--threads N]\n",
          stderr);
    exit(1);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    const char *corpus = NULL, *model_path = NULL, *markdown = NULL, *thresholds = NULL;
    size_t max_lines = 0;
    int threads = 2;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--corpus") == 0) corpus = argv[i + 1];
        else if (strcmp(argv[i], "--model") == 0) model_path = argv[i + 1];
        else if (strcmp(argv[i], "--markdown") == 0) markdown = argv[i + 1];
        else if (strcmp(argv[i], "--check") == 0) thresholds = argv[i + 1];
        else if (strcmp(argv[i], "--max-lines") == 0) max_lines = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--threads") == 0) threads = atoi(argv[i + 1]);
        else usage();
    }
    if (!corpus || argc % 2 == 0 || threads < 1 || threads > 64)
        usage();

    glossa_model *model;
    int status = model_path ? glossa_model_load_file(model_path, &model) : glossa_model_load_default(&model);
    if (status != GLOSSA_OK) {
        fprintf(stderr, "glossa-eval: %s: %s\n", model_path ? model_path : "default model", glossa_strerror(status));
        return 2;
    }
    char dir_path[4096];
    snprintf(dir_path, sizeof dir_path, "%s/dev", corpus);
    DIR *dir = opendir(dir_path);
    if (!dir) {
        fprintf(stderr, "glossa-eval: cannot open %s\n", dir_path);
        glossa_model_free(model);
        return 2;
    }
    int n_langs = glossa_model_language_count(model);
    lang_score *scores = calloc((size_t)n_langs, sizeof *scores);
    char **unscored = NULL;
    size_t n_scores = 0, n_unscored = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0 || len - 4 >= 64)
            continue;
        char code[64];
        snprintf(code, sizeof code, "%.*s", (int)(len - 4), e->d_name);
        int lang = glossa_model_find_language(model, code);
        if (lang < 0 || n_scores == (size_t)n_langs) {
            unscored = xrealloc(unscored, (n_unscored + 1) * sizeof *unscored);
            unscored[n_unscored++] = strdup(code);
            continue;
        }
        lang_score *ls = &scores[n_scores++];
        ls->lang = lang;
        snprintf(ls->code, sizeof ls->code, "%s", code);
        ls->answers[0] = calloc((size_t)n_langs + 1, sizeof(size_t));
        ls->answers[1] = calloc((size_t)n_langs + 1, sizeof(size_t));
    }
    closedir(dir);
    qsort(scores, n_scores, sizeof *scores, cmp_code);
    if (n_unscored)
        qsort(unscored, n_unscored, sizeof *unscored, cmp_str);

    job jb = {model, corpus, max_lines, scores, n_scores, 0, PTHREAD_MUTEX_INITIALIZER};
    pthread_t pool[64];
    for (int t = 0; t < threads; t++)
        pthread_create(&pool[t], NULL, worker, &jb);
    for (int t = 0; t < threads; t++)
        pthread_join(pool[t], NULL);

    int rc = 0;
    if (thresholds) {
        rc = check(thresholds, scores, n_scores);
    } else {
        report(stdout, 0, model, scores, n_scores, unscored, n_unscored, max_lines);
        if (markdown) {
            FILE *f = fopen(markdown, "w");
            if (!f) {
                fprintf(stderr, "glossa-eval: cannot write %s\n", markdown);
                rc = 2;
            } else {
                report(f, 1, model, scores, n_scores, unscored, n_unscored, max_lines);
                fclose(f);
            }
        }
    }
    for (size_t i = 0; i < n_scores; i++) {
        free(scores[i].answers[0]);
        free(scores[i].answers[1]);
    }
    for (size_t i = 0; i < n_unscored; i++)
        free(unscored[i]);
    free(unscored);
    free(scores);
    glossa_model_free(model);
    return rc;
}
