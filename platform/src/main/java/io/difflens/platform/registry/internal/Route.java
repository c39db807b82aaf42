package io.difflens.platform.registry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The REST API's endpoints, as (method, path pattern) pairs; {@code *} captures one decoded segment. */
public enum Route {
    ROOT("GET"),
    LIST_SUBJECTS("GET", "subjects"),
    LOOKUP("POST", "subjects", "*"),
    DELETE_SUBJECT("DELETE", "subjects", "*"),
    LIST_VERSIONS("GET", "subjects", "*", "versions"),
    REGISTER("POST", "subjects", "*", "versions"),
    GET_VERSION("GET", "subjects", "*", "versions", "*"),
    DELETE_VERSION("DELETE", "subjects", "*", "versions", "*"),
    GET_VERSION_SCHEMA("GET", "subjects", "*", "versions", "*", "schema"),
    SCHEMA_BY_ID("GET", "schemas", "ids", "*"),
    SCHEMA_BY_ID_RAW("GET", "schemas", "ids", "*", "schema"),
    VERSIONS_OF_ID("GET", "schemas", "ids", "*", "versions"),
    GET_GLOBAL_CONFIG("GET", "config"),
    PUT_GLOBAL_CONFIG("PUT", "config"),
    GET_SUBJECT_CONFIG("GET", "config", "*"),
    PUT_SUBJECT_CONFIG("PUT", "config", "*"),
    CHECK_COMPATIBILITY("POST", "compatibility", "subjects", "*", "versions", "*");

    private final String method;
    private final String[] pattern;

    Route(String method, String... pattern) {
        this.method = method;
        this.pattern = pattern;
    }

    /** A matched route and the segments its wildcards captured, in order. */
    public record Match(Route route, List<String> params) {
        public String param(int index) {
            return params.get(index);
        }
    }

    /**
     * The route for {@code method} and the decoded path {@code segments}; 404 when no pattern matches the
     * path, 405 when one does but not for this method.
     */
    public static Match resolve(String method, List<String> segments, String pathForErrors) {
        boolean pathKnown = false;
        for (Route route : values()) {
            Optional<List<String>> params = route.capture(segments);
            if (params.isPresent()) {
                pathKnown = true;
                if (route.method.equals(method)) {
                    return new Match(route, params.get());
                }
            }
        }
        throw pathKnown ? RegistryError.methodNotAllowed(method, pathForErrors) : RegistryError.notFound(pathForErrors);
    }

    private Optional<List<String>> capture(List<String> segments) {
        if (segments.size() != pattern.length) {
            return Optional.empty();
        }
        List<String> params = new ArrayList<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("*")) {
                params.add(segments.get(i));
            } else if (!pattern[i].equals(segments.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
