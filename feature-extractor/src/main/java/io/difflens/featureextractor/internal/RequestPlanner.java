package io.difflens.featureextractor.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.difflens.featureextractor.ActiveAdapter;
import io.difflens.featureextractor.RequestLimits;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.image.ImageTensor;
import io.difflens.models.pipeline.AnswerOptions;
import io.difflens.models.pipeline.FeatureExtractor;
import io.difflens.models.pipeline.FeatureInput;
import io.difflens.models.pipeline.FeatureMode;
import io.difflens.models.pipeline.FeatureOptions;
import io.difflens.models.pipeline.FeatureTensor;
import io.difflens.models.pipeline.PromptComposer;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.RequestOptions;
import io.difflens.schemas.Turn;
import io.difflens.schemas.VqaRequest;

/**
 * Turns a {@link VqaRequest} into model inputs and options (the bundle's defaults overridden by the
 * request's), or a rejection with a readable reason. The paper's options: feature mode, a caption put
 * before the question as the UNet's text, one question sampled (with the request's seed) from a multi-turn
 * conversation as the UNet's text, timestep, layers and seed; the text encoder keeps the first 77 tokens.
 */
public final class RequestPlanner {

    /** What to do with one request. */
    public sealed interface Plan {
        String requestId();
    }

    /**
     * A request the models can run.
     *
     * @param requestId  its id
     * @param request    the request as read
     * @param input      image and UNet text
     * @param features   extraction options (a batch groups requests with equal options)
     * @param answer     answering options
     * @param decodeNanos time spent decoding and preprocessing the image
     */
    public record Accepted(String requestId, VqaRequest request, FeatureInput input, FeatureOptions features,
                           AnswerOptions answer, long decodeNanos) implements Plan {
    }

    /** A request refused with {@code reason}. */
    public record Rejected(String requestId, String reason) implements Plan {
    }

    private final ModelBundle bundle;
    private final FeatureExtractor extractor;
    private final RequestLimits limits;
    private final ImagePreprocessor preprocessor;
    private final FeatureOptions defaults;
    private final AnswerOptions answerDefaults;
    private final double defaultScale;
    private final Map<ProbeKey, Optional<String>> probes = new ConcurrentHashMap<>();

    public RequestPlanner(ModelBundle bundle, FeatureExtractor extractor, RequestLimits limits) {
        this.bundle = bundle;
        this.extractor = extractor;
        this.limits = limits;
        this.preprocessor = new ImagePreprocessor(bundle.config().imageSize());
        this.defaults = extractor.defaults();
        this.answerDefaults = AnswerOptions.of(bundle.config().answerer());
        this.defaultScale = bundle.config().features().guidanceScale();
    }

    /** The bundle's default extraction options. */
    public FeatureOptions defaults() {
        return defaults;
    }

    /** The plan of {@code r}; the adapter (if any) is applied to its extraction. */
    public Plan plan(VqaRequest r, Optional<ActiveAdapter> adapter) {
        try {
            return accept(r, adapter);
        } catch (RejectedException e) {
            return new Rejected(r.getId(), e.getMessage());
        } catch (IllegalArgumentException e) {
            // the models' own validation (e.g. an option combination they refuse): the request's fault
            return new Rejected(r.getId(), "invalid request: " + e.getMessage());
        }
    }

    private Accepted accept(VqaRequest r, Optional<ActiveAdapter> adapter) {
        String question = r.getPrompt() == null ? "" : r.getPrompt().strip();
        if (question.isEmpty()) {
            throw new RejectedException("empty prompt: a request needs a question");
        }
        RequestOptions o = r.getOptions();
        FeatureOptions features = featureOptions(o);
        AnswerOptions answer = answerOptions(o);
        if (adapter.isPresent()) {
            features = features.withAdapter(adapter.get().name());
        }

        long t0 = System.nanoTime();
        if (!(r.getImage() instanceof InlineImage inline)) {
            throw new RejectedException("image URIs are not fetched by the feature extractor; send the image inline");
        }
        ByteBuffer data = inline.getData().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        ImageTensor image = preprocessor.preprocess(ImageCheck.decode(bytes, limits));
        long decodeNanos = System.nanoTime() - t0;

        String unetText = unetQuestion(question, r.getConversation(), features.seed());
        Optional<String> caption = Optional.ofNullable(r.getCaption()).map(String::strip).filter(c -> !c.isEmpty());
        return new Accepted(r.getId(), r, new FeatureInput(image, unetText, caption), features, answer, decodeNanos);
    }

