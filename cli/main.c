/* glossa: the command-line language identifier, a thin program over the
 * public API: its options and what it does with them (the modes are in
 * documents.c and records.c, the output in output.c).
 *
 * Documents are streamed in chunks, so a document of any size takes bounded
 * memory. With --lines or --jsonl every line is a record: the main thread
 * reads records into blocks, a pool of threads (each with its own detector
 * on the one shared model) renders each block's output, and the main thread
 * writes the blocks in input order, so the output does not depend on -j. A
 * line too long for a block is streamed on the main thread instead. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "common.h"

static const char usage_text[] =
    "usage: glossa [OPTIONS] [FILE...]\n"
    "Identifies the language of each FILE (standard input when none, or for -).\n"
    "Files compressed with gzip, zstd, bzip2 or xz are read as they are; UTF-16 with\n"
    "a byte-order mark is decoded.\n"
    "\n"
    "  -l, --lines           one result per input line (same count and order)\n"
    "      --jsonl           input is JSON Lines: every record is written back with\n"
    "                        the language added (other fields and their order kept)\n"
    "      --field NAME      with --jsonl: the field that holds the text (default text;\n"
    "                        a.b: the field b of the object a)\n"
    "      --lang-field NAME, --prob-field NAME\n"
    "                        with --jsonl: the fields added (default lang, lang_prob)\n"
    "      --rejects FILE    with --jsonl: records in error go there, not to the output\n"
    "      --utf8 keep|replace\n"
    "                        with --jsonl: records written back byte for byte (keep, the\n"
    "                        default) or with ill-formed UTF-8 as U+FFFD (replace)\n"
    "      --spans           the spans of each document in one language: byte offsets\n"
    "                        [start, end), language, probability, first characters\n"
    "      --summary         each document's languages by share of its letters, and\n"
    "                        whether it is mixed (with --spans: after the spans)\n"
    "  -k N                  the N most likely languages with probabilities (1-50, default 1)\n"
    "  -j N                  threads for --lines and --jsonl (default and 0: all cores);\n"
    "                        the output is the same for any N\n"
    "  -q, --quiet           no progress line and no closing summary on standard error\n"
    "  -o, --output FILE     write to FILE, in full or not at all: a temporary file\n"
    "                        beside it is renamed to FILE when the run succeeds\n"
    "      --format F        text (default), tsv, json (JSON Lines) or tag (the tags only)\n"
    "      --header          with --format tsv: a header line first\n"
    "      --only LANGS      answer only among these languages (comma-separated tags:\n"
    "                        en,de,nl; de-DE, ger and German are de, zh-TW zh-Hant)\n"
    "      --except LANGS    answer among all languages but these (with --only: among\n"
    "                        those of --only but these)\n"
    "      --prior population|flat\n"
    "                        on short input prefer the languages more people write\n"
    "                        (population, the default) or treat all alike (flat)\n"
    "      --min-prob P      leave out guesses below probability P (0-1); und when even\n"
    "                        the best is below it\n"
    "      --reliable        text and tsv: close each result with reliable or unreliable\n"
    "                        (json always has the reliable field)\n"
    "      --tag bcp47|iso   language tags as BCP 47 (nl, sr-Cyrl; default) or ISO (nld_Latn)\n"
    "      --model FILE      a model file written by glossa-train instead of the built-in model\n"
    "      --list-languages  the model's languages: tag, ISO 639-3, name, script\n"
    "      --version         glossa's version and the model's corpus digest\n"
    "  -h, --help            this help\n";

/* The rest of --help, apart: C11 promises string literals of 4095 bytes. */
static const char usage_notes[] =
    "\n"
    "Output: text prints `TAG PROB` (k pairs with -k), prefixed by `FILE: ` when several\n"
    "files are given; tsv prints the file name (or the line number with --lines), then\n"
    "TAG and PROB columns; json prints one object per result with lang, prob, reliable\n"
    "(and top with -k > 1). Text without letters gives `und` with probability 0.\n"
    "--spans prints `START END TAG PROB TEXT` per span (tsv: FILE or LINE first; json:\n"
    "start, end, lang, prob, letters, text); --summary prints `TAG SHARE` pairs and\n"
    "`mixed` when a second language holds 5 % of the letters or more.\n"
    "--jsonl adds the fields lang and lang_prob (lang_top with -k > 1, lang_spans with\n"
    "--spans: byte offsets into the field's UTF-8 text). A record that is not a JSON\n"
    "object, or has no text field, is written with an error field instead (a malformed\n"
    "one as {\"error\", \"file\", \"line\", \"raw\"}); blank lines are kept. A summary of\n"
    "records, errors and languages closes on standard error.\n"
    "\n"
    "Examples:\n"
    "  echo 'Dit is een Nederlandse zin.' | glossa\n"
    "  glossa --lines -k 3 --format json corpus.txt\n"
    "  glossa --jsonl --field text shard-*.jsonl.zst > labelled.jsonl\n"
    "  glossa --only en,de,nl letter.txt\n"
    "  glossa --except nn,da letter.txt\n"
    "  glossa --spans --summary article.txt\n"
    "  glossa --list-languages --format tsv\n"
    "\n"
    "SIGINT or SIGTERM ends the run after the last complete record (a second one at\n"
    "once), with status 130 or 143; with -o, FILE is then not written.\n"
    "\n"
    "Exit status: 0 success, 1 usage error, 2 a file could not be read or written.\n";

