package io.difflens.platform.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** UP when the Kafka cluster answers a describe-cluster request within the timeout. */
public final class KafkaHealthCheck implements HealthCheck, AutoCloseable {

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param adminProperties admin-client properties (bootstrap, security)
     * @param timeout         longest wait for the cluster
     */
    public KafkaHealthCheck(Map<String, Object> adminProperties, Duration timeout) {
        this.admin = Admin.create(adminProperties);
        this.timeout = timeout;
    }

    @Override
    public Health check() throws Exception {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        int brokers = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        return brokers > 0 ? Health.up(brokers + " broker(s)") : Health.down("no brokers");
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
