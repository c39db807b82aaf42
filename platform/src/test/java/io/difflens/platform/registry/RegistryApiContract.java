package io.difflens.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.platform.testing.KafkaTestKit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The server against the Confluent REST API as documented, with plain HTTP and literal JSON, so it
 * honours the real API and not only our client's reading of it. Run against the embedded broker
 * ({@link RegistryRawHttpIT}) and Testcontainers' {@code apache/kafka} ({@link RegistryRawHttpContainerIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistryApiContract {

    /** The broker the registry keeps its state in. */
    protected abstract String bootstrapServers();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CT = "application/vnd.schemaregistry.v1+json";
    private EmbeddedSchemaRegistry registry;

    private record Reply(int status, String contentType, JsonNode body) {}

    @BeforeAll
    void start() {
        registry = EmbeddedSchemaRegistry.builder(bootstrapServers())
                .topic(KafkaTestKit.uniqueTopic("_schemas")).build().start();
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private Reply call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", CT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                JSON.readTree(response.body()));
    }

    private static String schemaBody(String schemaJson) throws Exception {
        return JSON.createObjectNode().put("schema", schemaJson).toString();
    }

    private static final String V1 = "{\"type\":\"record\",\"name\":\"Ping\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
    private static final String V2 = "{\"type\":\"record\",\"name\":\"Ping\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"},"
            + "{\"name\":\"s\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    private static final String V2_BREAKING = "{\"type\":\"record\",\"name\":\"Ping\",\"fields\":["
            + "{\"name\":\"n\",\"type\":\"int\"},{\"name\":\"t\",\"type\":\"string\"}]}";

    @Test
    void theSubjectLifecycleFollowsTheConfluentApi() throws Exception {
        String s = KafkaTestKit.uniqueTopic("raw") + "-value";

        Reply registered = call("POST", "/subjects/" + s + "/versions", schemaBody(V1));
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).isEqualTo(CT);
        int id = registered.body().get("id").asInt();
        assertThat(registered.body().size()).isEqualTo(1);
        assertThat(call("POST", "/subjects/" + s + "/versions", schemaBody(V1)).body().get("id").asInt()).isEqualTo(id);

        assertThat(call("GET", "/subjects", null).body()).anySatisfy(n -> assertThat(n.asText()).isEqualTo(s));
        assertThat(call("GET", "/subjects/" + s + "/versions", null).body().toString()).isEqualTo("[1]");

        JsonNode latest = call("GET", "/subjects/" + s + "/versions/latest", null).body();
        assertThat(latest.get("subject").asText()).isEqualTo(s);
        assertThat(latest.get("version").asInt()).isEqualTo(1);
        assertThat(latest.get("id").asInt()).isEqualTo(id);
        assertThat(JSON.readTree(latest.get("schema").asText())).isEqualTo(JSON.readTree(V1));
        assertThat(call("GET", "/subjects/" + s + "/versions/1/schema", null).body()).isEqualTo(JSON.readTree(V1));

        JsonNode lookup = call("POST", "/subjects/" + s, schemaBody(V1)).body();
        assertThat(lookup.get("id").asInt()).isEqualTo(id);
        assertThat(lookup.get("version").asInt()).isEqualTo(1);

        assertThat(JSON.readTree(call("GET", "/schemas/ids/" + id, null).body().get("schema").asText()))
                .isEqualTo(JSON.readTree(V1));
        assertThat(call("GET", "/schemas/ids/" + id + "/versions", null).body().toString())
                .isEqualTo("[{\"subject\":\"" + s + "\",\"version\":1}]");

        Reply compatible = call("POST", "/compatibility/subjects/" + s + "/versions/latest", schemaBody(V2));
        assertThat(compatible.body().toString()).isEqualTo("{\"is_compatible\":true}");
        Reply breaking = call("POST", "/compatibility/subjects/" + s + "/versions/1?verbose=true", schemaBody(V2_BREAKING));
        assertThat(breaking.body().get("is_compatible").asBoolean()).isFalse();
        assertThat(breaking.body().get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT");

        Reply conflict = call("POST", "/subjects/" + s + "/versions", schemaBody(V2_BREAKING));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body().get("error_code").asInt()).isEqualTo(409);
        assertThat(call("POST", "/subjects/" + s + "/versions", schemaBody(V2)).status()).isEqualTo(200);

        Reply deleted = call("DELETE", "/subjects/" + s, null);
        assertThat(deleted.body().toString()).isEqualTo("[1,2]");
        Reply gone = call("GET", "/subjects/" + s + "/versions", null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().get("error_code").asInt()).isEqualTo(40401);
        assertThat(call("GET", "/schemas/ids/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void errorsCarryConfluentStatusesAndCodes() throws Exception {
        String s = KafkaTestKit.uniqueTopic("errors") + "-value";
        Reply invalid = call("POST", "/subjects/" + s + "/versions", schemaBody("{\"type\":\"recrod\"}"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("error_code").asInt()).isEqualTo(42201);
        assertThat(invalid.body().get("message").asText()).isNotBlank();

        assertThat(call("GET", "/subjects/" + s + "/versions/1", null).body().get("error_code").asInt()).isEqualTo(40401);
        call("POST", "/subjects/" + s + "/versions", schemaBody(V1));
        assertThat(call("GET", "/subjects/" + s + "/versions/7", null).body().get("error_code").asInt()).isEqualTo(40402);
        assertThat(call("GET", "/subjects/" + s + "/versions/abc", null).body().get("error_code").asInt()).isEqualTo(42202);
        assertThat(call("POST", "/subjects/" + s, schemaBody(V2)).body().get("error_code").asInt()).isEqualTo(40403);
        Reply noId = call("GET", "/schemas/ids/424242", null);
        assertThat(noId.status()).isEqualTo(404);
        assertThat(noId.body().get("error_code").asInt()).isEqualTo(40403);
        assertThat(call("GET", "/no/such/path", null).status()).isEqualTo(404);
        assertThat(call("PUT", "/subjects", "{}").status()).isEqualTo(405);
    }

    @Test
    void compatibilityConfigIsGlobalAndPerSubject() throws Exception {
        String s = KafkaTestKit.uniqueTopic("config") + "-value";
        assertThat(call("GET", "/config", null).body().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

        Reply notSet = call("GET", "/config/" + s, null);
        assertThat(notSet.status()).isEqualTo(404);
        assertThat(notSet.body().get("error_code").asInt()).isEqualTo(40408);
        assertThat(call("GET", "/config/" + s + "?defaultToGlobal=true", null).body().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");

        Reply set = call("PUT", "/config/" + s, "{\"compatibility\":\"FULL_TRANSITIVE\"}");
        assertThat(set.body().toString()).isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
        assertThat(call("GET", "/config/" + s, null).body().toString())
                .isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
        Reply bad = call("PUT", "/config/" + s, "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("error_code").asInt()).isEqualTo(42203);
    }

    @Test
    void subjectNamesAreUrlDecoded() throws Exception {
        String s = "odd name/with:chars-" + System.nanoTime();
        String encoded = java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        assertThat(call("POST", "/subjects/" + encoded + "/versions", schemaBody(V1)).status()).isEqualTo(200);
        assertThat(call("GET", "/subjects/" + encoded + "/versions/latest", null).body().get("subject").asText())
                .isEqualTo(s);
    }
}
