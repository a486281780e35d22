/* Language metadata, the tags that name a model's languages, and
 * allowlists. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "language_codes.h"
#include "model.h"

static const glossa_language undetermined = {"und", "und", "und", "Undetermined", "Zyyy"};

int glossa_model_language_count(const glossa_model *model)
{
    return model ? (int)model->n_langs : 0;
}

const glossa_language *glossa_model_language(const glossa_model *model, int index)
{
    if (index == GLOSSA_UND)
        return &undetermined;
    if (!model || index < 0 || (unsigned)index >= model->n_langs)
        return NULL;
    return &model->langs[index];
}

/* ---- Tags --------------------------------------------------------------
 *
 * A tag is matched as BCP 47 lookup (RFC 4647) matches it: by its language
 * subtag, the region and other subtags set aside (de-DE is de), except that
 * a script subtag picks the script (sr-Latn) and so does a region where it
 * decides the script, as CLDR's likely subtags say (zh-TW is zh-Hant). The
 * language subtag may be any ISO 639 code (de, deu, ger, the deprecated iw);
 * when the model does not hold it, its related codes stand in: a
 * macrolanguage for its member (cmn is zh) and a macrolanguage's members
 * for it (no is nb and nn), a code for the one that replaces it or that it
 * replaces (fil is tl). language_codes.c holds the tables. */

/* The parts of a tag that choose languages, lowercased but for the
 * script: "zh-yue-Hant-HK" is {"zh", "yue", "Hant", "hk"}. */
typedef struct {
    char language[4], extlang[4], script[5], region[4];
} tag_parts;

/* Whether each of s[0 .. n) is of a class of <ctype.h> (isalpha, ...). */
static int all_are(const char *s, size_t n, int (*is)(int))
{
    for (size_t i = 0; i < n; i++)
        if (!is((unsigned char)s[i]))
            return 0;
    return 1;
}

/* s[0 .. n) lowercased into out[0 .. size), cut to fit. */
static void copy_lower(char *out, size_t size, const char *s, size_t n)
{
    if (n >= size)
        n = size - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[n] = '\0';
}

/* Appends up to max bytes of s to the string in out[0 .. size), as many as
 * fit. (Not snprintf: stdio would bring its system calls into the
 * WebAssembly build, which imports nothing.) */
static void append(char *out, size_t size, const char *s, size_t max)
{
    size_t at = strlen(out), n = strnlen(s, max);
    if (n > size - 1 - at)
        n = size - 1 - at;
    memcpy(out + at, s, n);
    out[at + n] = '\0';
}

/* Splits a tag at '-' or '_' (the ISO form "srp_Latn" too): a language
 * subtag of 2 or 3 letters, then an extended language subtag, a script and
 * a region where there are. Variants are set aside, and so is everything
 * from a singleton on (extensions, private use), as lookup does. 0 when the
 * tag is not well formed: subtags of 1 to 8 letters and digits. */
static int parse_tag(const char *tag, tag_parts *p)
{
    memset(p, 0, sizeof *p);
    for (int i = 0;; i++) {
        size_t n = strcspn(tag, "-_");
        int letters = all_are(tag, n, isalpha);
        if (n < 1 || n > 8 || !all_are(tag, n, isalnum) || (i == 0 && (n < 2 || n > 3 || !letters)))
            return 0;
        if (i == 0) {
            copy_lower(p->language, sizeof p->language, tag, n);
        } else if (n == 1) {
            return 1;
        } else if (i == 1 && n == 3 && letters) {
            copy_lower(p->extlang, sizeof p->extlang, tag, n);
        } else if (n == 4 && letters && !p->script[0] && !p->region[0]) {
            copy_lower(p->script, sizeof p->script, tag, n);
            p->script[0] = (char)toupper((unsigned char)p->script[0]); /* as ISO 15924 writes it: "Latn" */
        } else if (!p->region[0] && ((n == 2 && letters) || (n == 3 && all_are(tag, n, isdigit)))) {
            copy_lower(p->region, sizeof p->region, tag, n);
        }
        if (!tag[n])
            return 1;
        tag += n + 1;
    }
}

/* The tables' rows start with their key: one comparison serves both. */
static int by_key(const void *key, const void *row)
{
    return strcmp(key, row);
}

/* The ISO 639 language of a lowercase code, through an alias where it is
 * one ("de", "ger", "iw"); NULL for no code. */