static void print_help(void)
{
    fputs(usage_text, stdout);
    fputs(usage_notes, stdout);
    exit(0);
}

static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "glossa: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'glossa --help'.\n");
    exit(1);
}

/* ---- Options ------------------------------------------------------------------------ */

static void list_languages(const app *a)
{
    strbuf out = {0};
    if (a->opt->format == TSV && a->opt->header)
        sb_puts(&out, "tag\tiso639_3\tname\tscript\n");
    for (int i = 0; i < glossa_model_language_count(a->model); i++) {
        const glossa_language *l = glossa_model_language(a->model, i);
        if (a->opt->format == JSON) {
            sb_printf(&out, "{\"tag\": \"%s\", \"iso\": \"%s\", \"iso639_3\": \"%s\", \"name\": ", l->tag, l->iso,
                      l->iso639_3);
            sb_json_string(&out, l->name, strlen(l->name));
            sb_printf(&out, ", \"script\": \"%s\"}\n", l->script);
        } else {
            sb_printf(&out, "%s\t%s\t%s\t%s\n", a->opt->iso_tags ? l->iso : l->tag, l->iso639_3, l->name, l->script);
        }
    }
    write_out(stdout, &out);
    sb_free(&out);
}

/* An option's value: after '=' (--name=value), attached to a short option
 * (-k2), or the next argument. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=' && name[1] == '-')
        return arg + n + 1;
    if (arg[n] != '\0')
        return arg + n;
    if (*i + 1 >= argc)
        usage_error("option %s needs a value", name);
    return argv[++*i];
}

/* Whether arg is the option name, with its value attached or not. */
static int is_option(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || (arg[n] == '=' && name[1] == '-') || name[1] != '-');
}

static long number_option(int argc, char **argv, int *i, const char *name, long lo, long hi)
{
    const char *v = option_value(argc, argv, i, name);
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || n < lo || n > hi) {
        char message[96];
        snprintf(message, sizeof message, "%s takes a number from %ld to %ld, not '%%s'", name, lo, hi);
        usage_error(message, v);
    }
    return n;
}

/* The options that set one field: flags (to 1), and options whose value
 * is kept as given. */
