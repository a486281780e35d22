/* Loading and verifying models. Every size and offset of a model file is
 * checked before it is used, so a truncated or corrupted file is refused
 * with an error instead of being read out of bounds. */
#include "model.h"
#include "language_priors.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LANE_MUL 0x9E3779B185EBCA87ull
#define MIX_MUL 0xC2B2AE3D27D4EB4Full

static inline uint64_t rotl64(uint64_t x, unsigned r) { return (x << r) | (x >> (64 - r)); }

uint64_t gl_hash64(const unsigned char *data, size_t len)
{
    uint64_t lane[4] = {LANE_MUL, MIX_MUL, ~LANE_MUL, ~MIX_MUL};
    size_t i = 0;
    for (; i + 32 <= len; i += 32)
        for (int k = 0; k < 4; k++)
            lane[k] = rotl64(lane[k] + gl_le64(data + i + 8 * (size_t)k) * MIX_MUL, 31) * LANE_MUL;
    uint64_t h = rotl64(lane[0], 1) + rotl64(lane[1], 7) + rotl64(lane[2], 12) +
                 rotl64(lane[3], 18) + (uint64_t)len;
    for (; i < len; i++)
        h = rotl64(h ^ (data[i] * LANE_MUL), 11) * MIX_MUL;
    h ^= h >> 33;
    h *= MIX_MUL;
    h ^= h >> 29;
    h *= LANE_MUL;
    h ^= h >> 32;
    return h;
}

/* offset + count * unit lies within size, without overflow. */
static int fits(uint64_t offset, uint64_t count, uint64_t unit, uint64_t size)
{
    if (offset > size || (unit && count > (size - offset) / unit))
        return 0;
    return 1;
}

static int index_languages(glossa_model *m);

static int parse_languages(glossa_model *m, const unsigned char *data, uint64_t size)
{
    uint64_t lang_off = gl_le64(data + GL_HDR_LANG_OFFSET);
    uint64_t str_off = gl_le64(data + GL_HDR_STRINGS_OFFSET);
    uint64_t str_size = gl_le64(data + GL_HDR_STRINGS_SIZE);
    if (!fits(lang_off, m->n_langs, (uint64_t)GL_LANG_FIELDS * 4, size) || !fits(str_off, str_size, 1, size) ||
        str_size == 0 || data[str_off + str_size - 1] != '\0')
        return GLOSSA_E_MODEL_FORMAT;
    const char *strings = (const char *)data + str_off;

    m->langs = calloc(m->n_langs, sizeof *m->langs);
    m->codes = calloc(m->n_langs, sizeof *m->codes);
    m->groups = calloc(m->n_langs, sizeof *m->groups);
    m->group_of_lang = calloc(m->n_langs, sizeof *m->group_of_lang);
    m->by_group = calloc(m->n_langs, sizeof *m->by_group);
    m->group_first = calloc(m->n_langs + 1, sizeof *m->group_first);
    if (!m->langs || !m->codes || !m->groups || !m->group_of_lang || !m->by_group || !m->group_first)
        return GLOSSA_E_NO_MEMORY;

    m->non_language = -1;
    for (unsigned l = 0; l < m->n_langs; l++) {
        const char *field[GL_LANG_FIELDS];
        for (unsigned f = 0; f < GL_LANG_FIELDS; f++) {
            uint32_t at = gl_le32(data + lang_off + ((size_t)l * GL_LANG_FIELDS + f) * 4);
            if (at >= str_size) /* the table ends in NUL, so the string does too */
                return GLOSSA_E_MODEL_FORMAT;
            field[f] = strings + at;
        }
        m->codes[l] = field[0];
        m->langs[l] = (glossa_language){field[1], field[2], field[3], field[4], field[5]};
        if (strcmp(field[1], GLOSSA_NON_LANGUAGE_TAG) == 0)
            m->non_language = (int)l;

        gl_script_set set;
        if (gl_script_set_from_code(field[5], &set) != 0)
            return GLOSSA_E_MODEL_FORMAT;
        m->group_of_lang[l] = (uint16_t)gl_script_group_index(m->groups, &m->n_groups, &set);
    }
    return index_languages(m);
}

/* What detection looks up by language and group: the lists by group, the
 * scripts of each group, the prior's log shares. */