static const gl_iso639_language *iso639_of_code(const char *code)
{
    const gl_iso639_alias *alias =
        bsearch(code, gl_iso639_aliases, gl_iso639_alias_count, sizeof *gl_iso639_aliases, by_key);
    return bsearch(alias ? alias->code : code, gl_iso639_languages, gl_iso639_language_count,
                   sizeof *gl_iso639_languages, by_key);
}

static const gl_iso639_language *iso639_of_name(const char *name)
{
    for (size_t i = 0; i < gl_iso639_language_count; i++)
        if (strcasecmp(name, gl_iso639_languages[i].name) == 0)
            return &gl_iso639_languages[i];
    return NULL;
}

/* Copies the first of a list of space-separated codes into code; returns
 * the rest of the list, or NULL when the list holds no more. */
static const char *next_code(const char *list, char code[4])
{
    list += strspn(list, " ");
    size_t n = strcspn(list, " ");
    if (n == 0)
        return NULL;
    code[0] = '\0';
    append(code, 4, list, n);
    return list + n;
}

static int listed(const char *list, const char *code)
{
    char c[4];
    while ((list = next_code(list, c)))
        if (strcmp(c, code) == 0)
            return 1;
    return 0;
}

/* The ISO 639 language that a tag's parts name: its extended language
 * subtag where that is a member of its language (zh-yue is yue). */
static const gl_iso639_language *iso639_of_parts(const tag_parts *p)
{
    const gl_iso639_language *lang = iso639_of_code(p->language);
    const gl_iso639_language *ext = p->extlang[0] ? iso639_of_code(p->extlang) : NULL;
    return lang && ext && listed(ext->related, lang->code) ? ext : lang;
}

static int by_code_and_region(const void *key, const void *row)
{
    const gl_likely_script *a = key, *b = row;
    int c = strcmp(a->code, b->code);
    return c ? c : strcasecmp(a->region, b->region);
}

/* The script that a language is likely written in, in a region: NULL when
 * the region does not decide it. */
static const char *likely_script(const char *code, const char *region)
{
    gl_likely_script key = {{0}, {0}, {0}};
    append(key.code, sizeof key.code, code, SIZE_MAX);
    append(key.region, sizeof key.region, region, SIZE_MAX);
    const gl_likely_script *row =
        bsearch(&key, gl_likely_scripts, gl_likely_script_count, sizeof *gl_likely_scripts, by_code_and_region);
    if (!row) { /* the language's default, where some region decides */
        key.region[0] = '\0';
        row = bsearch(&key, gl_likely_scripts, gl_likely_script_count, sizeof *gl_likely_scripts, by_code_and_region);
    }
    return row ? row->script : NULL;
}

/* Scripts of which one holds the other's characters: a model language
 * written in Han (yue, lzh) is written in Simplified and Traditional
 * characters; Japanese (Jpan) is Han and kana, Korean (Kore) Han and Hangul. */
static const char wider_scripts[][2][5] = {
    {"Hani", "Hans"}, {"Hani", "Hant"}, {"Jpan", "Hani"}, {"Jpan", "Hira"},
    {"Jpan", "Kana"}, {"Jpan", "Hrkt"}, {"Kore", "Hani"}, {"Kore", "Hang"},
};

static int same_script(const char *a, const char *b)
{
    if (strcasecmp(a, b) == 0)
        return 1;
    for (size_t i = 0; i < sizeof wider_scripts / sizeof wider_scripts[0]; i++)
        if ((strcasecmp(a, wider_scripts[i][0]) == 0 && strcasecmp(b, wider_scripts[i][1]) == 0) ||
            (strcasecmp(a, wider_scripts[i][1]) == 0 && strcasecmp(b, wider_scripts[i][0]) == 0))
            return 1;
    return 0;
}

/* Appends to found[n ..] the model's languages of ISO 639-3 code (a
 * language held in several scripts is several). */
static unsigned add_held(const glossa_model *m, const char *code, int *found, unsigned n)
{
    for (unsigned l = 0; l < m->n_langs; l++)
        if (strcasecmp(m->langs[l].iso639_3, code) == 0)
            found[n++] = (int)l;
    return n;
}

/* The model's languages of an ISO 639 language, or else those of its
 * related codes, into found; how many. */
