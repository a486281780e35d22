/* glossa-eval: accuracy and calibration on sets of the corpus (ood: news
 * never trained on; dev: held-out lines of the training sources), at three
 * input lengths, as lingua reports them: the whole line, its first two words
 * and its first word (in scripts written without spaces, its first 4 and 2
 * characters: line_prefix in common.h). Uses only the public API; every
 * thread has its own detector on the one shared model. */
#include <glob.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glossa.h>

#include "common.h"
#include "language_priors.h"

enum { WHOLE, TWO, ONE, LENGTHS };
static const char *const length_names[LENGTHS] = {"whole", "two", "one"};
static const char *const length_titles[LENGTHS] = {"whole line", "two words", "one word"};

#define BINS 10
#define CODE_SIZE 64
#define MAX_SETS 3

/* A set: its files, as glob patterns under the corpus. A language's files
 * are all those named by its code. */
typedef struct {
    const char *name, *title, *patterns[2];
} set_def;

static const set_def set_defs[MAX_SETS] = {
    {"ood", "out of domain: ood/ntrex, news sentences translated from English; text glossa never trained on",
     {"ood/ntrex/*.txt", NULL}},
    {"dev", "in domain: dev of corpus v1 and v2, from the same sources as train", {"dev/*.txt", "sources/*/dev/*.txt"}},
    {"dev1", "in domain: dev of corpus v1 only (what the reports before corpus v2 measured)", {"dev/*.txt", NULL}},
};

/* The reason a file is set aside, or NULL. */
static const char *set_aside_reason(const char *corpus, const char *path)
{
    size_t n = strlen(corpus);
    if (strncmp(path, corpus, n) != 0 || path[n] != '/')
        return NULL;
    const char *file, *why;
    for (size_t i = 0; (file = corpus_set_aside(i, &why)) != NULL; i++)
        if (strcmp(path + n + 1, file) == 0)
            return why;
    return NULL;
}

typedef struct {
    const char *corpus, *model, *markdown, *thresholds, *sets;
    size_t max_lines;
    int threads;
    int prior; /* GLOSSA_PRIOR_FLAT or GLOSSA_PRIOR_POPULATION */
    float prior_strength;
} options;

/* Counts of one language, or of a whole set. */
typedef struct {
    size_t total[LENGTHS], correct[LENGTHS];
    /* calibration: per bin of the top probability, count, correct, sum of probabilities */
    size_t bin_n[LENGTHS][BINS], bin_ok[LENGTHS][BINS];
    double bin_p[LENGTHS][BINS];
    size_t reliable[LENGTHS], reliable_ok[LENGTHS];
} tally;

typedef struct {
    char code[CODE_SIZE]; /* file name without .txt */
    char **files;         /* sorted; read in turn, a line from each */
    size_t n_files;
    int lang;             /* model index */
    int spaceless;        /* its script is written without spaces */
    size_t lines;
    tally t;
    size_t *answers[LENGTHS]; /* answer counts per model language (+1 for und) */
} lang_score;

typedef struct {
    const set_def *def;
    lang_score *scores; /* sorted by code */
    size_t n;
    char **unscored; /* codes of the files whose language the model does not hold */
    size_t n_unscored, unscored_files;
    int *by_lang; /* model language -> index into scores, or -1 */
} eval_set;

typedef struct {
    tally t;
    double macro[LENGTHS], micro[LENGTHS], ece[LENGTHS];
    /* Accuracy on text as the world writes it: each language's accuracy
     * weighted by how many people write it (language_priors.h). */
    double by_writers[LENGTHS];
    size_t lines;
} summary;

/* ---- the sets' files ---- */

typedef struct {
    char code[CODE_SIZE];
    const char *path;
} corpus_file;

static int cmp_file(const void *a, const void *b)
{
    const corpus_file *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : strcmp(x->path, y->path);
}

/* Every file of a set (paths held by g), sorted by code and path; *n is 0
 * when there is none. */
static corpus_file *set_files(const set_def *def, const char *corpus, glob_t *g, size_t *n)
{
    int flags = 0;
    memset(g, 0, sizeof *g);
    for (int p = 0; p < 2 && def->patterns[p]; p++) {
        char pattern[4096];
        snprintf(pattern, sizeof pattern, "%s/%s", corpus, def->patterns[p]);
        if (glob(pattern, flags, NULL, g) == 0)
            flags = GLOB_APPEND;
    }
    corpus_file *files = calloc(g->gl_pathc + 1, sizeof *files);
    *n = 0;
    for (size_t i = 0; i < g->gl_pathc; i++) {
        if (set_aside_reason(corpus, g->gl_pathv[i]))
            continue;
        const char *base = strrchr(g->gl_pathv[i], '/') + 1;
        size_t len = strlen(base) - 4; /* without .txt */
        if (len >= CODE_SIZE)
            continue;
        snprintf(files[*n].code, CODE_SIZE, "%.*s", (int)len, base);
        files[(*n)++].path = g->gl_pathv[i];
    }
    qsort(files, *n, sizeof *files, cmp_file);
    return files;
}

