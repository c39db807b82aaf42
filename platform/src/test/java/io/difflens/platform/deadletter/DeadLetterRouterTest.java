package io.difflens.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterRouterTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private final JsonDeadLetterSerde serde = new JsonDeadLetterSerde();
    private final DeadLetterRouter router = new DeadLetterRouter("difflens.dead-letters", serde.serializer(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void deadLetterCarriesCoordinatesOriginalBytesStageAndError() {
        byte[] value = {0, 1, 2, (byte) 0xff};
        ConsumerRecord<byte[], byte[]> in = new ConsumerRecord<>("difflens.vqa.requests", 3, 42L, utf8("req-7"), value);
        in.headers().add("traceparent", utf8("00-abc-01"));
        ProducerRecord<byte[], byte[]> out = router.route(in, "deserialize", new IllegalStateException("bad magic byte"));

        assertThat(out.topic()).isEqualTo("difflens.dead-letters");
        assertThat(out.key()).isEqualTo(utf8("req-7"));
        assertThat(new String(out.headers().lastHeader(DeadLetterRouter.HEADER_OFFSET).value(), StandardCharsets.UTF_8))
                .isEqualTo("42");
        DeadLetter d = serde.deserializer().deserialize(out.topic(), out.value());
        assertThat(d).isEqualTo(new DeadLetter("difflens.vqa.requests", 3, 42L, utf8("req-7"), value,
                Map.of("traceparent", utf8("00-abc-01")), Optional.of("req-7"), "deserialize",
                IllegalStateException.class.getName(), "bad magic byte", NOW));
    }

    @Test
    void requestIdIsRecoveredOnlyFromTextKeys() {
        assertThat(DeadLetterRouter.requestId(utf8("a1b2"))).hasValue("a1b2");
        assertThat(DeadLetterRouter.requestId(new byte[] {(byte) 0xc3, (byte) 0x28})).isEmpty();
        assertThat(DeadLetterRouter.requestId(new byte[] {0, 0, 0, 7})).isEmpty();
        assertThat(DeadLetterRouter.requestId(null)).isEmpty();
    }

    @Test
    void nullKeyValueAndMessageSurviveTheRoundTrip() {
        DeadLetter d = new DeadLetter("t", 0, 0, null, null, Map.of(), Optional.empty(), "process", "java.lang.Error",
                null, NOW);
        assertThat(serde.deserializer().deserialize("dl", serde.serializer().serialize("dl", d))).isEqualTo(d);
        assertThat(d.errorMessage()).isEmpty();
    }

    @Test
    void rejectsInvalidDeadLetters() {
        assertThatThrownBy(() -> new DeadLetter(" ", 0, 0, null, null, Map.of(), Optional.empty(), "s", "E", "", NOW))
                .hasMessageContaining("source topic");
        assertThatThrownBy(() -> new DeadLetter("t", -1, 0, null, null, Map.of(), Optional.empty(), "s", "E", "", NOW))
                .hasMessageContaining("-1");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
