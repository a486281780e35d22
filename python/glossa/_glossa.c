/*
 * glossa._glossa: the CPython binding of libglossa.
 *
 * The built-in model is loaded once, when the module is first imported, and
 * shared by every thread of the process. Each call takes a detector from a
 * pool of idle ones (or creates one), releases the GIL for the detection,
 * and gives the detector back: no two threads ever use one detector at the
 * same time, there are never more detectors than calls that ran at the same
 * time, and at most IDLE_MAX are kept. The pool is guarded by the GIL.
 *
 * detect_many labels a list in one call: its texts are encoded with the GIL
 * held, then labelled with it released, on up to `threads` threads, each
 * with a detector of its own from the pool.
 *
 * Text is a str. It is given to the library as UTF-8; a str that cannot be
 * encoded (lone surrogates, as from errors="surrogateescape") is encoded
 * with errors="replace", so each lone surrogate is read as one '?'. Either
 * way each code point is one UTF-8 character, and the library's byte
 * offsets are turned into str indices by counting characters.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "glossa.h"

/* Never freed: a thread that is still detecting (with the GIL released)
 * when the interpreter exits may still read the model, its detector and
 * the tag strings. */
static glossa_model *model;
static int n_languages;
/* The tag of language index i as a str, at [i + 1] (GLOSSA_UND at [0]). */
static PyObject **tags;

#define IDLE_MAX 64
static glossa_detector *idle[IDLE_MAX];
static int n_idle;

static PyTypeObject *Guess_type, *Span_type, *Language_type, *Share_type, *Summary_type;

/* The bounds of the CLI's -k and -j. */
#define MAX_K 50
#define MAX_THREADS 64

static PyObject *raise_status(int status)
{
    if (status == GLOSSA_E_NO_MEMORY)
        return PyErr_NoMemory();
    return PyErr_Format(PyExc_RuntimeError, "glossa: %s", glossa_strerror(status));
}

/* With the GIL held. */
static glossa_detector *take_detector(void)
{
    if (n_idle > 0)
        return idle[--n_idle];
    glossa_detector *d;
    int rc = glossa_detector_create(model, &d);
    if (rc != GLOSSA_OK) {
        raise_status(rc);
        return NULL;
    }
    return d;
}

/* With the GIL held. */
static void give_back(glossa_detector *d)
{
    if (n_idle < IDLE_MAX)
        idle[n_idle++] = d;
    else
        glossa_detector_free(d);
}

/* A str as UTF-8: bytes [p, p + len), valid while the str (and encoded,
 * when not NULL) lives. */
typedef struct utf8_text {
    const char *p;
    Py_ssize_t len;
    PyObject *encoded;
} utf8_text;

static int text_utf8(PyObject *text, utf8_text *t)
{
    t->encoded = NULL;
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "text must be str, not %.100s", Py_TYPE(text)->tp_name);
        return -1;
    }
    t->p = PyUnicode_AsUTF8AndSize(text, &t->len);
    if (t->p)
        return 0;
    if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
        return -1;
    PyErr_Clear();
    t->encoded = PyUnicode_AsEncodedString(text, "utf-8", "replace");
    if (!t->encoded)
        return -1;
    t->p = PyBytes_AS_STRING(t->encoded);
    t->len = PyBytes_GET_SIZE(t->encoded);
    return 0;
}

/* only: None (returns 0), or an iterable of tags, parsed as one list by the
 * library into set (returns 1). -1 with an exception set: not an iterable of
 * str (TypeError), a tag that names no language of the model, or no tag at
 * all (ValueError). */
