package io.difflens.ingest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Request–reply over Kafka, the reply side: replies read from a reply topic are {@link #offer offered}
 * here, and HTTP requests waiting for them {@link #register register} first, then wait.
 *
 * <p>Both maps are bounded: at most {@code maxPending} requests wait at once (more are refused with
 * {@link TooManyWaitingException}, so a burst of slow requests cannot exhaust memory), and the most recent
 * {@code maxRecent} replies are kept for clients that poll after a timeout. Thread-safe.
 *
 * @param <R> the reply type
 */
public final class ReplyBook<R> {
  private final int maxPending;
  private final Map<String, Sinks.One<R>> pending = new LinkedHashMap<>();
  private final LinkedHashMap<String, R> recent;

  /** Thrown by {@link #register} when {@code maxPending} requests already wait. */
  public static final class TooManyWaitingException extends RuntimeException {
    TooManyWaitingException(int max) {
      super(max + " requests are already waiting for replies");
    }
  }

  public ReplyBook(int maxPending, int maxRecent) {
    if (maxPending <= 0 || maxRecent <= 0) {
      throw new IllegalArgumentException("maxPending and maxRecent must be > 0, got " + maxPending + " and " + maxRecent);
    }
    this.maxPending = maxPending;
    this.recent = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, R> eldest) {
        return size() > maxRecent;
      }
    };
  }

  /**
   * Announces that a reply to {@code id} is awaited. Call it BEFORE publishing the request, so a reply
   * that comes back quickly is not missed.
   */
  public synchronized Waiter<R> register(String id) {
    Objects.requireNonNull(id, "id");
    R known = recent.get(id);
    if (known != null) {
      return timeout -> Mono.just(known);
    }
    Sinks.One<R> sink = pending.get(id);
    if (sink == null) {
      if (pending.size() >= maxPending) {
        throw new TooManyWaitingException(maxPending);
      }
      sink = Sinks.one();
      pending.put(id, sink);
    }
    Sinks.One<R> registered = sink;
    return timeout -> registered.asMono()
        .timeout(timeout, Mono.error(() -> new TimeoutException("no reply to " + id + " within " + timeout)))
        .doFinally(signal -> forget(id, registered));
  }

  /** Records a reply and wakes whoever waits for it. */
  public void offer(String id, R reply) {
    Sinks.One<R> sink;
    synchronized (this) {
      recent.put(id, reply);
      sink = pending.remove(id);
    }
    if (sink != null) {
      sink.tryEmitValue(reply);
    }
  }

  /** The reply to {@code id}, if it is among the recent ones. */
  public synchronized Optional<R> recent(String id) {
    return Optional.ofNullable(recent.get(id));
  }

  /** How many requests wait right now. */
  public synchronized int pendingCount() {
    return pending.size();
  }

  private synchronized void forget(String id, Sinks.One<R> sink) {
    pending.remove(id, sink);
  }

  /** A registered wait. */
  @FunctionalInterface
  public interface Waiter<R> {
    /** The reply, or a {@link TimeoutException} error after {@code timeout}. */
    Mono<R> reply(Duration timeout);
  }
}
