/* Compiling for SIMD: what the hot loops of several files share. */
#ifndef GLOSSA_SIMD_H
#define GLOSSA_SIMD_H

/* GL_SIMD_CLONES: the hot loops (featurizing, the output layer, the
 * softmax) get an AVX2 clone on x86-64 too, picked when the library loads
 * (no FMA, so every CPU computes in the same order and gives the same
 * bits). Put it on static functions behind plain ones: clang 14 cannot call
 * a cloned function from another file. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GL_NO_CLONES /* ThreadSanitizer's resolver would run before its runtime */
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define GL_NO_CLONES
#endif
#if defined(__x86_64__) && defined(__linux__) && defined(__has_attribute) && !defined(GL_NO_CLONES)
#if __has_attribute(target_clones)
#define GL_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef GL_SIMD_CLONES
#define GL_SIMD_CLONES
#endif

#endif
