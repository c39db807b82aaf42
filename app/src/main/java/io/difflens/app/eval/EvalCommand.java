package io.difflens.app.eval;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code difflens eval}: scores a bundle on a synthetic suite, in process. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a bundle on a suite.")
public final class EvalCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("not yet");
  }
}