static int index_languages(glossa_model *m)
{
    gl_languages_by_group(m->group_of_lang, m->n_langs, m->n_groups, m->by_group, m->group_first);
    m->scripts_of_group = calloc(m->n_groups, sizeof *m->scripts_of_group);
    if (!m->scripts_of_group)
        return GLOSSA_E_NO_MEMORY;
    if (gl_scripts_of_groups(m->groups, m->n_groups, m->scripts_of_group) != 0) {
        free(m->scripts_of_group);
        m->scripts_of_group = NULL;
    }
    m->log_writers = calloc(m->n_langs, sizeof *m->log_writers);
    const char **isos = calloc(m->n_langs, sizeof *isos);
    if (!m->log_writers || !isos) {
        free((void *)isos);
        return GLOSSA_E_NO_MEMORY;
    }
    for (unsigned l = 0; l < m->n_langs; l++)
        isos[l] = m->langs[l].iso;
    gl_log_writer_shares(isos, m->n_langs, m->log_writers);
    free((void *)isos);
    gl_only_groups_of_scripts(m->groups, m->n_groups, m->only_group_of_script);
    m->lang_groups = (gl_lang_groups){m->n_groups,
                                      m->n_langs,
                                      m->groups,
                                      m->group_of_lang,
                                      m->by_group,
                                      m->group_first,
                                      (const uint8_t(*)[GL_GROUP_SCRIPTS])m->scripts_of_group,
                                      m->only_group_of_script};
    return GLOSSA_OK;
}

static int finite_weight(float w)
{
    return w > -1e6f && w < 1e6f;
}

/* Blocks of the output layer that group g's languages fill. */
static size_t blocks_of_group(const glossa_model *m, unsigned g)
{
    return (m->group_first[g + 1] - m->group_first[g] + GL_OUT_BLOCK - 1) / GL_OUT_BLOCK;
}

/* The file's languages x dim weights and languages biases, into the blocks
 * of model.h. */
static int parse_output_layer(glossa_model *m, const unsigned char *weights, const unsigned char *biases)
{
    size_t n_blocks = 0;
    for (unsigned g = 0; g < m->n_groups; g++)
        n_blocks += blocks_of_group(m, g);
    if (n_blocks == 0)
        return GLOSSA_E_MODEL_FORMAT;
    size_t block_floats = gl_out_block_floats(m);
    m->n_out_blocks = n_blocks;
    m->out_blocks = calloc(n_blocks * block_floats, sizeof *m->out_blocks);
    m->out_slot = calloc(m->n_langs, sizeof *m->out_slot);
    if (!m->out_blocks || !m->out_slot)
        return GLOSSA_E_NO_MEMORY;
    size_t block = 0;
    for (unsigned g = 0; g < m->n_groups; g++) {
        for (uint32_t i = m->group_first[g]; i < m->group_first[g + 1]; i++) {
            unsigned l = (unsigned)m->by_group[i];
            uint32_t in_group = i - m->group_first[g];
            size_t b = block + in_group / GL_OUT_BLOCK, lane = in_group % GL_OUT_BLOCK;
            float *w = m->out_blocks + b * block_floats;
            for (size_t j = 0; j < m->dim; j++) {
                w[j * GL_OUT_BLOCK + lane] = gl_lef32(weights + 4 * ((size_t)l * m->dim + j));
                if (!finite_weight(w[j * GL_OUT_BLOCK + lane]))
                    return GLOSSA_E_MODEL_FORMAT;
            }
            float *bias = w + (size_t)m->dim * GL_OUT_BLOCK;
            bias[lane] = gl_lef32(biases + 4 * (size_t)l);
            if (!finite_weight(bias[lane]))
                return GLOSSA_E_MODEL_FORMAT;
            m->out_slot[l] = (uint32_t)(b * GL_OUT_BLOCK + lane);
        }
        block += blocks_of_group(m, g);
    }
    return GLOSSA_OK;
}

/* The refiners, when the file has them: every member a language of the
 * model and in one group at most, every table within the file. */
