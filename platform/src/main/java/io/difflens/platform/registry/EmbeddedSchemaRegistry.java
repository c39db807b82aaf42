package io.difflens.platform.registry;

import io.difflens.platform.http.HttpServers;
import io.difflens.platform.registry.internal.KafkaRegistryLog;
import io.difflens.platform.registry.internal.RegistryApi;
import io.difflens.platform.registry.internal.RegistryError;
import io.difflens.platform.registry.internal.RegistryService;
import io.difflens.platform.registry.internal.Route;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import javax.net.ssl.KeyManagerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.tcp.SslProvider;

/**
 * A schema registry speaking the Confluent REST API (subjects, versions, ids, lookup, config,
 * compatibility), for the local stack and tests: no Confluent registry is available to this build.
 *
 * <p>Its state lives in a compacted Kafka topic laid out like Confluent's {@code _schemas}; on start it
 * reads the topic to its end, so a restarted registry on the same broker data resolves every id it handed
 * out before. It must be the topic's only writer. Writes return only after Kafka acknowledged them.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(bootstrap).build().start()) {
 *     String url = registry.url();
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    /** Default name of the state topic, as in Confluent's registry. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private final Builder settings;
    private KafkaRegistryLog log;
    private DisposableServer server;

    private EmbeddedSchemaRegistry(Builder settings) {
        this.settings = settings;
    }

    /** A registry storing its state through the Kafka cluster at {@code bootstrapServers}. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** Reads the state topic to its end, then starts serving HTTP. */
    public synchronized EmbeddedSchemaRegistry start() {
        if (server != null) {
            throw new IllegalStateException("registry already started at " + url());
        }
        log = new KafkaRegistryLog(settings.bootstrapServers, settings.topic, settings.replicationFactor,
                settings.clientConfig, settings.kafkaTimeout);
        RegistryApi api;
        try {
            api = new RegistryApi(new RegistryService(log, settings.defaultLevel));
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        Optional<String> expectedAuthorization = settings.requiredCredentials.authorizationHeader();
        HttpServer http = HttpServers.create().host(settings.host).port(settings.port);
        if (settings.keyManagers != null) {
            http = http.secure(spec -> spec.sslContext(
                    (SslProvider.GenericSslContextSpec<?>) Http11SslContextSpec.forServer(settings.keyManagers)));
        }
        server = http
                .handle((request, response) -> serve(api, expectedAuthorization, request, response))
                .bindNow(Duration.ofSeconds(10));
        return this;
    }

    private static Publisher<Void> serve(RegistryApi api, Optional<String> expectedAuthorization,
                                         HttpServerRequest request, HttpServerResponse response) {
        String method = request.method().name();
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Mono<RegistryApi.Reply> reply = request.receive().aggregate().asString(StandardCharsets.UTF_8)
                .defaultIfEmpty("")
                // Writes block until Kafka acknowledges them: keep them off the event loop.
                .publishOn(Schedulers.boundedElastic())
                .map(body -> {
                    try {
                        if (expectedAuthorization.isPresent()
                                && !expectedAuthorization.get().equals(request.requestHeaders().get("Authorization"))) {
                            throw RegistryError.unauthorized();
                        }
                        Route.Match match = Route.resolve(method, segments(uri.rawPath()), uri.rawPath());
                        return api.handle(match, uri.parameters(), body);
                    } catch (RegistryError e) {
                        return RegistryApi.Reply.error(e);
                    }
                });
        return reply.flatMap(r -> {
            HttpServerResponse out = response.status(r.status())
                    .header(HttpHeaderNames.CONTENT_TYPE, HttpSchemaRegistryClient.MEDIA_TYPE);
            if (r.status() == 401) {
                out.header(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"schema-registry\"");
            }
            return out.sendString(Mono.just(r.body().toString())).then();
        });
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                // '+' is a literal in a path; URLDecoder would turn it into a space.
                out.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        if (server == null) {
            throw new IllegalStateException("registry not started");
        }
        return (settings.keyManagers == null ? "http://" : "https://") + settings.host + ":" + server.port();
    }

    /** The HTTP port it listens on. */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("registry not started");
        }
        return server.port();
    }

    /** The Kafka topic holding the registry's state. */
    public String topic() {
        return settings.topic;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
            server = null;
        }
        if (log != null) {
            log.close();
            log = null;
        }
    }

    /** Settings of an {@link EmbeddedSchemaRegistry}; defaults suit a single local broker. */
    public static final class Builder {
        private final String bootstrapServers;
        private String topic = DEFAULT_TOPIC;
        private String host = "127.0.0.1";
        private int port;
        private short replicationFactor = 1;
        private CompatibilityLevel defaultLevel = CompatibilityLevel.BACKWARD;
        private RegistryCredentials requiredCredentials = new RegistryCredentials.None();
        private Map<String, Object> clientConfig = Map.of();
        private Duration kafkaTimeout = Duration.ofSeconds(30);
        private KeyManagerFactory keyManagers;

        private Builder(String bootstrapServers) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers must be non-blank");
            }
            this.bootstrapServers = bootstrapServers;
        }

        /** The compacted state topic (default {@value #DEFAULT_TOPIC}). */
        public Builder topic(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("topic must be non-blank");
            }
            this.topic = name;
            return this;
        }

        public Builder host(String bindHost) {
            this.host = Objects.requireNonNull(bindHost, "host");
            return this;
        }

        /** HTTP port; 0 (default) picks a free one. */
        public Builder port(int httpPort) {
            if (httpPort < 0 || httpPort > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], was " + httpPort);
            }
            this.port = httpPort;
            return this;
        }

        /** Replication factor of the state topic when the registry creates it (default 1). */
        public Builder replicationFactor(short factor) {
            if (factor < 1) {
                throw new IllegalArgumentException("replication factor must be >= 1, was " + factor);
            }
            this.replicationFactor = factor;
            return this;
        }

        /** Global compatibility level until one is configured (default BACKWARD). */
        public Builder defaultCompatibility(CompatibilityLevel level) {
            this.defaultLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /** Requires every request to carry these credentials (401 otherwise); default none. */
        public Builder requireCredentials(RegistryCredentials credentials) {
            this.requiredCredentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Extra Kafka client properties (security settings, for example) for the state topic's clients. */
        public Builder kafkaClientConfig(Map<String, ?> config) {
            this.clientConfig = Map.copyOf(new HashMap<>(config));
            return this;
        }

        /** How long to wait for Kafka when reading or writing the state topic (default 30 s). */
        public Builder kafkaTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("kafka timeout must be positive, was " + timeout);
            }
            this.kafkaTimeout = timeout;
            return this;
        }

        /** Serves HTTPS with the key and certificate chain of {@code keyStore} (default: plain HTTP). */
        public Builder tls(KeyManagerFactory keyStore) {
            this.keyManagers = Objects.requireNonNull(keyStore, "keyStore");
            return this;
        }

        public EmbeddedSchemaRegistry build() {
            return new EmbeddedSchemaRegistry(this);
        }
    }
}
