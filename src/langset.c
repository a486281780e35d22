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

/* Whether query names language l. Norwegian ("no", "nor") names Bokmål and
 * Nynorsk, which the model holds apart. */
static int names(const glossa_model *m, unsigned l, const char *query)
{
    const glossa_language *lang = &m->langs[l];
    if (strcasecmp(query, lang->tag) == 0 || strcasecmp(query, lang->iso) == 0 ||
        strcasecmp(query, lang->iso639_3) == 0 || strcasecmp(query, m->codes[l]) == 0 ||
        strcasecmp(query, lang->name) == 0 || is_primary_subtag_of(query, lang->tag))
        return 1;
    if (strcasecmp(query, "no") == 0 || strcasecmp(query, "nor") == 0)
        return strcmp(lang->iso639_3, "nob") == 0 || strcmp(lang->iso639_3, "nno") == 0;
    return 0;
}

int glossa_model_find_language(const glossa_model *model, const char *tag)
{
    if (!model || !tag)
        return GLOSSA_E_INVALID_ARGUMENT;
    int found = GLOSSA_E_UNKNOWN_LANGUAGE;
    for (unsigned l = 0; l < model->n_langs; l++) {
        if (names(model, l, tag)) {
            if (found >= 0)
                return GLOSSA_E_UNKNOWN_LANGUAGE; /* ambiguous */
            found = (int)l;
        }
    }
    return found;
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
    int added = 0;
    for (unsigned l = 0; l < model->n_langs; l++) {
        if (names(model, l, tag)) {
            set->bits[l / 64] |= 1ull << (l % 64);
            added++;
        }
    }
    return added ? added : GLOSSA_E_UNKNOWN_LANGUAGE;
}

int glossa_langset_has(const glossa_langset *set, int index)
{
    if (!set || index < 0 || index >= GLOSSA_MAX_LANGUAGES)
        return 0;
    return (int)((set->bits[index / 64] >> (index % 64)) & 1u);
}
