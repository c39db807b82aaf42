package io.difflens.app.doctor.internal;

import io.difflens.app.doctor.Check;
import io.difflens.app.doctor.CheckResult;
import io.difflens.platform.registry.SchemaRegistryClient;
import java.util.List;
import java.util.function.Supplier;

/** The schema registry answers {@code GET /subjects}. */
public final class RegistryCheck implements Check {
  private final String url;
  private final Supplier<SchemaRegistryClient> client;

  public RegistryCheck(String url, Supplier<SchemaRegistryClient> client) {
    this.url = url;
    this.client = client;
  }

  @Override
  public CheckResult run() {
    try (SchemaRegistryClient c = client.get()) {
      List<String> subjects = c.subjects();
      return CheckResult.ok("registry", url + " (" + subjects.size() + (subjects.size() == 1 ? " subject)" : " subjects)"));
    } catch (Exception e) {
      return CheckResult.fail("registry", url + " unreachable: " + e.getMessage());
    }
  }
}