static int parse_refiners(glossa_model *m, const unsigned char *data, uint64_t size)
{
    uint64_t off = gl_le64(data + GL_HDR_REFINERS_OFFSET), len = gl_le64(data + GL_HDR_REFINERS_SIZE);
    m->refiner_of_lang = malloc(m->n_langs * sizeof *m->refiner_of_lang);
    if (!m->refiner_of_lang)
        return GLOSSA_E_NO_MEMORY;
    for (unsigned l = 0; l < m->n_langs; l++)
        m->refiner_of_lang[l] = -1;
    if (off == 0 && len == 0)
        return GLOSSA_OK;
    if (len < 8 || !fits(off, len, 1, size))
        return GLOSSA_E_MODEL_FORMAT;
    const unsigned char *r = data + off;
    m->n_refiners = gl_le32(r);
    m->refiner_bits = gl_le32(r + 4);
    if (m->n_refiners > m->n_langs / 2 || m->refiner_bits < GL_MIN_BUCKET_BITS ||
        m->refiner_bits > m->bucket_bits || !fits(8, m->n_refiners, GL_REFINER_RECORD, len))
        return GLOSSA_E_MODEL_FORMAT;
    m->refiners = calloc(m->n_refiners ? m->n_refiners : 1, sizeof *m->refiners);
    if (!m->refiners)
        return GLOSSA_E_NO_MEMORY;
    for (unsigned g = 0; g < m->n_refiners; g++) {
        const unsigned char *rec = r + 8 + (size_t)g * GL_REFINER_RECORD;
        gl_refiner *ref = &m->refiners[g];
        ref->n_members = gl_le32(rec + GL_REF_MEMBERS);
        ref->quant_step = gl_lef32(rec + GL_REF_QUANT_STEP);
        ref->calib_a = gl_lef32(rec + GL_REF_CALIB_A);
        ref->calib_b = gl_lef32(rec + GL_REF_CALIB_B);
        uint64_t table_off = gl_le64(rec + GL_REF_TABLE_OFFSET);
        if (ref->n_members < 2 || ref->n_members > GL_REFINER_MAX || !(ref->quant_step > 0.0f) ||
            !finite_weight(ref->quant_step) || !finite_weight(ref->calib_a) || !finite_weight(ref->calib_b) ||
            !fits(table_off, (1ull << m->refiner_bits) * ref->n_members + GL_REFINER_PAD, 1, size))
            return GLOSSA_E_MODEL_FORMAT;
        ref->table = (const int8_t *)(data + table_off);
        for (unsigned i = 0; i < ref->n_members; i++) {
            uint32_t l = gl_le32(rec + GL_REF_LANGS + 4 * (size_t)i);
            ref->bias[i] = gl_lef32(rec + GL_REF_BIAS + 4 * (size_t)i);
            if (l >= m->n_langs || m->refiner_of_lang[l] >= 0 || !finite_weight(ref->bias[i]))
                return GLOSSA_E_MODEL_FORMAT;
            ref->members[i] = (int)l;
            m->refiner_of_lang[l] = (int16_t)g;
        }
    }
    return GLOSSA_OK;
}

static int parse(glossa_model *m, const unsigned char *data, size_t size, int verify_checksum)
{
    if (size < GL_MODEL_HEADER_SIZE || memcmp(data, GL_MODEL_MAGIC, 8) != 0)
        return GLOSSA_E_MODEL_FORMAT;
    if (gl_le32(data + GL_HDR_VERSION) != GL_MODEL_FORMAT_VERSION)
        return GLOSSA_E_MODEL_VERSION;
    if (gl_le32(data + GL_HDR_HEADER_SIZE) != GL_MODEL_HEADER_SIZE ||
        gl_le64(data + GL_HDR_FILE_SIZE) != size)
        return GLOSSA_E_MODEL_FORMAT;
    if (verify_checksum && gl_hash64(data + GL_MODEL_CHECKSUM_FROM, size - GL_MODEL_CHECKSUM_FROM) !=
                               gl_le64(data + GL_HDR_CHECKSUM))
        return GLOSSA_E_MODEL_CHECKSUM;

    m->n_langs = gl_le32(data + GL_HDR_LANGUAGES);
    m->dim = gl_le32(data + GL_HDR_DIM);
    m->bucket_bits = gl_le32(data + GL_HDR_BUCKET_BITS);
    m->max_ngram = gl_le32(data + GL_HDR_MAX_NGRAM);
    m->quant_step = gl_lef32(data + GL_HDR_QUANT_STEP);
    m->calib_a = gl_lef32(data + GL_HDR_CALIB_A);
    m->calib_b = gl_lef32(data + GL_HDR_CALIB_B);
    float temperature = gl_lef32(data + GL_HDR_TEMPERATURE);
    if (m->n_langs < 1 || m->n_langs > GLOSSA_MAX_LANGUAGES || m->dim < 1 || m->dim > GL_MAX_DIM ||
        m->bucket_bits < GL_MIN_BUCKET_BITS || m->bucket_bits > GL_MAX_BUCKET_BITS ||
        m->max_ngram < 1 || m->max_ngram > GL_MAX_NGRAM || !(m->quant_step > 0.0f) ||
        !(m->quant_step < 1e6f) || !(m->calib_a > -1e6f && m->calib_a < 1e6f) ||
        !(m->calib_b > -1e6f && m->calib_b < 1e6f) ||
        !(temperature == 0.0f || (temperature >= GL_MIN_TEMPERATURE && temperature <= GL_MAX_TEMPERATURE)))
        return GLOSSA_E_MODEL_FORMAT;
    m->inverse_temperature = temperature == 0.0f ? 1.0f : 1.0f / temperature; /* 0: a model from before it */

    memcpy(m->corpus, data + GL_HDR_CORPUS, GL_MODEL_CORPUS_LEN);
    m->corpus[GL_MODEL_CORPUS_LEN] = '\0';

    uint64_t out_off = gl_le64(data + GL_HDR_OUT_OFFSET);
    uint64_t bias_off = gl_le64(data + GL_HDR_BIAS_OFFSET);
    uint64_t table_off = gl_le64(data + GL_HDR_TABLE_OFFSET);
    uint64_t rows = 1ull << m->bucket_bits;
    if (!fits(out_off, (uint64_t)m->n_langs * m->dim, 4, size) || !fits(bias_off, m->n_langs, 4, size) ||
        !fits(table_off, rows, m->dim, size))
        return GLOSSA_E_MODEL_FORMAT;

    int status = parse_languages(m, data, size);
    if (status != GLOSSA_OK)
        return status;

    status = parse_output_layer(m, data + out_off, data + bias_off);
    if (status == GLOSSA_OK)
        status = parse_refiners(m, data, size);
    if (status != GLOSSA_OK)
        return status;
    m->table = (const int8_t *)(data + table_off);
    return GLOSSA_OK;
}

