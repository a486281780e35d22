/* The model file, format 3. All numbers little-endian. (Formats 1 and 2
 * hashed features differently, so their rows would be read for the wrong
 * features: they are refused.)
 *
 *   offset size  field
 *   0      8     magic "GLOSSAMD"
 *   8      4     format version (GL_MODEL_FORMAT_VERSION)
 *   12     4     header size (GL_MODEL_HEADER_SIZE)
 *   16     8     file size
 *   24     8     checksum: gl_hash64 of bytes [32, file size)
 *   32     4     languages
 *   36     4     dimension of the hidden vector
 *   40     4     bucket bits: the feature table has 2^bits rows
 *   44     4     longest character n-gram
 *   48     4     f32 quantization step of the feature table
 *   52     4     f32 calibration: logit scale = a + b * ln(features)
 *   56     4     f32 calibration b
 *   60     4     f32 temperature of the final softmax: the logits are
 *                divided by it, so that probabilities stay calibrated on
 *                text unlike the train text (fitted by the trainer on
 *                train files kept out of training); 0 reads as 1, and
 *                others must lie in [GL_MIN_TEMPERATURE, GL_MAX_TEMPERATURE]
 *   64     64    corpus digest, hex, NUL-padded
 *   128    8     offset of the language records
 *   136    8     offset of the string table
 *   144    8     size of the string table
 *   152    8     offset of the output weights: languages x dimension f32
 *   160    8     offset of the output biases: languages f32
 *   168    8     offset of the feature table: 2^bits x dimension i8
 *   176    8     offset of the refiners, 0 for none (below)
 *   184    8     size of the refiners
 *
 * A language record is GL_LANG_FIELDS u32 offsets into the string table
 * (NUL-terminated strings): corpus code, BCP 47 tag, ISO 639-3 + script,
 * ISO 639-3, English name, ISO 15924 script.
 *
 * The refiners (optional: a model without them reads 0 at 176) tell the
 * languages of one close group apart, which the shared hidden vector is
 * too narrow for (hr/bs/sr, fa/prs, id/ms ...): a linear layer straight on
 * the text's features, for that group's members only. At their offset:
 *   0      4     number of groups
 *   4      4     row bits: a feature's row is its bucket mod 2^bits
 *   8      ...   one record of GL_REFINER_RECORD bytes a group:
 *                  0   4    members, 2 .. GL_REFINER_MAX
 *                  4   32   their language indices (unused 0)
 *                  36  4    f32 quantization step of the table
 *                  40  8    f32 calibration a, b (as the header's)
 *                  48  32   f32 bias of each member (unused 0)
 *                  80  8    offset of the table: 2^row bits x members i8
 *                           (row r's weight of member i at r * members + i),
 *                           then GL_REFINER_PAD bytes, so that every row
 *                           can be read as GL_REFINER_MAX weights
 *
 * The trainer writes this layout and the library reads it; both include
 * this header so they cannot drift apart. */
#ifndef GLOSSA_MODEL_FORMAT_H
#define GLOSSA_MODEL_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define GL_MODEL_MAGIC "GLOSSAMD"
#define GL_MODEL_FORMAT_VERSION 3u
#define GL_MODEL_HEADER_SIZE 192u
#define GL_MODEL_CHECKSUM_FROM 32u
#define GL_MODEL_CORPUS_LEN 64u
#define GL_LANG_FIELDS 6u
#define GL_MAX_DIM 64u
#define GL_MIN_BUCKET_BITS 8u
#define GL_MAX_BUCKET_BITS 26u
#define GL_REFINER_MAX 8u
#define GL_REFINER_RECORD 88u
#define GL_REFINER_PAD GL_REFINER_MAX
#define GL_MIN_TEMPERATURE 0.01f
#define GL_MAX_TEMPERATURE 100.0f

enum gl_header_offset {
    GL_HDR_VERSION = 8,
    GL_HDR_HEADER_SIZE = 12,
    GL_HDR_FILE_SIZE = 16,
    GL_HDR_CHECKSUM = 24,
    GL_HDR_LANGUAGES = 32,
    GL_HDR_DIM = 36,
    GL_HDR_BUCKET_BITS = 40,
    GL_HDR_MAX_NGRAM = 44,
    GL_HDR_QUANT_STEP = 48,
    GL_HDR_CALIB_A = 52,
    GL_HDR_CALIB_B = 56,
    GL_HDR_TEMPERATURE = 60,
    GL_HDR_CORPUS = 64,
    GL_HDR_LANG_OFFSET = 128,
    GL_HDR_STRINGS_OFFSET = 136,
    GL_HDR_STRINGS_SIZE = 144,
    GL_HDR_OUT_OFFSET = 152,
    GL_HDR_BIAS_OFFSET = 160,
    GL_HDR_TABLE_OFFSET = 168,
    GL_HDR_REFINERS_OFFSET = 176,
    GL_HDR_REFINERS_SIZE = 184
};

enum gl_refiner_offset {
    GL_REF_MEMBERS = 0,
    GL_REF_LANGS = 4,
    GL_REF_QUANT_STEP = 36,
    GL_REF_CALIB_A = 40,
    GL_REF_CALIB_B = 44,
    GL_REF_BIAS = 48,
    GL_REF_TABLE_OFFSET = 80
};

static inline uint32_t gl_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t gl_le64(const unsigned char *p)
{
    return (uint64_t)gl_le32(p) | (uint64_t)gl_le32(p + 4) << 32;
}
static inline float gl_lef32(const unsigned char *p)
{
    uint32_t u = gl_le32(p);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}
static inline void gl_put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static inline void gl_put64(unsigned char *p, uint64_t v)
{
    gl_put32(p, (uint32_t)v);
    gl_put32(p + 4, (uint32_t)(v >> 32));
}
static inline void gl_putf32(unsigned char *p, float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    gl_put32(p, u);
}

/* A fast 64-bit checksum (four independent multiply-rotate lanes, then a
 * final avalanche): ~8 MB verify in a few milliseconds. */
uint64_t gl_hash64(const unsigned char *data, size_t len);

#endif
