package io.knowledgehub.core.document;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link IndexStatus} as its {@link IndexStatus#wire()} string, the values the documents table has always held. */
@Converter
public class IndexStatusColumn implements AttributeConverter<IndexStatus, String> {

    @Override
    public String convertToDatabaseColumn(IndexStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public IndexStatus convertToEntityAttribute(String value) {
        return value == null ? null : IndexStatus.fromWire(value);
    }
}
