package io.difflens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEverySubcommand() {
    Run r = run("--help");
    assertThat(r.exitCode).isZero();
    assertThat(r.out).contains("local", "doctor", "ingest", "serve");
  }

  @Test
  void nestedHelpShowsOptions() {
    assertThat(run("local", "up", "--help").out).contains("--data-dir", "--kafka-port", "--registry-port");
    assertThat(run("serve", "--help").out).contains("ingest");
    assertThat(run("ingest", "--help").out).contains("--images", "--questions", "--labels", "--to", "--rate");
    assertThat(run("doctor", "--help").out).contains("--bootstrap", "--registry", "--bundle");
  }

  @Test
  void versionComesFromTheBuild() {
    Run r = run("--version");
    assertThat(r.exitCode).isZero();
    assertThat(r.out).startsWith("difflens ").doesNotContain("${").doesNotContain("unknown");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run("ingest").exitCode).isEqualTo(Main.EXIT_USAGE);
    assertThat(run("no-such-command").exitCode).isEqualTo(Main.EXIT_USAGE);
    assertThat(run("ingest", "--images", ".", "--questions", "q.jsonl", "--to", "nowhere").exitCode).isEqualTo(Main.EXIT_USAGE);
  }

  @Test
  void failuresExitWithOneAndAReadableMessage() {
    Run r = run("ingest", "--images", "does-not-exist", "--questions", "q.jsonl", "--bootstrap", "127.0.0.1:1");
    assertThat(r.exitCode).isEqualTo(Main.EXIT_FAILED);
    assertThat(r.err).contains("difflens ingest:").contains("does-not-exist");
  }

  @Test
  void everyOutcomeHasItsOwnExitCode() {
    assertThat(Main.exitCode(Outcome.OK)).isZero();
    assertThat(Main.exitCode(Outcome.UNHEALTHY)).isEqualTo(Main.EXIT_UNHEALTHY);
    assertThat(Main.exitCode(Outcome.PARTIAL)).isEqualTo(Main.EXIT_PARTIAL);
  }
}
