package io.difflens.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import io.difflens.app.local.LocalPipeline;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.testing.MicroBundles;
import io.difflens.platform.reactive.ProcessorListener;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.AnswerStatus;
import io.difflens.schemas.DeadLetter;
import io.difflens.schemas.FeatureMode;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.RequestOptions;
import io.difflens.schemas.VqaAnswer;
import io.difflens.schemas.VqaRequest;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input ends as a REJECTED answer and a dead letter, and the stream goes on. */
class BadInputsIT {

    @Test
    void badInputsAreRejectedAndDeadLetteredWhileGoodOnesAreAnswered(@TempDir Path dir) throws Exception {
        List<VqaRequest> good = PipelineFixture.requests(3, 8);
        VqaRequest template = good.get(0);
        Map<String, String> expectedReasons = new LinkedHashMap<>();
        try (ModelBundle bundle = MicroBundles.load(dir.resolve("bundle"));
             LocalPipeline p = LocalPipeline.startStack(dir.resolve("stack"), PipelineIT.overrides())) {
            p.startServices(bundle, new LocalPipeline.Layout(1, true), ProcessorListener.NONE);
            String requestsTopic = p.config().topics().name(EventTopic.VQA_REQUESTS);

            List<ProducerRecord<String, GenericContainer>> avro = new ArrayList<>();
            avro.add(record(requestsTopic, good.get(0)));
            avro.add(record(requestsTopic, withImage(template, "bad-truncated-jpeg", truncatedJpeg(), "image/jpeg")));
            expectedReasons.put("bad-truncated-jpeg", "undecodable");
            avro.add(record(requestsTopic, good.get(1)));
            avro.add(record(requestsTopic, withImage(template, "bad-oversized", png(4100, 4), "image/png")));
            expectedReasons.put("bad-oversized", "exceeds the limit");
            avro.add(record(requestsTopic, VqaRequest.newBuilder(template).setId("bad-empty-question")
                    .setPrompt("   ").build()));
            expectedReasons.put("bad-empty-question", "empty prompt");
            avro.add(new ProducerRecord<>(requestsTopic, "bad-unknown-mode", withUnknownFeatureMode(template,
                    "bad-unknown-mode")));
            expectedReasons.put("bad-unknown-mode", "SHARPEN");
            avro.add(record(requestsTopic, VqaRequest.newBuilder(template).setId("bad-cfg-scale")
                    .setOptions(RequestOptions.newBuilder().setFeatureMode(FeatureMode.CFG).setGuidanceScale(-1f)
                            .build()).build()));
            expectedReasons.put("bad-cfg-scale", "guidance scale");
            PipelineFixture.publish(p, avro);
            KafkaTestKit.connect(p.bootstrapServers()).produce(new StringSerializer(), new ByteArraySerializer(),
                    List.of(new ProducerRecord<>(requestsTopic, "bad-garbage", "not avro at all".getBytes(
                                    StandardCharsets.UTF_8)),
                            new ProducerRecord<>(requestsTopic, null, new byte[] {0, 0, 0, 0, 42, 1, 2})));
            expectedReasons.put("bad-garbage", "undecodable request");
            PipelineFixture.publishRequests(p, good.subList(2, good.size()));

            int expectedAnswers = good.size() + expectedReasons.size();
            List<VqaAnswer> answers = PipelineFixture.awaitAnswers(p, expectedAnswers);

            assertThat(answers).hasSize(expectedAnswers);
            Map<String, VqaAnswer> byId = answers.stream()
                    .collect(Collectors.toMap(VqaAnswer::getRequestId, a -> a));
            good.forEach(r -> assertThat(byId.get(r.getId()).getStatus()).as(r.getId()).isEqualTo(AnswerStatus.OK));
            expectedReasons.forEach((id, reason) -> {
                assertThat(byId.get(id).getStatus()).as(id).isEqualTo(AnswerStatus.REJECTED);
                assertThat(byId.get(id).getError()).as(id).contains(reason);
            });
            List<DeadLetter> deadLetters = KafkaTestKit.connect(p.bootstrapServers()).readCommitted(
                    p.config().topics().name(EventTopic.DEAD_LETTERS), new StringDeserializer(),
                    new AvroDeserializer<>(p.registry(), DeadLetter.class), PipelineFixture.TIMEOUT).stream()
                    .map(r -> r.value()).toList();
            // one per rejected request, plus the garbage record that had no key (so no answer)
            assertThat(deadLetters).hasSize(expectedReasons.size() + 1);
            assertThat(deadLetters).extracting(DeadLetter::getRequestId)
                    .containsAll(expectedReasons.keySet()).containsNull();
            assertThat(deadLetters).allSatisfy(d -> assertThat(d.getValue()).isNotNull());
        }
    }

    private static ProducerRecord<String, GenericContainer> record(String topic, VqaRequest r) {
        return new ProducerRecord<>(topic, r.getId(), r);
    }

    private static VqaRequest withImage(VqaRequest template, String id, byte[] image, String mediaType) {
        return VqaRequest.newBuilder(template).setId(id).setImage(InlineImage.newBuilder()
                .setData(ByteBuffer.wrap(image)).setMediaType(mediaType).build()).build();
    }

    /** The request written with a newer schema whose feature-mode enum has a symbol this service does not know. */
    private static GenericRecord withUnknownFeatureMode(VqaRequest template, String id) throws IOException {
        VqaRequest r = VqaRequest.newBuilder(template).setId(id)
                .setOptions(RequestOptions.newBuilder().setFeatureMode(FeatureMode.COND).build()).build();
        String known = "\"symbols\":[\"UNCOND\",\"COND\",\"CFG\",\"CONCAT\"]";
        String json = VqaRequest.getClassSchema().toString();
        assertThat(json).contains(known);
        Schema newer = new Schema.Parser().parse(json.replace(known,
                "\"symbols\":[\"UNCOND\",\"COND\",\"CFG\",\"CONCAT\",\"SHARPEN\"]"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<VqaRequest>(VqaRequest.getClassSchema()).write(r, encoder);
        encoder.flush();
        GenericRecord g = new GenericDatumReader<GenericRecord>(VqaRequest.getClassSchema(), newer)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        GenericRecord options = (GenericRecord) g.get("options");
        Schema modeSchema = options.getSchema().getField("featureMode").schema().getTypes().get(1);
        options.put("featureMode", new GenericData.EnumSymbol(modeSchema, "SHARPEN"));
        return g;
    }

    private static byte[] truncatedJpeg() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | ((x + y) * 2));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        byte[] full = out.toByteArray();
        return Arrays.copyOf(full, full.length / 2);
    }

    private static byte[] png(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
