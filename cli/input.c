/* The CLI's input: files and standard input, plain, gzip or zstd, read in
 * chunks (input.h). */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>
#include <zstd.h>

#define RAW_CHUNK (64 * 1024)

enum kind { PLAIN, GZIP, ZSTD };

struct input {
    FILE *f;
    int is_stdin;
    enum kind kind;
    int64_t size;
    uint64_t consumed;
    /* raw bytes read but not used yet */
    unsigned char raw[RAW_CHUNK];
    size_t raw_pos, raw_len;
    int raw_eof;
    z_stream z;
    int z_end; /* a gzip member ended; more may follow */
    ZSTD_DCtx *zd;
    int zstd_frame_open;
    char error[128];
};

static int fill_raw(input *in)
{
    if (in->raw_pos < in->raw_len || in->raw_eof)
        return 0;
    in->raw_pos = 0;
    in->raw_len = fread(in->raw, 1, sizeof in->raw, in->f);
    in->consumed += in->raw_len;
    if (in->raw_len == 0) {
        if (ferror(in->f)) {
            snprintf(in->error, sizeof in->error, "%s", strerror(errno));
            return -1;
        }
        in->raw_eof = 1;
    }
    return 0;
}

input *input_open(const char *path)
{
    input *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->is_stdin = strcmp(path, "-") == 0;
    in->f = in->is_stdin ? stdin : fopen(path, "rb");
    if (!in->f) {
        int e = errno;
        free(in);
        errno = e;
        return NULL;
    }
    struct stat st;
    in->size = fstat(fileno(in->f), &st) == 0 && S_ISREG(st.st_mode) ? (int64_t)st.st_size : -1;
    /* The first bytes tell the format; fread until 4 are there or the end. */
    while (in->raw_len < 4) {
        size_t got = fread(in->raw + in->raw_len, 1, sizeof in->raw - in->raw_len, in->f);
        if (got == 0)
            break;
        in->raw_len += got;
    }
    in->consumed = in->raw_len;
    if (in->raw_len >= 2 && in->raw[0] == 0x1F && in->raw[1] == 0x8B) {
        in->kind = GZIP;
        if (inflateInit2(&in->z, 15 + 16) != Z_OK)
            snprintf(in->error, sizeof in->error, "cannot start gzip decompression");
    } else if (in->raw_len >= 4 && in->raw[0] == 0x28 && in->raw[1] == 0xB5 && in->raw[2] == 0x2F &&
               in->raw[3] == 0xFD) {
        in->kind = ZSTD;
        in->zd = ZSTD_createDCtx();
        if (!in->zd)
            snprintf(in->error, sizeof in->error, "cannot start zstd decompression");
    }
    return in;
}

static long read_gzip(input *in, char *buf, size_t n)
{
    in->z.next_out = (unsigned char *)buf;
    in->z.avail_out = (unsigned)(n > 1u << 30 ? 1u << 30 : n);
    size_t want = in->z.avail_out;
    while (in->z.avail_out == want) {
        if (fill_raw(in) < 0)
            return -1;
        int at_end = in->raw_pos == in->raw_len;
        if (at_end && in->z_end)
            break;
        if (in->z_end) { /* another member follows */
            inflateReset(&in->z);
            in->z_end = 0;
        }
        in->z.next_in = in->raw + in->raw_pos;
        in->z.avail_in = (unsigned)(in->raw_len - in->raw_pos);
        int rc = inflate(&in->z, Z_NO_FLUSH);
        in->raw_pos = in->raw_len - in->z.avail_in;
        if (rc == Z_STREAM_END) {
            in->z_end = 1;
        } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && !at_end)) {
            snprintf(in->error, sizeof in->error, "%s",
                     at_end ? "truncated gzip data" : in->z.msg ? in->z.msg : "corrupt gzip data");
            return -1;
        }
        if (at_end && in->z.avail_out == want && !in->z_end) {
            snprintf(in->error, sizeof in->error, "truncated gzip data");
            return -1;
        }
    }
    return (long)(want - in->z.avail_out);
}

static long read_zstd(input *in, char *buf, size_t n)
{
    ZSTD_outBuffer out = {buf, n, 0};
    while (out.pos == 0) {
        if (fill_raw(in) < 0)
            return -1;
        int at_end = in->raw_pos == in->raw_len;
        if (at_end && !in->zstd_frame_open)
            break;
        ZSTD_inBuffer zin = {in->raw, in->raw_len, in->raw_pos};
        size_t rc = ZSTD_decompressStream(in->zd, &out, &zin);
        in->raw_pos = zin.pos;
        if (ZSTD_isError(rc)) {
            snprintf(in->error, sizeof in->error, "corrupt zstd data (%s)", ZSTD_getErrorName(rc));
            return -1;
        }
        in->zstd_frame_open = rc != 0;
        if (at_end && out.pos == 0) {
            snprintf(in->error, sizeof in->error, "truncated zstd data");
            return -1;
        }
    }
    return (long)out.pos;
}

long input_read(input *in, char *buf, size_t n)
{
    if (in->error[0])
        return -1;
    if (in->kind == GZIP)
        return read_gzip(in, buf, n);
    if (in->kind == ZSTD)
        return read_zstd(in, buf, n);
    if (in->raw_pos < in->raw_len) { /* the bytes read to tell the format */
        size_t take = in->raw_len - in->raw_pos < n ? in->raw_len - in->raw_pos : n;
        memcpy(buf, in->raw + in->raw_pos, take);
        in->raw_pos += take;
        return (long)take;
    }
    size_t got = fread(buf, 1, n, in->f);
    in->consumed += got;
    if (got == 0 && ferror(in->f)) {
        snprintf(in->error, sizeof in->error, "%s", strerror(errno));
        return -1;
    }
    return (long)got;
}

const char *input_error(const input *in) { return in->error; }

uint64_t input_consumed(const input *in) { return in->consumed; }


void input_close(input *in)
{
    if (!in)
        return;
    if (in->kind == GZIP)
        inflateEnd(&in->z);
    ZSTD_freeDCtx(in->zd);
    if (!in->is_stdin)
        fclose(in->f);
    free(in);
}
