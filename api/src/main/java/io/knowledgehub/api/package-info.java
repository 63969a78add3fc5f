/** The REST API and the standalone app; {@link io.knowledgehub.api.Ids} parses ids and paging shared by the resources. */
package io.knowledgehub.api;
