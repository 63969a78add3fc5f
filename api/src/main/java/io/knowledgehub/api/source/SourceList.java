package io.knowledgehub.api.source;

import java.util.List;

public record SourceList(List<SourceView> sources, long total, int limit, int offset) {
}
