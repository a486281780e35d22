/* The default model, placed in the library by the assembler's .incbin so
 * that no file is read at run time. GLOSSA_MODEL_PATH (set by the Makefile)
 * names model/glossa.model, which `make model` regenerates. */
#include "model.h"

#ifndef GLOSSA_MODEL_PATH
#error "GLOSSA_MODEL_PATH must name the model file to embed"
#endif

#if defined(__wasm__)
/* WebAssembly's object format: a named data section, and a size for each
 * data symbol. */
__asm__(".section .rodata.gl_model_blob,\"\",@\n"
        ".p2align 6\n"
        ".globl gl_model_blob\n"
        ".hidden gl_model_blob\n"
        ".globl gl_model_blob_end\n"
        ".hidden gl_model_blob_end\n"
        "gl_model_blob:\n"
        ".incbin \"" GLOSSA_MODEL_PATH "\"\n"
        "gl_model_blob_end:\n"
        ".byte 0\n"
        ".size gl_model_blob, gl_model_blob_end - gl_model_blob\n"
        ".size gl_model_blob_end, 1\n");
#else
#if defined(__APPLE__)
#define GL_BLOB_SECTION ".const_data"
#define GL_SYM(name) "_" #name
#else
#define GL_BLOB_SECTION ".section .rodata"
#define GL_SYM(name) #name
#endif

__asm__(GL_BLOB_SECTION "\n"
        ".balign 64\n"
        ".globl " GL_SYM(gl_model_blob) "\n"
#if !defined(__APPLE__)
        ".hidden " GL_SYM(gl_model_blob) "\n"
        ".hidden " GL_SYM(gl_model_blob_end) "\n"
#endif
        GL_SYM(gl_model_blob) ":\n"
        ".incbin \"" GLOSSA_MODEL_PATH "\"\n"
        ".globl " GL_SYM(gl_model_blob_end) "\n"
        GL_SYM(gl_model_blob_end) ":\n"
        ".byte 0\n"
        ".previous\n");
#endif

int glossa_model_load_default(glossa_model **out)
{
    if (!out)
        return GLOSSA_E_INVALID_ARGUMENT;
    *out = NULL;
    /* The embedded bytes are part of the library's code: their structure is
     * checked, the checksum is left to the build (keeps loading fast). */
    return gl_model_load(gl_model_blob, gl_model_blob_size(), NULL, 0, out);
}