/* The model language of a corpus code. "msa_Latn" is tried as "msa" too,
 * if the model holds that language in that script. */
static int resolve(const glossa_model *m, const char *code)
{
    int lang = corpus_language(m, code);
    const char *script = strchr(code, '_');
    if (lang >= 0 || !script)
        return lang;
    char base[CODE_SIZE];
    snprintf(base, sizeof base, "%.*s", (int)(script - code), code);
    lang = corpus_language(m, base);
    return lang >= 0 && strcmp(glossa_model_language(m, lang)->script, script + 1) == 0 ? lang : -1;
}

static lang_score *new_score(eval_set *set, const glossa_model *m, int lang, const char *code)
{
    int n_langs = glossa_model_language_count(m);
    lang_score *ls = &set->scores[set->n];
    set->by_lang[lang] = (int)set->n++;
    ls->lang = lang;
    ls->spaceless = script_without_spaces(glossa_model_language(m, lang)->script);
    snprintf(ls->code, sizeof ls->code, "%s", code);
    for (int L = 0; L < LENGTHS; L++)
        ls->answers[L] = calloc((size_t)n_langs + 1, sizeof(size_t));
    return ls;
}

/* The files[0 .. count) of one code: to its language's score, or to the
 * files not scored. */
static void add_code(eval_set *set, const glossa_model *m, const corpus_file *files, size_t count)
{
    int lang = resolve(m, files[0].code);
    if (lang < 0) {
        set->unscored = xrealloc(set->unscored, (set->n_unscored + 1) * sizeof *set->unscored);
        set->unscored[set->n_unscored++] = strdup(files[0].code);
        set->unscored_files += count;
        return;
    }
    lang_score *ls = set->by_lang[lang] >= 0 ? &set->scores[set->by_lang[lang]] : new_score(set, m, lang, files[0].code);
    ls->files = xrealloc(ls->files, (ls->n_files + count) * sizeof *ls->files);
    for (size_t i = 0; i < count; i++)
        ls->files[ls->n_files++] = strdup(files[i].path);
}

static int build_set(eval_set *set, const set_def *def, const char *corpus, const glossa_model *m)
{
    int n_langs = glossa_model_language_count(m);
    memset(set, 0, sizeof *set);
    set->def = def;
    set->scores = calloc((size_t)n_langs, sizeof *set->scores);
    set->by_lang = malloc((size_t)n_langs * sizeof *set->by_lang);
    for (int i = 0; i < n_langs; i++)
        set->by_lang[i] = -1;
    glob_t g;
    size_t n;
    corpus_file *files = set_files(def, corpus, &g, &n);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && strcmp(files[j].code, files[i].code) == 0; j++)
            ;
        add_code(set, m, files + i, j - i);
    }
    free(files);
    globfree(&g);
    if (n == 0)
        fprintf(stderr, "glossa-eval: no files for set %s in %s/%s\n", def->name, corpus, def->patterns[0]);
    return n ? 0 : -1;
}

static void free_set(eval_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        for (size_t f = 0; f < set->scores[i].n_files; f++)
            free(set->scores[i].files[f]);
        free(set->scores[i].files);
        for (int L = 0; L < LENGTHS; L++)
            free(set->scores[i].answers[L]);
    }
    for (size_t i = 0; i < set->n_unscored; i++)
        free(set->unscored[i]);
    free(set->unscored);
    free(set->scores);
    free(set->by_lang);
}

/* ---- scoring ---- */

typedef struct {
    const glossa_model *model;
    const options *op;
    lang_score **tasks;
    size_t n_tasks, next;
    int failed; /* a worker could not make its detector */
    pthread_mutex_t lock;
} job;

static void score_text(glossa_detector *d, lang_score *ls, int L, const char *text, size_t len, int n_langs)
{
    glossa_guess g[1];
    glossa_result r;
    glossa_detect(d, text, len, NULL, g, 1, &r);
    int ok = g[0].language == ls->lang;
    int bin = (int)(g[0].probability * BINS);
    bin = bin < 0 ? 0 : bin >= BINS ? BINS - 1 : bin;
    tally *t = &ls->t;
    t->total[L]++;
    t->correct[L] += ok;
    t->bin_n[L][bin]++;
    t->bin_ok[L][bin] += ok;
    t->bin_p[L][bin] += g[0].probability;
    t->reliable[L] += r.reliable != 0;
    t->reliable_ok[L] += r.reliable && ok;
    ls->answers[L][g[0].language == GLOSSA_UND ? n_langs : g[0].language]++;
}

