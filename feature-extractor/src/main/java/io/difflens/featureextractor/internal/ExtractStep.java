package io.difflens.featureextractor.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.difflens.featureextractor.ActiveAdapter;
import io.difflens.featureextractor.ExtractorMode;
import io.difflens.models.pipeline.Answer;
import io.difflens.models.pipeline.AnswerInput;
import io.difflens.models.pipeline.AnswerOptions;
import io.difflens.models.pipeline.Answerer;
import io.difflens.models.pipeline.FeatureMode;
import io.difflens.models.pipeline.FeatureExtractor;
import io.difflens.models.pipeline.FeatureTensor;
import io.difflens.platform.events.AnswerEvents;
import io.difflens.platform.events.Tensors;
import io.difflens.platform.reactive.BatchFunction;
import io.difflens.platform.reactive.GroupedCalls;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.DType;
import io.difflens.schemas.VisualFeatures;
import io.difflens.schemas.VqaRequest;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One micro-batch of requests: decode and check each, extract features for the accepted ones (one model
 * call per distinct option set, item by item when a call fails), then publish features, or in co-located
 * mode answer them at once. Every input record yields exactly one answer or features record, plus a dead
 * letter when it was rejected or failed; all of it goes out in the batch's transaction.
 */
public final class ExtractStep implements BatchFunction<String, byte[], String, GenericContainer> {

    /**
     * Where things go and what runs.
     *
     * @param mode             features or co-located answers
     * @param bundleId         named in every output
     * @param featuresTopic    {@code vqa.features}
     * @param answersTopic     {@code vqa.answers} (unless a request names its reply topic)
     * @param deadLetterTopic  {@code dead-letters}
     * @param featureType      element type of published features
     */
    public record Routing(ExtractorMode mode, String bundleId, String featuresTopic, String answersTopic,
                          String deadLetterTopic, DType featureType) {
    }

    private static final String STAGE = "feature-extractor";

    private final Routing routing;
    private final RequestPlanner planner;
    private final FeatureExtractor extractor;
    private final Answerer answerer;
    /** The bundle's CONCAT answerer, if it has one: co-located CONCAT requests are answered by it. */
    private final Answerer concatAnswerer;
    private final AvroDeserializer<VqaRequest> requests;
    private final Supplier<Optional<ActiveAdapter>> adapter;
    private final Clock clock;

    /** @param concatAnswerer the bundle's CONCAT answerer variant for co-located CONCAT requests, or null */
    public ExtractStep(Routing routing, RequestPlanner planner, FeatureExtractor extractor, Answerer answerer,
                       Answerer concatAnswerer, AvroDeserializer<VqaRequest> requests,
                       Supplier<Optional<ActiveAdapter>> adapter, Clock clock) {
        if (routing.mode() == ExtractorMode.COLOCATED && answerer == null) {
            throw new IllegalArgumentException("co-located mode needs an answerer");
        }
        this.routing = routing;
        this.planner = planner;
        this.extractor = extractor;
        this.answerer = answerer;
        this.concatAnswerer = concatAnswerer;
        this.requests = requests;
        this.adapter = adapter;
        this.clock = clock;
    }

    private record Item(ConsumerRecord<String, byte[]> record, RequestPlanner.Accepted plan) {
    }

    private record Timed<T>(T value, long nanos) {
    }

    @Override
    public List<ProducerRecord<String, GenericContainer>> apply(List<ConsumerRecord<String, byte[]>> batch) {
        Instant start = clock.instant();
        Optional<ActiveAdapter> active = adapter.get(); // one adapter for the whole batch: swaps happen between batches
        String adapterVersion = active.map(ActiveAdapter::version).orElse(null);
        List<ProducerRecord<String, GenericContainer>> out = new ArrayList<>();
        List<Item> accepted = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            VqaRequest request;
            try {
                request = requests.deserialize(r.topic(), r.value());
                if (request == null) {
                    throw new IllegalArgumentException("empty record value");
                }
            } catch (RuntimeException e) {
                reject(out, r, routing.answersTopic(), r.key(), "undecodable request: " + describe(e),
                        e.getClass().getName(), STAGE + ".deserialize");
                continue;
            }
            RequestPlanner.Plan plan = planner.plan(request, active);
            if (plan instanceof RequestPlanner.Rejected rejected) {
                reject(out, r, replyTopic(request), request.getId(), rejected.reason(),
                        RejectedException.class.getName(), STAGE + ".validate");
            } else if (plan instanceof RequestPlanner.Accepted a) {
                accepted.add(new Item(r, a));
            }
        }
        if (accepted.isEmpty()) {
            return out;
        }

        List<GroupedCalls.Result<Timed<FeatureTensor>>> features = GroupedCalls.run(accepted, i -> i.plan().features(),
                (options, items) -> {
                    long t0 = System.nanoTime();
                    List<FeatureTensor> f = extractor.extract(items.stream().map(i -> i.plan().input()).toList(), options);
                    long nanos = System.nanoTime() - t0;
                    return f.stream().map(t -> new Timed<>(t, nanos)).toList();
                });

