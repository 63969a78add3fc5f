/** {@code /api/v1/sources}: registration, change, removal and refresh of sources. */
package io.knowledgehub.api.source;
