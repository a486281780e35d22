/* A pool of threads that processes jobs in any order while the submitter
 * collects them in the order it chose: the CLI reads blocks of records,
 * the threads label them, and the main thread writes them in input order. */
#ifndef GLOSSA_CLI_POOL_H
#define GLOSSA_CLI_POOL_H

/* Embed first in a job. */
typedef struct pool_job {
    struct pool_job *next;
    int done;
} pool_job;

/* Processes one job with one thread's context. */
typedef void (*pool_fn)(void *context, pool_job *job);

typedef struct pool pool;

/* The most threads a pool (and the CLI's -j) takes. */
#define POOL_MAX_THREADS 64

/* threads contexts, one per thread. With one thread, jobs run in
 * pool_submit on the caller's thread. NULL when threads cannot start. */
pool *pool_create(unsigned threads, void **contexts, pool_fn fn);
void pool_submit(pool *p, pool_job *job);
/* Waits until job is done. */
void pool_wait(pool *p, pool_job *job);
/* Stops the threads (after the jobs submitted) and frees the pool. */
void pool_free(pool *p);

#endif
