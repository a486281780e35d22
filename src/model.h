/* The loaded model: what scoring reads. */
#ifndef GLOSSA_MODEL_H
#define GLOSSA_MODEL_H

#include <glossa.h>

#include "model_format.h"
#include "script_sets.h"

#define GL_OUT_BLOCK 8u

/* A close group's refiner (model_format.h): its members' logits straight
 * from the text's features. */
typedef struct {
    unsigned n_members;
    int members[GL_REFINER_MAX];
    float quant_step, calib_a, calib_b;
    float bias[GL_REFINER_MAX];
    const int8_t *table; /* 2^refiner_bits x n_members */
} gl_refiner;

struct glossa_model {
    unsigned char *owned; /* the file's bytes, when copied (file or memory) */
    const int8_t *table;  /* 2^bucket_bits x dim, quantized */
    /* The output layer, laid out for SIMD: each script group's languages
     * (in by_group order) fill blocks of GL_OUT_BLOCK of their own, so
     * that scoring a group's languages reads whole blocks. A block is dim
     * rows of GL_OUT_BLOCK weights (weight j of its k-th language at
     * [j * GL_OUT_BLOCK + k]), then GL_OUT_BLOCK biases; unused lanes
     * are 0. */
    float *out_blocks;
    uint32_t *out_slot; /* per language: its block * GL_OUT_BLOCK + its lane */
    size_t n_out_blocks;
    unsigned n_langs, dim, bucket_bits, max_ngram;
    float quant_step, calib_a, calib_b;
    float inverse_temperature; /* the final softmax's logits are multiplied by it */
    char corpus[GL_MODEL_CORPUS_LEN + 1];
    glossa_language *langs;
    const char **codes; /* corpus code of each language ("nld", "srp_Cyrl") */
    /* ln of each language's share of writers (language_priors.c), against
     * the most written language of the model: 0 for it, negative for the
     * others. */
    float *log_writers;
    int non_language; /* the language index of GLOSSA_NON_LANGUAGE_TAG, or -1 */
    /* Languages grouped by the scripts they are written in. */
    unsigned n_groups;
    gl_script_set *groups;
    uint16_t *group_of_lang;
    int *by_group;
    uint32_t *group_first;
    uint8_t (*scripts_of_group)[GL_GROUP_SCRIPTS]; /* NULL: a group with more scripts than that */
    int16_t only_group_of_script[GL_SCRIPT_SLOTS];
    gl_lang_groups lang_groups; /* all of the above, for choosing candidates */
    unsigned n_refiners, refiner_bits;
    gl_refiner *refiners;
    int16_t *refiner_of_lang; /* per language: its refiner, or -1 */
};

/* Floats in one block of the output layer. */
static inline size_t gl_out_block_floats(const glossa_model *m)
{
    return ((size_t)m->dim + 1) * GL_OUT_BLOCK;
}

/* Parses data into a new model, which takes ownership of owned (NULL when
 * data outlives the model). */
int gl_model_load(const unsigned char *data, size_t size, unsigned char *owned, int verify_checksum,
                  glossa_model **out);

/* The bytes of the embedded default model (model_blob.c). */
extern const unsigned char gl_model_blob[];
extern const unsigned char gl_model_blob_end[];
/* Its size. The two symbols are distinct objects to C, and subtracting
 * pointers into different objects is undefined: the addresses are
 * subtracted as integers. */
static inline size_t gl_model_blob_size(void)
{
    return (size_t)((uintptr_t)gl_model_blob_end - (uintptr_t)gl_model_blob);
}

#endif
