package io.difflens.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.ingest.ReplyBook;
import io.difflens.ingest.RequestPublisher;
import io.difflens.ingest.http.internal.ApiException;
import io.difflens.ingest.http.internal.Bodies;
import io.difflens.ingest.http.internal.Replies;
import io.difflens.ingest.http.internal.RequestParser;
import io.difflens.ingest.validation.Rejection;
import io.difflens.ingest.validation.RejectionCode;
import io.difflens.ingest.validation.Validation;
import io.difflens.ingest.validation.VqaValidator;
import io.difflens.platform.http.HttpServers;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.VqaAnswer;
import io.difflens.platform.observability.Health;
import io.difflens.platform.observability.HealthCheck;
import io.difflens.platform.observability.ObservabilityRoutes;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The ingest HTTP API on reactor-netty: {@code POST /v1/vqa}, {@code GET /v1/answers/{id}}, {@code POST /v1/itm},
 * {@code GET /v1/itm/{id}}, {@code /openapi.json}, {@code /health} and {@code /metrics}. Requests are validated,
 * then handed to a {@link RequestPublisher}; with {@code ?wait=PT30S} the response waits for the reply in a
 * {@link ReplyBook} (fed from the reply topic) and is {@code 504} with the id when none comes in time.
 */
public final class IngestHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestHttpServer.class);
  private static final String JSON = "application/json";

  private final IngestHttpConfig config;
  private final VqaValidator validator;
  private final RequestPublisher publisher;
  private final ReplyBook<VqaAnswer> answers;
  private final ReplyBook<ItmScores> scores;
  private final PrometheusMeterRegistry metrics;
  private final ObservabilityRoutes observability;
  private final byte[] openApi;
  private DisposableServer server;

  /**
   * @param healthChecks named checks reported by {@code /health}; any false one makes it 503 DOWN
   */
  public IngestHttpServer(IngestHttpConfig config, VqaValidator validator, RequestPublisher publisher,
      ReplyBook<VqaAnswer> answers, ReplyBook<ItmScores> scores, PrometheusMeterRegistry metrics,
      Map<String, BooleanSupplier> healthChecks) {
    this.config = Objects.requireNonNull(config, "config");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.answers = Objects.requireNonNull(answers, "answers");
    this.scores = Objects.requireNonNull(scores, "scores");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    // /health and /metrics stay open here (the token guards the /v1 API only), as before platform's routes.
    this.observability = new ObservabilityRoutes(asHealthChecks(healthChecks), metrics, Optional.empty());
    this.openApi = loadOpenApi();
  }

  /** Binds the port and starts serving; returns this. */
  public synchronized IngestHttpServer start() {
    if (server != null) {
      throw new IllegalStateException("already started on port " + server.port());
    }
    server = HttpServers.create()
        .host(config.host())
        .port(config.port())
        .route(routes -> observability.mount(routes
            .post("/v1/vqa", guarded("vqa", this::postVqa))
            .get("/v1/answers/{id}", guarded("answers", this::getAnswer))
            .post("/v1/itm", guarded("itm", this::postItm))
            .get("/v1/itm/{id}", guarded("itm-scores", this::getScores))
            .get("/openapi.json", (req, res) -> res.header(HttpHeaderNames.CONTENT_TYPE, JSON).sendByteArray(Mono.just(openApi))))
            .route(req -> true, (req, res) -> send(res, ApiError.NOT_FOUND.status(),
                Replies.error(ApiError.NOT_FOUND, "no route for " + req.method() + " " + req.path(), null))))
        .bindNow();
    log.info("ingest HTTP API listening on {}:{}", config.host(), server.port());
    return this;
  }

  /** The bound port. */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.port();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.disposeNow(Duration.ofSeconds(10));
      server = null;
    }
  }

  private interface Handler {
    Mono<Void> handle(HttpServerRequest req, HttpServerResponse res);
  }

  /** Authentication, error mapping and metrics around every /v1 handler. */
  private java.util.function.BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> guarded(
      String endpoint, Handler handler) {
    return (req, res) -> {
      Timer.Sample sample = Timer.start(metrics);
      Mono<Void> body = config.bearerToken().isPresent() && !authorized(req, config.bearerToken().get())
          ? Mono.error(new ApiException(ApiError.UNAUTHORIZED, "missing or wrong bearer token"))
          : Mono.defer(() -> handler.handle(req, res));
      return body
          .onErrorResume(ApiException.class, e -> {
            if (e.error() == ApiError.UNAUTHORIZED) {
              res.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            count(endpoint, e.error().code());
            return send(res, e.error().status(), Replies.error(e.error(), e.getMessage(), null));
          })
          .doFinally(s -> sample.stop(metrics.timer("difflens.ingest.http.latency", "endpoint", endpoint)));
    };
  }

  private static boolean authorized(HttpServerRequest req, String token) {
    String header = req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    // constant-time, so the token cannot be guessed byte by byte from response times
    return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private Mono<Void> postVqa(HttpServerRequest req, HttpServerResponse res) {
    Duration wait = waitParam(req);
    String contentType = req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
    RequestParser.kind(contentType);
    return Bodies.readLimited(req, config.maxRequestBytes())
        .map(body -> validator.validate(RequestParser.vqa(contentType, body)))
        .flatMap(v -> {
          if (!(v instanceof Validation.Valid<io.difflens.ingest.validation.VqaSubmission> valid)) {
            return reject(res, "vqa", v.rejections());
          }
          var submission = valid.value();
          return submit(res, "vqa", submission.id(), wait, publisher.publish(submission), answers, Replies::answer);
        });
  }

  private Mono<Void> postItm(HttpServerRequest req, HttpServerResponse res) {
    Duration wait = waitParam(req);
    String contentType = req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
    RequestParser.kind(contentType);
    return Bodies.readLimited(req, config.maxRequestBytes())
        .map(body -> validator.validate(RequestParser.itm(contentType, body)))
        .flatMap(v -> {
          if (!(v instanceof Validation.Valid<io.difflens.ingest.validation.ItmSubmission> valid)) {
            return reject(res, "itm", v.rejections());
          }
          var submission = valid.value();
          return submit(res, "itm", submission.id(), wait, publisher.publish(submission), scores, Replies::scores);
        });
  }

  private <R> Mono<Void> submit(HttpServerResponse res, String endpoint, String id, Duration wait, Mono<Void> publish,
      ReplyBook<R> book, Function<R, ObjectNode> render) {
    if (wait == null) {
      return publish
          .onErrorMap(e -> !(e instanceof ApiException), e -> publishFailed(id, e))
          .then(Mono.defer(() -> {
            count(endpoint, "accepted");
            return send(res, HttpResponseStatus.ACCEPTED.code(), Replies.accepted(id));
          }));
    }
    ReplyBook.Waiter<R> waiter;
    try {
      waiter = book.register(id); // before publishing: the reply may be faster than our next line
    } catch (ReplyBook.TooManyWaitingException e) {
      throw new ApiException(ApiError.TOO_MANY_WAITING, e.getMessage() + "; retry without ?wait and poll");
    }
    // The wait bounds the whole exchange, publishing included: a broker slow to acknowledge must not hold the
    // client past its ?wait (the record is still sent; the client polls with the id it got).
    return publish
        .onErrorMap(e -> publishFailed(id, e))
        .then(waiter.reply(wait))
        .timeout(wait, Mono.error(() -> new TimeoutException("request " + id + " not answered within " + wait)))
        .flatMap(reply -> {
          count(endpoint, "answered");
          return send(res, HttpResponseStatus.OK.code(), render.apply(reply));
        })
        .onErrorResume(TimeoutException.class, e -> {
          count(endpoint, "timeout");
          String poll = endpoint.equals("vqa") ? "/v1/answers/" + id : "/v1/itm/" + id;
          ObjectNode body = Replies.error(ApiError.TIMEOUT, "no reply within " + wait + "; poll " + poll, id);
          return send(res, ApiError.TIMEOUT.status(), body);
        });
  }

  private static ApiException publishFailed(String id, Throwable e) {
    log.warn("publishing request {} failed", id, e);
    return new ApiException(ApiError.PUBLISH_FAILED, "request " + id + " could not be published: " + e.getMessage());
  }

  private Mono<Void> reject(HttpServerResponse res, String endpoint, List<Rejection> rejections) {
    RejectionCode first = rejections.get(0).code();
    count(endpoint, first.code());
    int status = switch (first.kind()) {
      case TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA -> 415;
      case INVALID -> 422;
    };
    return send(res, status, Replies.rejected(rejections));
  }

  private Mono<Void> getAnswer(HttpServerRequest req, HttpServerResponse res) {
    return lookup(req, res, answers, Replies::answer, "answer");
  }

  private Mono<Void> getScores(HttpServerRequest req, HttpServerResponse res) {
    return lookup(req, res, scores, Replies::scores, "scores");
  }

  private static <R> Mono<Void> lookup(HttpServerRequest req, HttpServerResponse res, ReplyBook<R> book,
      Function<R, ObjectNode> render, String what) {
    String id = req.param("id");
    return book.recent(id)
        .map(r -> send(res, 200, render.apply(r)))
        .orElseGet(() -> send(res, 404, Replies.error(ApiError.NOT_FOUND, "no " + what + " for " + id + " yet", id)));
  }

  private Duration waitParam(HttpServerRequest req) {
    List<String> values = new QueryStringDecoder(req.uri()).parameters().get("wait");
    if (values == null || values.isEmpty() || values.get(0).isBlank()) {
      return null;
    }
    String raw = values.get(0).trim();
    Duration d;
    try {
      d = raw.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(raw)) : Duration.parse(raw);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new ApiException(ApiError.INVALID_WAIT, "wait must be an ISO-8601 duration like PT30S or seconds, got '" + raw + "'");
    }
    if (d.isNegative() || d.isZero()) {
      throw new ApiException(ApiError.INVALID_WAIT, "wait must be positive, got '" + raw + "'");
    }
    return d.compareTo(config.maxWait()) > 0 ? config.maxWait() : d;
  }

  private static Map<String, HealthCheck> asHealthChecks(Map<String, BooleanSupplier> checks) {
    Map<String, HealthCheck> adapted = new LinkedHashMap<>();
    checks.forEach((name, ok) -> adapted.put(name, () -> ok.getAsBoolean() ? Health.up("ok") : Health.down("not ready")));
    return adapted;
  }

  private void count(String endpoint, String outcome) {
    metrics.counter("difflens.ingest.requests", "endpoint", endpoint, "outcome", outcome).increment();
  }

  private static Mono<Void> send(HttpServerResponse res, int status, JsonNode body) {
    byte[] bytes;
    try {
      bytes = Replies.JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return res.status(status).header(HttpHeaderNames.CONTENT_TYPE, JSON).sendByteArray(Mono.just(bytes)).then();
  }

  private static byte[] loadOpenApi() {
    try (InputStream in = IngestHttpServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the ingest jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
