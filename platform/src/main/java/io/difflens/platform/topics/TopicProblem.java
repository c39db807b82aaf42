package io.difflens.platform.topics;

/**
 * One way an existing topic differs from its spec, readable as is (for {@code difflens doctor}).
 *
 * @param topic   the topic's full name
 * @param kind    what is wrong
 * @param message a sentence naming the expected and the actual value
 */
public record TopicProblem(String topic, Kind kind, String message) {

    /** What is wrong with a topic. */
    public enum Kind {
        MISSING,
        TOO_FEW_PARTITIONS,
        REPLICATION_TOO_LOW,
        WRONG_CLEANUP_POLICY,
        MAX_MESSAGE_BYTES_TOO_SMALL,
        WRONG_COMPRESSION,
        WRONG_RETENTION
    }

    @Override
    public String toString() {
        return topic + ": " + message;
    }
}
