/* glossa: the command-line language identifier, a thin program over the
 * public API. Input is streamed in fixed-size chunks, so documents and
 * lines of any length take bounded memory. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glossa.h>

#define CHUNK (64 * 1024)
#define MAX_K 50

enum format { TEXT, TSV, JSON };

typedef struct {
    int lines, k, header, iso_tags, list_languages, spans, summary;
    enum format format;
    const char *only, *model_path;
    const char **files;
    int n_files;
} options;

typedef struct {
    const options *opt;
    const glossa_model *model;
    glossa_detector *det;
    const glossa_langset *only;
    /* the document being read: its name, or its line number with --lines */
    const char *name;
    size_t line;
    char buf[CHUNK];
} app;

static const char usage_text[] =
    "usage: glossa [OPTIONS] [FILE...]\n"
    "Identifies the language of each FILE (standard input when none, or for -).\n"
    "\n"
    "  -l, --lines           one result per input line (same count and order)\n"
    "      --spans           the spans of each document in one language: byte offsets\n"
    "                        [start, end), language, probability, first characters\n"
    "      --summary         each document's languages by share of its letters, and\n"
    "                        whether it is mixed (with --spans: after the spans)\n"
    "  -k N                  the N most likely languages with probabilities (1-50, default 1)\n"
    "      --format F        text (default), tsv or json (JSON Lines)\n"
    "      --header          with --format tsv: a header line first\n"
    "      --only LANGS      answer only among these languages (comma-separated tags)\n"
    "      --tag bcp47|iso   language tags as BCP 47 (nl, sr-Cyrl; default) or ISO (nld_Latn)\n"
    "      --model FILE      a model file written by glossa-train instead of the built-in model\n"
    "      --list-languages  the model's languages: tag, ISO 639-3, name, script\n"
    "      --version         glossa's version and the model's corpus digest\n"
    "  -h, --help            this help\n"
    "\n"
    "Output: text prints `TAG PROB` (k pairs with -k), prefixed by `FILE: ` when several\n"
    "files are given; tsv prints the file name (or the line number with --lines), then\n"
    "TAG and PROB columns; json prints one object per result with lang, prob, reliable\n"
    "(and top with -k > 1). Text without letters gives `und` with probability 0.\n"
    "--spans prints `START END TAG PROB TEXT` per span (tsv: FILE or LINE first; json:\n"
    "start, end, lang, prob, letters, text); --summary prints `TAG SHARE` pairs and\n"
    "`mixed` when a second language holds 5 % of the letters or more.\n"
    "\n"
    "Examples:\n"
    "  echo 'Dit is een Nederlandse zin.' | glossa\n"
    "  glossa --lines -k 3 --format json corpus.txt\n"
    "  glossa --only en,de,nl letter.txt\n"
    "  glossa --spans --summary article.txt\n"
    "  glossa --list-languages --format tsv\n"
    "\n"
    "Exit status: 0 success, 1 usage error, 2 a file could not be read.\n";

static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "glossa: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'glossa --help'.\n");
    exit(1);
}

/* Output errors: a closed pipe (`glossa ... | head -1`) ends the program
 * quietly; any other write error is reported. */
static void check_output(void)
{
    if (!ferror(stdout))
        return;
    if (errno == EPIPE)
        exit(0);
    fprintf(stderr, "glossa: write error: %s\n", strerror(errno));
    exit(2);
}

/* A JSON string: control characters escaped, invalid UTF-8 as U+FFFD. */
static void json_string(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    putchar('"');
    while (*p) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            printf("\\%c", c);
            p++;
        } else if (c < 0x20) {
            printf("\\u%04x", c);
            p++;
        } else if (c < 0x80) {
            putchar(c);
            p++;
        } else {
            int n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
            int ok = n > 0;
            for (int i = 1; ok && i < n; i++)
                ok = (p[i] & 0xC0) == 0x80;
            if (ok && n == 3)
                ok = !(c == 0xE0 && p[1] < 0xA0) && !(c == 0xED && p[1] > 0x9F);
            if (ok && n == 4)
                ok = !(c == 0xF0 && p[1] < 0x90) && !(c == 0xF4 && p[1] > 0x8F);
            if (ok) {
                fwrite(p, 1, (size_t)n, stdout);
                p += n;
            } else {
                fputs("\\ufffd", stdout);
                p++;
            }
        }
    }
    putchar('"');
}

