package io.knowledgehub.core.job;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.knowledgehub.core.job.JobStatus.CANCELLED;
import static io.knowledgehub.core.job.JobStatus.COMPLETED;
import static io.knowledgehub.core.job.JobStatus.FAILED;
import static io.knowledgehub.core.job.JobStatus.PENDING;
import static io.knowledgehub.core.job.JobStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

class JobStatusTest {

    /** Every move the product makes, and no other. */
    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(RUNNING, CANCELLED, FAILED),
            RUNNING, EnumSet.of(PENDING, COMPLETED, FAILED, CANCELLED),
            COMPLETED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            CANCELLED, EnumSet.noneOf(JobStatus.class));

    @Test
    void allows_exactly_the_moves_of_the_table_for_every_pair_of_statuses() {
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void no_status_moves_to_itself_so_a_running_job_is_never_started_again() {
        for (JobStatus s : JobStatus.values()) {
            assertThat(s.canMoveTo(s)).as("%s -> %s", s, s).isFalse();
        }
    }

    @Test
    void a_final_status_is_one_no_move_leaves() {
        for (JobStatus from : JobStatus.values()) {
            boolean movesOn = EnumSet.allOf(JobStatus.class).stream().anyMatch(from::canMoveTo);
            assertThat(from.isFinal()).as("%s", from).isEqualTo(!movesOn);
        }
    }

    @Test
    void the_wire_form_is_the_lower_case_name_and_reads_back() {
        assertThat(EnumSet.allOf(JobStatus.class)).allSatisfy(s -> {
            assertThat(s.wire()).isEqualTo(s.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(JobStatus.fromWire(s.wire())).isEqualTo(s);
            assertThat(new JobStatusColumn().convertToEntityAttribute(new JobStatusColumn().convertToDatabaseColumn(s))).isEqualTo(s);
        });
        assertThat(JobStatus.parse("RUNNING")).isEmpty();
    }
}
