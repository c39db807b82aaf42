package io.difflens.platform.reactive;

import io.difflens.platform.testing.EmbeddedKafkaExtension;
import io.difflens.platform.testing.KafkaTestKit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ExactlyOnceContract} against the embedded KRaft broker. */
class ExactlyOnceIT extends ExactlyOnceContract {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Override
    protected KafkaTestKit kafka() {
        return KAFKA.kit();
    }
}
