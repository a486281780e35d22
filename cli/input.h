/* Input files for the CLI: plain, gzip, zstd, bzip2 or xz, told apart by
 * their first bytes (not by their names); UTF-8, or UTF-16 with a byte-order
 * mark decoded to UTF-8; read in chunks. */
#ifndef GLOSSA_CLI_INPUT_H
#define GLOSSA_CLI_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct input input;

/* Opens path, or standard input for "-". NULL when it cannot be opened
 * (errno tells why). */
input *input_open(const char *path);
/* Reads up to n bytes of the (decompressed) content: the count, 0 at the
 * end, -1 on an error that input_error() describes. */
long input_read(input *in, char *buf, size_t n);
const char *input_error(const input *in);
/* Bytes taken from the file so far, and the file's size (-1 when it is
 * not a regular file): for progress. */
uint64_t input_consumed(const input *in);
void input_close(input *in);

#endif
