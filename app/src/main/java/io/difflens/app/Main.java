package io.difflens.app;

import io.difflens.app.doctor.DoctorCommand;
import io.difflens.app.eval.EvalCommand;
import io.difflens.app.ingest.IngestCommand;
import io.difflens.app.local.LocalCommand;
import io.difflens.app.model.ModelCommand;
import io.difflens.app.score.ScoreCommand;
import io.difflens.app.serve.ServeCommand;
import io.difflens.app.train.TrainCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code difflens} command: one launcher for every service and tool. Subcommands are small classes
 * registered here; this class alone turns their {@link Outcome}s and failures into process exit codes.
 */
@Command(
    name = "difflens",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Task-aware diffusion features for multimodal LLMs, served over Kafka.",
    subcommands = {
      LocalCommand.class,
      DoctorCommand.class,
      IngestCommand.class,
      ServeCommand.class,
      io.difflens.app.demo.DemoCommand.class,
      io.difflens.app.ask.AskCommand.class,
      ModelCommand.class,
      ScoreCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Success. */
  public static final int EXIT_OK = 0;
  /** A command failed with an error. */
  public static final int EXIT_FAILED = 1;
  /** The command line was wrong (picocli's convention). */
  public static final int EXIT_USAGE = 2;
  /** A check found the environment unhealthy. */
  public static final int EXIT_UNHEALTHY = 3;
  /** The command finished but rejected some inputs. */
  public static final int EXIT_PARTIAL = 4;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code, without exiting (for tests and embedding). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, with outcome and exception mapping in place. */
  public static CommandLine commandLine() {
    var cl = new CommandLine(new Main());
    cl.setExecutionStrategy(Main::executeAndMapOutcome);
    cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
      PrintWriter err = cmd.getErr();
      err.println("difflens " + cmd.getCommandName() + ": " + describe(e));
      if (Boolean.getBoolean("difflens.debug")) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_FAILED;
    });
    return cl;
  }

  private static int executeAndMapOutcome(CommandLine.ParseResult parseResult) {
    int code = new CommandLine.RunLast().execute(parseResult);
    List<CommandLine> invoked = parseResult.asCommandLineList();
    Object result = invoked.get(invoked.size() - 1).getExecutionResult();
    return result instanceof Outcome outcome ? exitCode(outcome) : code;
  }

  /** The exit code of an outcome. */
  public static int exitCode(Outcome outcome) {
    return switch (outcome) {
      case OK -> EXIT_OK;
      case UNHEALTHY -> EXIT_UNHEALTHY;
      case PARTIAL -> EXIT_PARTIAL;
    };
  }

  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(" (caused by ").append(c.getMessage()).append(')');
        break;
      }
    }
    return sb.toString();
  }

  @Override
  public void run() {
    // "difflens" alone: show what there is.
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
