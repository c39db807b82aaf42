package io.difflens.featureextractor.itm.internal;

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
import io.difflens.featureextractor.internal.RejectedException;
import io.difflens.models.pipeline.AttentionMatcher;
import io.difflens.platform.events.AnswerEvents;
import io.difflens.platform.reactive.BatchFunction;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.ItmOptions;
import io.difflens.schemas.ItmRequest;
import io.difflens.schemas.ItmScores;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One micro-batch of matching requests: decode and check each, score the accepted ones one matcher call per
 * request (a request is already a batch: its texts run as one UNet batch per image and timestep). Every input
 * record yields exactly one {@link ItmScores} (OK, REJECTED or FAILED) when its request id is known, plus a
 * dead letter when it was rejected or failed; all of it goes out in the batch's transaction.
 */
public final class ItmStep implements BatchFunction<String, byte[], String, GenericContainer> {

    /**
     * Where things go.
     *
     * @param bundleId        named in every score record a model produced
     * @param scoresTopic     {@code itm.scores} (unless a request names its reply topic)
     * @param deadLetterTopic {@code dead-letters}
     */
    public record Routing(String bundleId, String scoresTopic, String deadLetterTopic) {
    }

    private static final String STAGE = "itm";

    private final Routing routing;
    private final ItmPlanner planner;
    private final AttentionMatcher matcher;
    private final AvroDeserializer<ItmRequest> requests;
    private final Supplier<Optional<ActiveAdapter>> adapter;
    private final Clock clock;

    public ItmStep(Routing routing, ItmPlanner planner, AttentionMatcher matcher, AvroDeserializer<ItmRequest> requests,
                   Supplier<Optional<ActiveAdapter>> adapter, Clock clock) {
        this.routing = routing;
        this.planner = planner;
        this.matcher = matcher;
        this.requests = requests;
        this.adapter = adapter;
        this.clock = clock;
    }

    @Override
    public List<ProducerRecord<String, GenericContainer>> apply(List<ConsumerRecord<String, byte[]>> batch) {
        Instant start = clock.instant();
        Optional<ActiveAdapter> active = adapter.get(); // one adapter per batch: swaps happen between batches
        String adapterVersion = active.map(ActiveAdapter::version).orElse(null);
        List<ProducerRecord<String, GenericContainer>> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            ItmRequest request;
            try {
                request = requests.deserialize(r.topic(), r.value());
                if (request == null) {
                    throw new IllegalArgumentException("empty record value");
                }
            } catch (RuntimeException e) {
                reject(out, r, routing.scoresTopic(), r.key(), "undecodable request: " + e.getMessage(),
                        e.getClass().getName(), STAGE + ".deserialize");
                continue;
            }
            ItmPlanner.Plan plan = planner.plan(request, active.map(ActiveAdapter::name));
            if (plan instanceof ItmPlanner.Rejected rejected) {
                reject(out, r, replyTopic(request), request.getId(), rejected.reason(),
                        RejectedException.class.getName(), STAGE + ".validate");
            } else if (plan instanceof ItmPlanner.Accepted accepted) {
                score(out, r, accepted, start, adapterVersion);
            }
        }
        return out;
    }

    private void score(List<ProducerRecord<String, GenericContainer>> out, ConsumerRecord<String, byte[]> r,
                       ItmPlanner.Accepted a, Instant start, String adapterVersion) {
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("queue", Math.max(0, Duration.between(a.request().getCreatedAt(), start).toNanos() / 1e6));
        timings.put("decode", a.decodeNanos() / 1e6);
        float[][] scores;
        long t0 = System.nanoTime();
        try {
            scores = matcher.scores(a.images(), a.texts(), a.options());
        } catch (RuntimeException e) {
            Instant now = clock.instant();
            String reason = "model error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            timings.put("end_to_end", sinceCreated(a.request(), now));
            out.add(new ProducerRecord<>(replyTopic(a.request()), a.requestId(),
                    failure(a.requestId(), AnswerStatus.FAILED, reason, a.echo(), routing.bundleId(), adapterVersion,
                            timings, now)));
            out.add(new ProducerRecord<>(routing.deadLetterTopic(), r.key(),
                    AnswerEvents.deadLetter(r, STAGE + ".match", e.getClass().getName(), reason, now)));
            return;
        }
        timings.put("match", (System.nanoTime() - t0) / 1e6);
        Instant now = clock.instant();
        timings.put("end_to_end", sinceCreated(a.request(), now));
        List<List<Float>> matrix = new ArrayList<>(scores.length);
        for (float[] row : scores) {
            List<Float> values = new ArrayList<>(row.length);
            for (float v : row) {
                values.add(v);
            }
            matrix.add(values);
        }
        out.add(new ProducerRecord<>(replyTopic(a.request()), a.requestId(), ItmScores.newBuilder()
                .setRequestId(a.requestId())
                .setStatus(AnswerStatus.OK)
                .setScores(matrix)
                .setOptions(a.echo())
                .setBundleId(routing.bundleId())
                .setAdapterVersion(adapterVersion)
                .setTimings(timings)
                .setCreatedAt(now)
                .build()));
    }

    private void reject(List<ProducerRecord<String, GenericContainer>> out, ConsumerRecord<String, byte[]> r,
                        String replyTopic, String requestId, String reason, String errorClass, String stage) {
        Instant now = clock.instant();
        if (requestId != null && !requestId.isBlank()) {
            out.add(new ProducerRecord<>(replyTopic, requestId,
                    failure(requestId, AnswerStatus.REJECTED, reason, null, null, null, Map.of(), now)));
        }
        out.add(new ProducerRecord<>(routing.deadLetterTopic(), r.key(),
                AnswerEvents.deadLetter(r, stage, errorClass, reason, now)));
    }

    private static ItmScores failure(String requestId, AnswerStatus status, String reason, ItmOptions echo,
                                     String bundleId, String adapterVersion, Map<String, Double> timings,
                                     Instant now) {
        return ItmScores.newBuilder()
                .setRequestId(requestId)
                .setStatus(status)
                .setScores(List.of())
                .setOptions(echo)
                .setError(reason)
                .setBundleId(bundleId)
                .setAdapterVersion(adapterVersion)
                .setTimings(timings)
                .setCreatedAt(now)
                .build();
    }

    private String replyTopic(ItmRequest r) {
        return r.getReplyTopic() == null || r.getReplyTopic().isBlank() ? routing.scoresTopic() : r.getReplyTopic();
    }

    private static double sinceCreated(ItmRequest r, Instant now) {
        return Math.max(0, Duration.between(r.getCreatedAt(), now).toNanos() / 1e6);
    }
}
