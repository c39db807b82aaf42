package io.difflens.platform.config;

import java.net.URI;
import java.util.Objects;

/**
 * Where the schema registry is and how to authenticate to it. Keys: {@code registry.url},
 * {@code registry.auth} ({@code none}, {@code basic}, {@code bearer}; inferred from the credentials
 * given when absent), {@code registry.basic.username}, {@code registry.basic.password},
 * {@code registry.bearer.token}. TLS is the JDK's (trust store via the usual {@code javax.net.ssl.*}).
 *
 * @param url         base URL of the registry's REST API
 * @param credentials how to authenticate
 */
public record RegistryConfig(URI url, RegistryCredentials credentials) {

    /** Default: a registry on this machine. */
    public static final String DEFAULT_URL = "http://127.0.0.1:8081";

    /** How credentials are chosen. */
    public enum AuthMode { NONE, BASIC, BEARER }

    /** Requires both fields. */
    public RegistryConfig {
        Objects.requireNonNull(url, "registry.url");
        Objects.requireNonNull(credentials, "registry credentials");
    }

    /** Reads {@code registry.*}. */
    public static RegistryConfig from(ConfigValues values) {
        URI url = values.httpUri("registry.url", DEFAULT_URL);
        boolean hasBasic = values.get("registry.basic.username").filter(s -> !s.isBlank()).isPresent();
        boolean hasBearer = values.secret("registry.bearer.token").isPresent();
        AuthMode inferred = hasBasic ? AuthMode.BASIC : hasBearer ? AuthMode.BEARER : AuthMode.NONE;
        AuthMode mode = values.enumValue("registry.auth", AuthMode.class, inferred);
        if (hasBasic && hasBearer && values.get("registry.auth").isEmpty()) {
            throw values.invalid("registry.bearer.token",
                    "is set together with registry.basic.username; set registry.auth to basic or bearer");
        }
        RegistryCredentials credentials = switch (mode) {
            case NONE -> new RegistryCredentials.None();
            case BASIC -> new RegistryCredentials.Basic(values.requiredString("registry.basic.username"),
                    values.secret("registry.basic.password").orElseThrow(() -> values.invalid(
                            "registry.basic.password", "is required when registry.auth is basic")));
            case BEARER -> new RegistryCredentials.Bearer(values.secret("registry.bearer.token")
                    .orElseThrow(() -> values.invalid("registry.bearer.token", "is required when registry.auth is bearer")));
        };
        return new RegistryConfig(url, credentials);
    }
}
