package io.difflens.featureextractor.itm.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.difflens.featureextractor.RequestLimits;
import io.difflens.featureextractor.internal.ImageCheck;
import io.difflens.featureextractor.internal.RejectedException;
import io.difflens.featureextractor.itm.ItmLimits;
import io.difflens.models.bundle.MatchScorer;
import io.difflens.models.bundle.MatcherLayers;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.pipeline.MatchOptions;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.ItmOptions;
import io.difflens.schemas.ItmRequest;
import io.difflens.schemas.ItmScorer;
import io.difflens.schemas.ItmVariant;

/**
 * Turns an {@link ItmRequest} into matcher inputs and options, or a rejection with a readable reason.
 *
 * <p>Options resolve in layers: the bundle's {@code matcher} defaults; then the request's {@code variant}
 * ({@code CROSS_ATTENTION} = attention scores over all layers; {@code DISCFFUSION} = the last block per stage;
 * {@code DISCFFUSION_DENOISING} = that plus the denoising term); then the explicit {@code layers}
 * ({@code ["ALL"]} or {@code ["LAST_PER_STAGE"]}), {@code scorer}, {@code denoisingTerm}, {@code timesteps} and
 * {@code seed}. The scores echo the resolved options with every field filled in; their {@code variant} names
 * the combination when it has a name and is null otherwise.
 */
public final class ItmPlanner {

    /** What to do with one request. */
    public sealed interface Plan {
        String requestId();
    }

    /**
     * A request the matcher can run.
     *
     * @param requestId   its id
     * @param request     the request as read
     * @param images      preprocessed images, the rows
     * @param texts       the texts, the columns
     * @param options     resolved matcher options
     * @param echo        the same options as the event echoes them
     * @param decodeNanos time spent decoding and preprocessing the images
     */
    public record Accepted(String requestId, ItmRequest request, List<ImageTensor> images, List<String> texts,
                           MatchOptions options, ItmOptions echo, long decodeNanos) implements Plan {
    }

    /** A request refused with {@code reason}. */
    public record Rejected(String requestId, String reason) implements Plan {
    }

    private final ModelBundle bundle;
    private final ItmLimits limits;
    private final RequestLimits imageLimits;
    private final ImagePreprocessor preprocessor;
    private final MatchOptions defaults;

    public ItmPlanner(ModelBundle bundle, MatchOptions defaults, ItmLimits limits) {
        this.bundle = bundle;
        this.limits = limits;
        // the extractor's image check takes its own limits record; the token limit plays no part in matching
        this.imageLimits = new RequestLimits(limits.maxImageBytes(), limits.maxImageSide(), 1);
        this.preprocessor = new ImagePreprocessor(bundle.config().imageSize());
        this.defaults = defaults;
    }

    /** The plan of {@code r}; {@code adapter} (a name loaded in the bundle) is applied to its UNet passes. */
    public Plan plan(ItmRequest r, Optional<String> adapter) {
        try {
            return accept(r, adapter);
        } catch (RejectedException e) {
            return new Rejected(r.getId(), e.getMessage());
        } catch (IllegalArgumentException e) {
            // the models' own validation of an option combination: the request's fault
            return new Rejected(r.getId(), "invalid options: " + e.getMessage());
        }
    }