static void score_line(glossa_detector *d, lang_score *ls, const char *line, size_t len, int n_langs)
{
    ls->lines++;
    score_text(d, ls, WHOLE, line, len, n_langs);
    size_t b, e;
    if (line_prefix(d, line, len, 2, ls->spaceless, &b, &e))
        score_text(d, ls, TWO, line + b, e - b, n_langs);
    if (line_prefix(d, line, len, 1, ls->spaceless, &b, &e))
        score_text(d, ls, ONE, line + b, e - b, n_langs);
}

/* A line from each of the language's files in turn, until all are read or
 * max_lines are scored (0: no limit). */
static void score_language(const job *jb, glossa_detector *d, lang_score *ls)
{
    FILE **f = calloc(ls->n_files, sizeof *f);
    size_t open = 0, cap = 0, len;
    for (size_t i = 0; i < ls->n_files; i++)
        open += (f[i] = fopen(ls->files[i], "rb")) != NULL;
    char *line = NULL;
    int n_langs = glossa_model_language_count(jb->model);
    size_t max = jb->op->max_lines;
    for (size_t i = 0; open && (max == 0 || ls->lines < max); i = (i + 1) % ls->n_files) {
        if (!f[i])
            continue;
        if (!next_line(f[i], &line, &cap, &len)) {
            fclose(f[i]);
            f[i] = NULL;
            open--;
        } else if (len) {
            score_line(d, ls, line, len, n_langs);
        }
    }
    for (size_t i = 0; i < ls->n_files; i++)
        if (f[i])
            fclose(f[i]);
    free(line);
    free(f);
}

static void *worker(void *arg)
{
    job *jb = arg;
    glossa_detector *d = NULL;
    int rc = glossa_detector_create(jb->model, &d);
    if (rc == GLOSSA_OK)
        rc = glossa_detector_set_prior(d, jb->op->prior, jb->op->prior_strength);
    if (rc != GLOSSA_OK) {
        fprintf(stderr, "glossa-eval: detector: %s\n", glossa_strerror(rc));
        glossa_detector_free(d);
        pthread_mutex_lock(&jb->lock);
        jb->failed = 1;
        pthread_mutex_unlock(&jb->lock);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&jb->lock);
        size_t i = jb->next++;
        pthread_mutex_unlock(&jb->lock);
        if (i >= jb->n_tasks)
            break;
        score_language(jb, d, jb->tasks[i]);
    }
    glossa_detector_free(d);
    return NULL;
}

/* Returns 0, or -1 when a worker could not make its detector. */
static int score_sets(const glossa_model *m, eval_set *sets, int n_sets, const options *op)
{
    job jb = {m, op, NULL, 0, 0, 0, PTHREAD_MUTEX_INITIALIZER};
    for (int s = 0; s < n_sets; s++) {
        jb.tasks = xrealloc(jb.tasks, (jb.n_tasks + sets[s].n) * sizeof *jb.tasks);
        for (size_t i = 0; i < sets[s].n; i++)
            jb.tasks[jb.n_tasks++] = &sets[s].scores[i];
    }
    pthread_t pool[64];
    for (int t = 0; t < op->threads; t++)
        pthread_create(&pool[t], NULL, worker, &jb);
    for (int t = 0; t < op->threads; t++)
        pthread_join(pool[t], NULL);
    free((void *)jb.tasks);
    return jb.failed ? -1 : 0;
}

/* ---- summaries ---- */

static double acc(const tally *t, int L)
{
    return t->total[L] ? (double)t->correct[L] / (double)t->total[L] : 0.0;
}

static void tally_add(tally *to, const tally *from)
{
    for (int L = 0; L < LENGTHS; L++) {
        to->total[L] += from->total[L];
        to->correct[L] += from->correct[L];
        to->reliable[L] += from->reliable[L];
        to->reliable_ok[L] += from->reliable_ok[L];
        for (int b = 0; b < BINS; b++) {
            to->bin_n[L][b] += from->bin_n[L][b];
            to->bin_ok[L][b] += from->bin_ok[L][b];
            to->bin_p[L][b] += from->bin_p[L][b];
        }
    }
}

/* Macro accuracy: the mean over the languages that have inputs of that
 * length; micro: over all inputs; ECE: expected calibration error. */
