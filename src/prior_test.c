/* The language prior: flat is the model's own answer, population adds
 * strength x ln(writers) to every logit (which the model's temperature
 * divides, as it divides the rest), and it decides short input, not
 * sentences. */
#include <math.h>
#include <string.h>

#include <glossa.h>

#include "harness.h"
#include "language_priors.h"
#include "model.h"

static glossa_model *model;

/* Every candidate's probability for text, by language index (0 for the
 * languages that are not candidates). */
static size_t probabilities(glossa_detector *det, const char *text, float *by_lang)
{
    static glossa_guess g[GLOSSA_MAX_LANGUAGES];
    glossa_result r;
    int n = glossa_model_language_count(model);
    memset(by_lang, 0, (size_t)n * sizeof *by_lang);
    if (glossa_detect(det, text, strlen(text), NULL, g, (size_t)n, &r) != GLOSSA_OK)
        return 0;
    for (size_t i = 0; i < r.count; i++)
        if (g[i].language >= 0)
            by_lang[g[i].language] = g[i].probability;
    return r.count;
}

static const char *best(glossa_detector *det, const char *text)
{
    glossa_guess g[1];
    glossa_detect(det, text, strlen(text), NULL, g, 1, NULL);
    return glossa_model_language(model, g[0].language)->tag;
}

static double log_writers(int lang)
{
    return log((double)gl_language_writers(glossa_model_language(model, lang)->iso));
}

int main(void)
{
    static float flat[GLOSSA_MAX_LANGUAGES], weak[GLOSSA_MAX_LANGUAGES], strong[GLOSSA_MAX_LANGUAGES];
    glossa_detector *det;
    if (glossa_model_load_default(&model) != GLOSSA_OK || glossa_detector_create(model, &det) != GLOSSA_OK)
        return 1;

    /* Flat is strength 0: the same numbers to the bit. */
    const char *word = "mañana";
    glossa_detector_set_prior(det, GLOSSA_PRIOR_FLAT, 5.0f);
    size_t n_flat = probabilities(det, word, flat);
    glossa_detector_set_prior(det, GLOSSA_PRIOR_POPULATION, 0.0f);
    size_t n_zero = probabilities(det, word, weak);
    CHECK(n_flat > 2 && n_flat == n_zero && memcmp(flat, weak, sizeof flat) == 0);

    /* Population: each pair's log-odds move by strength x the log ratio
     * of their writers over the temperature, whatever the text. */
    const float strength = 0.5f;
    glossa_detector_set_prior(det, GLOSSA_PRIOR_POPULATION, strength);
    probabilities(det, word, strong);
    int es = glossa_model_find_language(model, "es"), ast = glossa_model_find_language(model, "ast");
    CHECK(es >= 0 && ast >= 0);
    double moved = log(strong[es] / strong[ast]) - log(flat[es] / flat[ast]);
    double expected = strength * (log_writers(es) - log_writers(ast)) * model->inverse_temperature;
    CHECK(model->inverse_temperature < 1.0f); /* the committed model's is fitted: above 1 */
    CHECK_MSG(fabs(moved - expected) < 1e-3 * fabs(expected), "moved %.4f, expected %.4f", moved, expected);

    /* The default detector uses the population prior: mañana is Spanish,
     * ciao Italian, Danke German, as most people who write them mean. */
    glossa_detector *fresh;
    CHECK(glossa_detector_create(model, &fresh) == GLOSSA_OK);
    CHECK(strcmp(best(fresh, "mañana"), "es") == 0);
    CHECK(strcmp(best(fresh, "ciao"), "it") == 0);
    CHECK(strcmp(best(fresh, "Danke"), "de") == 0);
    probabilities(fresh, word, weak);
    CHECK(weak[es] > flat[es]);

    /* A sentence keeps its smaller language. */
    const char *asturian = "La llingua asturiana ye la llingua propia d'Asturies y tien una lliteratura "
                           "de munchos sieglos.";
    CHECK(strcmp(best(fresh, asturian), "ast") == 0);
    const char *romansh = "Il rumantsch è ina lingua romana che vegn discurrida en il chantun Grischun.";
    CHECK(strcmp(best(fresh, romansh), "rm") == 0);

    /* Setting it again is free, and wrong arguments are refused. */
    CHECK(glossa_detector_set_prior(fresh, GLOSSA_PRIOR_POPULATION, GLOSSA_PRIOR_STRENGTH) == GLOSSA_OK);
    CHECK(glossa_detector_set_prior(NULL, GLOSSA_PRIOR_FLAT, 0) == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(glossa_detector_set_prior(fresh, 7, 1.0f) == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(glossa_detector_set_prior(fresh, GLOSSA_PRIOR_POPULATION, -1.0f) == GLOSSA_E_INVALID_ARGUMENT);
    CHECK(glossa_detector_set_prior(fresh, GLOSSA_PRIOR_POPULATION, NAN) == GLOSSA_E_INVALID_ARGUMENT);

    glossa_detector_free(fresh);
    glossa_detector_free(det);
    glossa_model_free(model);
    TEST_MAIN_END("prior");
}