static int parse_only(PyObject *only, glossa_langset *set)
{
    if (only == Py_None)
        return 0;
    if (PyUnicode_Check(only)) {
        PyErr_SetString(PyExc_TypeError, "only must be an iterable of language tags, not a str");
        return -1;
    }
    PyObject *tags = PySequence_Fast(only, "only must be an iterable of language tags");
    PyObject *comma = tags ? PyUnicode_FromString(",") : NULL;
    PyObject *list = comma ? PyUnicode_Join(comma, tags) : NULL;
    Py_XDECREF(comma);
    Py_XDECREF(tags);
    Py_ssize_t len;
    const char *utf8 = list ? PyUnicode_AsUTF8AndSize(list, &len) : NULL;
    int rc = -1;
    glossa_list_error e;
    glossa_langset_clear(set);
    if (utf8 && (size_t)len != strlen(utf8))
        PyErr_SetString(PyExc_ValueError, "only: a language tag holds a NUL character");
    else if (utf8 && glossa_langset_add_list(set, model, utf8, &e) != GLOSSA_OK)
        PyErr_Format(PyExc_ValueError, "only: %s", e.message);
    else if (utf8)
        rc = 1;
    Py_XDECREF(list);
    return rc;
}

static PyObject *tag_of(int language)
{
    PyObject *tag = tags[language + 1];
    Py_INCREF(tag);
    return tag;
}

/* reliable is the result's: it speaks of the best guess alone. */
static PyObject *new_guess(const glossa_guess *g, int reliable)
{
    PyObject *guess = PyStructSequence_New(Guess_type);
    PyObject *prob = PyFloat_FromDouble(g->probability);
    if (!guess || !prob) {
        Py_XDECREF(guess);
        Py_XDECREF(prob);
        return NULL;
    }
    PyStructSequence_SET_ITEM(guess, 0, tag_of(g->language));
    PyStructSequence_SET_ITEM(guess, 1, prob);
    PyStructSequence_SET_ITEM(guess, 2, PyBool_FromLong(reliable));
    return guess;
}

/* detect's answer for one text: a Guess, or (as_list, when k was given) a
 * list of the count guesses, best first, only the best of which can be
 * reliable. */
static PyObject *answer(const glossa_guess *guesses, size_t count, int reliable, int as_list)
{
    if (!as_list)
        return new_guess(&guesses[0], reliable);
    PyObject *list = PyList_New((Py_ssize_t)count);
    for (size_t i = 0; list && i < count; i++) {
        PyObject *guess = new_guess(&guesses[i], i == 0 && reliable);
        if (!guess)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, guess);
    }
    return list;
}

/* prior: "population" (the default, also for None) or "flat". */
static int parse_prior(PyObject *prior)
{
    if (prior == Py_None)
        return GLOSSA_PRIOR_POPULATION;
    if (PyUnicode_Check(prior)) {
        if (PyUnicode_CompareWithASCIIString(prior, "population") == 0)
            return GLOSSA_PRIOR_POPULATION;
        if (PyUnicode_CompareWithASCIIString(prior, "flat") == 0)
            return GLOSSA_PRIOR_FLAT;
    }
    PyErr_Format(PyExc_ValueError, "prior must be 'population' or 'flat', not %R", prior);
    return -1;
}

/* min_prob: a number from 0 to 1 (None: 0). A bool is no number here. */
static int parse_min_prob(PyObject *arg, float *out)
{
    double min_prob = 0.0;
    if (arg != Py_None) {
        if (PyBool_Check(arg) || (!PyFloat_Check(arg) && !PyLong_Check(arg))) {
            PyErr_Format(PyExc_TypeError, "min_prob must be a number, not %.100s", Py_TYPE(arg)->tp_name);
            return -1;
        }
        min_prob = PyFloat_AsDouble(arg);
        if (min_prob == -1.0 && PyErr_Occurred())
            return -1;
        if (!(min_prob >= 0.0 && min_prob <= 1.0)) {
            PyErr_Format(PyExc_ValueError, "min_prob must be from 0 to 1, not %R", arg);
            return -1;
        }
    }
    *out = (float)min_prob;
    return 0;
}

/* A count such as k, checked as the CLI checks -k and -j: an int (not a
 * bool) from lo to hi, or None for fallback. */