static void summarize(const glossa_model *m, const eval_set *set, summary *s)
{
    memset(s, 0, sizeof *s);
    size_t langs[LENGTHS] = {0};
    double writers[LENGTHS] = {0};
    for (size_t i = 0; i < set->n; i++) {
        tally_add(&s->t, &set->scores[i].t);
        s->lines += set->scores[i].lines;
        double w = gl_language_writers(glossa_model_language(m, set->scores[i].lang)->iso);
        for (int L = 0; L < LENGTHS; L++)
            if (set->scores[i].t.total[L]) {
                langs[L]++;
                s->macro[L] += acc(&set->scores[i].t, L);
                s->by_writers[L] += w * acc(&set->scores[i].t, L);
                writers[L] += w;
            }
    }
    for (int L = 0; L < LENGTHS; L++) {
        s->macro[L] = langs[L] ? s->macro[L] / (double)langs[L] : 0;
        s->by_writers[L] = writers[L] > 0 ? s->by_writers[L] / writers[L] : 0;
        s->micro[L] = acc(&s->t, L);
        for (int b = 0; b < BINS; b++)
            s->ece[L] += s->t.total[L] ? fabs(s->t.bin_p[L][b] - (double)s->t.bin_ok[L][b]) / (double)s->t.total[L] : 0;
    }
}

/* ---- output: markdown tables, or aligned columns on a terminal ---- */

typedef struct {
    FILE *f;
    int md;
} sink;

/* A formatted cell (or heading); the last 64 stay valid, enough for a row. */
static const char *cell(const char *format, ...)
{
    static char ring[64][160];
    static unsigned next;
    char *b = ring[next++ % 64];
    va_list ap;
    va_start(ap, format);
    vsnprintf(b, sizeof ring[0], format, ap);
    va_end(ap);
    return b;
}

/* An accuracy in %, one decimal, or "-" when there is no input of that
 * length (lines of one word have no word pair). */
static const char *pct(const tally *t, int L)
{
    return t->total[L] ? cell("%.1f", 100 * acc(t, L)) : "-";
}

static void heading(const sink *o, int level, const char *text)
{
    if (o->md)
        fprintf(o->f, "\n%.*s %s\n\n", level, "####", text);
    else
        fprintf(o->f, "\n%s:\n", text);
}

static void vrow(const sink *o, int n, va_list ap)
{
    for (int i = 0; i < n; i++)
        fprintf(o->f, o->md ? "| %s " : i ? " %10s" : "  %-12s", va_arg(ap, const char *));
    fputs(o->md ? "|\n" : "\n", o->f);
}

/* The line under a markdown table's first row. */
static void separator(const sink *o, int n)
{
    for (int i = 0; o->md && i < n; i++)
        fputs(i + 1 < n ? "|---" : "|---|\n", o->f);
}

static void row(const sink *o, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    vrow(o, n, ap);
    va_end(ap);
}

/* A table's first row: in markdown, with the line under it. */
static void header(const sink *o, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    vrow(o, n, ap);
    va_end(ap);
    separator(o, n);
}

static void summary_rows(const sink *o, const summary *s, const char *set_name)
{
    for (int L = 0; L < LENGTHS; L++) {
        const char *c[] = {cell("%.2f %%", 100 * s->macro[L]), cell("%.2f %%", 100 * s->micro[L]),
                           cell("%.2f %%", 100 * s->by_writers[L]), cell("%.3f", s->ece[L]),
                           cell("%zu", s->t.total[L])};
        if (set_name)
            row(o, 7, set_name, length_titles[L], c[0], c[1], c[2], c[3], c[4]);
        else
            row(o, 6, length_titles[L], c[0], c[1], c[2], c[3], c[4]);
    }
}

static const char *tag_of(const glossa_model *m, int lang)
{
    return glossa_model_language(m, lang == glossa_model_language_count(m) ? GLOSSA_UND : lang)->tag;
}

static int cmp_worst(const void *a, const void *b)
{
    const lang_score *x = *(const lang_score *const *)a, *y = *(const lang_score *const *)b;
    double p = acc(&x->t, WHOLE), q = acc(&y->t, WHOLE);
    return p < q ? -1 : p > q ? 1 : strcmp(x->code, y->code);
}

static void worst_languages(const sink *o, const glossa_model *m, const eval_set *set)
{
    const lang_score **worst = malloc((set->n + 1) * sizeof *worst);
    for (size_t i = 0; i < set->n; i++)
        worst[i] = &set->scores[i];
    qsort((void *)worst, set->n, sizeof *worst, cmp_worst);
    heading(o, 3, cell("Worst languages (%s, whole lines)", set->def->name));
    header(o, 5, "tag", "name", "whole", "two words", "one word");
    for (size_t i = 0; i < set->n && i < 15; i++) {
        const glossa_language *l = glossa_model_language(m, worst[i]->lang);
        row(o, 5, l->tag, l->name, pct(&worst[i]->t, WHOLE), pct(&worst[i]->t, TWO), pct(&worst[i]->t, ONE));
    }
    free((void *)worst);
}

