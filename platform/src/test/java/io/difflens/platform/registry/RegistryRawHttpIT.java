package io.difflens.platform.registry;

import io.difflens.platform.testing.EmbeddedKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RegistryApiContract} with the registry's state in the embedded KRaft broker. */
class RegistryRawHttpIT extends RegistryApiContract {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Override
    protected String bootstrapServers() {
        return KAFKA.bootstrapServers();
    }
}
