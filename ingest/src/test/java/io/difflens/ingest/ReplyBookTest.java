package io.difflens.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ReplyBookTest {
  @Test
  void aReplyWakesItsWaiter() {
    var book = new ReplyBook<String>(10, 10);
    var waiter = book.register("a");
    StepVerifier.create(waiter.reply(Duration.ofSeconds(30)))
        .then(() -> book.offer("a", "answer"))
        .expectNext("answer")
        .verifyComplete();
    assertThat(book.pendingCount()).isZero();
  }

  @Test
  void aReplyFasterThanTheWaitIsNotLost() {
    var book = new ReplyBook<String>(10, 10);
    var waiter = book.register("a"); // registered before publishing...
    book.offer("a", "fast"); // ...so a reply arriving before reply() is subscribed still counts
    StepVerifier.create(waiter.reply(Duration.ofSeconds(30))).expectNext("fast").verifyComplete();
  }

  @Test
  void aKnownReplyIsReturnedAtOnce() {
    var book = new ReplyBook<String>(10, 10);
    book.offer("a", "old");
    StepVerifier.create(book.register("a").reply(Duration.ofSeconds(30))).expectNext("old").verifyComplete();
  }

  @Test
  void timesOutAndForgetsTheWait() {
    var book = new ReplyBook<String>(10, 10);
    StepVerifier.withVirtualTime(() -> book.register("a").reply(Duration.ofSeconds(5)))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(5))
        .expectError(TimeoutException.class)
        .verify(Duration.ofSeconds(30));
    assertThat(book.pendingCount()).isZero();
  }

  @Test
  void pendingWaitsAreBounded() {
    var book = new ReplyBook<String>(2, 10);
    book.register("a");
    book.register("b");
    book.register("a"); // the same id shares its wait
    assertThatThrownBy(() -> book.register("c")).isInstanceOf(ReplyBook.TooManyWaitingException.class)
        .hasMessageContaining("2");
  }

  @Test
  void recentRepliesAreBoundedLeastRecentlyUsedFirst() {
    var book = new ReplyBook<String>(10, 2);
    book.offer("a", "1");
    book.offer("b", "2");
    assertThat(book.recent("a")).contains("1"); // touch a: b is now the eldest
    book.offer("c", "3");
    assertThat(book.recent("b")).isEmpty();
    assertThat(book.recent("a")).contains("1");
    assertThat(book.recent("c")).contains("3");
  }
}
