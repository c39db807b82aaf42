package io.difflens.platform.registry;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@link RegistryApiContract} with the registry's state in Testcontainers' {@code apache/kafka} image;
 * skipped when no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class RegistryRawHttpContainerIT extends RegistryApiContract {

    /** The broker image of the Kafka release of our clients (keep in step with kafka.version). */
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.4.0");

    @Override
    protected String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
