package io.difflens.evaluator.dashboard;

import io.difflens.platform.http.HttpServers;
import java.time.Duration;
import java.util.Objects;
import reactor.netty.DisposableServer;

/**
 * A running HTTP server with only the dashboard's routes; an evaluator that already has an HTTP server
 * mounts {@link DashboardRoutes} on it instead.
 */
public final class DashboardServer implements AutoCloseable {

    private final DisposableServer server;

    private DashboardServer(DisposableServer server) {
        this.server = server;
    }

    /** Binds and starts serving; returns once the port is bound. */
    public static DashboardServer start(MetricSource source, DashboardConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        DisposableServer server = HttpServers.create()
                .host(config.host())
                .port(config.port())
                .route(new DashboardRoutes(source, config))
                .bindNow(Duration.ofSeconds(30));
        return new DashboardServer(server);
    }

    /** The bound port (the chosen one when the config asked for 0). */
    public int port() {
        return server.port();
    }

    /** Base URL of the page, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        return "http://" + server.host() + ":" + server.port() + "/";
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
