package io.difflens.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.app.local.LocalStack;
import io.difflens.platform.PlatformConfig;
import io.difflens.platform.registry.HttpSchemaRegistryClient;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.EventTopic;
import io.difflens.platform.topics.TopicCatalog;
import io.difflens.schemas.Label;
import io.difflens.schemas.TrainingExample;
import io.difflens.schemas.VqaRequest;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code difflens ingest} publishes a small folder against the local stack and reports every reject. */
class IngestCommandIT {
  @TempDir static Path tmp;
  private static LocalStack stack;
  private static TopicCatalog topics;
  private static Path images;

  @BeforeAll
  static void start() throws Exception {
    topics = PlatformConfig.defaults().topics();
    stack = LocalStack.start(tmp.resolve("stack"), 0, 0, topics);
    images = Files.createDirectories(tmp.resolve("images"));
    Files.createDirectories(images.resolve("sub"));
    write(images.resolve("red.png"), "png", 32, 24);
    write(images.resolve("sub/blue.jpg"), "jpg", 16, 16);
    byte[] good = Files.readAllBytes(images.resolve("red.png"));
    Files.write(images.resolve("truncated.png"), Arrays.copyOf(good, good.length / 2));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void publishesValidRecordsWithLabelsAndListsEveryReject() throws Exception {
    Path questions = jsonl("mmvp-mini.jsonl",
        "{\"id\": \"q1\", \"image\": \"red.png\", \"question\": \"What colour is it?\", \"answer\": \"red\", \"category\": \"color\"}",
        "{\"id\": \"q2\", \"image\": \"sub/blue.jpg\", \"question\": \"Is it square?\", \"answer\": \"yes\", \"benchmark\": \"mmvp\"}",
        "",
        "{\"id\": \"q3\", \"image\": \"truncated.png\", \"question\": \"Broken?\"}",
        "{\"id\": \"q4\", \"image\": \"nowhere.png\", \"question\": \"Where?\"}",
        "{\"id\": \"q5\", \"image\": \"red.png\", \"question\": \"   \"}",
        "{\"id\": \"q6\", \"image\": \"../escape.png\", \"question\": \"Out?\"}",
        "this is not json");
    Run run = ingest("--images", images.toString(), "--questions", questions.toString(), "--labels", "--rate", "1000");

    assertThat(run.exitCode).as(run.output).isEqualTo(Main.EXIT_PARTIAL);
    assertThat(run.output).contains("published 2, rejected 5, failed 0")
        .contains("mmvp-mini.jsonl:4 (id q3): image_corrupt")
        .contains("mmvp-mini.jsonl:5: image_not_found")
        .contains("mmvp-mini.jsonl:6 (id q5): question_empty")
        .contains("mmvp-mini.jsonl:7: image_not_found: image path ../escape.png leaves the images folder")
        .contains("mmvp-mini.jsonl:8: record_malformed");

    try (var client = HttpSchemaRegistryClient.of(stack.registryUrl())) {
      List<VqaRequest> requests = read(EventTopic.VQA_REQUESTS, new AvroDeserializer<>(client, VqaRequest.class));
      assertThat(requests).extracting(VqaRequest::getId).contains("q1", "q2").doesNotContain("q3", "q4", "q5", "q6");
      VqaRequest q1 = requests.stream().filter(r -> r.getId().equals("q1")).findFirst().orElseThrow();
      assertThat(q1.getPrompt()).isEqualTo("What colour is it?");

      List<Label> labels = read(EventTopic.VQA_LABELS, new AvroDeserializer<>(client, Label.class));
      Label l1 = labels.stream().filter(l -> l.getRequestId().equals("q1")).findFirst().orElseThrow();
      assertThat(l1.getBenchmark()).as("defaults to the file name").isEqualTo("mmvp-mini");
      assertThat(l1.getCategory()).isEqualTo("color");
      assertThat(l1.getReferenceAnswers()).containsExactly("red");
      Label l2 = labels.stream().filter(l -> l.getRequestId().equals("q2")).findFirst().orElseThrow();
      assertThat(l2.getBenchmark()).isEqualTo("mmvp");
    }
  }

  @Test
  void publishesTrainingExamplesAndRejectsThoseWithoutAnswers() throws Exception {
    Path questions = jsonl("train.jsonl",
        "{\"id\": \"t1\", \"image\": \"red.png\", \"question\": \"What colour?\", \"answer\": \"red\"}",
        "{\"id\": \"t2\", \"image\": \"red.png\", \"question\": \"No answer?\"}");
    Run run = ingest("--images", images.toString(), "--questions", questions.toString(), "--to", "training");
    assertThat(run.exitCode).as(run.output).isEqualTo(Main.EXIT_PARTIAL);
    assertThat(run.output).contains("published 1, rejected 1").contains("train.jsonl:2 (id t2): answer_missing");

    try (var client = HttpSchemaRegistryClient.of(stack.registryUrl())) {
      List<TrainingExample> examples = read(EventTopic.TRAINING_EXAMPLES, new AvroDeserializer<>(client, TrainingExample.class));
      TrainingExample t1 = examples.stream().filter(e -> e.getId().equals("t1")).findFirst().orElseThrow();
      assertThat(t1.getConversation()).hasSize(2);
      assertThat(t1.getConversation().get(1).getValue()).isEqualTo("red");
      assertThat(examples).extracting(TrainingExample::getId).doesNotContain("t2");
    }
  }

  @Test
  void allValidMeansExitZero() throws Exception {
    Path questions = jsonl("ok.jsonl", "{\"image\": \"red.png\", \"question\": \"Fine?\"}");
    Run run = ingest("--images", images.toString(), "--questions", questions.toString());
    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output).contains("published 1, rejected 0, failed 0");
  }

  private record Run(int exitCode, String output) {}

  private static Run ingest(String... args) {
    var out = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(out));
    String[] all = new String[args.length + 5];
    all[0] = "ingest";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--bootstrap";
    all[args.length + 2] = stack.bootstrapServers();
    all[args.length + 3] = "--registry";
    all[args.length + 4] = stack.registryUrl();
    int code = cl.execute(all);
    return new Run(code, out.toString());
  }

  private static <V> List<V> read(EventTopic topic, org.apache.kafka.common.serialization.Deserializer<V> values) {
    List<ConsumerRecord<String, V>> records = KafkaTestKit.connect(stack.bootstrapServers())
        .readCommitted(topics.name(topic), new StringDeserializer(), values, Duration.ofSeconds(30));
    return records.stream().map(ConsumerRecord::value).toList();
  }

  private static Path jsonl(String name, String... lines) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  private static void write(Path p, String format, int w, int h) throws Exception {
    var image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, (x * 8) << 16 | (y * 8) << 8 | 0x40);
      }
    }
    ImageIO.write(image, format, p.toFile());
  }
}
