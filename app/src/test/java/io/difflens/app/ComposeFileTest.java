package io.difflens.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks its wiring statically: every
 * service is there, each difflens service runs {@code serve <its name>} from the one deploy image, and all of
 * them point at the compose file's own Kafka and registry services.
 */
class ComposeFileTest {
  private static final List<String> DIFFLENS_SERVICES =
      List.of("ingest", "feature-extractor", "answerer", "evaluator", "trainer");

  private static Path root;
  private static JsonNode services;

  @BeforeAll
  static void parse() throws IOException {
    root = RepositoryRoot.find();
    JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
    services = compose.path("services");
  }

  @Test
  void namesEveryService() {
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrder("kafka", "schema-registry", "ingest", "feature-extractor",
        "answerer", "evaluator", "trainer");
  }

  @Test
  void kafkaIsKraftFromTheApacheImage() {
    JsonNode kafka = services.path("kafka");
    assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
    assertThat(kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText()).contains("controller");
    assertThat(kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText()).contains("kafka:9092");
  }

  @Test
  void registryStoresItsStateInTheComposeKafka() {
    JsonNode registry = services.path("schema-registry");
    assertThat(registry.path("image").asText()).startsWith("confluentinc/cp-schema-registry:");
    assertThat(registry.path("environment").path("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").asText())
        .contains("kafka:9092");
    assertThat(registry.path("environment").path("SCHEMA_REGISTRY_LISTENERS").asText()).endsWith(":8081");
  }

  @Test
  void everyDifflensServiceRunsServeItsNameFromTheDeployImage() {
    String image = services.path("ingest").path("image").asText();
    assertThat(image).isNotBlank();
    for (String name : DIFFLENS_SERVICES) {
      JsonNode s = services.path(name);
      assertThat(s.path("image").asText()).as(name).isEqualTo(image);
      assertThat(s.path("build").path("dockerfile").asText()).as(name).isEqualTo("deploy/Dockerfile");
      assertThat(List.of(s.path("command").get(0).asText(), s.path("command").get(1).asText()))
          .as(name).containsExactly("serve", name);
      assertThat(s.path("command")).as(name).hasSize(2);
    }
  }

  @Test
  void everyDifflensServicePointsAtKafkaAndTheRegistry() {
    for (String name : DIFFLENS_SERVICES) {
      JsonNode s = services.path(name);
      JsonNode env = s.path("environment");
      assertThat(env.path("DIFFLENS_KAFKA_BOOTSTRAP_SERVERS").asText()).as(name).isEqualTo("kafka:9092");
      assertThat(env.path("DIFFLENS_REGISTRY_URL").asText()).as(name).isEqualTo("http://schema-registry:8081");
      List<String> deps = new ArrayList<>();
      s.path("depends_on").fieldNames().forEachRemaining(deps::add);
      assertThat(deps).as(name).contains("kafka", "schema-registry");
    }
  }

  @Test
  void deployImageRunsTheShadedJar() throws IOException {
    String dockerfile = Files.readString(root.resolve("deploy/Dockerfile"));
    assertThat(dockerfile).contains("-pl app -am package").contains("app/target/difflens.jar")
        .containsPattern("ENTRYPOINT \\[\"java\", \"-jar\", \"[^\"]*difflens.jar\"\\]");
  }
}