static unsigned held(const glossa_model *m, const gl_iso639_language *lang, int *found)
{
    unsigned n = add_held(m, lang->code, found, 0);
    if (n > 0)
        return n;
    char code[4];
    for (const char *r = lang->related; (r = next_code(r, code));)
        n = add_held(m, code, found, n);
    return n;
}

/* A script subtag keeps the languages written in that script; a region
 * without one keeps those in the script the language is likely written in
 * there (zh-TW: zh-Hant), where the model holds that script: otherwise the
 * region does not decide the script (uz-AF is Arabic script, which the
 * model does not hold for Uzbek) and is set aside. */
static unsigned narrow(const glossa_model *m, const tag_parts *p, const gl_iso639_language *lang, int *found,
                       unsigned n)
{
    const char *script = p->script[0] ? p->script : NULL;
    if (!script && p->region[0] && n > 0) {
        script = likely_script(lang->code, p->region);
        if (!script) /* a member standing for its macrolanguage: cmn-TW as zh-TW */
            script = likely_script(m->langs[found[0]].iso639_3, p->region);
    }
    if (!script)
        return n;
    unsigned kept = 0;
    for (unsigned i = 0; i < n; i++)
        if (same_script(m->langs[found[i]].script, script))
            found[kept++] = found[i];
    return kept > 0 || p->script[0] ? kept : n;
}

/* The ISO 639 language of a tag, by code or else by English name. */
static const gl_iso639_language *iso639_of_tag(const char *tag, tag_parts *p)
{
    return parse_tag(tag, p) ? iso639_of_parts(p) : iso639_of_name(tag);
}

/* What a tag names: the model's languages, and the ISO 639 language (NULL
 * for none), which tells a language the model does not hold from a tag
 * that is no language at all. */
typedef struct {
    int found[GLOSSA_MAX_LANGUAGES];
    unsigned n;
    unsigned unscripted; /* found before the script subtag narrowed them */
    const gl_iso639_language *iso639;
    tag_parts parts;
} tag_match;

/* The model's own codes come first, as it writes them ("srp_Cyrl"); then
 * the tag as BCP 47 or ISO 639; a name last, so that a code wins over a
 * name ("mon" is Mongolian, although Mon is a language too). */
static void match_tag(const glossa_model *m, const char *tag, tag_match *t)
{
    t->n = t->unscripted = 0;
    t->iso639 = NULL;
    for (unsigned l = 0; l < m->n_langs; l++) {
        const glossa_language *lang = &m->langs[l];
        if (strcasecmp(tag, lang->tag) == 0 || strcasecmp(tag, lang->iso) == 0 ||
            strcasecmp(tag, lang->iso639_3) == 0 || strcasecmp(tag, m->codes[l]) == 0)
            t->found[t->n++] = (int)l;
    }
    if (t->n > 0)
        return;
    t->iso639 = iso639_of_tag(tag, &t->parts);
    if (t->iso639) {
        t->unscripted = held(m, t->iso639, t->found);
        t->n = narrow(m, &t->parts, t->iso639, t->found, t->unscripted);
    }
    for (unsigned l = 0; l < m->n_langs && t->n == 0; l++) /* a name of the model's own */
        if (strcasecmp(tag, m->langs[l].name) == 0)
            t->found[t->n++] = (int)l;
}

static int match_status(const tag_match *t)
{
    return t->n > 0 ? GLOSSA_OK : t->iso639 ? GLOSSA_E_NOT_IN_MODEL : GLOSSA_E_UNKNOWN_LANGUAGE;
}

/* Why a tag names no language of the model, in English, into out. */
static void explain(const tag_match *t, const char *tag, size_t len, char *out, size_t size)
{
    out[0] = '\0';
    if (!t->iso639) {
        append(out, size, "unknown language '", SIZE_MAX);
        append(out, size, tag, len < 60 ? len : 60);
        append(out, size, "'", SIZE_MAX);
        return;
    }
    append(out, size, t->iso639->name, SIZE_MAX);
    if (t->unscripted > 0) { /* held, but not in the script asked for */
        append(out, size, " in script ", SIZE_MAX);
        append(out, size, t->parts.script, SIZE_MAX);
    }
    append(out, size, " is not in this model", SIZE_MAX);
}

int glossa_model_find_language(const glossa_model *model, const char *tag)
{
    if (!model || !tag)
        return GLOSSA_E_INVALID_ARGUMENT;
    tag_match t;
    match_tag(model, tag, &t);
    return t.n == 1 ? t.found[0] : t.n > 1 ? GLOSSA_E_UNKNOWN_LANGUAGE : match_status(&t);
}