static int parse_count(PyObject *arg, const char *name, long lo, long hi, long fallback, long *out)
{
    if (arg == Py_None) {
        *out = fallback;
        return 0;
    }
    int overflow = 0;
    long n = PyLong_Check(arg) && !PyBool_Check(arg) ? PyLong_AsLongAndOverflow(arg, &overflow) : lo - 1;
    if (n == -1 && PyErr_Occurred())
        return -1;
    if (overflow || n < lo || n > hi) {
        PyErr_Format(PyLong_Check(arg) && !PyBool_Check(arg) ? PyExc_ValueError : PyExc_TypeError,
                     "%s takes a number from %ld to %ld, not %R", name, lo, hi, arg);
        return -1;
    }
    *out = n;
    return 0;
}

/* The options of a call: its allowlist, prior and threshold. */
typedef struct options {
    glossa_langset set;
    const glossa_langset *only; /* &set, or NULL for every language */
    int prior;
    float min_prob;
} options;

static int parse_options(PyObject *only, PyObject *prior, PyObject *min_prob, options *o)
{
    o->prior = parse_prior(prior);
    if (o->prior < 0 || parse_min_prob(min_prob, &o->min_prob) < 0)
        return -1;
    int restricted = parse_only(only, &o->set);
    if (restricted < 0)
        return -1;
    o->only = restricted ? &o->set : NULL;
    return 0;
}

/* A detector from the pool, with the prior and threshold of o. With the
 * GIL held. */
static glossa_detector *take_configured(const options *o)
{
    glossa_detector *d = take_detector();
    if (d) {
        glossa_detector_set_prior(d, o->prior, GLOSSA_PRIOR_STRENGTH);
        glossa_detector_set_min_probability(d, o->min_prob);
    }
    return d;
}

/* What a call on one text needs: its options, its text as UTF-8 and a
 * detector. begin_call prepares it (-1 with an exception set); end_call,
 * with the GIL held, gives the detector back and releases the text. */
typedef struct call {
    options opt;
    utf8_text text;
    glossa_detector *det;
} call;

static int begin_call(PyObject *text, PyObject *only, PyObject *prior, PyObject *min_prob, call *c)
{
    if (parse_options(only, prior, min_prob, &c->opt) < 0 || text_utf8(text, &c->text) < 0)
        return -1;
    c->det = take_configured(&c->opt);
    if (!c->det) {
        Py_XDECREF(c->text.encoded);
        return -1;
    }
    return 0;
}

static void end_call(call *c)
{
    give_back(c->det);
    Py_XDECREF(c->text.encoded);
}

static PyObject *detect(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"text", "k", "only", "prior", "min_prob", NULL};
    PyObject *text, *k_arg = Py_None, *only = Py_None, *prior = Py_None, *min_prob = Py_None;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$OOOO:detect", kwlist, &text, &k_arg, &only, &prior,
                                     &min_prob))
        return NULL;
    long k;
    call c;
    if (parse_count(k_arg, "k", 1, MAX_K, 1, &k) < 0 || begin_call(text, only, prior, min_prob, &c) < 0)
        return NULL;
    glossa_guess guesses[MAX_K];
    glossa_result r;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = glossa_detect(c.det, c.text.p, (size_t)c.text.len, c.opt.only, guesses, (size_t)k, &r);
    Py_END_ALLOW_THREADS
    end_call(&c);
    if (rc != GLOSSA_OK)
        return raise_status(rc);
    return answer(guesses, r.count, r.reliable, k_arg != Py_None);
}

/* ---- detect_many ---- */

/* Threads take texts CHUNK at a time, so that long texts do not leave one
 * thread with all the work. */
#define CHUNK 64

/* Texts to label and their results, shared by the threads. */
typedef struct batch {
    const utf8_text *texts;
    size_t n, k;
    const glossa_langset *only;
    glossa_guess *guesses; /* k per text */
    struct label {
        unsigned char count, reliable; /* of glossa_result (count <= MAX_K) */
    } *labels;
    atomic_size_t next; /* the first text no thread has taken */
    atomic_int status;  /* GLOSSA_OK, or a failure */
} batch;

typedef struct worker {
    batch *b;
    glossa_detector *det;
    pthread_t thread;
    int started;
} worker;

