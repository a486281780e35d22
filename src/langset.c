/* Language metadata and allowlists. */
#include <strings.h>

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

/* "sr" names "sr-Cyrl" and "sr-Latn": a tag also names the languages whose
 * tag it is the primary subtag of. */
static int is_primary_subtag_of(const char *query, const char *tag)
{
    size_t n = strlen(query);
    return strncasecmp(query, tag, n) == 0 && tag[n] == '-';
}

/* Whether query names language l. Codes name a language before names do
 * ("mon" is Mongolian's code before it is the name of Mon): strict matches
 * compare codes only, loose ones also the English name, the primary subtag
 * ("sr" for "sr-Cyrl") and Norwegian ("no", "nor": Bokmål and Nynorsk). */
static int names(const glossa_model *m, unsigned l, const char *query, int strict)
{
    const glossa_language *lang = &m->langs[l];
    if (strcasecmp(query, lang->tag) == 0 || strcasecmp(query, lang->iso) == 0 ||
        strcasecmp(query, lang->iso639_3) == 0 || strcasecmp(query, m->codes[l]) == 0)
        return 1;
    if (strict)
        return 0;
    if (strcasecmp(query, lang->name) == 0 || is_primary_subtag_of(query, lang->tag))
        return 1;
    if (strcasecmp(query, "no") == 0 || strcasecmp(query, "nor") == 0)
        return strcmp(lang->iso639_3, "nob") == 0 || strcmp(lang->iso639_3, "nno") == 0;
    return 0;
}

/* The languages a query names: by code if any, else loosely. Writes up to
 * GLOSSA_MAX_LANGUAGES indices to found and returns how many. */
static unsigned resolve(const glossa_model *m, const char *query, int *found)
{
    unsigned n = 0;
    for (int strict = 1; strict >= 0 && n == 0; strict--)
        for (unsigned l = 0; l < m->n_langs; l++)
            if (names(m, l, query, strict))
                found[n++] = (int)l;
    return n;
}

int glossa_model_find_language(const glossa_model *model, const char *tag)
{
    if (!model || !tag)
        return GLOSSA_E_INVALID_ARGUMENT;
    int found[GLOSSA_MAX_LANGUAGES];
    return resolve(model, tag, found) == 1 ? found[0] : GLOSSA_E_UNKNOWN_LANGUAGE;
}

void glossa_langset_clear(glossa_langset *set)
{
    if (set)
        memset(set->bits, 0, sizeof set->bits);
}

int glossa_langset_add(glossa_langset *set, const glossa_model *model, const char *tag)
{
    if (!set || !model || !tag)
        return GLOSSA_E_INVALID_ARGUMENT;
    int found[GLOSSA_MAX_LANGUAGES];
    unsigned n = resolve(model, tag, found);
    for (unsigned i = 0; i < n; i++)
        set->bits[found[i] / 64] |= 1ull << (found[i] % 64);
    return n ? GLOSSA_OK : GLOSSA_E_UNKNOWN_LANGUAGE;
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
