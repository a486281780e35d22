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
 * Text is a str. It is given to the library as UTF-8; a str that cannot be
 * encoded (lone surrogates, as from errors="surrogateescape") is encoded
 * with errors="replace", so each lone surrogate is read as one '?'. Either
 * way each code point is one UTF-8 character, and the library's byte
 * offsets are turned into str indices by counting characters.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

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

static PyTypeObject *Guess_type, *Span_type, *Language_type;

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

static PyObject *new_guess(const glossa_guess *g)
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
    return guess;
}

/* What one call needs: its allowlist, its text as UTF-8 and a detector.
 * begin_call prepares it (-1 with an exception set); end_call, with the
 * GIL held, gives the detector back and releases the text. */
typedef struct call {
    glossa_langset set;
    const glossa_langset *only; /* &set, or NULL for every language */
    utf8_text text;
    glossa_detector *det;
} call;

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

static int begin_call(PyObject *text, PyObject *only, PyObject *prior_arg, call *c)
{
    int prior = parse_prior(prior_arg);
    if (prior < 0)
        return -1;
    int restricted = parse_only(only, &c->set);
    if (restricted < 0)
        return -1;
    c->only = restricted ? &c->set : NULL;
    if (text_utf8(text, &c->text) < 0)
        return -1;
    c->det = take_detector();
    if (!c->det) {
        Py_XDECREF(c->text.encoded);
        return -1;
    }
    glossa_detector_set_prior(c->det, prior, GLOSSA_PRIOR_STRENGTH);
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
    PyObject *text, *k_arg = Py_None, *only = Py_None, *prior = Py_None, *min_prob_arg = Py_None;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$OOOO:detect", kwlist, &text, &k_arg, &only, &prior,
                                     &min_prob_arg))
        return NULL;
    double min_prob = 0.0;
    if (min_prob_arg != Py_None) {
        if (!PyFloat_Check(min_prob_arg) && !PyLong_Check(min_prob_arg)) {
            PyErr_Format(PyExc_TypeError, "min_prob must be a number, not %.100s", Py_TYPE(min_prob_arg)->tp_name);
            return NULL;
        }
        min_prob = PyFloat_AsDouble(min_prob_arg);
        if (min_prob == -1.0 && PyErr_Occurred())
            return NULL;
        if (!(min_prob >= 0.0 && min_prob <= 1.0)) {
            PyErr_Format(PyExc_ValueError, "min_prob must be from 0 to 1, not %R", min_prob_arg);
            return NULL;
        }
    }
    Py_ssize_t k = 1;
    if (k_arg != Py_None) {
        if (!PyLong_Check(k_arg)) {
            PyErr_Format(PyExc_TypeError, "k must be an int, not %.100s", Py_TYPE(k_arg)->tp_name);
            return NULL;
        }
        k = PyLong_AsSsize_t(k_arg);
        if (k == -1 && PyErr_Occurred())
            return NULL;
        if (k < 1) {
            PyErr_Format(PyExc_ValueError, "k must be at least 1, not %zd", k);
            return NULL;
        }
        if (k > n_languages)
            k = n_languages;
    }
    call c;
    if (begin_call(text, only, prior, &c) < 0)
        return NULL;
    glossa_detector_set_min_probability(c.det, (float)min_prob);
    glossa_guess guesses[GLOSSA_MAX_LANGUAGES];
    glossa_result r;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = glossa_detect(c.det, c.text.p, (size_t)c.text.len, c.only, guesses, (size_t)k, &r);
    Py_END_ALLOW_THREADS
    end_call(&c);
    if (rc != GLOSSA_OK)
        return raise_status(rc);
    if (k_arg == Py_None)
        return new_guess(&guesses[0]);
    PyObject *list = PyList_New((Py_ssize_t)r.count);
    if (!list)
        return NULL;
    for (size_t i = 0; i < r.count; i++) {
        PyObject *guess = new_guess(&guesses[i]);
        if (!guess) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, guess);
    }
    return list;
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

static PyObject *spans(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"text", "only", "prior", NULL};
    PyObject *text, *only = Py_None, *prior = Py_None;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$OO:spans", kwlist, &text, &only, &prior))
        return NULL;
    call c;
    if (begin_call(text, only, prior, &c) < 0)
        return NULL;
    int ascii = !c.text.encoded && PyUnicode_IS_ASCII(text);
    span_list found = {NULL, 0, 0, 0};
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = glossa_spans_begin(c.det, c.only, collect_span, &found);
    if (rc == GLOSSA_OK)
        rc = glossa_spans_feed(c.det, c.text.p, (size_t)c.text.len);
    if (rc == GLOSSA_OK)
        rc = glossa_spans_end(c.det, NULL);
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
             "The language of text: a Guess (lang, prob), or with k the k most likely\n"
             "languages as a list of Guess, best first. only, an iterable of language\n"
             "tags, restricts the answer to those languages. prior 'population'\n"
             "prefers, on a word or two, the languages more people write; 'flat'\n"
             "treats all alike. Guesses below min_prob are left out; when even the\n"
             "best is below it, or the text has no letters, the answer is\n"
             "Guess('und', 0.0).");
PyDoc_STRVAR(spans_doc,
             "spans(text, *, only=None, prior='population')\n--\n\n"
             "The spans of text in one language, in order, covering it without gap:\n"
             "a list of Span (start, end, lang, prob), where start and end are str\n"
             "indices (text[start:end] is the span). An empty text has no span.");
PyDoc_STRVAR(languages_doc,
             "languages()\n--\n\n"
             "The model's languages: a list of Language (tag, iso639_3, name, script).");

static PyMethodDef methods[] = {
    {"detect", (PyCFunction)(void (*)(void))detect, METH_VARARGS | METH_KEYWORDS, detect_doc},
    {"spans", (PyCFunction)(void (*)(void))spans, METH_VARARGS | METH_KEYWORDS, spans_doc},
    {"languages", languages, METH_NOARGS, languages_doc},
    {NULL, NULL, 0, NULL},
};

static PyStructSequence_Field guess_fields[] = {
    {"lang", "the language's BCP 47 tag ('und' when nothing can be said)"},
    {"prob", "its probability, 0 to 1 (0 for 'und')"},
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
static PyStructSequence_Desc guess_desc = {"glossa.Guess", "A language and its probability.", guess_fields, 2};
static PyStructSequence_Desc span_desc = {"glossa.Span", "A span of text in one language.", span_fields, 4};
static PyStructSequence_Desc language_desc = {"glossa.Language", "A language of the model.", language_fields, 4};

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
        PyModule_AddStringConstant(module, "__version__", glossa_version()) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
