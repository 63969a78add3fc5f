/**
 * The indexer service of cluster mode: a Quarkus app running the rag workers of the indexer library
 * ({@code IndexJobHandler}) on the Redis queue {@code rag_jobs:pending}, with its health components. See the module
 * README.
 */
package io.knowledgehub.indexer.service;
