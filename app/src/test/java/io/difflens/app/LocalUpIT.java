package io.difflens.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.serde.AvroSerdeConfig;
import io.difflens.platform.serde.AvroSerializer;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.VqaRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2's "done when": {@code difflens local up} as a child process, {@code doctor} reports healthy,
 * Avro records go in through the serde, SIGTERM stops it cleanly, and after a restart on the same data
 * directory the records are still readable (their schema ids resolve).
 */
class LocalUpIT {
  private static final Duration START = Duration.ofSeconds(120);
  private static final String TOPIC = "difflens.vqa.requests";

  @TempDir Path tmp;

  @Test
  void localStackSurvivesARestartWithRecordsAndSchemaIds() throws Exception {
    Path dataDir = tmp.resolve("data");
    int kafkaPort = freePort();
    int registryPort = freePort();
    List<VqaRequest> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(request("req-" + i));
    }
    int schemaId;

    try (ChildProcess up = ChildProcess.start(tmp.resolve("first.err"), "local", "up", "--data-dir", dataDir.toString(),
        "--kafka-port", Integer.toString(kafkaPort), "--registry-port", Integer.toString(registryPort))) {
      String bootstrap = up.value("bootstrap", START);
      String registry = up.value("registry", START);
      assertThat(bootstrap).isEqualTo("127.0.0.1:" + kafkaPort);
      assertThat(registry).isEqualTo("http://127.0.0.1:" + registryPort);
      assertThat(up.value("topics-created", START)).isEqualTo("10");
      up.awaitLine("ready", START);

      DoctorRun doctor = doctor(bootstrap, registry);
      assertThat(doctor.exitCode).as(doctor.output).isZero();
      assertThat(doctor.output).contains("OK    broker", "OK    registry", "OK    topics", "OK    djl")
          .contains("healthy").doesNotContain("FAIL");

      try (var client = HttpSchemaRegistryClient.of(registry)) {
        var kit = KafkaTestKit.connect(bootstrap);
        var serializer = new AvroSerializer<VqaRequest>(client, AvroSerdeConfig.defaults(), false);
        kit.produce(new StringSerializer(), serializer,
            written.stream().map(r -> new ProducerRecord<>(TOPIC, r.getId(), r)).toList());
        schemaId = client.lookup(TOPIC + "-value", VqaRequest.getClassSchema()).id();
      }

      assertThat(up.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isIn(0, 143);
      up.awaitLine("stopped", Duration.ofSeconds(5));
    }

    try (ChildProcess again = ChildProcess.start(tmp.resolve("second.err"), "local", "up", "--data-dir", dataDir.toString(),
        "--kafka-port", Integer.toString(kafkaPort), "--registry-port", Integer.toString(registryPort))) {
      String bootstrap = again.value("bootstrap", START);
      String registry = again.value("registry", START);
      assertThat(again.value("topics-created", START)).as("topics survive the restart").isEqualTo("0");
      again.awaitLine("ready", START);

      var kit = KafkaTestKit.connect(bootstrap);
      List<ConsumerRecord<String, byte[]>> raw = kit.readCommitted(TOPIC, new StringDeserializer(),
          new ByteArrayDeserializer(), Duration.ofSeconds(30));
      assertThat(raw).hasSize(written.size());
      for (ConsumerRecord<String, byte[]> r : raw) {
        ByteBuffer wire = ByteBuffer.wrap(r.value());
        assertThat(wire.get()).as("magic byte").isZero();
        assertThat(wire.getInt()).as("schema id in the wire format").isEqualTo(schemaId);
      }
      try (var client = HttpSchemaRegistryClient.of(registry)) {
        assertThat(client.schemaById(schemaId)).isEqualTo(VqaRequest.getClassSchema());
        var reader = new AvroDeserializer<>(client, VqaRequest.class);
        List<VqaRequest> read = raw.stream().map(r -> reader.deserialize(TOPIC, r.value())).toList();
        assertThat(read).containsExactlyInAnyOrderElementsOf(written);
      }
      assertThat(doctor(bootstrap, registry).exitCode).isZero();
      again.terminate(Duration.ofSeconds(60));
    }
  }

  private record DoctorRun(int exitCode, String output) {}

  private static DoctorRun doctor(String bootstrap, String registry) {
    var out = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(out));
    int code = cl.execute("doctor", "--bootstrap", bootstrap, "--registry", registry);
    return new DoctorRun(code, out.toString());
  }

  private static VqaRequest request(String id) {
    return VqaRequest.newBuilder().setId(id)
        .setImage(InlineImage.newBuilder().setData(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) id.hashCode()}))
            .setMediaType("image/png").build())
        .setPrompt("question " + id).setTraceContext(Map.of()).setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .build();
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
