package io.difflens.platform.serde;

import org.apache.avro.Schema;

/**
 * How a serializer names the registry subject of a record, as Confluent's strategies do. Config values may
 * be Confluent's class names ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}), their
 * simple names, or these constants' names.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (Confluent's default). */
    TOPIC_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name: one lineage per record type, shared by every topic that carries it. */
    RECORD_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return fullName(schema);
        }
    },
    /** {@code <topic>-<record full name>}: several record types per topic, each with its own lineage. */
    TOPIC_RECORD_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + "-" + fullName(schema);
        }
    };

    /** The subject for a record with {@code schema} written to {@code topic}. */
    public abstract String subject(String topic, boolean isKey, Schema schema);

    private static String fullName(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getFullName();
            default -> throw new IllegalArgumentException(
                    "record-name subject strategies need a named schema, got " + schema.getType());
        };
    }

    /** Parses a config value (Confluent class name, simple class name, or constant name). */
    public static SubjectNameStrategy parse(String value) {
        String simple = value.substring(value.lastIndexOf('.') + 1).trim();
        return switch (simple) {
            case "TopicNameStrategy", "TOPIC_NAME" -> TOPIC_NAME;
            case "RecordNameStrategy", "RECORD_NAME" -> RECORD_NAME;
            case "TopicRecordNameStrategy", "TOPIC_RECORD_NAME" -> TOPIC_RECORD_NAME;
            default -> throw new IllegalArgumentException("unknown subject name strategy '" + value
                    + "', expected TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        };
    }

}
