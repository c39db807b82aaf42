package io.difflens.trainer.online.internal;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.difflens.platform.events.AnswerEvents;
import io.difflens.platform.reactive.BatchFunction;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.schemas.AdapterRelease;
import io.difflens.schemas.AdapterStatus;
import io.difflens.schemas.TrainingExample;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumed batch of training examples: decode each (a bad one becomes a dead letter), fill the held-out
 * buffer first (its examples are never trained on), train on the rest in micro-batches, and every
 * {@code evalEvery} optimizer steps evaluate the held-out loss; when it is lower than the best so far, the
 * adapter goes out as a new {@link AdapterRelease} version in the same transaction as the batch's offsets.
 *
 * <p>Training is a side effect outside Kafka: a batch retried after an aborted transaction is trained on
 * again (at-least-once training), which only weights those examples a little more. Held-out examples are
 * recognised by id, so a retry never adds one twice.
 */
public final class TrainStep implements BatchFunction<String, byte[], String, GenericContainer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainStep.class);
    private static final String STAGE = "trainer";

    /**
     * What the step needs besides the trainer.
     *
     * @param adapterId       the adapter's id, the key of its releases
     * @param bundleId        the base bundle the adapter applies to
     * @param adaptersTopic   {@code model.adapters}
     * @param deadLetterTopic {@code dead-letters}
     * @param microBatch      examples per optimizer step
     * @param evalEvery       optimizer steps between held-out evaluations
     * @param heldOutSize     examples kept aside for evaluation
     * @param promote         release as PROMOTED (services switch at once) rather than CANDIDATE
     * @param augmenter       caption dropout and noisy captions
     * @param seed            seed of the augmentation draws
     */
    public record Plan(String adapterId, String bundleId, String adaptersTopic, String deadLetterTopic,
                       int microBatch, int evalEvery, int heldOutSize, boolean promote, CaptionAugmenter augmenter,
                       long seed) {
        public Plan {
            if (microBatch <= 0 || evalEvery <= 0 || heldOutSize <= 0) {
                throw new IllegalArgumentException("micro batch, evaluation interval and held-out size must be "
                        + "positive, got " + microBatch + ", " + evalEvery + ", " + heldOutSize);
            }
        }
    }

    private final Plan plan;
    private final DenoisingLoraTrainer trainer;
    private final ExampleReader reader;
    private final AvroDeserializer<TrainingExample> examples;
    private final Clock clock;
    private final SplittableRandom random;
    private final List<DenoisingLoraTrainer.Item> heldOut = new ArrayList<>();
    private final Set<String> heldOutIds = new HashSet<>();
    private Double baseLoss;
    private Double bestLoss;
    private long nextVersion;
    private volatile String releasedVersion;
    private long trained;
    private int stepsSinceEval;
    private double lossSum;
    private int lossCount;

    /**
     * @param firstVersion the version number of the first release (one past the last released one)
     */
    public TrainStep(Plan plan, DenoisingLoraTrainer trainer, ExampleReader reader,
                     AvroDeserializer<TrainingExample> examples, long firstVersion, Clock clock) {
        this.plan = plan;
        this.trainer = trainer;
        this.reader = reader;
        this.examples = examples;
        this.nextVersion = firstVersion;
        this.clock = clock;
        this.random = new SplittableRandom(plan.seed());
    }

    /** The last version this step released, or null. */
    public String releasedVersion() {
        return releasedVersion;
    }

    @Override
    public List<ProducerRecord<String, GenericContainer>> apply(List<ConsumerRecord<String, byte[]>> batch) {
        List<ProducerRecord<String, GenericContainer>> out = new ArrayList<>();
        List<DenoisingLoraTrainer.Item> train = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            TrainingExample example;
            DenoisingLoraTrainer.Item item;
            try {
                example = examples.deserialize(r.topic(), r.value());
                if (example == null) {
                    throw new IllegalArgumentException("empty record value");
                }
                item = reader.read(example);
            } catch (RuntimeException e) {
                out.add(new ProducerRecord<>(plan.deadLetterTopic(), r.key(), AnswerEvents.deadLetter(r,
                        STAGE + ".decode", e.getClass().getName(), String.valueOf(e.getMessage()), clock.instant())));
                continue;
            }
            if (heldOut.size() < plan.heldOutSize() || heldOutIds.contains(example.getId())) {
                if (heldOutIds.add(example.getId())) {
                    heldOut.add(item);
                }
            } else {
                train.add(item);
            }
        }
        if (bestLoss == null && heldOut.size() == plan.heldOutSize()) {
            // the reference every later evaluation must beat: the weights before any training on this run
            baseLoss = trainer.evaluate(heldOut, false);
            bestLoss = trainer.evaluate(heldOut, true);
            LOG.info("held-out buffer of {} examples full: base loss {}, starting loss {}", heldOut.size(), baseLoss,
                    bestLoss);
        }
        for (int from = 0; from < train.size(); from += plan.microBatch()) {
            List<DenoisingLoraTrainer.Item> micro = new ArrayList<>();
            for (DenoisingLoraTrainer.Item i : train.subList(from, Math.min(train.size(), from + plan.microBatch()))) {
                micro.add(new DenoisingLoraTrainer.Item(i.image(), plan.augmenter().apply(i.text(), random)));
            }
            lossSum += trainer.step(micro);
            lossCount++;
            trained += micro.size();
            stepsSinceEval++;
            if (stepsSinceEval >= plan.evalEvery() && bestLoss != null) {
                stepsSinceEval = 0;
                evaluate(out);
            }
        }
        return out;
    }

    private void evaluate(List<ProducerRecord<String, GenericContainer>> out) {
        double loss = trainer.evaluate(heldOut, true);
        if (!(loss < bestLoss)) {
            LOG.info("step {}: held-out loss {} did not improve on {}; nothing released", trainer.steps(), loss,
                    bestLoss);
            return;
        }
        String version = Long.toString(nextVersion++);
        Map<String, Double> training = new LinkedHashMap<>();
        training.put("loss", lossCount == 0 ? Double.NaN : lossSum / lossCount);
        training.put("steps", (double) trainer.steps());
        training.put("examples", (double) trained);
        training.put("lora.rank", (double) trainer.config().rank());
        training.put("lora.alpha", (double) trainer.config().alpha());
        Map<String, Double> evaluation = new LinkedHashMap<>();
        evaluation.put("heldout.loss", loss);
        evaluation.put("heldout.previous_best", bestLoss);
        evaluation.put("heldout.base_loss", baseLoss);
        evaluation.put("heldout.examples", (double) heldOut.size());
        AdapterRelease release = AdapterRelease.newBuilder()
                .setAdapterId(plan.adapterId())
                .setVersion(version)
                .setBaseBundle(plan.bundleId())
                .setPayload(ByteBuffer.wrap(trainer.safetensors()))
                .setTrainingMetrics(training)
                .setEvaluationMetrics(evaluation)
                .setStatus(plan.promote() ? AdapterStatus.PROMOTED : AdapterStatus.CANDIDATE)
                .setCreatedAt(clock.instant())
                .build();
        out.add(new ProducerRecord<>(plan.adaptersTopic(), plan.adapterId(), release));
        LOG.info("step {}: held-out loss {} < {}: releasing {}@{}", trainer.steps(), loss, bestLoss,
                plan.adapterId(), version);
        bestLoss = loss;
        releasedVersion = version;
        lossSum = 0;
        lossCount = 0;
    }
}