static const struct named_option {
    const char *name, *alias;
    size_t field;
    int takes_value;
} named_options[] = {
    {"--lines", "-l", offsetof(options, lines), 0},
    {"--jsonl", NULL, offsetof(options, jsonl), 0},
    {"--spans", NULL, offsetof(options, spans), 0},
    {"--summary", NULL, offsetof(options, summary), 0},
    {"--quiet", "-q", offsetof(options, quiet), 0},
    {"--header", NULL, offsetof(options, header), 0},
    {"--reliable", NULL, offsetof(options, show_reliable), 0},
    {"--list-languages", NULL, offsetof(options, list_languages), 0},
    {"--version", NULL, offsetof(options, show_version), 0},
    {"--only", NULL, offsetof(options, only), 1},
    {"--except", NULL, offsetof(options, except), 1},
    {"--output", "-o", offsetof(options, output), 1},
    {"--model", NULL, offsetof(options, model_path), 1},
    {"--field", NULL, offsetof(options, field), 1},
    {"--lang-field", NULL, offsetof(options, lang_field), 1},
    {"--prob-field", NULL, offsetof(options, prob_field), 1},
    {"--rejects", NULL, offsetof(options, rejects), 1},
};

/* Whether arg is the name (a flag exactly; an option with its value
 * attached or not). */
static int names_option(const char *arg, const char *name, int takes_value)
{
    return name && (takes_value ? is_option(arg, name) : strcmp(arg, name) == 0);
}

/* Sets the option of the table that argv[*i] names (with flags_only, a
 * flag only); 0 when it names none. */
static int set_named_option(int argc, char **argv, int *i, options *o, int flags_only)
{
    for (size_t t = 0; t < sizeof named_options / sizeof named_options[0]; t++) {
        const struct named_option *opt = &named_options[t];
        if (flags_only && opt->takes_value)
            continue;
        const char *name = names_option(argv[*i], opt->name, opt->takes_value)    ? opt->name
                           : names_option(argv[*i], opt->alias, opt->takes_value) ? opt->alias
                                                                                  : NULL;
        if (!name)
            continue;
        void *field = (char *)o + opt->field;
        if (opt->takes_value)
            *(const char **)field = option_value(argc, argv, i, name);
        else
            *(int *)field = 1;
        return 1;
    }
    return 0;
}

/* The first letter of a cluster of short options ("-lq", "-lk3", "-qj 2"):
 * a flag is set and taken off the cluster, so that the rest is read as an
 * option of its own. 0 when the letter is not a flag. */
static int short_flag(char *cluster, options *o)
{
    if (cluster[1] == 'h')
        print_help();
    char letter[3] = {'-', cluster[1], '\0'};
    char *one[] = {letter};
    int at = 0;
    if (!set_named_option(1, one, &at, o, 1))
        return 0;
    memmove(cluster + 1, cluster + 2, strlen(cluster + 2) + 1);
    return 1;
}

static void settle_options(options *o);

/* The index of an option's value among choices (NULL-ended); a usage error
 * that names them otherwise. */
static int choice(int argc, char **argv, int *i, const char *name, const char *const *choices, const char *message)
{
    const char *v = option_value(argc, argv, i, name);
    for (int c = 0; choices[c]; c++)
        if (strcmp(v, choices[c]) == 0)
            return c;
    usage_error(message, v);
    return -1;
}

