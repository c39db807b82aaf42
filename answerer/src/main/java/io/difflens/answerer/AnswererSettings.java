package io.difflens.answerer;

import java.util.Objects;
import java.util.Optional;

import io.difflens.platform.config.ConfigValues;

/**
 * How an answerer instance runs. Keys: {@code answerer.group.id}, {@code answerer.transactional.id},
 * {@code answerer.max.new.tokens} (largest accepted {@code maxNewTokens}, 1024).
 *
 * @param groupId         consumer group shared by the answerer instances
 * @param transactionalId a stable id per instance slot, or empty for a random one
 * @param maxNewTokens    largest {@code maxNewTokens} a request may ask for
 */
public record AnswererSettings(String groupId, Optional<String> transactionalId, int maxNewTokens) {

    /** Validates. */
    public AnswererSettings {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("answerer.group.id must not be blank, was '" + groupId + "'");
        }
        Objects.requireNonNull(transactionalId, "transactionalId");
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("answerer.max.new.tokens must be >= 1, was " + maxNewTokens);
        }
    }

    /** Group {@code difflens-answerer}, random transactional id, 1024 tokens. */
    public static AnswererSettings defaults() {
        return new AnswererSettings("difflens-answerer", Optional.empty(), 1024);
    }

    /** Reads {@code answerer.*}. */
    public static AnswererSettings from(ConfigValues v) {
        return new AnswererSettings(v.string("answerer.group.id", "difflens-answerer"),
                v.get("answerer.transactional.id"), v.integer("answerer.max.new.tokens", 1024, 1, 1 << 20));
    }

    public AnswererSettings withGroupId(String id) {
        return new AnswererSettings(id, transactionalId, maxNewTokens);
    }

    public AnswererSettings withTransactionalId(String id) {
        return new AnswererSettings(groupId, Optional.ofNullable(id), maxNewTokens);
    }
}
