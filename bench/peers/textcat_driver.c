/*
 * TextCat (Debian's libexttextcat) for `make bench`: one language code per
 * input line ("" for UNKNOWN or SHORT). The fingerprints are those of
 * libexttextcat-data, loaded once from the directory given as argument.
 * The code printed is the first field of TextCat's category name
 * ("ha-NG-utf8" -> "ha"); the first category when TextCat names several.
 */
#include "bench_input.h"

#include <textcat.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: textcat_driver FINGERPRINT-DIR/ < lines\n", stderr);
        return 1;
    }
    bench_input in;
    bench_read(&in);
    char conf[4096];
    snprintf(conf, sizeof conf, "%sfpdb.conf", argv[1]);
    double t0 = bench_now();
    void *tc = special_textcat_Init(conf, argv[1]);
    if (!tc) {
        fprintf(stderr, "textcat_driver: cannot load %s\n", conf);
        return 2;
    }
    textcat_SetProperty(tc, TCPROP_UTF8AWARE, TC_TRUE);
    textcat_SetProperty(tc, TCPROP_MINIMUM_DOCUMENT_SIZE, 1);
    double t1 = bench_now();
    char (*answer)[16] = bench_alloc(in.n * sizeof *answer);
    for (size_t i = 0; i < in.n; i++) {
        const char *r = textcat_Classify(tc, in.line[i], in.len[i]);
        size_t k = 0;
        if (r[0] == '[')
            for (r++; r[k] && r[k] != '-' && r[k] != ']' && k < sizeof answer[i] - 1; k++)
                answer[i][k] = r[k];
        answer[i][k] = '\0';
    }
    double t2 = bench_now();
    for (size_t i = 0; i < in.n; i++)
        puts(answer[i]);
    bench_report(t1 - t0, t2 - t1, &in);
    textcat_Done(tc);
    free(answer);
    bench_free(&in);
    return 0;
}
