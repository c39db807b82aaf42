package io.difflens.platform.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * {@link SchemaRegistryClient} over the JDK's {@code java.net.http}: no Confluent client library is
 * available to this build, and the REST API is small. TLS comes from the JDK, configured by an optional
 * truststore; credentials go into the {@code Authorization} header.
 *
 * <p>Caches are unbounded: ids and (subject, schema) registrations are immutable in a registry, and a
 * service only ever sees a handful of schemas.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    /** The registry API's media type, sent as Accept and Content-Type. */
    public static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {}

    public HttpSchemaRegistryClient(RegistryClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.requestTimeout());
        config.trustStore().ifPresent(store -> builder.sslContext(store.sslContext()));
        this.http = builder.build();
    }

    /** A client of the registry at {@code url}, no credentials. */
    public static HttpSchemaRegistryClient of(String url) {
        return new HttpSchemaRegistryClient(RegistryClientConfig.of(url));
    }

    public RegistryClientConfig config() {
        return config;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = call("POST", "/subjects/" + segment(subject) + "/versions", schemaBody(schema));
        int id = reply.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException(200, SchemaRegistryException.NO_RESPONSE,
                    "registry reply to register has no id: " + reply);
        }
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        JsonNode reply = call("POST", "/subjects/" + segment(subject), schemaBody(schema));
        RegisteredSchema found = registered(reply, subject);
        idsBySubjectSchema.put(new SubjectSchema(subject, schema), found.id());
        return found;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = call("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(reply.path("schema").asText());
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(call("GET", "/subjects/" + segment(subject) + "/versions/latest", null), subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(call("GET", "/subjects/" + segment(subject) + "/versions/" + version, null), subject);
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> out = new ArrayList<>();
        call("GET", "/subjects/" + segment(subject) + "/versions", null).forEach(v -> out.add(v.asInt()));
        return List.copyOf(out);
    }

    @Override
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        call("GET", "/subjects", null).forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode reply = call("POST", "/compatibility/subjects/" + segment(subject) + "/versions/latest",
                schemaBody(schema));
        return reply.path("is_compatible").asBoolean(false);
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        List<Integer> out = new ArrayList<>();
        call("DELETE", "/subjects/" + segment(subject), null).forEach(v -> out.add(v.asInt()));
        idsBySubjectSchema.keySet().removeIf(k -> k.subject().equals(subject));
        return List.copyOf(out);
    }

    @Override
    public CompatibilityLevel compatibility() {
        return level(call("GET", "/config", null));
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return level(call("GET", "/config/" + segment(subject) + "?defaultToGlobal=true", null));
    }

    @Override
    public void setCompatibility(CompatibilityLevel level) {
        call("PUT", "/config", JSON.createObjectNode().put("compatibility", level.name()));
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        call("PUT", "/config/" + segment(subject), JSON.createObjectNode().put("compatibility", level.name()));
    }

    private static CompatibilityLevel level(JsonNode reply) {
        JsonNode level = reply.has("compatibilityLevel") ? reply.get("compatibilityLevel") : reply.get("compatibility");
        if (level == null) {
            throw new SchemaRegistryException(200, SchemaRegistryException.NO_RESPONSE,
                    "registry config reply names no level: " + reply);
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private RegisteredSchema registered(JsonNode reply, String subject) {
        int id = reply.path("id").asInt();
        Schema schema = schemasById.computeIfAbsent(id, k -> parse(reply.path("schema").asText()));
        return new RegisteredSchema(reply.path("subject").asText(subject), reply.path("version").asInt(), id, schema);
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(200, SchemaRegistryException.NO_RESPONSE,
                    "registry returned a schema Avro cannot parse: " + e.getMessage());
        }
    }

    private static String segment(String raw) {
        // URLEncoder targets forms ("+" for space); a path segment needs %20.
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String pathAndQuery, JsonNode body) {
        IOException lastFailure = null;
        for (URI base : config.urls()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(resolve(base, pathAndQuery))
                    .timeout(config.requestTimeout())
                    .header("Accept", MEDIA_TYPE);
            config.credentials().authorizationHeader().ifPresent(h -> request.header("Authorization", h));
            if (body != null) {
                request.header("Content-Type", MEDIA_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted calling " + method + " " + pathAndQuery, e);
            }
            return decode(method, pathAndQuery, response);
        }
        throw new SchemaRegistryException(
                "no schema registry reachable at " + config.urls() + " for " + method + " " + pathAndQuery
                        + ": " + lastFailure, lastFailure);
    }

    private static JsonNode decode(String method, String path, HttpResponse<String> response) {
        JsonNode json;
        try {
            json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        int status = response.statusCode();
        if (status / 100 == 2 && json != null) {
            return json;
        }
        if (json != null && json.has("error_code")) {
            throw new SchemaRegistryException(status, json.path("error_code").asInt(),
                    method + " " + path + ": " + json.path("message").asText());
        }
        throw new SchemaRegistryException(status, status,
                method + " " + path + ": unexpected reply " + abbreviate(response.body()));
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    private static URI resolve(URI base, String pathAndQuery) {
        String root = base.toString();
        return URI.create(root.endsWith("/") ? root.substring(0, root.length() - 1) + pathAndQuery : root + pathAndQuery);
    }
}
