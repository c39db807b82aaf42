package io.difflens.app.pipeline;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.difflens.app.demo.SuiteStream;
import io.difflens.app.local.LocalPipeline;
import io.difflens.datasets.QuestionItem;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.image.ImagePreprocessor;
import io.difflens.models.pipeline.AnswerInput;
import io.difflens.models.pipeline.Answerer;
import io.difflens.models.pipeline.FeatureExtractor;
import io.difflens.models.pipeline.FeatureInput;
import io.difflens.models.pipeline.FeatureTensor;
import io.difflens.platform.events.Tensors;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Requests, publishing, reading answers back, and the direct (no Kafka) pipeline the answers must equal. */
final class PipelineFixture {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private PipelineFixture() {
    }

    /** {@code n} synth-vqa requests from {@code seed}. */
    static List<VqaRequest> requests(long seed, int n) {
        List<VqaRequest> out = new ArrayList<>();
        for (QuestionItem item : SuiteStream.generate(SuiteStream.SuiteName.SYNTH_VQA, seed, n).items()) {
            out.add(SuiteStream.request(item, Instant.now()));
        }
        return out;
    }

    /** Publishes Avro values (any schema) keyed by {@code key}. */
    static void publish(LocalPipeline p, List<ProducerRecord<String, GenericContainer>> records) {
        KafkaTestKit.connect(p.bootstrapServers()).produce(new StringSerializer(),
                new AvroSerializer<GenericContainer>(p.registry(), AvroSerdeConfig.defaults(), false), records);
    }

    static void publishRequests(LocalPipeline p, List<VqaRequest> requests) {
        String topic = p.config().topics().name(EventTopic.VQA_REQUESTS);
        publish(p, requests.stream()
                .map(r -> new ProducerRecord<String, GenericContainer>(topic, r.getId(), r)).toList());
    }

    /** Waits for {@code count} committed answers, then returns every committed answer (duplicates included). */
    static List<VqaAnswer> awaitAnswers(LocalPipeline p, int count) {
        List<ConsumerRecord<String, VqaAnswer>> records = KafkaTestKit.connect(p.bootstrapServers()).awaitCommitted(
                p.config().topics().name(EventTopic.VQA_ANSWERS), count, new StringDeserializer(),
                new AvroDeserializer<>(p.registry(), VqaAnswer.class), TIMEOUT);
        return records.stream().map(ConsumerRecord::value).toList();
    }

    /** Every committed record of {@code topic}, values as bytes. */
    static int committedCount(LocalPipeline p, EventTopic topic) {
        return KafkaTestKit.connect(p.bootstrapServers()).readCommittedBytes(p.config().topics().name(topic), TIMEOUT)
                .size();
    }

    /**
     * The answers of the models called directly, one request at a time, with the bundle's defaults: what
     * {@code difflens eval} computes. When {@code featuresAsHalf}, features are rounded to fp16 first, as the
     * separate-services path puts them on the wire.
     */
    static Map<String, String> directAnswers(ModelBundle bundle, List<VqaRequest> requests, boolean featuresAsHalf) {
        FeatureExtractor extractor = new FeatureExtractor(bundle);
        Answerer answerer = new Answerer(bundle);
        ImagePreprocessor pre = new ImagePreprocessor(bundle.config().imageSize());
        Map<String, String> out = new LinkedHashMap<>();
        for (VqaRequest r : requests) {
            ByteBuffer data = ((InlineImage) r.getImage()).getData().duplicate();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            FeatureTensor f = extractor.extract(FeatureInput.of(pre.preprocess(bytes), r.getPrompt()),
                    extractor.defaults());
            if (featuresAsHalf) {
                float[] v = f.values();
                for (int i = 0; i < v.length; i++) {
                    v[i] = Tensors.roundToHalf(v[i]);
                }
                f = new FeatureTensor(f.tokens(), f.channels(), v);
            }
            out.put(r.getId(), answerer.answer(new AnswerInput(f, r.getPrompt()), answerer.defaults()).text());
        }
        return out;
    }
}
