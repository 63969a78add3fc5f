package io.knowledgehub.api.source;

import java.util.List;
import java.util.UUID;

public record RefreshAllView(List<UUID> jobIds, List<RefreshView> jobs, int total) {
}