typedef struct {
    size_t count;
    size_t from; /* score index */
    int to;      /* model language (n_langs = und) */
} confusion;

static int cmp_confusion(const void *a, const void *b)
{
    const confusion *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return x->from != y->from ? (x->from < y->from ? -1 : 1) : x->to - y->to;
}

static void confusions(const sink *o, const glossa_model *m, const eval_set *set, int L)
{
    int n_langs = glossa_model_language_count(m);
    size_t k = 0;
    confusion *all = malloc((set->n * ((size_t)n_langs + 1) + 1) * sizeof *all);
    for (size_t i = 0; i < set->n; i++)
        for (int a = 0; a <= n_langs; a++)
            if (set->scores[i].answers[L][a] && a != set->scores[i].lang)
                all[k++] = (confusion){set->scores[i].answers[L][a], i, a};
    qsort(all, k, sizeof *all, cmp_confusion);
    heading(o, 3, cell("Most frequent confusions (%s, %s)", set->def->name, L == WHOLE ? "whole lines" : length_titles[L]));
    header(o, 4, "expected", "answered", "count", "share");
    for (size_t i = 0; i < k && i < 30; i++) {
        const lang_score *ls = &set->scores[all[i].from];
        row(o, 4, glossa_model_language(m, ls->lang)->tag, tag_of(m, all[i].to), cell("%zu", all[i].count),
            cell("%.1f %%", 100.0 * (double)all[i].count / (double)ls->t.total[L]));
    }
    free(all);
}

/* The close groups: members by tag, "bs" for Bosnian in whatever script the
 * model holds it ("bs-Latn"), "zh" for both Chinese scripts. */
static const char *const groups[][5] = {
    {"hr", "bs", "sr-Latn"}, {"da", "nb", "nn"}, {"cs", "sk"},         {"xh", "zu", "nr", "ss"}, {"tn", "st", "nso"},
    {"es", "gl", "ast", "pt"}, {"ca", "oc"},     {"id", "ms"},         {"fa", "prs"},           {"ar", "arz", "ary"},
    {"zh", "yue", "lzh"},    {"bo", "dz"},       {"ru", "uk", "be"},
};

static int names_group_member(const char *tag, const char *member)
{
    size_t n = strlen(member);
    return strncmp(tag, member, n) == 0 && (tag[n] == '\0' || (tag[n] == '-' && !strchr(member, '-')));
}

static int in_group(const char *tag, const char *const *members)
{
    for (int k = 0; k < 5 && members[k]; k++)
        if (names_group_member(tag, members[k]))
            return 1;
    return 0;
}

/* The share of a language's answers at length L that name a language of
 * the group. */
static double group_share(const glossa_model *m, const lang_score *ls, int L, const char *const *members)
{
    size_t in = 0;
    for (int a = 0; a < glossa_model_language_count(m); a++)
        if (ls->answers[L][a] && in_group(glossa_model_language(m, a)->tag, members))
            in += ls->answers[L][a];
    return (double)in / (double)ls->t.total[L];
}

/* Each member's accuracy, then the group's joint accuracy: the mean over its
 * members of the share of answers inside the group. */
static void group_rows(const sink *o, const glossa_model *m, const eval_set *set, const char *const *members)
{
    char label[64] = "";
    for (int k = 0; k < 5 && members[k]; k++)
        snprintf(label + strlen(label), sizeof label - strlen(label), "%s%s", k ? "/" : "", members[k]);
    double joint[LENGTHS] = {0};
    size_t rows[LENGTHS] = {0}, shown = 0;
    for (int k = 0; k < 5 && members[k]; k++)
        for (size_t i = 0; i < set->n; i++) {
            const lang_score *ls = &set->scores[i];
            if (!names_group_member(glossa_model_language(m, ls->lang)->tag, members[k]))
                continue;
            row(o, 5, shown++ ? "" : label, glossa_model_language(m, ls->lang)->tag, pct(&ls->t, WHOLE),
                pct(&ls->t, TWO), pct(&ls->t, ONE));
            for (int L = 0; L < LENGTHS; L++)
                if (ls->t.total[L]) {
                    joint[L] += group_share(m, ls, L, members);
                    rows[L]++;
                }
        }
    const char *j[LENGTHS];
    for (int L = 0; L < LENGTHS; L++)
        j[L] = rows[L] ? cell("%.1f", 100 * joint[L] / (double)rows[L]) : "-";
    if (shown)
        row(o, 5, "", "joint", j[WHOLE], j[TWO], j[ONE]);
}

