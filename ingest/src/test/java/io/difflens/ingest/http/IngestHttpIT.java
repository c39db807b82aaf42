package io.difflens.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.ingest.IngestService;
import io.difflens.ingest.testing.EchoAnswerer;
import io.difflens.ingest.testing.LocalKafkaStack;
import io.difflens.ingest.testing.Multipart;
import io.difflens.ingest.testing.TestImages;
import io.difflens.ingest.validation.IngestLimits;
import io.difflens.platform.serde.AvroDeserializer;
import io.difflens.platform.testing.EmbeddedKafkaExtension;
import io.difflens.platform.testing.KafkaTestKit;
import io.difflens.platform.topics.EventTopic;
import io.difflens.schemas.FeatureMode;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.VqaRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ingest API against a real broker and registry: HTTP → vqa.requests → (an echo answerer) → vqa.answers →
 * HTTP, the 504-then-poll path, ITM, auth, and every kind of bad input with its status and code.
 */
class IngestHttpIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "s3cret-token";
  private static final long MAX_BODY = 512 * 1024;

  private static LocalKafkaStack stack;
  private static EchoAnswerer answerer;
  private static IngestService open;
  private static IngestService secured;
  private static final List<String> acceptedIds = new ArrayList<>();

  @BeforeAll
  static void start() {
    stack = new LocalKafkaStack(KAFKA.bootstrapServers());
    answerer = new EchoAnswerer(stack.config(), stack.registryClient());
    var http = IngestHttpConfig.defaults().withHost("127.0.0.1").withPort(0).withMaxRequestBytes(MAX_BODY);
    open = IngestService.start(stack.config(), http, IngestLimits.DEFAULTS.withMaxQuestionChars(100));
    secured = IngestService.start(stack.config(), http.withBearerToken(TOKEN), IngestLimits.DEFAULTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (secured != null) {
      secured.close();
    }
    if (open != null) {
      open.close();
    }
    if (answerer != null) {
      answerer.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void multipartQuestionWaitsForItsAnswer() throws Exception {
    var form = new Multipart().file("image", "cube.png", "image/png", TestImages.png(32, 32))
        .field("question", "What colour is the cube?").field("id", "round-trip-1");
    HttpResponse<String> r = post(open, "/v1/vqa?wait=PT30S", form.contentType(), form.bytes());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.path("id").asText()).isEqualTo("round-trip-1");
    assertThat(answer.path("status").asText()).isEqualTo("OK");
    assertThat(answer.path("text").asText()).isEqualTo("echo: What colour is the cube?");
    assertThat(answer.path("timings").path("total").asDouble()).isEqualTo(1.5);
    acceptedIds.add("round-trip-1");
  }

  @Test
  void jsonRequestIsAcceptedAndPublishedWithItsOptions() throws Exception {
    byte[] jpeg = TestImages.jpeg(24, 16);
    String body = JSON.writeValueAsString(Map.of(
        "id", "json-1",
        "image", Base64.getEncoder().encodeToString(jpeg),
        "question", "How many spheres?",
        "caption", "three spheres on a table",
        "options", Map.of("featureMode", "CFG", "guidanceScale", 3.5, "timestep", 250, "layers", List.of("up_blocks.1"))));
    HttpResponse<String> r = post(open, "/v1/vqa", "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(JSON.readTree(r.body()).path("id").asText()).isEqualTo("json-1");
    acceptedIds.add("json-1");

    VqaRequest published = requests().stream().filter(q -> q.getId().equals("json-1")).findFirst().orElseThrow();
    InlineImage image = (InlineImage) published.getImage();
    byte[] data = new byte[image.getData().remaining()];
    image.getData().duplicate().get(data);
    assertThat(data).isEqualTo(jpeg);
    assertThat(image.getMediaType()).isEqualTo("image/jpeg");
    assertThat(published.getPrompt()).isEqualTo("How many spheres?");
    assertThat(published.getCaption()).isEqualTo("three spheres on a table");
    assertThat(published.getOptions().getFeatureMode()).isEqualTo(FeatureMode.CFG);
    assertThat(published.getOptions().getGuidanceScale()).isEqualTo(3.5f);
    assertThat(published.getOptions().getTimestep()).isEqualTo(250);
    assertThat(published.getOptions().getLayers()).containsExactly("up_blocks.1");

    // the echo answerer answers it; the client polls
    JsonNode answer = pollAnswer(open, "json-1");
    assertThat(answer.path("text").asText()).isEqualTo("echo: How many spheres?");
  }

  @Test
  void unansweredWaitTimesOutWith504AndTheIdThenPollingFindsTheLateAnswer() throws Exception {
    var form = new Multipart().file("image", "a.png", "image/png", TestImages.png(8, 8))
        .field("question", "Anyone there? " + EchoAnswerer.SILENT);
    HttpResponse<String> r = post(open, "/v1/vqa?wait=PT1S", form.contentType(), form.bytes());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
    JsonNode body = JSON.readTree(r.body());
    String id = body.path("id").asText();
    assertThat(id).isNotBlank();
    assertThat(body.path("error").path("code").asText()).isEqualTo("timeout");
    acceptedIds.add(id);

    HttpResponse<String> notYet = get(open, "/v1/answers/" + id, null);
    assertThat(notYet.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(notYet.body()).path("error").path("code").asText()).isEqualTo("not_found");

    answerer.send(EventTopic.VQA_ANSWERS, id, EchoAnswerer.answer(id, "late but here"));
    assertThat(pollAnswer(open, id).path("text").asText()).isEqualTo("late but here");
  }

  @Test
  void imageTextMatchingRoundTrip() throws Exception {
    var form = new Multipart()
        .file("image", "a.png", "image/png", TestImages.png(8, 8))
        .file("image", "b.jpg", "image/jpeg", TestImages.jpeg(8, 8))
        .field("text", "a cat").field("text", "a dog").field("text", "a cube");
    HttpResponse<String> r = post(open, "/v1/itm?wait=PT30S", form.contentType(), form.bytes());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode scores = JSON.readTree(r.body()).path("scores");
    assertThat(scores.size()).isEqualTo(2);
    assertThat(scores.get(1).size()).isEqualTo(3);
    assertThat(scores.get(1).get(2).asDouble()).isEqualTo(12.0);
    String id = JSON.readTree(r.body()).path("id").asText();
    assertThat(get(open, "/v1/itm/" + id, null).statusCode()).isEqualTo(200);
  }

  static Stream<Arguments> badInputs() {
    byte[] png = TestImages.png(16, 16);
    return Stream.of(
        Arguments.of("truncated JPEG", vqaForm(TestImages.truncated(TestImages.jpeg(128, 128), 0.6), "q?"), 422, "image_corrupt"),
        Arguments.of("PNG header claiming 20000x20000", vqaForm(TestImages.pngClaiming(20000, 20000), "q?"), 422, "image_dimensions_too_large"),
        Arguments.of("garbage image", vqaForm("GIF? no, garbage".getBytes(StandardCharsets.UTF_8), "q?"), 415, "image_unsupported_format"),
        Arguments.of("no image", new Multipart().field("question", "q?"), 422, "image_missing"),
        Arguments.of("empty question", vqaForm(png, ""), 422, "question_empty"),
        Arguments.of("too long question", vqaForm(png, "why".repeat(40)), 422, "question_too_long"),
        Arguments.of("invalid UTF-8 question", new Multipart().file("image", "a.png", "image/png", png)
            .field("question", new byte[] {'w', 'h', (byte) 0xC3, 0x28, '?'}), 422, "question_not_utf8"),
        Arguments.of("unknown feature mode", vqaForm(png, "q?").field("featureMode", "SHARPEN"), 422, "option_feature_mode"),
        Arguments.of("zero guidance scale", vqaForm(png, "q?").field("featureMode", "CFG").field("guidanceScale", "0"), 422, "option_guidance_scale"),
        Arguments.of("timestep out of range", vqaForm(png, "q?").field("timestep", "1000"), 422, "option_timestep"),
        Arguments.of("body over the size limit", vqaForm(new byte[(int) MAX_BODY + 1], "q?"), 413, "request_too_large"));
  }

  private static Multipart vqaForm(byte[] image, String question) {
    return new Multipart().file("image", "x.bin", "application/octet-stream", image).field("question", question);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputGetsAClearRejection(String what, Multipart form, int status, String code) throws Exception {
    HttpResponse<String> r = post(open, "/v1/vqa?wait=PT5S", form.contentType(), form.bytes());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo(code);
    assertThat(error.path("message").asText()).isNotBlank();
  }

  @Test
  void malformedTransportsGet400Or415() throws Exception {
    assertError(post(open, "/v1/vqa", "application/json", "{not json".getBytes(StandardCharsets.UTF_8)), 400, "malformed_json");
    assertError(post(open, "/v1/vqa", "application/json",
        "{\"image\":\"***\",\"question\":\"q\"}".getBytes(StandardCharsets.UTF_8)), 400, "invalid_base64");
    assertError(post(open, "/v1/vqa", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)), 415, "unsupported_content_type");
    var form = vqaForm(TestImages.png(8, 8), "q?");
    assertError(post(open, "/v1/vqa?wait=soon", form.contentType(), form.bytes()), 400, "invalid_wait");
  }

  @Test
  void bearerTokenIsRequiredWhenConfigured() throws Exception {
    var form = vqaForm(TestImages.png(8, 8), "q?");
    assertError(post(secured, "/v1/vqa", form.contentType(), form.bytes()), 401, "unauthorized");
    HttpResponse<String> wrong = send(secured, HttpRequest.newBuilder(uri(secured, "/v1/vqa"))
        .header("Content-Type", form.contentType()).header("Authorization", "Bearer nope")
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())));
    assertError(wrong, 401, "unauthorized");
    HttpResponse<String> ok = send(secured, HttpRequest.newBuilder(uri(secured, "/v1/vqa"))
        .header("Content-Type", form.contentType()).header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    acceptedIds.add(JSON.readTree(ok.body()).path("id").asText());
    assertThat(get(secured, "/health", null).statusCode()).isEqualTo(200);
  }

  @Test
  void servesOpenApiHealthAndMetrics() throws Exception {
    JsonNode api = JSON.readTree(get(open, "/openapi.json", null).body());
    assertThat(api.path("openapi").asText()).startsWith("3.");
    assertThat(api.path("paths").has("/v1/vqa")).isTrue();
    assertThat(api.path("paths").has("/v1/answers/{id}")).isTrue();
    assertThat(api.path("paths").has("/v1/itm")).isTrue();

    HttpResponse<String> health = get(open, "/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).path("checks").path("reply-listener").path("status").asText()).isEqualTo("UP");

    post(open, "/v1/vqa", "text/plain", new byte[] {1});
    assertThat(get(open, "/metrics", null).body()).contains("difflens_ingest_requests_total")
        .contains("outcome=\"unsupported_content_type\"");
  }

  @Test
  void rejectedRequestsNeverReachTheTopic() throws Exception {
    var form = vqaForm(TestImages.pngClaiming(20000, 20000), "q?").field("id", "never-published");
    assertThat(post(open, "/v1/vqa", form.contentType(), form.bytes()).statusCode()).isEqualTo(422);
    var ok = vqaForm(TestImages.png(8, 8), "q?").field("id", "published-after");
    assertThat(post(open, "/v1/vqa", ok.contentType(), ok.bytes()).statusCode()).isEqualTo(202);
    List<String> ids = requests().stream().map(VqaRequest::getId).collect(Collectors.toList());
    assertThat(ids).contains("published-after").doesNotContain("never-published");
  }

  private static List<VqaRequest> requests() {
    var kit = KafkaTestKit.connect(KAFKA.bootstrapServers());
    List<ConsumerRecord<String, VqaRequest>> records = kit.readCommitted(
        stack.config().topics().name(EventTopic.VQA_REQUESTS), new StringDeserializer(),
        new AvroDeserializer<>(stack.registryClient(), VqaRequest.class), Duration.ofSeconds(30));
    return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
  }

  /** Polls GET /v1/answers/{id} until 200; the answer is produced asynchronously, so no fixed delay is right. */
  private static JsonNode pollAnswer(IngestService service, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r = get(service, "/v1/answers/" + id, null);
      if (r.statusCode() == 200) {
        return JSON.readTree(r.body());
      }
      assertThat(r.statusCode()).isEqualTo(404);
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no answer for " + id + " within 30 s");
      }
      Thread.sleep(100);
    }
  }

  private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo(code);
  }

  private static URI uri(IngestService s, String path) {
    return URI.create("http://127.0.0.1:" + s.port() + path);
  }

  private static HttpResponse<String> post(IngestService s, String path, String contentType, byte[] body) throws Exception {
    return send(s, HttpRequest.newBuilder(uri(s, path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static HttpResponse<String> get(IngestService s, String path, String token) throws Exception {
    var b = HttpRequest.newBuilder(uri(s, path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(s, b);
  }

  /**
   * A new client, so a new connection, per request: reactor-netty 1.3.7 can leave a request on a kept-alive
   * connection unread (see {@code HttpServers}), and each request here must stand on its own.
   */
  private static HttpResponse<String> send(IngestService s, HttpRequest.Builder b) throws Exception {
    HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return fresh.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