static void parse_args(int argc, char **argv, options *o)
{
    static const char *const formats[] = {"text", "tsv", "json", "tag", NULL}; /* enum format's order */
    static const char *const tag_styles[] = {"bcp47", "iso", NULL};
    static const char *const priors[] = {"population", "flat", NULL};
    static const char *const utf8[] = {"keep", "replace", NULL};
    int only_files = 0;
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
            o->files[o->n_files++] = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_files = 1;
        } else if (set_named_option(argc, argv, &i, o, 0)) {
            continue;
        } else if (arg[1] != '-' && arg[2] && short_flag(argv[i], o)) {
            i--; /* the rest of the cluster, as an option of its own */
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            print_help();
        } else if (is_option(arg, "-k")) {
            o->k = (int)number_option(argc, argv, &i, "-k", 1, MAX_K);
            o->k_given = 1;
        } else if (is_option(arg, "-j")) {
            o->threads = (unsigned)number_option(argc, argv, &i, "-j", 0, POOL_MAX_THREADS); /* 0: all cores */
        } else if (is_option(arg, "--format")) {
            o->format = (enum format)choice(argc, argv, &i, "--format", formats,
                                            "unknown format '%s' (text, tsv, json or tag)");
            o->format_given = 1;
        } else if (is_option(arg, "--tag")) {
            o->iso_tags = choice(argc, argv, &i, "--tag", tag_styles, "unknown tag style '%s' (bcp47 or iso)");
        } else if (is_option(arg, "--prior")) {
            o->prior = choice(argc, argv, &i, "--prior", priors, "unknown prior '%s' (population or flat)") == 0
                           ? GLOSSA_PRIOR_POPULATION
                           : GLOSSA_PRIOR_FLAT;
        } else if (is_option(arg, "--utf8")) {
            o->utf8_replace = choice(argc, argv, &i, "--utf8", utf8, "unknown --utf8 handling '%s' (keep or replace)");
        } else if (is_option(arg, "--min-prob")) {
            const char *v = option_value(argc, argv, &i, "--min-prob");
            char *end;
            double p = strtod(v, &end);
            if (*end || end == v || !(p >= 0.0 && p <= 1.0))
                usage_error("--min-prob takes a probability from 0 to 1, not '%s'", v);
            o->min_prob = (float)p;
        } else {
            usage_error("unknown option '%s'", arg);
        }
    }
    settle_options(o);
}

/* Options that a mode has no use for are refused, never ignored. */
static void refuse_what_does_not_apply(const options *o)
{
    if (o->header && o->format != TSV)
        usage_error("%s goes with --format tsv", "--header");
    if (o->jsonl && o->format_given)
        usage_error("%s: --jsonl writes the records back, as JSON Lines", "--format");
    if (o->jsonl && (o->summary || o->show_reliable))
        usage_error("%s does not go with --jsonl (its records get lang, lang_prob, and lang_top or lang_spans)",
                    o->summary ? "--summary" : "--reliable");
    if (spans_mode(o) && o->show_reliable)
        usage_error("%s goes with results, not with --spans or --summary", "--reliable");
    if (o->spans && !o->summary && o->k_given && !o->jsonl)
        usage_error("%s does not go with --spans: a span has one language (with --summary, -k N keeps N of "
                    "its languages)", "-k");
    if (spans_mode(o) && o->format == TAG)
        usage_error("%s prints the tags of results, not spans or summaries", "--format tag");
    if (o->spans && o->summary && o->format == TSV)
        usage_error("%s: a tsv holds rows of one kind (use text or json for both)", "--spans with --summary");
}

/* What the options imply once all are read: combinations checked,
 * defaults filled in. */
static void settle_options(options *o)
{
    if (o->jsonl && o->lines)
        usage_error("%s and --lines exclude each other", "--jsonl");
    if (!o->jsonl && (o->field || o->lang_field || o->prob_field || o->rejects || o->utf8_replace))
        usage_error("%s goes with --jsonl", o->field ? "--field" : o->rejects ? "--rejects" : o->utf8_replace ? "--utf8"
                                                                                     : "--lang-field/--prob-field");
    refuse_what_does_not_apply(o);
    if (!o->field) o->field = "text";
    if (!o->lang_field) o->lang_field = "lang";
    if (!o->prob_field) o->prob_field = "lang_prob";
    if (strlen(o->lang_field) > 200 || strlen(o->field) > 200)
        usage_error("%s: field name too long", strlen(o->field) > 200 ? o->field : o->lang_field);
    snprintf(o->field_head, sizeof o->field_head, "%.*s", (int)strcspn(o->field, "."), o->field);
    snprintf(o->top_field, sizeof o->top_field, "%s_top", o->lang_field);
    snprintf(o->spans_field, sizeof o->spans_field, "%s_spans", o->lang_field);
    if (o->threads == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o->threads = cores < 1 ? 1 : cores > POOL_MAX_THREADS ? POOL_MAX_THREADS : (unsigned)cores;
    }
    if (o->n_files == 0) /* standard input */
        o->files[o->n_files++] = "-";
}

