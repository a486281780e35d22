/* Text that is not language, made up for the trainer's non-language class
 * (zxx): keyboard mash, laughter and other repeated syllables, random
 * letters, in the forms chat and logs write them. */
#include "non_language.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

/* Letter rows of the QWERTY, AZERTY and QWERTZ keyboards: a hand run along
 * a row types mash ("asdfghjkl"). */
static const char *const rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm",  "azertyuiop",
                                   "qsdfghjklm", "wxcvbn",    "qwertzuiop", "yxcvbnm"};

/* A run along a keyboard row, either way, a key now and then held. */
static size_t keyboard_run(uint64_t *rng, char *out)
{
    const char *row = rows[splitmix64(rng) % (sizeof rows / sizeof rows[0])];
    size_t row_len = strlen(row), len = 3 + splitmix64(rng) % (row_len - 2), start = splitmix64(rng) % (row_len - len + 1);
    int backwards = splitmix64(rng) % 4 == 0;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = row[backwards ? start + len - 1 - i : start + i];
        out[n++] = c;
        if (splitmix64(rng) % 8 == 0)
            out[n++] = c;
    }
    return n;
}

/* A unit of one to three letters repeated: laughter ("hahaha", "kkkk"),
 * "jkjkjk", "sdfsdf". */
static size_t repeated_unit(uint64_t *rng, char *out)
{
    static const char consonants[] = "hjkwxsdlmnpbgrfz";
    static const char vowels[] = "aeiou";
    char unit[3];
    size_t unit_len = 1 + splitmix64(rng) % 3;
    for (size_t i = 0; i < unit_len; i++)
        unit[i] = consonants[splitmix64(rng) % (sizeof consonants - 1)];
    if (unit_len == 2 && splitmix64(rng) % 2)
        unit[1] = vowels[splitmix64(rng) % 5]; /* "ha", "he", "ja", "ke" */
    size_t times = (unit_len == 1 ? 3 : 2) + splitmix64(rng) % 5, n = 0;
    for (size_t t = 0; t < times; t++)
        for (size_t i = 0; i < unit_len; i++)
            out[n++] = unit[i];
    return n;
}

/* Letters drawn at random. */
static size_t random_letters(uint64_t *rng, char *out)
{
    size_t len = 2 + splitmix64(rng) % 9;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)('a' + splitmix64(rng) % 26);
    return len;
}

/* One token, in lowercase, capitalized or in capitals. */
static size_t token(uint64_t *rng, char *out)
{
    uint64_t kind = splitmix64(rng) % 3;
    size_t n = kind == 0 ? keyboard_run(rng, out) : kind == 1 ? repeated_unit(rng, out) : random_letters(rng, out);
    uint64_t form = splitmix64(rng) % 8;
    for (size_t i = 0; i < n; i++)
        if (form == 0 || (form == 1 && i == 0) || (form == 2 && i == n - 1))
            out[i] = (char)(out[i] - 'a' + 'A'); /* "XD", "Haha", "xD" */
    return n;
}

/* The longest line: four tokens of at most 20 letters, spaces, a mark. */
#define LINE_ROOM 128

char *gl_non_language_text(uint64_t seed, size_t bytes, size_t *size)
{
    static const char *const marks[] = {"", "", "", "!", "!!!", "?", "...", " :D", " :)", " <3"};
    char *text = malloc(bytes + LINE_ROOM);
    if (!text)
        return NULL;
    uint64_t rng = seed;
    size_t n = 0;
    while (n < bytes) {
        size_t tokens = 1 + splitmix64(&rng) % 4;
        for (size_t t = 0; t < tokens; t++) {
            if (t)
                text[n++] = ' ';
            n += token(&rng, text + n);
        }
        const char *mark = marks[splitmix64(&rng) % (sizeof marks / sizeof marks[0])];
        memcpy(text + n, mark, strlen(mark));
        n += strlen(mark);
        text[n++] = '\n';
    }
    *size = n;
    return text;
}