/* Without the GIL. */
static void label_batch(batch *b, glossa_detector *det)
{
    size_t start;
    while ((start = atomic_fetch_add(&b->next, CHUNK)) < b->n) {
        size_t end = b->n - start < CHUNK ? b->n : start + CHUNK;
        for (size_t i = start; i < end; i++) {
            glossa_result r = {0, 0, 0};
            int rc = glossa_detect(det, b->texts[i].p, (size_t)b->texts[i].len, b->only, &b->guesses[i * b->k],
                                   b->k, &r);
            if (rc != GLOSSA_OK)
                atomic_store(&b->status, rc);
            b->labels[i] = (struct label){(unsigned char)r.count, (unsigned char)r.reliable};
        }
    }
}

static void *label_thread(void *p)
{
    worker *w = p;
    label_batch(w->b, w->det);
    return NULL;
}

/* Labels on n_workers threads, this one among them; a thread that cannot
 * start leaves its share to the others. Without the GIL. */
static void label_on_threads(worker *workers, int n_workers)
{
    for (int i = 1; i < n_workers; i++)
        workers[i].started = pthread_create(&workers[i].thread, NULL, label_thread, &workers[i]) == 0;
    label_batch(workers[0].b, workers[0].det);
    for (int i = 1; i < n_workers; i++)
        if (workers[i].started)
            pthread_join(workers[i].thread, NULL);
}

/* Labels b on up to threads threads (no more than it has chunks), each
 * with a detector of the pool. -1 with an exception set. */
static int run_batch(batch *b, const options *opt, long threads)
{
    atomic_init(&b->next, 0);
    atomic_init(&b->status, GLOSSA_OK);
    worker workers[MAX_THREADS];
    int n_workers = 0, failed = 0;
    size_t chunks = (b->n + CHUNK - 1) / CHUNK;
    do {
        workers[n_workers] = (worker){b, take_configured(opt), 0, 0};
        if (!workers[n_workers].det) {
            failed = 1;
            break;
        }
        n_workers++;
    } while (n_workers < threads && (size_t)n_workers < chunks);
    if (!failed) {
        Py_BEGIN_ALLOW_THREADS
        label_on_threads(workers, n_workers);
        Py_END_ALLOW_THREADS
    }
    for (int i = 0; i < n_workers; i++)
        give_back(workers[i].det);
    if (!failed && atomic_load(&b->status) != GLOSSA_OK) {
        raise_status(atomic_load(&b->status));
        failed = 1;
    }
    return failed ? -1 : 0;
}

/* The texts of list as UTF-8 into texts[0 .. n). -1 with an exception
 * set, and nothing to release. */
static int encode_texts(PyObject *list, utf8_text *texts)
{
    Py_ssize_t n = PyList_GET_SIZE(list);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(list, i);
        if (!PyUnicode_Check(text))
            PyErr_Format(PyExc_TypeError, "texts[%zd] must be str, not %.100s", i, Py_TYPE(text)->tp_name);
        if (PyErr_Occurred() || text_utf8(text, &texts[i]) < 0) {
            while (i-- > 0)
                Py_XDECREF(texts[i].encoded);
            return -1;
        }
    }
    return 0;
}

/* detect's answer for every text of b, in order. */
static PyObject *answers(const batch *b, int as_list)
{
    PyObject *list = PyList_New((Py_ssize_t)b->n);
    for (size_t i = 0; list && i < b->n; i++) {
        PyObject *one = answer(&b->guesses[i * b->k], b->labels[i].count, b->labels[i].reliable, as_list);
        if (!one)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, one);
    }
    return list;
}

/* detect_many's answers for the texts of list, a list of its own. */
static PyObject *label_list(PyObject *list, const options *opt, size_t k, long threads, int as_list)
{
    size_t n = (size_t)PyList_GET_SIZE(list);
    batch b = {.n = n, .k = k, .only = opt->only};
    utf8_text *texts = PyMem_Calloc(n, sizeof *texts);
    b.guesses = PyMem_Calloc(n, k * sizeof *b.guesses);
    b.labels = PyMem_Calloc(n, sizeof *b.labels);
    PyObject *result = NULL;
    if (!texts || !b.guesses || !b.labels) {
        PyErr_NoMemory();
    } else if (encode_texts(list, texts) == 0) {
        b.texts = texts;
        if (run_batch(&b, opt, threads) == 0)
            result = answers(&b, as_list);
        for (size_t i = 0; i < n; i++)
            Py_XDECREF(texts[i].encoded);
    }
    PyMem_Free(texts);
    PyMem_Free(b.guesses);
    PyMem_Free(b.labels);
    return result;
}

