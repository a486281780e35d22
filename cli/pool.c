/* The thread pool of pool.h. */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>


struct pool {
    pthread_mutex_t lock;
    pthread_cond_t work, done;
    pool_job *head, *tail; /* jobs not yet taken */
    int stopping;
    unsigned threads, started;
    void **contexts;
    pool_fn fn;
    pthread_t ids[POOL_MAX_THREADS];
    struct pool_thread {
        struct pool *p;
        void *context;
    } args[POOL_MAX_THREADS];
};

static void *run(void *arg)
{
    struct pool_thread *t = arg;
    pool *p = t->p;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->head && !p->stopping)
            pthread_cond_wait(&p->work, &p->lock);
        if (!p->head)
            break;
        pool_job *job = p->head;
        p->head = job->next;
        if (!p->head)
            p->tail = NULL;
        pthread_mutex_unlock(&p->lock);
        p->fn(t->context, job);
        pthread_mutex_lock(&p->lock);
        job->done = 1;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

pool *pool_create(unsigned threads, void **contexts, pool_fn fn)
{
    pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->threads = threads < 1 ? 1 : threads > POOL_MAX_THREADS ? POOL_MAX_THREADS : threads;
    p->contexts = contexts;
    p->fn = fn;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    if (p->threads == 1)
        return p;
    for (unsigned i = 0; i < p->threads; i++) {
        p->args[i] = (struct pool_thread){p, contexts[i]};
        if (pthread_create(&p->ids[i], NULL, run, &p->args[i]) != 0) {
            pool_free(p);
            return NULL;
        }
        p->started++;
    }
    return p;
}

void pool_submit(pool *p, pool_job *job)
{
    job->next = NULL;
    job->done = 0;
    if (p->threads == 1) {
        p->fn(p->contexts[0], job);
        job->done = 1;
        return;
    }
    pthread_mutex_lock(&p->lock);
    if (p->tail)
        p->tail->next = job;
    else
        p->head = job;
    p->tail = job;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
}

void pool_wait(pool *p, pool_job *job)
{
    if (p->threads == 1)
        return;
    pthread_mutex_lock(&p->lock);
    while (!job->done)
        pthread_cond_wait(&p->done, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void pool_free(pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stopping = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->started; i++)
        pthread_join(p->ids[i], NULL);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