    /**
     * The question the UNet sees: with a conversation, one of its human turns or the current question,
     * drawn with the request's seed (the paper's question sampling); else the question.
     */
    static String unetQuestion(String question, List<Turn> conversation, long seed) {
        if (conversation == null || conversation.isEmpty()) {
            return question;
        }
        List<String> human = new ArrayList<>();
        for (Turn t : conversation) {
            if ("human".equalsIgnoreCase(t.getFrom()) && !t.getValue().isBlank()) {
                human.add(t.getValue());
            }
        }
        human.add(question);
        String sampled = PromptComposer.sampleQuestion(human, seed);
        return sampled.isEmpty() ? question : sampled;
    }

    private FeatureOptions featureOptions(RequestOptions o) {
        FeatureOptions f = defaults;
        if (o == null) {
            return f;
        }
        if (o.getTimestep() != null) {
            int size = bundle.schedule().size();
            if (o.getTimestep() < 0 || o.getTimestep() >= size) {
                throw new RejectedException("timestep " + o.getTimestep() + " is outside [0, " + size + ")");
            }
            f = f.withTimestep(o.getTimestep());
        }
        if (o.getSeed() != null) {
            f = f.withSeed(o.getSeed());
        }
        if (o.getFeatureMode() != null) {
            f = f.withMode(mode(o.getFeatureMode(), o.getGuidanceScale()));
        } else if (o.getGuidanceScale() != null && f.mode() instanceof FeatureMode.Cfg) {
            f = f.withMode(mode(io.difflens.schemas.FeatureMode.CFG, o.getGuidanceScale()));
        }
        if (o.getLayers() != null) {
            if (o.getLayers().isEmpty() || o.getLayers().stream().anyMatch(String::isBlank)) {
                throw new RejectedException("layers must name at least one UNet block, got " + o.getLayers());
            }
            f = f.withLayers(o.getLayers());
        }
        if (!f.layers().equals(defaults.layers()) || f.mode().outputChannels(1) != defaults.mode().outputChannels(1)) {
            String problem = probe(f).orElse(null);
            if (problem != null) {
                throw new RejectedException(problem);
            }
        }
        return f;
    }

    private FeatureMode mode(io.difflens.schemas.FeatureMode mode, Float scale) {
        return switch (mode) {
            case UNCOND -> new FeatureMode.Uncond();
            case COND -> new FeatureMode.Cond();
            case CONCAT -> new FeatureMode.Concat();
            case CFG -> {
                double w = scale == null ? defaultScale : scale;
                if (!(w > 0) || Double.isInfinite(w)) {
                    throw new RejectedException("guidance scale of the CFG feature mode must be a positive number, got "
                            + w);
                }
                yield new FeatureMode.Cfg(w);
            }
        };
    }

    private AnswerOptions answerOptions(RequestOptions o) {
        AnswerOptions a = answerDefaults;
        if (o == null) {
            return a;
        }
        if (o.getMaxNewTokens() != null) {
            int n = o.getMaxNewTokens();
            if (n < 1 || n > limits.maxNewTokens()) {
                throw new RejectedException("maxNewTokens " + n + " is outside [1, " + limits.maxNewTokens() + "]");
            }
            a = a.withMaxNewTokens(n);
        }
        if (o.getSeed() != null) {
            a = a.withSeed(o.getSeed());
        }
        return a;
    }

    /**
     * Whether layers and mode other than the bundle's give features its projector takes: one extraction of
     * a blank image per distinct (layers, channel multiplier), remembered.
     */
    private Optional<String> probe(FeatureOptions f) {
        ProbeKey key = new ProbeKey(f.layers(), f.mode().outputChannels(1));
        return probes.computeIfAbsent(key, k -> {
            int size = bundle.config().imageSize();
            FeatureOptions probe = defaults.withLayers(f.layers()).withMode(f.mode());
            try {
                FeatureTensor t = extractor.extract(
                        FeatureInput.of(new ImageTensor(size, new float[3 * size * size]), ""), probe);
                // CONCAT features go to the bundle's CONCAT answerer when it has one (AnswerStep routes them)
                java.util.OptionalInt concat = f.mode() instanceof FeatureMode.Concat
                        ? bundle.answererVariantChannels(ModelBundle.CONCAT_ANSWERER) : java.util.OptionalInt.empty();
                int expected = concat.orElse(bundle.projector().config().visionHiddenSize());
                if (t.channels() != expected) {
                    String reader = concat.isPresent() ? "the CONCAT answerer of bundle " : "the projector of bundle ";
                    return Optional.of("layers " + f.layers() + " in mode " + f.mode().text() + " give "
                            + t.channels() + " feature channels; " + reader + bundle.config().id()
                            + " takes " + expected);
                }
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of("invalid layers " + f.layers() + ": " + e.getMessage());
            }
        });
    }

    private record ProbeKey(List<String> layers, long channelFactor) {
    }
}