static PyObject *detect_many(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"texts", "k", "only", "prior", "min_prob", "threads", NULL};
    PyObject *texts, *k_arg = Py_None, *only = Py_None, *prior = Py_None, *min_prob = Py_None,
             *threads_arg = Py_None;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$OOOOO:detect_many", kwlist, &texts, &k_arg, &only, &prior,
                                     &min_prob, &threads_arg))
        return NULL;
    long k, threads;
    options opt;
    if (parse_count(k_arg, "k", 1, MAX_K, 1, &k) < 0 ||
        parse_count(threads_arg, "threads", 0, MAX_THREADS, 1, &threads) < 0 ||
        parse_options(only, prior, min_prob, &opt) < 0)
        return NULL;
    if (threads == 0) { /* all cores, as the CLI's -j 0 */
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : cores;
    }
    if (PyUnicode_Check(texts)) {
        PyErr_SetString(PyExc_TypeError, "texts must be a list of str, not a str");
        return NULL;
    }
    /* A list of our own: its texts live while the GIL is released, whatever
     * other threads do to the caller's. */
    PyObject *list = PySequence_List(texts);
    if (!list)
        return NULL;
    PyObject *result = label_list(list, &opt, (size_t)k, threads, k_arg != Py_None);
    Py_DECREF(list);
    return result;
}

/* Spans as they are found, offsets in bytes; then in code points. */
typedef struct span_item {
    size_t start, end;
    int language;
    float probability;
} span_item;

typedef struct span_list {
    span_item *items;
    size_t count, capacity;
    int no_memory;
} span_list;

/* Called without the GIL: allocates with PyMem_Raw*. */
static void collect_span(void *user, const glossa_span *span)
{
    span_list *list = user;
    if (list->no_memory)
        return;
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? 2 * list->capacity : 16;
        span_item *items = PyMem_RawRealloc(list->items, capacity * sizeof *items);
        if (!items) {
            list->no_memory = 1;
            return;
        }
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count++] = (span_item){span->start, span->end, span->language, span->probability};
}

/* Byte offsets into text to code point indices. The spans are in order and
 * their offsets fall on character boundaries: one pass that counts the
 * bytes which start a character. */
static void offsets_to_indices(const char *text, span_list *list)
{
    size_t byte = 0, index = 0;
    for (size_t i = 0; i < list->count; i++) {
        size_t *offsets[2] = {&list->items[i].start, &list->items[i].end};
        for (int j = 0; j < 2; j++) {
            for (; byte < *offsets[j]; byte++)
                index += ((unsigned char)text[byte] & 0xC0) != 0x80;
            *offsets[j] = index;
        }
    }
}

/* The spans of c's text, each to on_span (which may be NULL), and its
 * summary (which may be NULL). Without the GIL. */
static int find_spans(const call *c, glossa_span_fn on_span, void *user, glossa_summary *summary)
{
    int rc = glossa_spans_begin(c->det, c->opt.only, on_span, user);
    if (rc == GLOSSA_OK)
        rc = glossa_spans_feed(c->det, c->text.p, (size_t)c->text.len);
    if (rc == GLOSSA_OK)
        rc = glossa_spans_end(c->det, summary);
    return rc;
}

/* The arguments of spans() and summary(), (text, *, only, prior), parsed by
 * format ("O|$OO:name") into a call begun, with *text set. -1 with an
 * exception set. */
static int begin_spans_call(PyObject *args, PyObject *kwargs, const char *format, PyObject **text, call *c)
{
    static char *kwlist[] = {"text", "only", "prior", NULL};
    PyObject *only = Py_None, *prior = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, format, kwlist, text, &only, &prior))
        return -1;
    return begin_call(*text, only, prior, Py_None, c);
}

