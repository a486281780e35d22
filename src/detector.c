/* The detector's lifetime and settings: create and free (it owns the span
 * finder's state), the prior and the threshold. */
#include <stdlib.h>

#include "detector.h"

int glossa_detector_create(const glossa_model *model, glossa_detector **out)
{
    if (out)
        *out = NULL; /* on every failure, as the header promises */
    if (!model || !out)
        return GLOSSA_E_INVALID_ARGUMENT;
    glossa_detector *d = calloc(1, sizeof *d);
    if (!d)
        return GLOSSA_E_NO_MEMORY;
    d->model = model;
    gl_featurizer_init(&d->fz, model->max_ngram, model->bucket_bits);
    gl_featurizer_rows(&d->fz, model->table, model->dim);
    d->prior_slot = calloc(model->n_out_blocks * GL_OUT_BLOCK, sizeof *d->prior_slot);
    int status = d->prior_slot ? gl_spans_create(model, &d->spans) : GLOSSA_E_NO_MEMORY;
    if (status != GLOSSA_OK) {
        free(d->prior_slot);
        free(d);
        return status;
    }
    glossa_detector_set_prior(d, GLOSSA_PRIOR_POPULATION, GLOSSA_PRIOR_STRENGTH);
    *out = d;
    return GLOSSA_OK;
}

void glossa_detector_free(glossa_detector *detector)
{
    if (detector) {
        gl_spans_free(detector->spans);
        free(detector->prior_slot);
    }
    free(detector);
}

int glossa_detector_set_prior(glossa_detector *detector, int prior, float strength)
{
    if (!detector || (prior != GLOSSA_PRIOR_FLAT && prior != GLOSSA_PRIOR_POPULATION) ||
        (prior == GLOSSA_PRIOR_POPULATION && !(strength >= 0.0f && strength <= 10.0f)))
        return GLOSSA_E_INVALID_ARGUMENT;
    if (prior == GLOSSA_PRIOR_FLAT)
        strength = 0.0f;
    /* The flat prior is strength 0, as a new detector's slots are. */
    if (detector->prior_strength == strength)
        return GLOSSA_OK; /* as it was: callers may set it before every call */
    detector->prior_strength = strength;
    const glossa_model *m = detector->model;
    for (unsigned l = 0; l < m->n_langs; l++)
        detector->prior_slot[m->out_slot[l]] = strength * m->log_writers[l];
    return GLOSSA_OK;
}

int glossa_detector_set_min_probability(glossa_detector *detector, float min_probability)
{
    if (!detector || !(min_probability >= 0.0f && min_probability <= 1.0f))
        return GLOSSA_E_INVALID_ARGUMENT;
    detector->min_probability = min_probability;
    return GLOSSA_OK;
}

