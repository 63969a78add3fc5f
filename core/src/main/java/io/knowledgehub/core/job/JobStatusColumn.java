package io.knowledgehub.core.job;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link JobStatus} as its {@link JobStatus#wire()} string, the values the jobs table has always held. */
@Converter
public class JobStatusColumn implements AttributeConverter<JobStatus, String> {

    @Override
    public String convertToDatabaseColumn(JobStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public JobStatus convertToEntityAttribute(String value) {
        return value == null ? null : JobStatus.fromWire(value);
    }
}