static void close_groups(const sink *o, const glossa_model *m, const eval_set *set)
{
    heading(o, 3, cell("Close languages (%s)", set->def->name));
    if (o->md)
        fputs("Each member's accuracy, then the group's joint accuracy (an answer anywhere in the group counts "
              "as right; the mean over the members).\n\n",
              o->f);
    header(o, 5, "group", "language", "whole", "two words", "one word");
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        group_rows(o, m, set, groups[g]);
}

static void calibration(const sink *o, const eval_set *set, const summary *s)
{
    heading(o, 3, cell("Calibration (%s)", set->def->name));
    fputs(o->md ? "Reliability of the top guess's probability, by bin (mean probability / accuracy / inputs):\n\n"
                : "  mean probability / accuracy / inputs\n",
          o->f);
    header(o, 4, "bin", length_titles[WHOLE], length_titles[TWO], length_titles[ONE]);
    for (int b = 0; b < BINS; b++) {
        const char *c[LENGTHS];
        for (int L = 0; L < LENGTHS; L++) {
            size_t n = s->t.bin_n[L][b];
            c[L] = cell("%.3f / %.3f / %zu", n ? s->t.bin_p[L][b] / (double)n : 0.0,
                        n ? (double)s->t.bin_ok[L][b] / (double)n : 0.0, n);
        }
        row(o, 4, cell("%.1f-%.1f", b / 10.0, (b + 1) / 10.0), c[WHOLE], c[TWO], c[ONE]);
    }
    fputc('\n', o->f);
    for (int L = 0; L < LENGTHS; L++)
        fprintf(o->f, "%s%s: %.1f %% of answers flagged reliable, %.2f %% of those right.\n", o->md ? "- " : "  ",
                length_titles[L], s->t.total[L] ? 100.0 * (double)s->t.reliable[L] / (double)s->t.total[L] : 0,
                s->t.reliable[L] ? 100.0 * (double)s->t.reliable_ok[L] / (double)s->t.reliable[L] : 0);
}

static void set_section(const sink *o, const glossa_model *m, const eval_set *set, const summary *s, const options *op)
{
    heading(o, 2, cell("%s — %s", set->def->name, set->def->title));
    fprintf(o->f, "%s%zu languages, %zu lines%s.\n\n", o->md ? "" : "  ", set->n, s->lines,
            op->max_lines ? cell(" (at most %zu a language)", op->max_lines) : "");
    header(o, 6, "input", "macro accuracy", "micro accuracy", "by writers", "ECE", "inputs");
    summary_rows(o, s, NULL);
    worst_languages(o, m, set);
    confusions(o, m, set, WHOLE);
    confusions(o, m, set, ONE);
    close_groups(o, m, set);
    calibration(o, set, s);
}

/* Every language of the model, with its lines and accuracies in each set. */
static void supported_languages(const sink *o, const glossa_model *m, const eval_set *sets, int n_sets)
{
    heading(o, 2, "Supported languages");
    fprintf(o->f, "%d languages; lines and accuracy (%%) at the three lengths in each set, \"-\" where none.\n\n",
            glossa_model_language_count(m));
    fputs("| tag | ISO 639-3 + script | name | script |", o->f);
    for (int s = 0; s < n_sets; s++)
        fprintf(o->f, " %s lines | %s whole | %s two | %s one |", sets[s].def->name, sets[s].def->name,
                sets[s].def->name, sets[s].def->name);
    fputc('\n', o->f);
    separator(o, 4 + 4 * n_sets);
    for (int i = 0; i < glossa_model_language_count(m); i++) {
        const glossa_language *l = glossa_model_language(m, i);
        fprintf(o->f, "| %s | %s | %s | %s |", l->tag, l->iso, l->name, l->script);
        for (int s = 0; s < n_sets; s++) {
            const lang_score *ls = sets[s].by_lang[i] >= 0 ? &sets[s].scores[sets[s].by_lang[i]] : NULL;
            if (ls)
                fprintf(o->f, " %zu | %s | %s | %s |", ls->lines, pct(&ls->t, WHOLE), pct(&ls->t, TWO), pct(&ls->t, ONE));
            else
                fputs(" - | - | - | - |", o->f);
        }
        fputc('\n', o->f);
    }
}

