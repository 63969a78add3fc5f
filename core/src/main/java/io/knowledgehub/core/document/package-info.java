/** Crawled documents (and, once indexed, their chunks); read through {@link io.knowledgehub.core.document.DocumentService}. */
package io.knowledgehub.core.document;