static PyObject *spans(PyObject *self, PyObject *args, PyObject *kwargs)
{
    PyObject *text;
    call c;
    (void)self;
    if (begin_spans_call(args, kwargs, "O|$OO:spans", &text, &c) < 0)
        return NULL;
    int ascii = !c.text.encoded && PyUnicode_IS_ASCII(text);
    span_list found = {NULL, 0, 0, 0};
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = find_spans(&c, collect_span, &found, NULL);
    if (rc == GLOSSA_OK && !found.no_memory && !ascii)
        offsets_to_indices(c.text.p, &found);
    Py_END_ALLOW_THREADS
    end_call(&c);
    PyObject *list = NULL;
    if (rc != GLOSSA_OK)
        raise_status(rc);
    else if (found.no_memory)
        PyErr_NoMemory();
    else
        list = PyList_New((Py_ssize_t)found.count);
    for (size_t i = 0; list && i < found.count; i++) {
        const span_item *s = &found.items[i];
        PyObject *span = PyStructSequence_New(Span_type);
        PyObject *start = PyLong_FromSize_t(s->start);
        PyObject *end = PyLong_FromSize_t(s->end);
        PyObject *prob = PyFloat_FromDouble(s->probability);
        if (!span || !start || !end || !prob) {
            Py_XDECREF(span);
            Py_XDECREF(start);
            Py_XDECREF(end);
            Py_XDECREF(prob);
            Py_CLEAR(list);
            break;
        }
        PyStructSequence_SET_ITEM(span, 0, start);
        PyStructSequence_SET_ITEM(span, 1, end);
        PyStructSequence_SET_ITEM(span, 2, tag_of(s->language));
        PyStructSequence_SET_ITEM(span, 3, prob);
        PyList_SET_ITEM(list, (Py_ssize_t)i, span);
    }
    PyMem_RawFree(found.items);
    return list;
}

/* A glossa_summary as a Summary: its languages as a list of Share. */
static PyObject *new_summary(const glossa_summary *s)
{
    PyObject *summary = PyStructSequence_New(Summary_type);
    PyObject *shares = PyList_New((Py_ssize_t)s->count);
    PyObject *n_spans = PyLong_FromSize_t(s->spans);
    PyObject *letters = PyLong_FromSize_t(s->letters);
    int ok = summary && shares && n_spans && letters;
    for (size_t i = 0; ok && i < s->count; i++) {
        PyObject *share = PyStructSequence_New(Share_type);
        PyObject *fraction = PyFloat_FromDouble(s->top[i].share);
        PyObject *count = PyLong_FromSize_t(s->top[i].letters);
        ok = share && fraction && count;
        if (!ok) {
            Py_XDECREF(share);
            Py_XDECREF(fraction);
            Py_XDECREF(count);
            break;
        }
        PyStructSequence_SET_ITEM(share, 0, tag_of(s->top[i].language));
        PyStructSequence_SET_ITEM(share, 1, fraction);
        PyStructSequence_SET_ITEM(share, 2, count);
        PyList_SET_ITEM(shares, (Py_ssize_t)i, share);
    }
    if (!ok) {
        Py_XDECREF(summary);
        Py_XDECREF(shares);
        Py_XDECREF(n_spans);
        Py_XDECREF(letters);
        return NULL;
    }
    PyStructSequence_SET_ITEM(summary, 0, shares);
    PyStructSequence_SET_ITEM(summary, 1, n_spans);
    PyStructSequence_SET_ITEM(summary, 2, letters);
    PyStructSequence_SET_ITEM(summary, 3, PyBool_FromLong(s->mixed));
    return summary;
}

static PyObject *summary(PyObject *self, PyObject *args, PyObject *kwargs)
{
    PyObject *text;
    call c;
    (void)self;
    if (begin_spans_call(args, kwargs, "O|$OO:summary", &text, &c) < 0)
        return NULL;
    glossa_summary s;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = find_spans(&c, NULL, NULL, &s);
    Py_END_ALLOW_THREADS
    end_call(&c);
    return rc == GLOSSA_OK ? new_summary(&s) : raise_status(rc);
}

