package io.difflens.platform.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where the schema registry is and how to reach it.
 *
 * @param urls registry base URLs, tried in order when one cannot be reached
 * @param credentials basic, bearer or none
 * @param trustStore the truststore for {@code https} URLs; empty = the JDK's default trust
 * @param requestTimeout timeout of one HTTP request
 */
public record RegistryClientConfig(
        List<URI> urls, RegistryCredentials credentials, Optional<TrustStore> trustStore, Duration requestTimeout) {

    /** Confluent's key for the comma-separated registry URL list. */
    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";

    public RegistryClientConfig {
        Objects.requireNonNull(urls, "urls");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " must name at least one URL");
        }
        for (URI url : urls) {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException(URL + " must be http or https, was " + url);
            }
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive, was " + requestTimeout);
        }
    }

    /** One registry URL, no credentials, default trust, 30 s timeout. */
    public static RegistryClientConfig of(String url) {
        return new RegistryClientConfig(
                List.of(URI.create(url)), new RegistryCredentials.None(), Optional.empty(), Duration.ofSeconds(30));
    }

    public RegistryClientConfig withCredentials(RegistryCredentials newCredentials) {
        return new RegistryClientConfig(urls, newCredentials, trustStore, requestTimeout);
    }

    public RegistryClientConfig withTrustStore(TrustStore store) {
        return new RegistryClientConfig(urls, credentials, Optional.of(store), requestTimeout);
    }

    /**
     * Reads the Confluent client keys ({@value #URL}, {@value #BASIC_AUTH_SOURCE} = USER_INFO or URL,
     * {@value #BASIC_AUTH_USER_INFO}, {@value #BEARER_AUTH_SOURCE} = STATIC_TOKEN, {@value #BEARER_AUTH_TOKEN},
     * the {@code schema.registry.ssl.truststore.*} keys, {@value #READ_TIMEOUT_MS}); keys prefixed with
     * {@code schema.registry.} are accepted too, as Confluent clients do.
     */
    public static RegistryClientConfig fromConfigs(Map<String, ?> configs) {
        String urlList = string(configs, URL).orElseThrow(() -> new IllegalArgumentException("missing " + URL));
        List<URI> urls = Arrays.stream(urlList.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(URI::create)
                .toList();

        RegistryCredentials credentials = new RegistryCredentials.None();
        Optional<String> userInfo = string(configs, BASIC_AUTH_USER_INFO);
        String basicSource = string(configs, BASIC_AUTH_SOURCE).orElse(userInfo.isPresent() ? "USER_INFO" : "")
                .toUpperCase(Locale.ROOT);
        switch (basicSource) {
            case "" -> { }
            case "USER_INFO" -> credentials = RegistryCredentials.Basic.parse(
                    userInfo.orElseThrow(() -> new IllegalArgumentException(
                            BASIC_AUTH_SOURCE + "=USER_INFO needs " + BASIC_AUTH_USER_INFO)));
            case "URL" -> {
                String info = urls.get(0).getRawUserInfo();
                if (info == null) {
                    throw new IllegalArgumentException(BASIC_AUTH_SOURCE + "=URL needs user:password@ in " + URL);
                }
                credentials = RegistryCredentials.Basic.parse(
                        java.net.URLDecoder.decode(info, java.nio.charset.StandardCharsets.UTF_8));
                urls = urls.stream().map(RegistryClientConfig::withoutUserInfo).toList();
            }
            default -> throw new IllegalArgumentException(
                    "unsupported " + BASIC_AUTH_SOURCE + "=" + basicSource + ", expected USER_INFO or URL");
        }
        Optional<String> token = string(configs, BEARER_AUTH_TOKEN);
        String bearerSource = string(configs, BEARER_AUTH_SOURCE).orElse(token.isPresent() ? "STATIC_TOKEN" : "")
                .toUpperCase(Locale.ROOT);
        switch (bearerSource) {
            case "" -> { }
            case "STATIC_TOKEN" -> {
                if (!(credentials instanceof RegistryCredentials.None)) {
                    throw new IllegalArgumentException("configure basic or bearer authentication, not both");
                }
                credentials = new RegistryCredentials.Bearer(token.orElseThrow(() -> new IllegalArgumentException(
                        BEARER_AUTH_SOURCE + "=STATIC_TOKEN needs " + BEARER_AUTH_TOKEN)));
            }
            default -> throw new IllegalArgumentException(
                    "unsupported " + BEARER_AUTH_SOURCE + "=" + bearerSource + ", expected STATIC_TOKEN");
        }

        Optional<TrustStore> trust = string(configs, TRUSTSTORE_LOCATION).map(location -> new TrustStore(
                Path.of(location),
                string(configs, TRUSTSTORE_PASSWORD).orElse(""),
                string(configs, TRUSTSTORE_TYPE).orElse(KeyStore.getDefaultType())));
        Duration timeout = Duration.ofMillis(string(configs, READ_TIMEOUT_MS).map(Long::parseLong).orElse(30_000L));
        return new RegistryClientConfig(urls, credentials, trust, timeout);
    }

    /** A truststore file; {@code toString} hides the password. */
    public record TrustStore(Path location, String password, String type) {
        public TrustStore {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(type, "type");
        }

        /** An SSLContext trusting exactly this store's certificates, built with the JDK's own TLS. */
        public SSLContext sslContext() {
            try (InputStream in = Files.newInputStream(location)) {
                KeyStore store = KeyStore.getInstance(type);
                store.load(in, password.toCharArray());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot load truststore " + location + " (" + type + "): " + e, e);
            }
        }

        @Override
        public String toString() {
            return "TrustStore[location=" + location + ", type=" + type + ", password=***]";
        }
    }

    private static Optional<String> string(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null && !key.startsWith("schema.registry.")) {
            value = configs.get("schema.registry." + key);
        }
        if (value instanceof org.apache.kafka.common.config.types.Password p) {
            value = p.value();
        }
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
    }

    private static URI withoutUserInfo(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("bad registry URL " + uri, e);
        }
    }
}
