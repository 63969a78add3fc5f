/** {@code /api/v1/search}: the wire form of a search, validated into a {@link io.knowledgehub.core.search.SearchRequest}. */
package io.knowledgehub.api.search;