/* A detector with the prior and the threshold that the options ask for. */
static int create_detector(const glossa_model *model, const options *o, glossa_detector **out)
{
    int status = glossa_detector_create(model, out);
    if (status == GLOSSA_OK)
        status = glossa_detector_set_prior(*out, o->prior, GLOSSA_PRIOR_STRENGTH);
    if (status == GLOSSA_OK)
        status = glossa_detector_set_min_probability(*out, o->min_prob);
    return status;
}

/* The allowlist of --only LANGS (every language without it) less the
 * languages of --except LANGS; every tag must name languages of the model. */
static void parse_allowlist(const app *a, glossa_langset *set)
{
    const options *o = a->opt;
    glossa_list_error e;
    const char *failed = NULL;
    if (o->only) {
        glossa_langset_clear(set);
        if (glossa_langset_add_list(set, a->model, o->only, &e) != GLOSSA_OK)
            failed = "--only";
    } else {
        glossa_langset_fill(set, a->model);
    }
    if (!failed && o->except && glossa_langset_remove_list(set, a->model, o->except, &e) != GLOSSA_OK)
        failed = "--except";
    if (failed) {
        fprintf(stderr, "glossa: %s: %s (see --list-languages)\n", failed, e.message);
        exit(1);
    }
    if (glossa_langset_count(set) == 0) {
        fprintf(stderr, "glossa: --except leaves no language%s\n", o->only ? " of --only" : "");
        exit(1);
    }
}

/* The size of all inputs, or -1 when one is not a regular file. */
static int64_t total_size(const options *o)
{
    int64_t total = 0;
    for (int i = 0; i < o->n_files; i++) {
        struct stat st;
        if (strcmp(o->files[i], "-") == 0 || stat(o->files[i], &st) != 0 || !S_ISREG(st.st_mode))
            return -1;
        total += (int64_t)st.st_size;
    }
    return total;
}

/* Out of memory while setting up: nothing to clean up that the end of the
 * program does not. */
static void out_of_memory(void)
{
    fputs("glossa: out of memory\n", stderr);
    exit(2);
}

static void print_version(const glossa_model *model)
{
    int languages = 0, non_language = 0;
    for (int l = 0; l < glossa_model_language_count(model); l++) {
        int is_zxx = strcmp(glossa_model_language(model, l)->tag, GLOSSA_NON_LANGUAGE_TAG) == 0;
        non_language |= is_zxx;
        languages += !is_zxx;
    }
    printf("glossa %s\nmodel: %d languages%s, corpus %s\n", glossa_version(), languages,
           non_language ? " and " GLOSSA_NON_LANGUAGE_TAG " (not language)" : "", glossa_model_corpus(model));
}

/* --format tsv --header: the columns of the rows that follow. */
static void print_tsv_header(const options *o)
{
    fputs(o->lines && o->n_files > 1 ? "file\tline" : o->lines ? "line" : "file", stdout);
    if (o->spans) {
        fputs("\tstart\tend\tlang\tprob\ttext", stdout);
    } else if (o->summary) {
        for (size_t i = 1; i <= summary_languages(o); i++)
            printf("\tlang%zu\tshare%zu", i, i);
        fputs("\tmixed", stdout);
    } else {
        for (int i = 1; i <= o->k; i++)
            printf("\tlang%d\tprob%d", i, i);
        if (o->show_reliable)
            fputs("\treliable", stdout);
    }
    putchar('\n');
}