static const char *tag(const app *a, int lang)
{
    const glossa_language *l = glossa_model_language(a->model, lang);
    return a->opt->iso_tags ? l->iso : l->tag;
}

/* Where a result comes from: the file (document mode) or the line. */
static void print_origin(const app *a, const char *sep)
{
    if (a->opt->format == JSON) {
        if (a->name) {
            fputs("{\"file\": ", stdout);
            json_string(a->name);
        } else {
            printf("{\"line\": %zu", a->line);
        }
        fputs(sep, stdout);
    } else if (a->opt->format == TSV) {
        if (a->name)
            fputs(a->name, stdout);
        else
            printf("%zu", a->line);
        fputs(sep, stdout);
    } else if (a->name && a->opt->n_files > 1) {
        printf("%s: ", a->name);
    } else if (!a->name && a->opt->spans) {
        printf("%zu: ", a->line);
    }
}

static void print_span(void *user, const glossa_span *span)
{
    const app *a = user;
    print_origin(a, a->opt->format == JSON ? ", " : "\t");
    if (a->opt->format == JSON) {
        printf("\"start\": %zu, \"end\": %zu, \"lang\": \"%s\", \"prob\": %.4f, \"letters\": %zu, \"text\": ",
               span->start, span->end, tag(a, span->language), span->probability, span->letters);
        json_string(span->excerpt);
        fputs("}\n", stdout);
    } else {
        printf("%zu%c%zu%c%s%c%.4f%c%s\n", span->start, a->opt->format == TSV ? '\t' : ' ', span->end,
               a->opt->format == TSV ? '\t' : ' ', tag(a, span->language), a->opt->format == TSV ? '\t' : ' ',
               span->probability, a->opt->format == TSV ? '\t' : ' ', span->excerpt);
    }
    check_output();
}

static void print_summary(const app *a, const glossa_summary *s)
{
    const options *o = a->opt;
    print_origin(a, o->format == JSON ? ", " : "\t");
    if (o->format == JSON) {
        fputs("\"languages\": [", stdout);
        for (size_t i = 0; i < s->count; i++)
            printf("%s{\"lang\": \"%s\", \"share\": %.4f, \"letters\": %zu}", i ? ", " : "",
                   tag(a, s->top[i].language), s->top[i].share, s->top[i].letters);
        printf("], \"spans\": %zu, \"letters\": %zu, \"mixed\": %s}\n", s->spans, s->letters,
               s->mixed ? "true" : "false");
    } else {
        if (s->count == 0)
            printf("und 0.0000");
        for (size_t i = 0; i < s->count; i++)
            printf("%s%s%c%.4f", i ? (o->format == TSV ? "\t" : " ") : "", tag(a, s->top[i].language),
                   o->format == TSV ? '\t' : ' ', s->top[i].share);
        if (o->format == TSV)
            printf("\t%s\n", s->mixed ? "mixed" : "single");
        else
            printf("%s\n", s->mixed ? " mixed" : "");
    }
    check_output();
}

/* One result of detection. */
static void print_result(const app *a, const glossa_guess *g, const glossa_result *r)
{
    const options *o = a->opt;
    print_origin(a, o->format == JSON ? ", " : "");
    if (o->format == JSON) {
        printf("\"lang\": \"%s\", \"prob\": %.4f, \"reliable\": %s", tag(a, g[0].language), g[0].probability,
               r->reliable ? "true" : "false");
        if (o->k > 1) {
            fputs(", \"top\": [", stdout);
            for (size_t i = 0; i < r->count; i++)
                printf("%s{\"lang\": \"%s\", \"prob\": %.4f}", i ? ", " : "", tag(a, g[i].language),
                       g[i].probability);
            putchar(']');
        }
        fputs("}\n", stdout);
    } else {
        for (size_t i = 0; i < r->count; i++)
            printf("%s%s%c%.4f", o->format == TSV ? "\t" : i ? " " : "", tag(a, g[i].language),
                   o->format == TSV ? '\t' : ' ', g[i].probability);
        putchar('\n');
    }
    check_output();
}

