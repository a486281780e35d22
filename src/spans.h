/* The span finder's settings, for the tools that measure and tune it
 * (tools/spans_eval.c); the library uses the defaults. */
#ifndef GLOSSA_SPANS_H
#define GLOSSA_SPANS_H

#include <glossa.h>

typedef struct gl_span_params {
    /* Cost of a change of language between two units, in nats of
     * log-probability: a stretch of text becomes a span of its own only
     * when its evidence outweighs twice this. */
    float switch_penalty;
    /* The same where the units are on lines of their own (a line break
     * between them): bilingual menus, subtitles and signs change language
     * line by line. */
    float line_switch_penalty;
    /* Cost, per letter, of labelling a letter with a language that is not
     * written in its script. */
    float script_cost;
    /* A unit ends, at the latest, after this many words. */
    unsigned max_words;
} gl_span_params;

extern const gl_span_params gl_span_defaults;

void gl_spans_set_params(glossa_detector *detector, const gl_span_params *params);

#endif
