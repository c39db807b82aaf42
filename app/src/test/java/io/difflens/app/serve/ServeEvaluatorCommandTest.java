package io.difflens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code difflens serve evaluator} up to the point where it would connect: its help, and configuration
 * errors reported before any connection is attempted (the running service is tested by the evaluator's
 * {@code EvaluatorServiceIT}).
 */
class ServeEvaluatorCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void helpListsTheClusterAndHttpOptions() {
        Run r = run("serve", "evaluator", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--bootstrap", "--registry", "--http-port", "--state-dir", "/metrics");
    }

    @Test
    void aMalformedDurationIsReportedWithItsKey() {
        // port 1 on loopback: nothing listens there, and nothing may be contacted before the config is checked
        Run r = run("serve", "evaluator", "--bootstrap", "127.0.0.1:1", "-D", "evaluator.window=soon");
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains("evaluator.window").contains("soon");
    }

    @Test
    void aHopLongerThanTheWindowIsRejected() {
        Run r = run("serve", "evaluator", "--bootstrap", "127.0.0.1:1", "-D", "evaluator.window=1m",
                "-D", "evaluator.window.advance=5m");
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains("evaluator.window.advance").contains("PT5M").contains("PT1M");
    }

    @Test
    void anOutOfRangePortIsRejected() {
        Run r = run("serve", "evaluator", "--bootstrap", "127.0.0.1:1", "--http-port", "70000");
        assertThat(r.exitCode()).isEqualTo(Main.EXIT_FAILED);
        assertThat(r.err()).contains("http.port").contains("70000");
    }
}
