package io.difflens.bench;

import io.difflens.platform.registry.InMemorySchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.schemas.AvroTrust;
import io.difflens.schemas.DType;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.RequestOptions;
import io.difflens.schemas.Tensor;
import io.difflens.schemas.VisualFeatures;
import io.difflens.schemas.VqaRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the Confluent wire-format serde against plain Avro binary encoding of the same record
 * (the ceiling: the serde adds a 5-byte header, a cache lookup and one copy). The registry is an
 * in-process {@link InMemorySchemaRegistryClient}, so the id cache is warm after the first record, as in a
 * long-running service.
 *
 * <p>Score = records/s; the {@code bytes} secondary result = payload bytes/s (divide by 1e6 for MB/s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SerdeBench {

    /** The two records of the brief. */
    public enum Payload {
        /** A VqaRequest carrying a 50 KB inline image. */
        VQA_REQUEST_50KB,
        /** VisualFeatures with a 256 x 1280 fp16 tensor (640 KiB). */
        VISUAL_FEATURES_256X1280_F16
    }

    @Param
    public Payload payload;

    private SpecificRecord record;
    private byte[] wire;
    private byte[] plain;
    private int plainSize;
    private AvroSerializer<SpecificRecord> serializer;
    private AvroDeserializer<? extends SpecificRecord> deserializer;
    private SpecificDatumWriter<SpecificRecord> plainWriter;
    private SpecificDatumReader<? extends SpecificRecord> plainReader;

    /** Bytes moved per second, reported next to records per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void setUp() throws IOException {
        AvroTrust.trustEventClasses();
        SplittableRandom random = new SplittableRandom(42);
        Class<? extends SpecificRecord> type;
        switch (payload) {
            case VQA_REQUEST_50KB -> {
                byte[] image = new byte[50 * 1024];
                random.nextBytes(image);
                record = VqaRequest.newBuilder()
                        .setId("bench-request-000001")
                        .setImage(new InlineImage(ByteBuffer.wrap(image), "image/jpeg"))
                        .setPrompt("What is the colour of the cube left of the sphere?")
                        .setOptions(RequestOptions.newBuilder().setTimestep(25).setLayers(List.of("up_blocks.0")).build())
                        .setTraceContext(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                        .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                        .build();
                type = VqaRequest.class;
            }
            case VISUAL_FEATURES_256X1280_F16 -> {
                byte[] tensor = new byte[256 * 1280 * 2];
                random.nextBytes(tensor);
                record = VisualFeatures.newBuilder()
                        .setRequestId("bench-request-000001")
                        .setPrompt("What is the colour of the cube left of the sphere?")
                        .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                        .setFeatures(new Tensor(DType.F16, List.of(256, 1280), ByteBuffer.wrap(tensor)))
                        .setBundleId("tiny-sdxl")
                        .setTimings(Map.of("vae", 3.0, "unet", 41.0))
                        .build();
                type = VisualFeatures.class;
            }
            default -> throw new IllegalStateException("unknown payload " + payload);
        }
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
        deserializer = new AvroDeserializer<>(registry, type);
        SpecificData model = SpecificData.getForClass(type);
        plainWriter = new SpecificDatumWriter<>(record.getSchema(), model);
        plainReader = new SpecificDatumReader<>(record.getSchema(), record.getSchema(), model);
        wire = serializer.serialize("bench", record);
        plainSize = 1024;
        plain = plainEncode();
        // The ceiling gets the best plain case: an output buffer of exactly the right size.
        plainSize = plain.length;
        deserializer.deserialize("bench", wire);
    }

    private byte[] plainEncode() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plainSize);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        plainWriter.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Benchmark
    public byte[] serdeSerialize(Bytes counter) {
        byte[] bytes = serializer.serialize("bench", record);
        counter.bytes += bytes.length;
        return bytes;
    }

    @Benchmark
    public Object serdeDeserialize(Bytes counter) {
        counter.bytes += wire.length;
        return deserializer.deserialize("bench", wire);
    }

    @Benchmark
    public byte[] plainAvroEncode(Bytes counter) throws IOException {
        byte[] bytes = plainEncode();
        counter.bytes += bytes.length;
        return bytes;
    }

    @Benchmark
    public Object plainAvroDecode(Bytes counter) throws IOException {
        counter.bytes += plain.length;
        return plainReader.read(null, DecoderFactory.get().binaryDecoder(plain, null));
    }
}