/* One document (a file, or a line with --lines): begin, feed, end. */
static void document_begin(app *a)
{
    if (a->opt->spans || a->opt->summary)
        glossa_spans_begin(a->det, a->only, a->opt->spans ? print_span : NULL, a);
    else
        glossa_stream_begin(a->det, a->only);
}

static void document_feed(app *a, const char *p, size_t n)
{
    if (a->opt->spans || a->opt->summary)
        glossa_spans_feed(a->det, p, n);
    else
        glossa_stream_feed(a->det, p, n);
}

static void document_end(app *a)
{
    if (a->opt->spans || a->opt->summary) {
        glossa_summary summary;
        glossa_spans_end(a->det, &summary);
        if (a->opt->summary)
            print_summary(a, &summary);
        return;
    }
    glossa_guess g[MAX_K];
    glossa_result r;
    glossa_stream_end(a->det, g, (size_t)a->opt->k, &r);
    print_result(a, g, &r);
}

/* Returns 0, or -1 when the input could not be read (reported). */
static int process(app *a, FILE *in, const char *name)
{
    int in_line = 0;
    a->name = a->opt->lines ? NULL : name;
    a->line = 0;
    if (!a->opt->lines)
        document_begin(a);
    for (;;) {
        size_t got = fread(a->buf, 1, sizeof a->buf, in);
        if (got == 0)
            break;
        if (!a->opt->lines) {
            document_feed(a, a->buf, got);
            continue;
        }
        /* --lines: every '\n' ends a result; a line may span chunks. '\r'
         * needs no stripping: like all punctuation it only separates. */
        const char *p = a->buf, *end = a->buf + got;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *stop = nl ? nl : end;
            if (!in_line) {
                a->line++;
                document_begin(a);
                in_line = 1;
            }
            document_feed(a, p, (size_t)(stop - p));
            if (!nl)
                break;
            document_end(a);
            in_line = 0;
            p = nl + 1;
        }
    }
    if (ferror(in)) {
        fprintf(stderr, "glossa: %s: %s\n", name, strerror(errno));
        if (!a->opt->lines || in_line) {
            a->opt->spans || a->opt->summary ? glossa_spans_end(a->det, NULL)
                                             : glossa_stream_end(a->det, (glossa_guess[1]){{0, 0}}, 1, NULL);
        }
        return -1;
    }
    if (!a->opt->lines || in_line)
        document_end(a);
    return 0;
}

static void list_languages(const app *a)
{
    if (a->opt->format == TSV && a->opt->header)
        puts("tag\tiso639_3\tname\tscript");
    for (int i = 0; i < glossa_model_language_count(a->model); i++) {
        const glossa_language *l = glossa_model_language(a->model, i);
        if (a->opt->format == JSON) {
            printf("{\"tag\": \"%s\", \"iso\": \"%s\", \"iso639_3\": \"%s\", \"name\": ", l->tag, l->iso, l->iso639_3);
            json_string(l->name);
            printf(", \"script\": \"%s\"}\n", l->script);
        } else {
            printf("%s\t%s\t%s\t%s\n", a->opt->iso_tags ? l->iso : l->tag, l->iso639_3, l->name, l->script);
        }
        check_output();
    }
}

static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=')
        return arg + n + 1;
    if (*i + 1 >= argc)
        usage_error("option %s needs a value", name);
    return argv[++*i];
}

static int is_option(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || (arg[n] == '=' && name[1] == '-'));
}

