package io.difflens.evaluator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP surface, served for real on a free loopback port. */
class DashboardRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private DashboardServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private MetricSeriesStore startWithHistory(DashboardConfig config) {
        MetricSeriesStore store = new MetricSeriesStore();
        store.addAll(DashboardFixtures.history());
        server = DashboardServer.start(store, config);
        return store;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url()).resolve(path))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serves_the_page_and_its_assets_from_the_classpath_with_the_chart_library_from_its_webjar() throws Exception {
        startWithHistory(DashboardConfig.localDefaults());

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("webjars/uplot/dist/uPlot.iife.min.js", "dashboard/dashboard.js")
                .doesNotContain("://"); // no CDN, no absolute URL of any kind

        HttpResponse<String> uplot = get("/webjars/uplot/dist/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/webjars/uplot/dist/uPlot.min.css").body()).contains(".uplot");

        assertThat(get("/dashboard/dashboard.js").body()).contains("api/metrics?since=");
        assertThat(get("/dashboard/dashboard.css").statusCode()).isEqualTo(200);
    }

    @Test
    void refuses_paths_outside_the_asset_folders() throws Exception {
        startWithHistory(DashboardConfig.localDefaults());

        assertThat(get("/dashboard/nothing.js").statusCode()).isEqualTo(404);
        assertThat(get("/webjars/uplot/%2e%2e/%2e%2e/maven/org.webjars.npm/uplot/pom.xml").statusCode()).isEqualTo(404);
        assertThat(get("/webjars/nosuchjar/x.js").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/..%2f..%2fDashboardRoutes.class").statusCode()).isEqualTo(404);
    }

    @Test
    void api_groups_series_by_benchmark_and_serves_only_changes_after_a_cursor() throws Exception {
        MetricSeriesStore store = startWithHistory(DashboardConfig.localDefaults());

        JsonNode all = JSON.readTree(get("/api/metrics").body());
        assertThat(all.get("pollMillis").asLong()).isEqualTo(1000);
        assertThat(all.get("benchmarks")).extracting(b -> b.get("name").asText()).containsExactly("blink", "coco", "mmvp");
        JsonNode mmvp = all.get("benchmarks").get(2).get("series");
        assertThat(mmvp).extracting(s -> s.get("version").asText()).containsExactly("tiny-sdxl@v1", "tiny-sdxl@v2");
        JsonNode v2 = mmvp.get(1);
        assertThat(v2.get("id").asText()).isEqualTo(DashboardFixtures.MMVP_V2.id());
        assertThat(v2.get("category").isNull()).isTrue();
        assertThat(v2.get("samples")).hasSize(DashboardFixtures.WINDOWS / 2);
        JsonNode last = v2.get("samples").get(DashboardFixtures.WINDOWS / 2 - 1);
        assertThat(last.get("value").asDouble()).isEqualTo(DashboardFixtures.latest(DashboardFixtures.MMVP_V2));
        assertThat(last.get("t").asLong()).isEqualTo(DashboardFixtures.T0 + DashboardFixtures.WINDOWS * DashboardFixtures.MINUTE);
        assertThat(last.get("count").asLong()).isEqualTo(80);

        long cursor = all.get("cursor").asLong();
        assertThat(JSON.readTree(get("/api/metrics?since=" + cursor).body()).get("benchmarks")).isEmpty();

        store.add(DashboardFixtures.point(DashboardFixtures.COCO_CIDER, 20, 1.5, 64));
        JsonNode delta = JSON.readTree(get("/api/metrics?since=" + cursor).body());
        assertThat(delta.get("cursor").asLong()).isEqualTo(cursor + 1);
        assertThat(delta.get("epoch").asText()).isEqualTo(all.get("epoch").asText());
        assertThat(delta.get("benchmarks")).hasSize(1);
        JsonNode coco = delta.get("benchmarks").get(0);
        assertThat(coco.get("name").asText()).isEqualTo("coco");
        assertThat(coco.get("series").get(0).get("samples")).hasSize(1);
        assertThat(coco.get("series").get(0).get("samples").get(0).get("value").asDouble()).isEqualTo(1.5);
    }

    @Test
    void a_bad_cursor_is_a_400_naming_it() throws Exception {
        startWithHistory(DashboardConfig.localDefaults());

        HttpResponse<String> bad = get("/api/metrics?since=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'yesterday'");
        assertThat(get("/api/metrics?since=-4").statusCode()).isEqualTo(400);
    }

    @Test
    void with_a_token_the_api_needs_it_and_the_page_stays_open() throws Exception {
        startWithHistory(DashboardConfig.localDefaults().withBearerToken("tok-123"));

        assertThat(get("/").statusCode()).isEqualTo(200);
        HttpResponse<String> anonymous = get("/api/metrics");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(get("/api/metrics", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/metrics", "Authorization", "Basic tok-123").statusCode()).isEqualTo(401);
        assertThat(get("/api/metrics", "Authorization", "Bearer tok-123").statusCode()).isEqualTo(200);
    }

    @Test
    void config_validates_and_never_prints_the_token() {
        DashboardConfig config = DashboardConfig.localDefaults().withBearerToken("tok-123");
        assertThat(config.toString()).doesNotContain("tok-123").contains("***");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.withPort(70_000)).hasMessageContaining("70000");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.withPollInterval(Duration.ofMillis(5)))
                .hasMessageContaining("PT0.005S");
    }
}
