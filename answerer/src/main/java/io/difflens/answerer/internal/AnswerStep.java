package io.difflens.answerer.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.pipeline.Answer;
import io.difflens.models.pipeline.AnswerInput;
import io.difflens.models.pipeline.AnswerOptions;
import io.difflens.models.pipeline.Answerer;
import io.difflens.models.pipeline.FeatureTensor;
import io.difflens.platform.events.AnswerEvents;
import io.difflens.platform.events.Tensors;
import io.difflens.platform.reactive.BatchFunction;
import io.difflens.platform.reactive.GroupedCalls;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.RequestOptions;
import io.difflens.schemas.VisualFeatures;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One micro-batch of features: decode and check each, answer the valid ones (one LLM call per distinct
 * option set, item by item when a call fails), and write one {@code VqaAnswer} per input record, plus a dead
 * letter for each rejected or failed one. Answers carry the timings of every stage so far: {@code queue}
 * (waiting in both topics), {@code decode}, {@code extract}, {@code answer} and {@code end_to_end}.
 */
public final class AnswerStep implements BatchFunction<String, byte[], String, GenericContainer> {

    private static final String STAGE = "answerer";

    private final ModelBundle bundle;
    private final Answerer answerer;
    /** The bundle's CONCAT answerer ({@code variants/concat/}), if it has one. */
    private final Answerer concat;
    private final AvroDeserializer<VisualFeatures> features;
    private final String answersTopic;
    private final String deadLetterTopic;
    private final int maxNewTokens;
    private final AnswerOptions defaults;
    private final Clock clock;

    /**
     * @param answerer the bundle's own answerer; CONCAT features go to the bundle's {@code concat} answerer
     *                 variant when it has one (its own projector takes one branch's channels)
     */
    public AnswerStep(ModelBundle bundle, Answerer answerer, AvroDeserializer<VisualFeatures> features,
                      String answersTopic, String deadLetterTopic, int maxNewTokens, Clock clock) {
        this.bundle = bundle;
        this.answerer = answerer;
        this.concat = Answerer.variant(bundle, ModelBundle.CONCAT_ANSWERER).orElse(null);
        this.features = features;
        this.answersTopic = answersTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.maxNewTokens = maxNewTokens;
        this.defaults = answerer.defaults();
        this.clock = clock;
    }

    private record Item(ConsumerRecord<String, byte[]> record, VisualFeatures value, FeatureTensor tensor,
                        Call call) {
    }

    /** Items with the same answerer and options share one LLM call. */
    private record Call(Answerer answerer, AnswerOptions options) {
    }

    private record Timed<T>(T value, long nanos) {
    }

