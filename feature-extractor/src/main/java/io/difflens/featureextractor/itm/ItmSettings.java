package io.difflens.featureextractor.itm;

import java.util.Objects;
import java.util.Optional;

import io.difflens.platform.config.ConfigValues;

/**
 * How an image-text matching instance runs. Keys (under {@code itm.}): {@code group.id},
 * {@code transactional.id}, {@code max.images}, {@code max.texts}, {@code max.timesteps},
 * {@code max.image.bytes}, {@code max.image.side}, {@code follow.adapters} (false: the paper matches with
 * the frozen UNet; true serves the LoRA adapter promoted on {@code model.adapters}).
 *
 * @param groupId         consumer group shared by the instances of this service
 * @param transactionalId a stable id per instance slot, or empty for a random one
 * @param limits          what requests may ask for
 * @param followAdapters  whether to score with the adapter released on {@code model.adapters}
 */
public record ItmSettings(String groupId, Optional<String> transactionalId, ItmLimits limits,
                          boolean followAdapters) {

    /** The default consumer group. */
    public static final String DEFAULT_GROUP = "difflens-itm";

    /** Validates. */
    public ItmSettings {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("itm.group.id must not be blank, was '" + groupId + "'");
        }
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(limits, "limits");
    }

    /** Default group and limits, base weights. */
    public static ItmSettings defaults() {
        return new ItmSettings(DEFAULT_GROUP, Optional.empty(), ItmLimits.DEFAULTS, false);
    }

    /** Reads {@code itm.*}. */
    public static ItmSettings from(ConfigValues v) {
        ItmLimits d = ItmLimits.DEFAULTS;
        return new ItmSettings(v.string("itm.group.id", DEFAULT_GROUP), v.get("itm.transactional.id"),
                new ItmLimits(v.integer("itm.max.images", d.maxImages(), 1, 1 << 16),
                        v.integer("itm.max.texts", d.maxTexts(), 1, 1 << 16),
                        v.integer("itm.max.timesteps", d.maxTimesteps(), 1, 1 << 16),
                        v.integer("itm.max.image.bytes", d.maxImageBytes(), 1, Integer.MAX_VALUE),
                        v.integer("itm.max.image.side", d.maxImageSide(), 1, 1 << 16)),
                v.bool("itm.follow.adapters", false));
    }

    public ItmSettings withGroupId(String id) {
        return new ItmSettings(id, transactionalId, limits, followAdapters);
    }

    public ItmSettings withTransactionalId(String id) {
        return new ItmSettings(groupId, Optional.ofNullable(id), limits, followAdapters);
    }

    public ItmSettings withLimits(ItmLimits l) {
        return new ItmSettings(groupId, transactionalId, l, followAdapters);
    }

    public ItmSettings withFollowAdapters(boolean follow) {
        return new ItmSettings(groupId, transactionalId, limits, follow);
    }
}
