/** {@code /api/v1/sources}: registration, change, removal and refresh of sources, and their crawl coverage reports. */
package io.knowledgehub.api.source;
