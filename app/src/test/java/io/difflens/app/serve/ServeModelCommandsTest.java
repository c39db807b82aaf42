package io.difflens.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeModelCommandsTest {

  private static String run(int expectedCode, String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(out));
    assertThat(cl.execute(args)).as(out.toString()).isEqualTo(expectedCode);
    return out.toString();
  }

  @Test
  void itmAndTrainerAreServeSubcommandsDocumentingTheirKeys() {
    assertThat(run(0, "serve", "itm", "--help")).contains("itm.requests", "itm.max.images", "--bundle");
    assertThat(run(0, "serve", "trainer", "--help"))
        .contains("model.adapters", "trainer.lora.rank", "trainer.caption.dropout", "--bundle");
  }

  @Test
  void anInvalidTrainerSettingIsReportedWithItsKey() {
    assertThat(run(1, "serve", "trainer", "--bootstrap", "127.0.0.1:1", "-D", "trainer.caption.dropout=x"))
        .contains("trainer.caption.dropout");
  }
}
