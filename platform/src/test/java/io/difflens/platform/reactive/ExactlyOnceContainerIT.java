package io.difflens.platform.reactive;

import io.difflens.platform.testing.KafkaTestKit;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@link ExactlyOnceContract} against Testcontainers' {@code apache/kafka} image; skipped when no Docker
 * engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ExactlyOnceContainerIT extends ExactlyOnceContract {

    /** The broker image of the same Kafka release as our clients. */
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion());

    @Override
    protected KafkaTestKit kafka() {
        return KafkaTestKit.connect(KAFKA.getBootstrapServers());
    }
}