/* The threads' detectors and the blocks they label (threads of them: 1
 * when there are no records). */
static pipeline start_pipeline(app *a, worker *workers, void **contexts, unsigned threads)
{
    block *blocks = calloc(2 * (size_t)threads + 1, sizeof *blocks);
    if (!blocks)
        out_of_memory();
    for (unsigned i = 0; i < threads; i++) {
        memset(&workers[i], 0, sizeof workers[i]);
        workers[i].a = a;
        if (create_detector(a->model, a->opt, &workers[i].det) != GLOSSA_OK)
            out_of_memory();
        contexts[i] = &workers[i];
    }
    /* the threads inherit the mask: SIGINT and SIGTERM go to the main thread */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    pipeline pl = {pool_create(threads, contexts, process_block), blocks, 2 * (size_t)threads + 1, 0, 0};
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    for (size_t i = 0; i < pl.cap; i++) {
        blocks[i].st.per_lang = calloc((size_t)a->n_langs + 1, sizeof *blocks[i].st.per_lang);
        if (!blocks[i].st.per_lang || !pl.pool)
            out_of_memory();
    }
    return pl;
}

static void stop_pipeline(pipeline *pl, worker *workers, unsigned threads)
{
    pool_free(pl->pool);
    for (size_t i = 0; i < pl->cap; i++) {
        sb_free(&pl->blocks[i].in);
        sb_free(&pl->blocks[i].out);
        sb_free(&pl->blocks[i].rejects);
        free(pl->blocks[i].st.per_lang);
    }
    free(pl->blocks);
    for (unsigned i = 0; i < threads; i++) {
        sb_free(&workers[i].text);
        sb_free(&workers[i].valid);
        glossa_detector_free(workers[i].det);
    }
}

volatile sig_atomic_t stop_signal;

/* The first SIGINT or SIGTERM asks the run to stop; a second one ends it
 * at once, as without glossa's handler. */
static void ask_to_stop(int sig)
{
    if (stop_signal) {
        signal(sig, SIG_DFL);
        raise(sig);
    }
    stop_signal = sig;
}

/* Without SA_RESTART, so that a read waiting for input returns; writes
 * are made with the signals blocked (write_out), and the threads of the
 * pool block them for good (start_pipeline). */
static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ask_to_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* -o FILE: the output goes to a temporary file beside FILE (standard output
 * is made that file), renamed to FILE only when the run succeeds; removed
 * otherwise, at exit too. */
static char temporary_output[4096];

static void remove_temporary_output(void)
{
    if (temporary_output[0])
        unlink(temporary_output);
}

