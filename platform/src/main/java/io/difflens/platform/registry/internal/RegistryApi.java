package io.difflens.platform.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.platform.registry.CompatibilityLevel;
import io.difflens.platform.registry.RegisteredSchema;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Maps REST calls to {@link RegistryService} and its answers to the JSON bodies of the Confluent API.
 * Transport-free, so the HTTP server stays a thin adapter.
 */
public final class RegistryApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A reply: HTTP status and JSON body. */
    public record Reply(int status, JsonNode body) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body);
        }

        public static Reply error(RegistryError error) {
            ObjectNode body = JSON.createObjectNode()
                    .put("error_code", error.errorCode())
                    .put("message", error.getMessage());
            return new Reply(error.httpStatus(), body);
        }
    }

    private final RegistryService service;

    public RegistryApi(RegistryService service) {
        this.service = service;
    }

    public Reply handle(Route.Match match, Map<String, List<String>> query, String body) {
        try {
            return Reply.ok(dispatch(match, query, body));
        } catch (RegistryError e) {
            return Reply.error(e);
        }
    }

    private JsonNode dispatch(Route.Match m, Map<String, List<String>> query, String body) {
        return switch (m.route()) {
            case ROOT -> JSON.createObjectNode();
            case LIST_SUBJECTS -> strings(service.subjects());
            case LOOKUP -> registered(service.lookup(m.param(0), schemaOf(body)));
            case DELETE_SUBJECT -> ints(service.deleteSubject(m.param(0)));
            case LIST_VERSIONS -> ints(service.versions(m.param(0)));
            case REGISTER -> JSON.createObjectNode().put("id", service.register(m.param(0), schemaOf(body)));
            case GET_VERSION -> registered(service.version(m.param(0), m.param(1)));
            case DELETE_VERSION -> JSON.getNodeFactory().numberNode(service.deleteVersion(m.param(0), m.param(1)));
            case GET_VERSION_SCHEMA -> rawSchema(service.version(m.param(0), m.param(1)).schema());
            case SCHEMA_BY_ID -> JSON.createObjectNode().put("schema", service.schemaById(id(m.param(0))).toString());
            case SCHEMA_BY_ID_RAW -> rawSchema(service.schemaById(id(m.param(0))));
            case VERSIONS_OF_ID -> {
                ArrayNode out = JSON.createArrayNode();
                service.subjectVersionsOfId(id(m.param(0)))
                        .forEach(v -> out.addObject().put("subject", v.subject()).put("version", v.version()));
                yield out;
            }
            case GET_GLOBAL_CONFIG -> JSON.createObjectNode().put("compatibilityLevel", service.globalLevel().name());
            case PUT_GLOBAL_CONFIG -> setLevel(null, body);
            case GET_SUBJECT_CONFIG -> JSON.createObjectNode().put("compatibilityLevel",
                    service.subjectLevel(m.param(0), flag(query, "defaultToGlobal")).name());
            case PUT_SUBJECT_CONFIG -> setLevel(m.param(0), body);
            case CHECK_COMPATIBILITY -> {
                List<String> problems = service.compatibilityProblems(m.param(0), m.param(1), schemaOf(body));
                ObjectNode out = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
                if (flag(query, "verbose")) {
                    out.set("messages", strings(problems));
                }
                yield out;
            }
        };
    }

    private JsonNode setLevel(String subject, String body) {
        JsonNode level = tree(body).get("compatibility");
        if (level == null || !level.isTextual()) {
            throw RegistryError.invalidCompatibilityLevel(String.valueOf(level));
        }
        CompatibilityLevel parsed = RegistryService.parseLevel(level.asText());
        service.setLevel(subject, parsed);
        return JSON.createObjectNode().put("compatibility", parsed.name());
    }

    private static Schema schemaOf(String body) {
        JsonNode request = tree(body);
        String type = request.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw RegistryError.invalidSchema("schemaType " + type + " is not supported, only AVRO");
        }
        if (request.path("references").size() > 0) {
            throw RegistryError.invalidSchema("schema references are not supported");
        }
        JsonNode schema = request.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryError.invalidSchema("the request has no \"schema\" string");
        }
        return RegistryService.parseSchema(schema.asText());
    }

    private static JsonNode rawSchema(Schema schema) {
        return tree(schema.toString());
    }

    private static JsonNode registered(RegisteredSchema r) {
        return JSON.createObjectNode()
                .put("subject", r.subject())
                .put("version", r.version())
                .put("id", r.id())
                .put("schema", r.schema().toString());
    }

    private static int id(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("id '" + text + "'");
        }
    }

    private static boolean flag(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values != null && !values.isEmpty() && Boolean.parseBoolean(values.get(0));
    }

    private static JsonNode tree(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            if (node == null) {
                throw RegistryError.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw RegistryError.badRequest("the request body is not JSON: " + e.getMessage());
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode out = JSON.createArrayNode();
        values.forEach(out::add);
        return out;
    }

    private static ArrayNode ints(List<Integer> values) {
        ArrayNode out = JSON.createArrayNode();
        values.forEach(out::add);
        return out;
    }
}
