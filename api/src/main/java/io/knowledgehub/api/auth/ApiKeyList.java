package io.knowledgehub.api.auth;

import java.util.List;

/** {@code GET /api/v1/keys}. */
public record ApiKeyList(List<ApiKeyView> keys) {
}