static void unscored(const sink *o, const eval_set *sets, int n_sets)
{
    if (o->md)
        heading(o, 2, "Files not scored (language not in the model)");
    for (int s = 0; s < n_sets; s++) {
        fprintf(o->f, "%s%s: %zu files, %zu languages%s", o->md ? "" : "\n", sets[s].def->name,
                sets[s].unscored_files, sets[s].n_unscored, o->md ? ":" : " not scored (language not in the model)");
        for (size_t i = 0; o->md && i < sets[s].n_unscored; i++)
            fprintf(o->f, " %s", sets[s].unscored[i]);
        fputs(o->md ? "\n\n" : "\n", o->f);
    }
    if (o->md) {
        heading(o, 2, "Files set aside (their label is wrong)");
        const char *file, *why;
        for (size_t i = 0; (file = corpus_set_aside(i, &why)) != NULL; i++)
            fprintf(o->f, "- `%s`: %s.\n", file, why);
        fputc('\n', o->f);
    }
}

/* The title, what was measured and how. */
static void introduction(const sink *o, const glossa_model *m, const eval_set *sets, int n_sets, const options *op)
{
    fprintf(o->f, "<!-- GENERATED by `make eval` (tools/eval.c): do not edit by hand. -->\n# glossa accuracy\n\n"
                  "glossa %s, model trained on corpus %s, %s prior%s, on %d sets of the corpus (`../shared/corpus/`):\n\n",
            glossa_version(), glossa_model_corpus(m), op->prior == GLOSSA_PRIOR_FLAT ? "flat" : "population",
            op->prior == GLOSSA_PRIOR_FLAT ? "" : cell(" (strength %g)", op->prior_strength), n_sets);
    for (int i = 0; i < n_sets; i++)
        fprintf(o->f, "- %s — %s\n", sets[i].def->name, sets[i].def->title);
    fputs("\nInputs: the whole line, its first two words and its first word (whitespace-separated tokens in which\n"
          "glossa finds a letter); in scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer,\n"
          "Burmese, Tibetan, ...: `line_prefix` in tools/common.h) its first 4 and 2 characters from the\n"
          "first letter. Macro accuracy is the mean over languages, micro over inputs.\n\n",
          o->f);
}

static void report(const sink *o, const glossa_model *m, const eval_set *sets, int n_sets, const options *op)
{
    summary s[MAX_SETS];
    for (int i = 0; i < n_sets; i++)
        summarize(m, &sets[i], &s[i]);
    if (o->md)
        introduction(o, m, sets, n_sets, op);
    header(o, 7, "set", "input", "macro accuracy", "micro accuracy", "by writers", "ECE", "inputs");
    for (int i = 0; i < n_sets; i++)
        summary_rows(o, &s[i], sets[i].def->name);
    for (int i = 0; i < n_sets; i++)
        set_section(o, m, &sets[i], &s[i], op);
    if (o->md)
        supported_languages(o, m, sets, n_sets);
    unscored(o, sets, n_sets);
}

/* ---- thresholds ---- */

/* The set of name[0 .. len), or NULL. */
static const set_def *find_set(const char *name, size_t len)
{
    for (int i = 0; i < MAX_SETS; i++)
        if (strlen(set_defs[i].name) == len && strncmp(name, set_defs[i].name, len) == 0)
            return &set_defs[i];
    return NULL;
}

/* "ood_whole": the set's macro accuracy, "ood_ece_two": its ECE. Returns 0,
 * or -1 for a set that was not evaluated, -2 for a name it does not know. */
static int threshold_value(const eval_set *sets, const summary *s, int n_sets, const char *name, double *value,
                           int *is_ece)
{
    const char *metric = strchr(name, '_');
    const set_def *def = metric ? find_set(name, (size_t)(metric - name)) : NULL;
    if (!def)
        return -2;
    int set = -1;
    for (int i = 0; i < n_sets; i++)
        if (sets[i].def == def)
            set = i;
    metric++;
    *is_ece = strncmp(metric, "ece_", 4) == 0;
    for (int L = 0; L < LENGTHS; L++)
        if (strcmp(metric + (*is_ece ? 4 : 0), length_names[L]) == 0) {
            if (set < 0)
                return -1;
            *value = *is_ece ? s[set].ece[L] : s[set].macro[L];
            return 0;
        }
    return -2;
}

/* Thresholds: "SET_whole 0.97" etc. (macro accuracy at least),
 * "SET_ece_whole 0.05" (ECE at most). */
