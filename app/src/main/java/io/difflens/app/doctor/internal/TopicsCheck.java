package io.difflens.app.doctor.internal;

import io.difflens.app.doctor.Check;
import io.difflens.app.doctor.CheckResult;
import io.difflens.platform.topics.TopicCatalog;
import io.difflens.platform.topics.TopicProblem;
import io.difflens.platform.topics.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/** Every catalog topic exists with its specified settings (the provisioner's verification). */
public final class TopicsCheck implements Check {
  private final Map<String, Object> adminProperties;
  private final TopicCatalog catalog;
  private final Duration timeout;

  public TopicsCheck(Map<String, Object> adminProperties, TopicCatalog catalog, Duration timeout) {
    this.adminProperties = Map.copyOf(adminProperties);
    this.catalog = catalog;
    this.timeout = timeout;
  }

  @Override
  public CheckResult run() {
    try (Admin admin = Admin.create(BrokerCheck.quick(adminProperties, timeout))) {
      List<TopicProblem> problems = new TopicProvisioner(admin, timeout).verify(catalog.all());
      if (problems.isEmpty()) {
        return CheckResult.ok("topics", catalog.all().size() + " topics under prefix '" + catalog.prefix() + "' as specified");
      }
      return CheckResult.fail("topics", problems.size() + " problem(s): "
          + problems.stream().map(p -> p.topic() + " " + p.message()).collect(Collectors.joining("; ")));
    } catch (Exception e) {
      return CheckResult.fail("topics", "cannot verify: " + e.getMessage());
    }
  }
}
