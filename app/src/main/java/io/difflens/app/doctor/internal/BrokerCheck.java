package io.difflens.app.doctor.internal;

import io.difflens.app.doctor.Check;
import io.difflens.app.doctor.CheckResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/** The broker answers a describe-cluster request. */
public final class BrokerCheck implements Check {
  private final Map<String, Object> adminProperties;
  private final Duration timeout;

  public BrokerCheck(Map<String, Object> adminProperties, Duration timeout) {
    this.adminProperties = Map.copyOf(adminProperties);
    this.timeout = timeout;
  }

  /** Admin settings that give up within {@code timeout} instead of retrying for a minute. */
  public static Map<String, Object> quick(Map<String, Object> adminProperties, Duration timeout) {
    Map<String, Object> p = new HashMap<>(adminProperties);
    int ms = (int) timeout.toMillis();
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    p.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    return p;
  }

  @Override
  public CheckResult run() {
    String bootstrap = String.valueOf(adminProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    try (Admin admin = Admin.create(quick(adminProperties, timeout))) {
      DescribeClusterResult cluster = admin.describeCluster();
      int nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      String id = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return CheckResult.ok("broker", bootstrap + " (cluster " + id + ", " + nodes + (nodes == 1 ? " node)" : " nodes)"));
    } catch (java.util.concurrent.TimeoutException e) {
      return CheckResult.fail("broker", bootstrap + " did not answer within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.fail("broker", "interrupted");
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return CheckResult.fail("broker", bootstrap + " unreachable: " + cause.getMessage());
    }
  }
}