int gl_model_load(const unsigned char *data, size_t size, unsigned char *owned, int verify_checksum,
                  glossa_model **out)
{
    glossa_model *m = calloc(1, sizeof *m);
    if (!m) {
        free(owned);
        return GLOSSA_E_NO_MEMORY;
    }
    m->owned = owned;
    int status = parse(m, data, size, verify_checksum);
    if (status != GLOSSA_OK) {
        glossa_model_free(m);
        return status;
    }
    *out = m;
    return GLOSSA_OK;
}

int glossa_model_load_memory(const void *data, size_t size, glossa_model **out)
{
    if (out)
        *out = NULL; /* on every failure, as the header promises */
    if (!out || (!data && size))
        return GLOSSA_E_INVALID_ARGUMENT;
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy)
        return GLOSSA_E_NO_MEMORY;
    if (size)
        memcpy(copy, data, size);
    return gl_model_load(copy, size, copy, 1, out);
}

int glossa_model_load_file(const char *path, glossa_model **out)
{
    if (out)
        *out = NULL; /* on every failure, as the header promises */
    if (!out || !path)
        return GLOSSA_E_INVALID_ARGUMENT;
    FILE *f = fopen(path, "rb");
    if (!f)
        return GLOSSA_E_IO;
    size_t cap = 1 << 20, size = 0;
    unsigned char *buf = malloc(cap);
    int status = buf ? GLOSSA_OK : GLOSSA_E_NO_MEMORY;
    while (status == GLOSSA_OK) {
        if (size == cap) {
            if (cap > ((size_t)1 << 31)) { /* no valid model is that large */
                status = GLOSSA_E_MODEL_FORMAT;
                break;
            }
            unsigned char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                status = GLOSSA_E_NO_MEMORY;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + size, 1, cap - size, f);
        size += got;
        if (got == 0) {
            if (ferror(f))
                status = GLOSSA_E_IO;
            break;
        }
    }
    int saved_errno = errno;
    fclose(f);
    if (status != GLOSSA_OK) {
        free(buf);
        errno = saved_errno;
        return status;
    }
    return gl_model_load(buf, size, buf, 1, out);
}

void glossa_model_free(glossa_model *model)
{
    if (!model)
        return;
    free(model->langs);
    free(model->codes);
    free(model->log_writers);
    free(model->groups);
    free(model->group_of_lang);
    free(model->by_group);
    free(model->group_first);
    free(model->scripts_of_group);
    free(model->out_blocks);
    free(model->out_slot);
    free(model->refiners);
    free(model->refiner_of_lang);
    free(model->owned);
    free(model);
}

const char *glossa_model_corpus(const glossa_model *model)
{
    return model ? model->corpus : "";
}