static PyObject *languages(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    PyObject *list = PyList_New(n_languages);
    for (int i = 0; list && i < n_languages; i++) {
        const glossa_language *l = glossa_model_language(model, i);
        PyObject *language = PyStructSequence_New(Language_type);
        const char *fields[3] = {l->iso639_3, l->name, l->script};
        PyObject *values[3];
        for (int j = 0; j < 3; j++)
            values[j] = PyUnicode_FromString(fields[j]);
        if (!language || !values[0] || !values[1] || !values[2]) {
            Py_XDECREF(language);
            for (int j = 0; j < 3; j++)
                Py_XDECREF(values[j]);
            Py_CLEAR(list);
            break;
        }
        PyStructSequence_SET_ITEM(language, 0, tag_of(i));
        for (int j = 0; j < 3; j++)
            PyStructSequence_SET_ITEM(language, j + 1, values[j]);
        PyList_SET_ITEM(list, i, language);
    }
    return list;
}

PyDoc_STRVAR(detect_doc,
             "detect(text, *, k=None, only=None, prior='population', min_prob=0.0)\n--\n\n"
             "The language of text: a Guess (lang, prob), or with k (1 to 50) the k most\n"
             "likely languages as a list of Guess, best first. guess.reliable tells\n"
             "whether the best guess can be trusted (probability 0.7 or more, a\n"
             "language, the text not mixed); the others are never reliable. only, an\n"
             "iterable of language tags, restricts the answer to those languages.\n"
             "prior 'population' prefers, on a word or two, the languages more people\n"
             "write; 'flat' treats all alike. Guesses below min_prob are left out; when\n"
             "even the best is below it, or the text has no letters, the answer is\n"
             "Guess('und', 0.0).");
PyDoc_STRVAR(detect_many_doc,
             "detect_many(texts, *, k=None, only=None, prior='population', min_prob=0.0, threads=1)\n--\n\n"
             "detect() of every text of texts (an iterable of str), as a list in the\n"
             "same order, labelled in C with the GIL released, on threads threads\n"
             "(0 to 64; 0: all cores). The answers are detect()'s, whatever threads.");
PyDoc_STRVAR(spans_doc,
             "spans(text, *, only=None, prior='population')\n--\n\n"
             "The spans of text in one language, in order, covering it without gap:\n"
             "a list of Span (start, end, lang, prob), where start and end are str\n"
             "indices (text[start:end] is the span). An empty text has no span.");
PyDoc_STRVAR(summary_doc,
             "summary(text, *, only=None, prior='population')\n--\n\n"
             "The languages of text by their share of its letters, as the CLI's\n"
             "--summary: a Summary (languages, spans, letters, mixed), languages a list\n"
             "of Share (lang, share, letters), largest first (at most 8). mixed: a\n"
             "second language holds 5 % of the letters or more.");
PyDoc_STRVAR(languages_doc,
             "languages()\n--\n\n"
             "The model's languages: a list of Language (tag, iso639_3, name, script).");

static PyMethodDef methods[] = {
    {"detect", (PyCFunction)(void (*)(void))detect, METH_VARARGS | METH_KEYWORDS, detect_doc},
    {"detect_many", (PyCFunction)(void (*)(void))detect_many, METH_VARARGS | METH_KEYWORDS, detect_many_doc},
    {"spans", (PyCFunction)(void (*)(void))spans, METH_VARARGS | METH_KEYWORDS, spans_doc},
    {"summary", (PyCFunction)(void (*)(void))summary, METH_VARARGS | METH_KEYWORDS, summary_doc},
    {"languages", languages, METH_NOARGS, languages_doc},
    {NULL, NULL, 0, NULL},
};