    @Override
    public List<ProducerRecord<String, GenericContainer>> apply(List<ConsumerRecord<String, byte[]>> batch) {
        Instant start = clock.instant();
        List<ProducerRecord<String, GenericContainer>> out = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            VisualFeatures v;
            try {
                v = features.deserialize(r.topic(), r.value());
                if (v == null) {
                    throw new IllegalArgumentException("empty record value");
                }
            } catch (RuntimeException e) {
                reject(out, r, answersTopic, r.key(), "undecodable features: " + describe(e), e, ".deserialize");
                continue;
            }
            try {
                Answerer chosen = answererFor(v);
                items.add(new Item(r, v, tensor(v, chosen), new Call(chosen, options(v.getOptions()))));
            } catch (IllegalArgumentException e) {
                reject(out, r, replyTopic(v), v.getRequestId(), e.getMessage(), e, ".validate");
            }
        }
        List<GroupedCalls.Result<Timed<Answer>>> answers = GroupedCalls.run(items, Item::call, (call, group) -> {
            long t0 = System.nanoTime();
            List<Answer> a = call.answerer().answer(group.stream()
                    .map(i -> new AnswerInput(i.tensor(), i.value().getPrompt())).toList(), call.options());
            long nanos = System.nanoTime() - t0;
            return a.stream().map(x -> new Timed<>(x, nanos)).toList();
        });
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            VisualFeatures v = item.value();
            Map<String, Double> timings = new LinkedHashMap<>();
            double waited = Math.max(0, start.toEpochMilli() - item.record().timestamp());
            timings.put("queue", v.getTimings().getOrDefault("queue", 0.0) + waited);
            copy(v.getTimings(), "decode", timings);
            copy(v.getTimings(), "extract", timings);
            Instant now = clock.instant();
            if (answers.get(i) instanceof GroupedCalls.Result.Failed<Timed<Answer>> f) {
                String reason = "model error: " + (f.cause().getMessage() == null
                        ? f.cause().getClass().getSimpleName() : f.cause().getMessage());
                timings.put("end_to_end", sinceCreated(v.getCreatedAt(), now));
                out.add(new ProducerRecord<>(replyTopic(v), v.getRequestId(), AnswerEvents.failure(v.getRequestId(),
                        AnswerStatus.FAILED, reason, bundle.config().id(), v.getAdapterVersion(), timings, now)));
                out.add(new ProducerRecord<>(deadLetterTopic, item.record().key(), AnswerEvents.deadLetter(
                        item.record(), STAGE + ".answer", f.cause().getClass().getName(), reason, now)));
            } else if (answers.get(i) instanceof GroupedCalls.Result.Ok<Timed<Answer>> ok) {
                timings.put("answer", ok.value().nanos() / 1e6);
                timings.put("end_to_end", sinceCreated(v.getCreatedAt(), now));
                // the features' adapter shaped this answer: the LoRA adapters act on the UNet only
                out.add(new ProducerRecord<>(replyTopic(v), v.getRequestId(), AnswerEvents.ok(v.getRequestId(),
                        ok.value().value().text(), bundle.config().id(), v.getAdapterVersion(), timings, now)));
            }
        }
        return out;
    }

    /** CONCAT features go to the CONCAT answerer when the bundle has one; everything else to its own. */
    private Answerer answererFor(VisualFeatures v) {
        return concat != null && concatMode(v) ? concat : answerer;
    }

    private boolean concatMode(VisualFeatures v) {
        RequestOptions o = v.getOptions();
        String mode = o != null && o.getFeatureMode() != null ? o.getFeatureMode().name()
                : bundle.config().features().mode();
        return mode.startsWith("CONCAT");
    }

    private FeatureTensor tensor(VisualFeatures v, Answerer chosen) {
        List<Integer> shape = v.getFeatures().getShape();
        if (shape.size() != 2) {
            throw new IllegalArgumentException("features must have shape [tokens, channels], got " + shape);
        }
        int expected = chosen.visualChannels();
        if (shape.get(1) != expected) {
            String which = chosen == concat ? "the CONCAT answerer of bundle " : "the projector of bundle ";
            String hint = concat == null && concatMode(v)
                    ? "; CONCAT features need a CONCAT answerer (variants/concat/), which this bundle lacks" : "";
            throw new IllegalArgumentException("features have " + shape.get(1) + " channels; " + which
                    + bundle.config().id() + " takes " + expected + " (features from bundle " + v.getBundleId() + ")"
                    + hint);
        }
        return new FeatureTensor(shape.get(0), shape.get(1), Tensors.decode(v.getFeatures()));
    }

    private AnswerOptions options(RequestOptions o) {
        AnswerOptions a = defaults;
        if (o == null) {
            return a;
        }
        if (o.getMaxNewTokens() != null) {
            if (o.getMaxNewTokens() < 1 || o.getMaxNewTokens() > maxNewTokens) {
                throw new IllegalArgumentException("maxNewTokens " + o.getMaxNewTokens() + " is outside [1, "
                        + maxNewTokens + "]");
            }
            a = a.withMaxNewTokens(o.getMaxNewTokens());
        }
        if (o.getSeed() != null) {
            a = a.withSeed(o.getSeed());
        }
        return a;
    }

    private void reject(List<ProducerRecord<String, GenericContainer>> out, ConsumerRecord<String, byte[]> r,
                        String replyTopic, String requestId, String reason, Exception e, String stage) {
        Instant now = clock.instant();
        if (requestId != null && !requestId.isBlank()) {
            out.add(new ProducerRecord<>(replyTopic, requestId, AnswerEvents.rejected(requestId, reason, now)));
        }
        out.add(new ProducerRecord<>(deadLetterTopic, r.key(),
                AnswerEvents.deadLetter(r, STAGE + stage, e.getClass().getName(), reason, now)));
    }

    private String replyTopic(VisualFeatures v) {
        return v.getReplyTopic() == null || v.getReplyTopic().isBlank() ? answersTopic : v.getReplyTopic();
    }

    private static void copy(Map<String, Double> from, String key, Map<String, Double> to) {
        Double d = from.get(key);
        if (d != null) {
            to.put(key, d);
        }
    }

    private static double sinceCreated(Instant created, Instant now) {
        return Math.max(0, Duration.between(created, now).toNanos() / 1e6);
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
