package io.difflens.platform.reactive;

import io.difflens.platform.testing.KafkaTestKit;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@link ExactlyOnceContract} against Testcontainers' {@code apache/kafka} image; skipped when no Docker
 * engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ExactlyOnceContainerIT extends ExactlyOnceContract {

    /** The broker image of the Kafka release of our clients (keep in step with kafka.version in the parent pom). */
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.4.0");

    @Override
    protected KafkaTestKit kafka() {
        return KafkaTestKit.connect(KAFKA.getBootstrapServers());
    }
}
