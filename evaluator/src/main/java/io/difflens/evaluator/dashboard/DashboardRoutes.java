package io.difflens.evaluator.dashboard;

import io.difflens.evaluator.dashboard.internal.BearerAuth;
import io.difflens.evaluator.dashboard.internal.ClasspathAssets;
import io.difflens.evaluator.dashboard.internal.MetricsJson;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The dashboard's HTTP routes, to mount on the evaluator's HTTP server next to its other endpoints:
 * <ul>
 *   <li>{@code GET /} — the page (plain JavaScript and uPlot);</li>
 *   <li>{@code GET /dashboard/{file}} — the page's script and style sheet;</li>
 *   <li>{@code GET /webjars/...} — WebJar files from the classpath (the chart library);</li>
 *   <li>{@code GET /api/metrics[?since=CURSOR]} — series as JSON, only what changed after {@code CURSOR}
 *       when given (bearer token required when configured).</li>
 * </ul>
 * Live updates are by polling {@code /api/metrics?since=} (see {@code DASHBOARD.md} for why not SSE).
 */
public final class DashboardRoutes implements Consumer<HttpServerRoutes> {

    private static final String PAGE_ROOT = "io/difflens/evaluator/dashboard/web";
    private static final String JSON = "application/json";

    private final MetricSource source;
    private final DashboardConfig config;
    private final BearerAuth auth;
    private final ClasspathAssets assets;

    public DashboardRoutes(MetricSource source, DashboardConfig config) {
        this.source = Objects.requireNonNull(source, "source must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.auth = new BearerAuth(config.bearerToken());
        this.assets = new ClasspathAssets(DashboardRoutes.class.getClassLoader(), PAGE_ROOT);
    }

    @Override
    public void accept(HttpServerRoutes routes) {
        routes.get("/", (req, res) -> sendAsset(res, assets.page("index.html"), "no-cache"))
                .get("/index.html", (req, res) -> sendAsset(res, assets.page("index.html"), "no-cache"))
                .get("/dashboard/{file}", (req, res) -> sendAsset(res, assets.page(req.param("file")), "no-cache"))
                .route(req -> req.method().name().equals("GET") && req.path().startsWith("webjars/"),
                        (req, res) -> sendAsset(res, assets.webJar(req.path().substring("webjars/".length())),
                                "public, max-age=3600"))
                .get("/api/metrics", this::metrics);
    }

    private Publisher<Void> metrics(HttpServerRequest req, HttpServerResponse res) {
        if (!auth.allows(req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))) {
            return res.status(HttpResponseStatus.UNAUTHORIZED)
                    .header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"difflens\"")
                    .sendString(Mono.just("a bearer token is required\n"));
        }
        long cursor;
        try {
            cursor = parseSince(new QueryStringDecoder(req.uri()).parameters().get("since"));
        } catch (IllegalArgumentException e) {
            return res.status(HttpResponseStatus.BAD_REQUEST).sendString(Mono.just(e.getMessage() + "\n"));
        }
        byte[] body = MetricsJson.encode(source.since(cursor), config.pollInterval());
        return res.header(HttpHeaderNames.CONTENT_TYPE, JSON)
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .sendByteArray(Mono.just(body));
    }

    static long parseSince(List<String> values) {
        if (values == null || values.isEmpty()) {
            return 0;
        }
        String value = values.get(values.size() - 1);
        try {
            long since = Long.parseLong(value);
            if (since >= 0) {
                return since;
            }
        } catch (NumberFormatException e) {
            // reported below with the offending value
        }
        throw new IllegalArgumentException("since must be a non-negative integer cursor, got '" + value + "'");
    }

    private static Publisher<Void> sendAsset(HttpServerResponse res, Optional<ClasspathAssets.Asset> asset,
            String cacheControl) {
        if (asset.isEmpty()) {
            return res.status(HttpResponseStatus.NOT_FOUND)
                    .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .sendString(Mono.just("not found\n"), StandardCharsets.UTF_8);
        }
        return res.header(HttpHeaderNames.CONTENT_TYPE, asset.get().contentType())
                .header(HttpHeaderNames.CACHE_CONTROL, cacheControl)
                .sendByteArray(Mono.just(asset.get().bytes()));
    }
}
