package io.knowledgehub.api.document;

import java.util.List;

public record DocumentList(List<DocumentView> documents, long total, int limit, int offset) {
}
