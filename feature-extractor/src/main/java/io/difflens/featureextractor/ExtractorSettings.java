package io.difflens.featureextractor;

import java.util.Objects;
import java.util.Optional;

import io.difflens.platform.config.ConfigValues;
import io.difflens.schemas.DType;

/**
 * How a feature-extractor instance runs. Keys (under {@code extractor.}): {@code mode}
 * ({@code features} or {@code colocated}), {@code group.id}, {@code transactional.id}, {@code features.dtype}
 * ({@code F16} or {@code F32}), {@code max.image.bytes}, {@code max.image.side}, {@code max.new.tokens},
 * {@code follow.adapters} (true).
 *
 * @param mode            features only, or co-located answering
 * @param groupId         consumer group shared by the instances of this service
 * @param transactionalId a stable id per instance slot, or empty for a random one
 * @param featureType     element type of published features (F16 halves the bytes on the wire)
 * @param limits          what requests may ask for
 * @param followAdapters  whether to hot-swap adapters released on {@code model.adapters}
 */
public record ExtractorSettings(ExtractorMode mode, String groupId, Optional<String> transactionalId,
                                DType featureType, RequestLimits limits, boolean followAdapters) {

    /** Validates. */
    public ExtractorSettings {
        Objects.requireNonNull(mode, "mode");
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("extractor.group.id must not be blank, was '" + groupId + "'");
        }
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(featureType, "featureType");
        Objects.requireNonNull(limits, "limits");
    }

    /** Defaults for {@code mode}: its own group, F16 features, default limits, following adapters. */
    public static ExtractorSettings defaults(ExtractorMode mode) {
        return new ExtractorSettings(mode, defaultGroup(mode), Optional.empty(), DType.F16, RequestLimits.DEFAULTS,
                true);
    }

    /** Reads {@code extractor.*}; {@code mode} is used when the key is absent. */
    public static ExtractorSettings from(ConfigValues v, ExtractorMode mode) {
        ExtractorMode m = v.enumValue("extractor.mode", ExtractorMode.class, mode);
        RequestLimits d = RequestLimits.DEFAULTS;
        return new ExtractorSettings(m, v.string("extractor.group.id", defaultGroup(m)),
                v.get("extractor.transactional.id"), v.enumValue("extractor.features.dtype", DType.class, DType.F16),
                new RequestLimits(v.integer("extractor.max.image.bytes", d.maxImageBytes(), 1, Integer.MAX_VALUE),
                        v.integer("extractor.max.image.side", d.maxImageSide(), 1, 1 << 16),
                        v.integer("extractor.max.new.tokens", d.maxNewTokens(), 1, 1 << 20)),
                v.bool("extractor.follow.adapters", true));
    }

    public ExtractorSettings withGroupId(String id) {
        return new ExtractorSettings(mode, id, transactionalId, featureType, limits, followAdapters);
    }

    public ExtractorSettings withTransactionalId(String id) {
        return new ExtractorSettings(mode, groupId, Optional.ofNullable(id), featureType, limits, followAdapters);
    }

    public ExtractorSettings withFeatureType(DType t) {
        return new ExtractorSettings(mode, groupId, transactionalId, t, limits, followAdapters);
    }

    public ExtractorSettings withLimits(RequestLimits l) {
        return new ExtractorSettings(mode, groupId, transactionalId, featureType, l, followAdapters);
    }

    public ExtractorSettings withFollowAdapters(boolean follow) {
        return new ExtractorSettings(mode, groupId, transactionalId, featureType, limits, follow);
    }

    private static String defaultGroup(ExtractorMode mode) {
        return mode == ExtractorMode.COLOCATED ? "difflens-colocated" : "difflens-feature-extractor";
    }
}