const char *glossa_language_name(const char *tag)
{
    tag_parts parts;
    const gl_iso639_language *lang = tag ? iso639_of_tag(tag, &parts) : NULL;
    return lang ? lang->name : NULL;
}

/* ---- Allowlists -------------------------------------------------------- */

void glossa_langset_clear(glossa_langset *set)
{
    if (set)
        memset(set->bits, 0, sizeof set->bits);
}

void glossa_langset_fill(glossa_langset *set, const glossa_model *model)
{
    glossa_langset_clear(set);
    for (unsigned l = 0; set && model && l < model->n_langs; l++)
        set->bits[l / 64] |= 1ull << (l % 64);
}

/* Puts the languages a tag matched into set, or takes them out. */
static void apply(glossa_langset *set, const tag_match *t, int add)
{
    for (unsigned i = 0; i < t->n; i++) {
        uint64_t *word = &set->bits[t->found[i] / 64], bit = 1ull << (t->found[i] % 64);
        *word = add ? *word | bit : *word & ~bit;
    }
}

int glossa_langset_add(glossa_langset *set, const glossa_model *model, const char *tag)
{
    if (!set || !model || !tag)
        return GLOSSA_E_INVALID_ARGUMENT;
    tag_match t;
    match_tag(model, tag, &t);
    apply(set, &t, 1);
    return match_status(&t);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The error of a list, when the caller asked for it. */
static void list_error(glossa_list_error *error, size_t offset, size_t length, const char *message)
{
    if (error) {
        error->offset = offset;
        error->length = length;
        error->message[0] = '\0';
        append(error->message, sizeof error->message, message, SIZE_MAX);
    }
}

/* Applies each tag of a list to a copy of set, which replaces set when
 * every tag names languages of the model. */
static int apply_list(glossa_langset *set, const glossa_model *model, const char *list, int add,
                      glossa_list_error *error)
{
    if (!set || !model || !list) {
        list_error(error, 0, 0, glossa_strerror(GLOSSA_E_INVALID_ARGUMENT));
        return GLOSSA_E_INVALID_ARGUMENT;
    }
    glossa_langset result = *set;
    size_t tags = 0;
    for (size_t at = 0; list[at];) {
        size_t end = at + strcspn(list + at, ","), start = at, stop = end;
        while (start < stop && is_blank(list[start]))
            start++;
        while (stop > start && is_blank(list[stop - 1]))
            stop--;
        at = end + (list[end] == ',');
        if (start == stop) /* an empty item: "en,,de" */
            continue;
        tags++;
        char tag[128];
        tag_match t = {.n = 0, .iso639 = NULL};
        if (stop - start < sizeof tag) {
            memcpy(tag, list + start, stop - start);
            tag[stop - start] = '\0';
            match_tag(model, tag, &t);
        }
        if (t.n == 0) {
            char message[GLOSSA_LIST_MESSAGE_SIZE];
            explain(&t, list + start, stop - start, message, sizeof message);
            list_error(error, start, stop - start, message);
            return match_status(&t);
        }
        apply(&result, &t, add);
    }
    if (tags == 0) {
        list_error(error, 0, 0, "no language given");
        return GLOSSA_E_INVALID_ARGUMENT;
    }
    *set = result;
    return GLOSSA_OK;
}

int glossa_langset_add_list(glossa_langset *set, const glossa_model *model, const char *list,
                            glossa_list_error *error)
{
    return apply_list(set, model, list, 1, error);
}

int glossa_langset_remove_list(glossa_langset *set, const glossa_model *model, const char *list,
                               glossa_list_error *error)
{
    return apply_list(set, model, list, 0, error);
}

int glossa_langset_has(const glossa_langset *set, int index)
{
    if (!set || index < 0 || index >= GLOSSA_MAX_LANGUAGES)
        return 0;
    return (int)((set->bits[index / 64] >> (index % 64)) & 1u);
}

int glossa_langset_count(const glossa_langset *set)
{
    int n = 0;
    for (size_t i = 0; set && i < GLOSSA_MAX_LANGUAGES / 64; i++)
        for (uint64_t word = set->bits[i]; word; word &= word - 1) /* clears the lowest bit set */
            n++;
    return n;
}
