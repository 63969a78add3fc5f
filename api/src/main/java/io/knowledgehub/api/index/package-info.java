/** {@code /api/v1/index}: what the search index holds, and the re-index that follows a change of embedding model. */
package io.knowledgehub.api.index;