static void open_output(const char *path)
{
    if (snprintf(temporary_output, sizeof temporary_output, "%s.glossa-XXXXXX", path) >= (int)sizeof temporary_output)
        usage_error("%s: path too long", path);
    int fd = mkstemp(temporary_output);
    if (fd < 0) {
        fprintf(stderr, "glossa: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    atexit(remove_temporary_output);
    mode_t mask = umask(0); /* the mode a plain `> FILE` gives */
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || dup2(fd, STDOUT_FILENO) < 0) {
        fprintf(stderr, "glossa: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    close(fd);
}

/* The end of -o: FILE in place when the run succeeded. */
static int close_output(const char *path, int rc)
{
    flush_stdout();
    if (rc == 0 && fsync(STDOUT_FILENO) != 0 && errno != EINVAL) {
        fprintf(stderr, "glossa: %s: %s\n", path, strerror(errno));
        rc = 2;
    }
    if (rc == 0 && rename(temporary_output, path) != 0) {
        fprintf(stderr, "glossa: %s: %s\n", path, strerror(errno));
        rc = 2;
    }
    if (rc == 0)
        temporary_output[0] = '\0';
    else
        fprintf(stderr, "glossa: %s not written\n", path);
    return rc;
}

/* Every file given, as documents or as records. Returns the exit status. */
static int run_files(app *a, pipeline *pl, worker *main_w)
{
    const options *o = a->opt;
    int rc = 0, records = o->lines || o->jsonl;
    if (o->rejects && !(a->rejects = fopen(o->rejects, "w"))) {
        fprintf(stderr, "glossa: %s: %s\n", o->rejects, strerror(errno));
        return 2;
    }
    if (o->format == TSV && o->header && !o->jsonl)
        print_tsv_header(o);
    a->show_progress = !o->quiet && isatty(STDERR_FILENO);
    a->started = now_seconds();
    a->last_progress = a->started - 1; /* the first call shows the line */
    a->total_size = total_size(o);
    for (int i = 0; i < o->n_files && !stop_signal; i++) {
        const char *name = o->files[i];
        input *in = input_open(name);
        if (!in) {
            fprintf(stderr, "glossa: %s: %s\n", name, strerror(errno));
            rc = 2;
            continue;
        }
        a->current = in;
        const char *shown = strcmp(name, "-") == 0 ? "(stdin)" : name;
        if ((records ? process_records(a, pl, main_w, in, shown) : process_document(a, main_w, in, shown)) != 0)
            rc = 2;
        a->done_size += input_consumed(in);
        a->current = NULL;
        input_close(in);
    }
    progress(a, 1);
    if (records && !o->quiet)
        closing_summary(a, now_seconds() - a->started);
    if (stop_signal) {
        fprintf(stderr, "glossa: stopped by %s after %llu complete %s\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM",
                (unsigned long long)a->total.records, records ? "records" : "documents");
        rc = 128 + stop_signal;
    }
    if (a->rejects && fclose(a->rejects) != 0) {
        fprintf(stderr, "glossa: %s: %s\n", o->rejects, strerror(errno));
        rc = 2;
    }
    return rc;
}

int main(int argc, char **argv)
{
    /* A closed pipe shows up as EPIPE on write, handled in write_out. */
    signal(SIGPIPE, SIG_IGN);
    options o = {0};
    o.k = 1;
    o.prior = GLOSSA_PRIOR_POPULATION;
    parse_args(argc, argv, &o);

    glossa_model *model;
    int status = o.model_path ? glossa_model_load_file(o.model_path, &model) : glossa_model_load_default(&model);
    if (status != GLOSSA_OK) {
        fprintf(stderr, "glossa: %s: %s\n", o.model_path ? o.model_path : "built-in model", glossa_strerror(status));
        free(o.files);
        return 2;
    }
    app a = {0};
    a.opt = &o;
    a.model = model;
    a.n_langs = glossa_model_language_count(model);
    a.total.per_lang = calloc((size_t)a.n_langs + 1, sizeof *a.total.per_lang);
    if (!a.total.per_lang)
        out_of_memory();
    unsigned threads = o.lines || o.jsonl ? o.threads : 1;
    worker workers[POOL_MAX_THREADS];
    void *contexts[POOL_MAX_THREADS];
    pipeline pl = start_pipeline(&a, workers, contexts, threads);
    /* The main thread's own detector, for documents and long lines. */
    worker main_w = {0};
    main_w.a = &a;
    if (create_detector(model, &o, &main_w.det) != GLOSSA_OK)
        out_of_memory();

    int rc = 0;
    glossa_langset only;
    if (o.show_version) {
        print_version(model);
    } else if (o.list_languages) {
        list_languages(&a);
    } else {
        if (o.only || o.except) {
            parse_allowlist(&a, &only);
            a.only = &only;
        }
        if (o.output)
            open_output(o.output);
        catch_stop_signals();
        rc = run_files(&a, &pl, &main_w);
    }
    if (o.output)
        rc = close_output(o.output, rc);
    flush_stdout();
    stop_pipeline(&pl, workers, threads);
    glossa_detector_free(main_w.det);
    free(a.total.per_lang);
    free(o.files);
    glossa_model_free(model);
    return rc;
}
