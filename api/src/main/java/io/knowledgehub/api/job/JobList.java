package io.knowledgehub.api.job;

import java.util.List;

public record JobList(List<JobView> jobs, long total, int limit, int offset) {
}
