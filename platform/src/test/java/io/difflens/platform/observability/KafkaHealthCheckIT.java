package io.difflens.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.difflens.platform.config.KafkaClientConfig;
import io.difflens.platform.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;

class KafkaHealthCheckIT {

    @Test
    void upWhileTheBrokerRunsAndDownAfterItStops() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
        try (KafkaHealthCheck check = new KafkaHealthCheck(
                KafkaClientConfig.of(broker.bootstrapServers()).adminProperties(), Duration.ofSeconds(3))) {
            assertThat(check.check()).isEqualTo(Health.up("1 broker(s)"));
            broker.close();
            Health after;
            try {
                after = check.check();
            } catch (Exception e) {
                after = Health.down(e.toString());
            }
            assertThat(after.status()).isEqualTo(Health.Status.DOWN);
        } finally {
            broker.close();
        }
    }
}