/* reliable is not in the tuple: (lang, prob) unpacks and compares as before. */
static PyStructSequence_Field guess_fields[] = {
    {"lang", "the language's BCP 47 tag ('und' when nothing can be said)"},
    {"prob", "its probability, 0 to 1 (0 for 'und')"},
    {"reliable", "whether the answer can be trusted: the best guess, probability 0.7 or more, "
                 "a language (not zxx), the text not mixed"},
    {NULL, NULL},
};
static PyStructSequence_Field span_fields[] = {
    {"start", "str index of the span's first character"},
    {"end", "str index just past the span's last character"},
    {"lang", "the span's language (BCP 47 tag)"},
    {"prob", "the probability of lang for the span's text"},
    {NULL, NULL},
};
static PyStructSequence_Field language_fields[] = {
    {"tag", "BCP 47 tag: 'nl', 'sr-Cyrl'"},
    {"iso639_3", "ISO 639-3 code: 'nld'"},
    {"name", "English name: 'Dutch'"},
    {"script", "ISO 15924 script: 'Latn'"},
    {NULL, NULL},
};
static PyStructSequence_Field share_fields[] = {
    {"lang", "a language of the text (BCP 47 tag)"},
    {"share", "its share of the text's letters, 0 to 1"},
    {"letters", "its letters"},
    {NULL, NULL},
};
static PyStructSequence_Field summary_fields[] = {
    {"languages", "list of Share, largest first (at most 8)"},
    {"spans", "the number of spans in the text"},
    {"letters", "the letters in the text"},
    {"mixed", "whether a second language holds 5 % of the letters or more"},
    {NULL, NULL},
};
static PyStructSequence_Desc guess_desc = {"glossa.Guess", "A language and its probability.", guess_fields, 2};
static PyStructSequence_Desc span_desc = {"glossa.Span", "A span of text in one language.", span_fields, 4};
static PyStructSequence_Desc language_desc = {"glossa.Language", "A language of the model.", language_fields, 4};
static PyStructSequence_Desc share_desc = {"glossa.Share", "A language's share of a text.", share_fields, 3};
static PyStructSequence_Desc summary_desc = {"glossa.Summary", "The languages of a text by their shares.",
                                             summary_fields, 4};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "glossa._glossa", "The CPython binding of libglossa.", -1, methods,
    NULL, NULL, NULL, NULL,
};

/* Sets model, n_languages and tags, all or none. */
static int load_model(void)
{
    glossa_model *m;
    int rc = glossa_model_load_default(&m);
    if (rc != GLOSSA_OK) {
        PyErr_Format(PyExc_ImportError, "glossa: the built-in model: %s", glossa_strerror(rc));
        return -1;
    }
    int count = glossa_model_language_count(m);
    PyObject **t = PyMem_RawCalloc((size_t)count + 1, sizeof *t);
    if (!t) {
        glossa_model_free(m);
        PyErr_NoMemory();
        return -1;
    }
    for (int i = GLOSSA_UND; i < count; i++) {
        t[i + 1] = PyUnicode_InternFromString(glossa_model_language(m, i)->tag);
        if (!t[i + 1]) {
            for (int j = 0; j <= i; j++)
                Py_XDECREF(t[j]);
            PyMem_RawFree(t);
            glossa_model_free(m);
            return -1;
        }
    }
    model = m;
    n_languages = count;
    tags = t;
    return 0;
}

static int add_type(PyObject *module, PyTypeObject **type, PyStructSequence_Desc *desc, const char *name)
{
    *type = PyStructSequence_NewType(desc);
    if (!*type)
        return -1;
    Py_INCREF(*type);
    if (PyModule_AddObject(module, name, (PyObject *)*type) < 0) {
        Py_DECREF(*type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC PyInit__glossa(void)
{
    if (!model && load_model() < 0)
        return NULL;
    PyObject *module = PyModule_Create(&module_def);
    if (!module)
        return NULL;
    if (add_type(module, &Guess_type, &guess_desc, "Guess") < 0 ||
        add_type(module, &Span_type, &span_desc, "Span") < 0 ||
        add_type(module, &Language_type, &language_desc, "Language") < 0 ||
        add_type(module, &Share_type, &share_desc, "Share") < 0 ||
        add_type(module, &Summary_type, &summary_desc, "Summary") < 0 ||
        PyModule_AddStringConstant(module, "__version__", glossa_version()) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