static int check(const char *path, const glossa_model *m, const eval_set *sets, int n_sets)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "glossa-eval: cannot read %s\n", path);
        return 2;
    }
    summary s[MAX_SETS];
    for (int i = 0; i < n_sets; i++)
        summarize(m, &sets[i], &s[i]);
    char line[256];
    int passed = 0, failed = 0;
    while (fgets(line, sizeof line, f)) {
        char name[64];
        double limit, value;
        int is_ece;
        if (line[0] == '#' || sscanf(line, "%63s %lf", name, &limit) != 2)
            continue;
        int rc = threshold_value(sets, s, n_sets, name, &value, &is_ece);
        int ok = rc == 0 && (is_ece ? value <= limit : value >= limit);
        if (rc)
            printf("not ok - %s: %s\n", name, rc == -1 ? "that set was not evaluated (--sets)" : "no such threshold");
        else
            printf("%s - %s %s %.4f %s %.4f\n", ok ? "ok" : "not ok", name, is_ece ? "ECE" : "macro accuracy", value,
                   is_ece ? "<=" : ">=", limit);
        ok ? passed++ : failed++;
    }
    fclose(f);
    printf("accuracy: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

/* ---- main ---- */

static void usage(void)
{
    fputs("usage: glossa-eval --corpus DIR [--sets ood,dev] [--model FILE] [--markdown OUT.md]\n"
          "                   [--check THRESHOLDS] [--max-lines N] [--threads N]\n"
          "                   [--prior flat|population] [--prior-strength X]\n"
          "sets: ood (ood/ntrex), dev (dev/ and sources/*/dev/), dev1 (dev/ only)\n",
          stderr);
    exit(1);
}

/* "ood,dev" -> the sets' definitions, in that order; 0 for a bad list. */
static int parse_sets(const char *list, const set_def **out)
{
    int n = 0;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        const set_def *d = find_set(p, len);
        for (int i = 0; i < n; i++)
            if (out[i] == d)
                d = NULL;
        if (!d || n == MAX_SETS)
            return 0;
        out[n++] = d;
        p += len + (p[len] == ',');
    }
    return n;
}

static int write_markdown(const options *op, const glossa_model *m, const eval_set *sets, int n_sets)
{
    sink o = {fopen(op->markdown, "w"), 1};
    if (!o.f) {
        fprintf(stderr, "glossa-eval: cannot write %s\n", op->markdown);
        return 2;
    }
    report(&o, m, sets, n_sets, op);
    fclose(o.f);
    return 0;
}

/* "flat" or "population"; -1 for anything else. */
static int parse_prior(const char *name)
{
    return strcmp(name, "flat") == 0 ? GLOSSA_PRIOR_FLAT : strcmp(name, "population") == 0 ? GLOSSA_PRIOR_POPULATION : -1;
}

static options parse_options(int argc, char **argv)
{
    options op = {NULL, NULL, NULL, NULL, "ood,dev", 0, 2, GLOSSA_PRIOR_POPULATION, GLOSSA_PRIOR_STRENGTH};
    char *end = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--corpus") == 0) op.corpus = argv[i + 1];
        else if (strcmp(argv[i], "--model") == 0) op.model = argv[i + 1];
        else if (strcmp(argv[i], "--markdown") == 0) op.markdown = argv[i + 1];
        else if (strcmp(argv[i], "--check") == 0) op.thresholds = argv[i + 1];
        else if (strcmp(argv[i], "--sets") == 0) op.sets = argv[i + 1];
        else if (strcmp(argv[i], "--max-lines") == 0) op.max_lines = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--threads") == 0) op.threads = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--prior") == 0) op.prior = parse_prior(argv[i + 1]);
        else if (strcmp(argv[i], "--prior-strength") == 0) op.prior_strength = strtof(argv[i + 1], &end);
        else usage();
    }
    if (!op.corpus || argc % 2 == 0 || op.threads < 1 || op.threads > 64 || op.prior < 0 || (end && *end))
        usage();
    return op;
}

static int run(const options *op, const glossa_model *model, eval_set *sets, int n_sets)
{
    if (score_sets(model, sets, n_sets, op) != 0)
        return 2;
    if (op->thresholds)
        return check(op->thresholds, model, sets, n_sets);
    sink o = {stdout, 0};
    report(&o, model, sets, n_sets, op);
    return op->markdown ? write_markdown(op, model, sets, n_sets) : 0;
}

int main(int argc, char **argv)
{
    options op = parse_options(argc, argv);
    const set_def *defs[MAX_SETS];
    int n_sets = parse_sets(op.sets, defs);
    if (n_sets == 0)
        usage();
    glossa_model *model;
    int status = op.model ? glossa_model_load_file(op.model, &model) : glossa_model_load_default(&model);
    if (status != GLOSSA_OK) {
        fprintf(stderr, "glossa-eval: %s: %s\n", op.model ? op.model : "default model", glossa_strerror(status));
        return 2;
    }
    eval_set sets[MAX_SETS];
    int built = 0, rc = 0;
    for (; built < n_sets && rc == 0; built++)
        rc = build_set(&sets[built], defs[built], op.corpus, model);
    rc = rc ? 2 : run(&op, model, sets, n_sets);
    for (int i = 0; i < built; i++)
        free_set(&sets[i]);
    glossa_model_free(model);
    return rc;
}
