package io.knowledgehub.core.source;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link SourceStatus} as its {@link SourceStatus#wire()} string, the values the sources table has always held. */
@Converter
public class SourceStatusColumn implements AttributeConverter<SourceStatus, String> {

    @Override
    public String convertToDatabaseColumn(SourceStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public SourceStatus convertToEntityAttribute(String value) {
        return value == null ? null : SourceStatus.fromWire(value);
    }
}
