package io.difflens.platform.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker running in this JVM in KRaft mode (combined broker and controller).
 *
 * <p>Meant for tests and for the all-in-one local stack: no Docker, no network beyond the loopback
 * interface. Every internal topic has replication factor 1 and transactions work (the transaction state
 * log uses replication factor 1 and min ISR 1). Restarting a broker on the same data directory keeps its
 * topics and records: the directory is formatted only when it holds no {@code meta.properties}.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
 *     String bootstrap = broker.bootstrapServers();
 *     ...
 * }
 * }</pre>
 *
 * <p>Not thread-safe: start and close it from one thread.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    /** Attempts when ports are chosen by us: another process may grab a probed free port before Kafka binds it. */
    private static final int PORT_ATTEMPTS = 3;

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int fixedPort;
    private final Map<String, String> overrides;

    private KafkaRaftServer server;
    private int port;
    private State state = State.NEW;

    private enum State { NEW, RUNNING, CLOSED }

    private EmbeddedKafkaBroker(Builder b) {
        this.overrides = Map.copyOf(b.overrides);
        this.fixedPort = b.port;
        if (b.dataDir != null) {
            this.dataDir = b.dataDir.toAbsolutePath();
            this.ownsDataDir = false;
        } else {
            try {
                this.dataDir = Files.createTempDirectory("difflens-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary data directory for the broker", e);
            }
            this.ownsDataDir = true;
        }
    }

    /** A builder: temporary data directory, free port and no extra broker settings by default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory when needed and starts the broker; returns once it accepts clients.
     *
     * @return this broker, for chaining
     * @throws IllegalStateException if it was already started or closed
     */
    public EmbeddedKafkaBroker start() {
        if (state != State.NEW) {
            throw new IllegalStateException("broker can only be started once; state is " + state);
        }
        try {
            Files.createDirectories(logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker log dir " + logDir(), e);
        }
        RuntimeException last = null;
        int attempts = fixedPort > 0 ? 1 : PORT_ATTEMPTS;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int brokerPort = fixedPort > 0 ? fixedPort : freePort();
            int controllerPort = freePort();
            Properties props = brokerProperties(brokerPort, controllerPort);
            try {
                formatIfNeeded(props);
                KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                try {
                    s.startup();
                } catch (RuntimeException e) {
                    shutdownQuietly(s);
                    throw e;
                }
                this.server = s;
                this.port = brokerPort;
                this.state = State.RUNNING;
                LOG.info("embedded Kafka broker up at {} (data dir {})", bootstrapServers(), dataDir);
                return this;
            } catch (RuntimeException e) {
                last = e;
                LOG.warn("embedded Kafka broker failed to start (attempt {} of {}): {}", attempt, attempts, e.toString());
            }
        }
        throw new IllegalStateException("embedded Kafka broker did not start in " + dataDir, last);
    }

    /** The {@code bootstrap.servers} value clients use, e.g. {@code 127.0.0.1:39211}. */
    public String bootstrapServers() {
        requireRunning();
        return HOST + ":" + port;
    }

    /** The broker's client port. */
    public int port() {
        requireRunning();
        return port;
    }

    /** The data directory: the one given to the builder, or the temporary one created for this broker. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether {@link #start()} succeeded and {@link #close()} has not been called. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * Shuts the broker down cleanly (logs flushed, so a restart on the same directory recovers without
     * log recovery). Deletes the data directory only if this broker created it. Idempotent.
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (server != null) {
            shutdownQuietly(server);
            server = null;
        }
        state = State.CLOSED;
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private Path logDir() {
        return dataDir.resolve("kraft-logs");
    }

    private Properties brokerProperties(int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir().toString());
        // A single node: every internal topic must live with one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Tests and the local stack want consumers to join at once, not after the 3 s production delay.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The 128 MB default dedupe buffer is heap we do not need for small compacted topics.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.putAll(overrides);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private void formatIfNeeded(Properties props) {
        if (Files.exists(logDir().resolve("meta.properties"))) {
            return; // re-formatting an existing directory fails with "Invalid cluster.id"
        }
        Path config = dataDir.resolve("format.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "written by EmbeddedKafkaBroker to format the log directory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {
                    "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()}, ps);
        } finally {
            try {
                Files.deleteIfExists(config);
            } catch (IOException ignored) {
                // only a leftover file
            }
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting " + logDir() + " failed (exit " + rc + "): "
                    + buffer.toString(StandardCharsets.UTF_8));
        }
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("broker is not running; state is " + state);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("error while shutting down the embedded Kafka broker", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", root, e.toString());
        }
    }

    /** Builder for {@link EmbeddedKafkaBroker}. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Keeps the broker's state in {@code dir} (created if absent, never deleted by the broker), so a
         * later broker on the same directory sees the same topics and records.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dataDir");
            return this;
        }

        /** Listens for clients on this port instead of a free one (1..65535). */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be in 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Sets one broker property, overriding the embedded defaults (e.g. {@code auto.create.topics.enable}). */
        public Builder brokerProperty(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("broker property key must not be blank, was '" + key + "'");
            }
            overrides.put(key, Objects.requireNonNull(value, () -> "value of broker property " + key));
            return this;
        }

        /** Builds a broker; call {@link EmbeddedKafkaBroker#start()} to run it. */
        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }
    }
}
