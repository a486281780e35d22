// CLD2 for `make bench`: one language code per input line ("" when CLD2
// says unknown), through ExtDetectLanguageSummary with kCLDFlagBestEffort so
// that short inputs get an answer too. CLD2's tables are compiled into the
// library: there is no model to load (load time 0).
#include "bench_input.h" // before CLD2's header, which needs <stdio.h>

#include <cld2/public/compact_lang_det.h>

int main()
{
    bench_input in;
    bench_read(&in);
    CLD2::Language *answer = static_cast<CLD2::Language *>(bench_alloc(in.n * sizeof(CLD2::Language)));
    double t0 = bench_now();
    for (size_t i = 0; i < in.n; i++) {
        CLD2::Language language3[3];
        int percent3[3];
        double score3[3];
        int text_bytes;
        bool reliable;
        answer[i] = CLD2::ExtDetectLanguageSummary(in.line[i], static_cast<int>(in.len[i]), true, nullptr,
                                                   CLD2::kCLDFlagBestEffort, language3, percent3, score3,
                                                   nullptr, &text_bytes, &reliable);
    }
    double t1 = bench_now();
    for (size_t i = 0; i < in.n; i++)
        puts(answer[i] == CLD2::UNKNOWN_LANGUAGE ? "" : CLD2::LanguageCode(answer[i]));
    bench_report(0, t1 - t0, &in);
    free(answer);
    bench_free(&in);
    return 0;
}