static void parse_args(int argc, char **argv, options *o)
{
    int only_files = 0;
    o->files = calloc((size_t)argc, sizeof *o->files);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
            o->files[o->n_files++] = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_files = 1;
        } else if (strcmp(arg, "-l") == 0 || strcmp(arg, "--lines") == 0) {
            o->lines = 1;
        } else if (strcmp(arg, "--spans") == 0) {
            o->spans = 1;
        } else if (strcmp(arg, "--summary") == 0) {
            o->summary = 1;
        } else if (strcmp(arg, "--header") == 0) {
            o->header = 1;
        } else if (strcmp(arg, "--list-languages") == 0) {
            o->list_languages = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(usage_text, stdout);
            exit(0);
        } else if (strcmp(arg, "--version") == 0) {
            o->list_languages = -1;
        } else if (is_option(arg, "-k")) {
            const char *v = option_value(argc, argv, &i, "-k");
            char *end;
            long k = strtol(v, &end, 10);
            if (*end || k < 1 || k > MAX_K)
                usage_error("-k takes a number from 1 to 50, not '%s'", v);
            o->k = (int)k;
        } else if (is_option(arg, "--format")) {
            const char *v = option_value(argc, argv, &i, "--format");
            if (strcmp(v, "text") == 0) o->format = TEXT;
            else if (strcmp(v, "tsv") == 0) o->format = TSV;
            else if (strcmp(v, "json") == 0) o->format = JSON;
            else usage_error("unknown format '%s' (text, tsv or json)", v);
        } else if (is_option(arg, "--tag")) {
            const char *v = option_value(argc, argv, &i, "--tag");
            if (strcmp(v, "iso") == 0) o->iso_tags = 1;
            else if (strcmp(v, "bcp47") == 0) o->iso_tags = 0;
            else usage_error("unknown tag style '%s' (bcp47 or iso)", v);
        } else if (is_option(arg, "--only")) {
            o->only = option_value(argc, argv, &i, "--only");
        } else if (is_option(arg, "--model")) {
            o->model_path = option_value(argc, argv, &i, "--model");
        } else {
            usage_error("unknown option '%s'", arg);
        }
    }
}

/* --only LANGS: every comma-separated tag must name a language. */
static void parse_only(const app *a, const char *list, glossa_langset *set)
{
    glossa_langset_clear(set);
    char *copy = strdup(list);
    for (char *t = strtok(copy, ", "); t; t = strtok(NULL, ", ")) {
        if (glossa_langset_add(set, a->model, t) < 0) {
            fprintf(stderr, "glossa: --only: unknown language '%s' (see --list-languages)\n", t);
            free(copy);
            exit(1);
        }
    }
    free(copy);
}

int main(int argc, char **argv)
{
    /* A closed pipe shows up as EPIPE on write, handled in check_output. */
    signal(SIGPIPE, SIG_IGN);
    options o = {0};
    o.k = 1;
    parse_args(argc, argv, &o);

    glossa_model *model;
    int status = o.model_path ? glossa_model_load_file(o.model_path, &model) : glossa_model_load_default(&model);
    if (status != GLOSSA_OK) {
        fprintf(stderr, "glossa: %s: %s\n", o.model_path ? o.model_path : "built-in model", glossa_strerror(status));
        free(o.files);
        return 2;
    }
    app *a = calloc(1, sizeof *a);
    if (!a || glossa_detector_create(model, &a->det) != GLOSSA_OK) {
        fprintf(stderr, "glossa: out of memory\n");
        return 2;
    }
    a->opt = &o;
    a->model = model;
    int rc = 0;
    glossa_langset only;
    if (o.list_languages == -1) {
        printf("glossa %s\nmodel: %d languages, corpus %s\n", glossa_version(), glossa_model_language_count(model),
               glossa_model_corpus(model));
        check_output();
    } else if (o.list_languages) {
        list_languages(a);
    } else {
        if (o.only) {
            parse_only(a, o.only, &only);
            a->only = &only;
        }
        if (o.format == TSV && o.header) {
            fputs(o.lines ? "line" : "file", stdout);
            for (int i = 1; i <= o.k; i++)
                printf("\tlang%d\tprob%d", i, i);
            putchar('\n');
        }
        if (o.n_files == 0)
            o.files[o.n_files++] = "-";
        for (int i = 0; i < o.n_files; i++) {
            const char *name = o.files[i];
            int is_stdin = strcmp(name, "-") == 0;
            FILE *in = is_stdin ? stdin : fopen(name, "rb");
            if (!in) {
                fprintf(stderr, "glossa: %s: %s\n", name, strerror(errno));
                rc = 2;
                continue;
            }
            if (process(a, in, is_stdin ? "(stdin)" : name) != 0)
                rc = 2;
            if (!is_stdin)
                fclose(in);
        }
    }
    if (fflush(stdout) != 0)
        check_output();
    glossa_detector_free(a->det);
    free(a);
    free(o.files);
    glossa_model_free(model);
    return rc;
}