        List<Item> extracted = new ArrayList<>();
        List<Timed<FeatureTensor>> extractedFeatures = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            Item item = accepted.get(i);
            Map<String, Double> timings = baseTimings(item, start);
            if (features.get(i) instanceof GroupedCalls.Result.Failed<Timed<FeatureTensor>> f) {
                fail(out, item, f.cause(), timings, adapterVersion, STAGE + ".extract");
            } else if (features.get(i) instanceof GroupedCalls.Result.Ok<Timed<FeatureTensor>> ok) {
                if (routing.mode() == ExtractorMode.FEATURES) {
                    timings.put("extract", millis(ok.value().nanos()));
                    out.add(new ProducerRecord<>(routing.featuresTopic(), item.plan().requestId(),
                            visualFeatures(item, ok.value().value(), timings, adapterVersion)));
                } else {
                    extracted.add(item);
                    extractedFeatures.add(ok.value());
                }
            }
        }
        if (!extracted.isEmpty()) {
            answer(out, extracted, extractedFeatures, start, adapterVersion);
        }
        return out;
    }

    /** Requests with the same answerer and options share one LLM call. */
    private record Call(Answerer answerer, AnswerOptions options) {
    }

    private Answerer answererFor(RequestPlanner.Accepted plan) {
        return concatAnswerer != null && plan.features().mode() instanceof FeatureMode.Concat ? concatAnswerer : answerer;
    }

    private void answer(List<ProducerRecord<String, GenericContainer>> out, List<Item> items,
                        List<Timed<FeatureTensor>> features, Instant start, String adapterVersion) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            indices.add(i);
        }
        List<GroupedCalls.Result<Timed<Answer>>> answers = GroupedCalls.run(indices,
                i -> new Call(answererFor(items.get(i).plan()), items.get(i).plan().answer()),
                (call, group) -> {
                    long t0 = System.nanoTime();
                    List<Answer> a = call.answerer().answer(group.stream().map(i -> new AnswerInput(
                            features.get(i).value(), items.get(i).plan().request().getPrompt())).toList(),
                            call.options());
                    long nanos = System.nanoTime() - t0;
                    return a.stream().map(x -> new Timed<>(x, nanos)).toList();
                });
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Map<String, Double> timings = baseTimings(item, start);
            timings.put("extract", millis(features.get(i).nanos()));
            if (answers.get(i) instanceof GroupedCalls.Result.Failed<Timed<Answer>> f) {
                fail(out, item, f.cause(), timings, adapterVersion, STAGE + ".answer");
            } else if (answers.get(i) instanceof GroupedCalls.Result.Ok<Timed<Answer>> ok) {
                timings.put("answer", millis(ok.value().nanos()));
                Instant now = clock.instant();
                timings.put("end_to_end", sinceCreated(item.plan().request(), now));
                out.add(new ProducerRecord<>(replyTopic(item.plan().request()), item.plan().requestId(),
                        AnswerEvents.ok(item.plan().requestId(), ok.value().value().text(), routing.bundleId(),
                                adapterVersion, timings, now)));
            }
        }
    }

    private VisualFeatures visualFeatures(Item item, FeatureTensor f, Map<String, Double> timings,
                                          String adapterVersion) {
        VqaRequest r = item.plan().request();
        return VisualFeatures.newBuilder()
                .setRequestId(r.getId())
                .setPrompt(r.getPrompt())
                .setConversation(r.getConversation())
                .setOptions(r.getOptions())
                .setReplyTopic(r.getReplyTopic())
                .setTenant(r.getTenant())
                .setTraceContext(r.getTraceContext())
                .setCreatedAt(r.getCreatedAt())
                .setFeatures(Tensors.encode(f.values(), List.of(f.tokens(), f.channels()), routing.featureType()))
                .setBundleId(routing.bundleId())
                .setAdapterVersion(adapterVersion)
                .setTimings(timings)
                .build();
    }

    private Map<String, Double> baseTimings(Item item, Instant start) {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("queue", Math.max(0, Duration.between(item.plan().request().getCreatedAt(), start).toNanos() / 1e6));
        t.put("decode", millis(item.plan().decodeNanos()));
        return t;
    }

    private void fail(List<ProducerRecord<String, GenericContainer>> out, Item item, Exception cause,
                      Map<String, Double> timings, String adapterVersion, String stage) {
        Instant now = clock.instant();
        String reason = "model error: " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage());
        timings.put("end_to_end", sinceCreated(item.plan().request(), now));
        out.add(new ProducerRecord<>(replyTopic(item.plan().request()), item.plan().requestId(),
                AnswerEvents.failure(item.plan().requestId(), AnswerStatus.FAILED, reason, routing.bundleId(),
                        adapterVersion, timings, now)));
        out.add(new ProducerRecord<>(routing.deadLetterTopic(), item.record().key(),
                AnswerEvents.deadLetter(item.record(), stage, cause.getClass().getName(), reason, now)));
    }

    private void reject(List<ProducerRecord<String, GenericContainer>> out, ConsumerRecord<String, byte[]> r,
                        String replyTopic, String requestId, String reason, String errorClass, String stage) {
        Instant now = clock.instant();
        if (requestId != null && !requestId.isBlank()) {
            out.add(new ProducerRecord<>(replyTopic, requestId, AnswerEvents.rejected(requestId, reason, now)));
        }
        out.add(new ProducerRecord<>(routing.deadLetterTopic(), r.key(),
                AnswerEvents.deadLetter(r, stage, errorClass, reason, now)));
    }

    private String replyTopic(VqaRequest r) {
        return r.getReplyTopic() == null || r.getReplyTopic().isBlank() ? routing.answersTopic() : r.getReplyTopic();
    }

    private static double sinceCreated(VqaRequest r, Instant now) {
        return Math.max(0, Duration.between(r.getCreatedAt(), now).toNanos() / 1e6);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The messages of an exception and its causes: Avro puts the useful part (the unknown symbol) in a cause. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !sb.toString().contains(t.getMessage())) {
                sb.append(sb.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
    }
}