    private Accepted accept(ItmRequest r, Optional<String> adapter) {
        if (r.getId() == null || r.getId().isBlank()) {
            throw new RejectedException("request id must not be blank");
        }
        int rows = r.getImages().size();
        int cols = r.getTexts().size();
        if (rows == 0 || cols == 0) {
            throw new RejectedException("matching needs at least one image and one text, got " + rows + " images and "
                    + cols + " texts");
        }
        if (rows > limits.maxImages() || cols > limits.maxTexts()) {
            throw new RejectedException(rows + " images x " + cols + " texts exceeds the limit of "
                    + limits.maxImages() + " images x " + limits.maxTexts() + " texts");
        }
        for (int j = 0; j < cols; j++) {
            if (r.getTexts().get(j).isBlank()) {
                throw new RejectedException("text " + j + " is blank");
            }
        }
        MatchOptions options = resolve(r.getOptions());
        if (adapter.isPresent()) {
            options = options.withAdapter(adapter.get());
        }

        long t0 = System.nanoTime();
        List<ImageTensor> images = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            if (!(r.getImages().get(i) instanceof InlineImage inline)) {
                throw new RejectedException("image " + i + ": image URIs are not fetched by the matcher; send the "
                        + "image inline");
            }
            ByteBuffer data = inline.getData().duplicate();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            try {
                images.add(preprocessor.preprocess(ImageCheck.decode(bytes, imageLimits)));
            } catch (RejectedException e) {
                throw new RejectedException("image " + i + ": " + e.getMessage());
            }
        }
        return new Accepted(r.getId(), r, images, List.copyOf(r.getTexts()), options, echo(options),
                System.nanoTime() - t0);
    }

    MatchOptions resolve(ItmOptions o) {
        MatchOptions m = defaults;
        if (o == null) {
            return m;
        }
        if (o.getVariant() != null) {
            m = switch (o.getVariant()) {
                case CROSS_ATTENTION -> m.withScorer(MatchScorer.ATTENTION).withLayers(MatcherLayers.ALL)
                        .withDenoisingTerm(false);
                case DISCFFUSION -> m.withScorer(MatchScorer.ATTENTION).withLayers(MatcherLayers.LAST_PER_STAGE)
                        .withDenoisingTerm(false);
                case DISCFFUSION_DENOISING -> m.withScorer(MatchScorer.ATTENTION)
                        .withLayers(MatcherLayers.LAST_PER_STAGE).withDenoisingTerm(true);
            };
        }
        if (o.getLayers() != null) {
            m = m.withLayers(layers(o.getLayers()));
        }
        if (o.getScorer() != null) {
            m = m.withScorer(switch (o.getScorer()) {
                case ATTENTION -> MatchScorer.ATTENTION;
                case DIFFUSION_ITM -> MatchScorer.DIFFUSION_ITM;
            });
        }
        if (o.getDenoisingTerm() != null) {
            m = m.withDenoisingTerm(o.getDenoisingTerm());
        }
        if (o.getTimesteps() != null) {
            m = m.withTimesteps(timesteps(o.getTimesteps()));
        }
        if (o.getSeed() != null) {
            m = m.withSeed(o.getSeed());
        }
        return m;
    }

    private List<Integer> timesteps(List<Integer> requested) {
        if (requested.isEmpty()) {
            throw new RejectedException("timesteps must not be empty (omit them for the defaults "
                    + defaults.timesteps() + ")");
        }
        if (requested.size() > limits.maxTimesteps()) {
            throw new RejectedException(requested.size() + " timesteps exceed the limit of " + limits.maxTimesteps());
        }
        int size = bundle.schedule().size();
        Set<Integer> seen = new HashSet<>();
        for (int t : requested) {
            if (t < 0 || t >= size) {
                throw new RejectedException("timestep " + t + " is outside [0, " + size + ")");
            }
            if (!seen.add(t)) {
                throw new RejectedException("timestep " + t + " is repeated in " + requested);
            }
        }
        return requested;
    }

    private static MatcherLayers layers(List<String> requested) {
        if (requested.size() == 1) {
            String name = requested.get(0).strip().toUpperCase(Locale.ROOT);
            for (MatcherLayers l : MatcherLayers.values()) {
                if (l.name().equals(name)) {
                    return l;
                }
            }
        }
        throw new RejectedException("layers must be [\"ALL\"] or [\"LAST_PER_STAGE\"], got " + requested);
    }

    /** The resolved options as the scores echo them. */
    static ItmOptions echo(MatchOptions m) {
        ItmVariant variant = null;
        if (m.scorer() == MatchScorer.ATTENTION) {
            if (m.layers() == MatcherLayers.ALL && !m.denoisingTerm()) {
                variant = ItmVariant.CROSS_ATTENTION;
            } else if (m.layers() == MatcherLayers.LAST_PER_STAGE) {
                variant = m.denoisingTerm() ? ItmVariant.DISCFFUSION_DENOISING : ItmVariant.DISCFFUSION;
            }
        }
        return ItmOptions.newBuilder()
                .setTimesteps(List.copyOf(m.timesteps()))
                .setLayers(List.of(m.layers().name()))
                .setVariant(variant)
                .setScorer(m.scorer() == MatchScorer.ATTENTION ? ItmScorer.ATTENTION : ItmScorer.DIFFUSION_ITM)
                .setDenoisingTerm(m.denoisingTerm())
                .setSeed(m.seed())
                .build();
    }
}
