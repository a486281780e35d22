/* The library's version and its error messages. */
#include <glossa.h>

const char *glossa_version(void)
{
    return GLOSSA_VERSION_STRING;
}

unsigned glossa_version_number(void)
{
    return GLOSSA_VERSION_NUMBER;
}

const char *glossa_strerror(int status)
{
    switch (status) {
    case GLOSSA_OK:
        return "success";
    case GLOSSA_E_INVALID_ARGUMENT:
        return "invalid argument";
    case GLOSSA_E_NO_MEMORY:
        return "out of memory";
    case GLOSSA_E_IO:
        return "model file could not be read";
    case GLOSSA_E_MODEL_FORMAT:
        return "not a glossa model, or truncated or corrupted";
    case GLOSSA_E_MODEL_VERSION:
        return "glossa model of an unsupported format version";
    case GLOSSA_E_MODEL_CHECKSUM:
        return "glossa model corrupted (checksum mismatch)";
    case GLOSSA_E_UNKNOWN_LANGUAGE:
        return "unknown or ambiguous language";
    case GLOSSA_E_STREAM_STATE:
        return "stream functions called out of order";
    case GLOSSA_E_SPACE:
        return "more results than the array holds";
    case GLOSSA_E_NOT_IN_MODEL:
        return "language not in this model";
    default:
        return "unknown error";
    }
}
