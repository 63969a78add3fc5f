/** {@code /api/v1/documents}: crawled pages. */
package io.knowledgehub.api.document;
