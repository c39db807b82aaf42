package io.difflens.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code difflens train} builds a micro bundle recipe by recipe; {@code difflens eval --json} scores it. */
class TrainEvalCommandTest {

  private static String run(String... args) {
    return runPrinting(args).out();
  }

  /** What a successful command printed to stdout and to stderr (where the recipes report progress). */
  private record Printed(String out, String err) {}

  private static Printed runPrinting(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      assertThat(code).as(String.join(" ", args)).isZero();
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Printed(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void trainsEveryRecipeThenPrintsEvalJsonLast(@TempDir Path dir) throws Exception {
    String out = dir.toString();
    for (String recipe : List.of("clip", "unet", "llm", "pt", "sft")) {
      Printed printed =
          runPrinting("train", recipe, "--out", out, "--size", "MICRO", "--steps", "4", "--batch", "4", "--seed", "9");
      assertThat(printed.out()).contains("steps 0-4");
      // SFT starts from the projector PT saved, and says nothing about it
      assertThat(printed.err()).as(recipe).doesNotContain("warning");
      assertThat(Files.exists(dir.resolve("training").resolve(recipe).resolve("loss.jsonl"))).isTrue();
    }
    // SFT's rows ask further, isolated questions unless told otherwise
    assertThat(sftResult(dir).path("multi_turn").asText()).isEqualTo("isolated");
    Path answers = dir.resolve("analysis").resolve("answers.jsonl"); // a folder that does not exist yet
    String printed =
        run("eval", "--bundle", out, "--suite", "synth-vqa", "--seed", "5", "--n", "8",
            "--feature-mode", "CFG:1.5", "--json", "--answers", answers.toString());
    List<String> lines = printed.lines().toList();
    JsonNode j = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    // one line per item, and the overall score is the share of lines marked correct
    List<String> items = Files.readAllLines(answers);
    assertThat(items).hasSize(8);
    int right = 0;
    for (String line : items) {
      JsonNode item = new ObjectMapper().readTree(line);
      assertThat(item.path("id").asText()).startsWith("synth-vqa-5-");
      for (String field : List.of("category", "question", "expected", "answer")) {
        assertThat(item.has(field)).as(field).isTrue();
      }
      right += item.path("correct").asBoolean() ? 1 : 0;
    }
    assertThat(j.path("overall").asDouble()).isEqualTo(right / 8.0);
    assertThat(j.path("suite").asText()).isEqualTo("synth-vqa");
    assertThat(j.path("seed").asLong()).isEqualTo(5);
    assertThat(j.path("n").asInt()).isEqualTo(8);
    assertThat(j.path("feature_mode").asText()).isEqualTo("CFG:1.5");
    assertThat(j.path("overall").asDouble()).isBetween(0.0, 1.0);
    assertThat(j.path("categories").isObject()).isTrue();
    assertThat(lines.get(0)).startsWith("synth-vqa seed 5 n 8 CFG:1.5");

    for (String matcher : List.of("ATTENTION", "CLIP")) {
      JsonNode w = lastJson(run("eval", "--bundle", out, "--suite", "synth-winoground", "--seed", "6", "--n", "3",
          "--matcher", matcher, "--json"));
      assertThat(w.path("feature_mode").asText()).isEqualTo(matcher);
      for (String k : List.of("text", "image", "group")) {
        assertThat(w.path("categories").path(k).asDouble(-1)).as(matcher + " " + k).isBetween(0.0, 1.0);
      }
    }
    JsonNode c = lastJson(run("eval", "--bundle", out, "--suite", "synth-captions", "--seed", "7", "--n", "3",
        "--json"));
    assertThat(c.path("categories").path("Bleu_4").asDouble(-1)).isBetween(0.0, 1.0);
    assertThat(c.path("categories").path("CIDEr").asDouble(-1)).isGreaterThanOrEqualTo(0.0);

    // with the UNet's LoRA, whose UNet reads each row's one question, there are none by default
    Printed again = runPrinting("train", "sft", "--out", out, "--size", "MICRO", "--steps", "2", "--batch", "4",
        "--seed", "9", "--unet-lora", "2");
    assertThat(dir.resolve("unet_lora")).isDirectory();
    assertThat(sftResult(dir).has("multi_turn")).isFalse();
    // run again without PT, SFT continues the last SFT's weights, and says so
    assertThat(again.err()).contains("warning: projector/ is not the projector PT saved").contains("run pt first");
  }

  private static JsonNode sftResult(Path bundle) throws IOException {
    return new ObjectMapper().readTree(bundle.resolve("training").resolve("sft").resolve("result.json").toFile());
  }

  @Test
  void trainAllRunsTheChainInChildProcessesTwoAtATime(@TempDir Path dir) throws Exception {
    String printed =
        run("train", "all", "--out", dir.toString(), "--size", "MICRO", "--steps", "3", "--batch", "4",
            "--seed", "9", "--jobs", "2", "--feature-grid", "4", "--token-merge", "2", "--multi-turn", "isolated");
    assertThat(printed).contains("train all: 9 recipes, up to 2 at once").contains("train all: 9 recipes in");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("training").resolve("train-all.json").toFile());
    assertThat(report.path("complete").asBoolean()).isTrue();
    assertThat(report.path("recipes")).hasSize(9);
    // the recipes shared their feature banks through training/feature-cache, deleted once all had finished
    assertThat(dir.resolve("training").resolve("feature-cache")).doesNotExist();
    for (String job : List.of("clip", "unet", "llm", "pt", "sft", "pt-pixels", "sft-pixels", "pt-concat",
        "sft-concat")) {
      Path training = dir.resolve("training").resolve(job);
      assertThat(Files.readAllLines(training.resolve("loss.jsonl"))).as(job).hasSize(3);
      assertThat(Files.readString(training.resolve("train.log"))).as(job).contains("steps 0-3");
    }
    // every recipe read the grid and merge it was given (the parent passes them to each child)
    assertThat(new ObjectMapper().readTree(dir.resolve("bundle.json").toFile()).path("features").path("grid").asInt())
        .isEqualTo(4);
    for (String projector : List.of("projector", "variants/pixels/projector", "variants/concat/projector")) {
      assertThat(new ObjectMapper().readTree(dir.resolve(projector).resolve("config.json").toFile())
              .path("mm_token_merge").asInt()).as(projector).isEqualTo(2);
    }
    // --multi-turn reached the three SFTs, and only them
    for (String job : List.of("sft", "sft-pixels", "sft-concat", "pt")) {
      JsonNode result = new ObjectMapper().readTree(dir.resolve("training").resolve(job).resolve("result.json").toFile());
      assertThat(result.path("multi_turn").asText()).as(job).isEqualTo(job.startsWith("sft") ? "isolated" : "");
    }
    // a resumed run skips what finished: nothing is started again
    String again =
        run("train", "all", "--out", dir.toString(), "--size", "MICRO", "--steps", "3", "--batch", "4",
            "--seed", "9", "--jobs", "2", "--resume");
    assertThat(again.lines().filter(l -> l.contains("already done"))).hasSize(9);
    assertThat(again).doesNotContain("started");
    // the chain's result is a complete serving bundle, variants included
    JsonNode j = lastJson(run("eval", "--bundle", dir.toString(), "--suite", "synth-vqa", "--seed", "5", "--n", "4",
        "--baseline", "PIXELS", "--json"));
    assertThat(j.path("overall").asDouble(-1)).isBetween(0.0, 1.0);
  }

  @Test
  void answersFileIsRefusedForSuitesWithoutQuestions(@TempDir Path dir) {
    java.io.StringWriter err = new java.io.StringWriter();
    var cl = Main.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    int code = cl.execute("eval", "--bundle", dir.toString(), "--suite", "synth-captions", "--seed", "1", "--n", "1",
        "--answers", dir.resolve("a.jsonl").toString());
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--answers").contains("synth-vqa and synth-mmvp, not synth-captions");
    assertThat(Files.exists(dir.resolve("a.jsonl"))).isFalse();
  }

  @Test
  void aUnetLoraIsTrainedBySftAloneWithARank(@TempDir Path dir) {
    for (String[] args : List.of(
        new String[] {"train", "pt", "--unet-lora", "4"},
        new String[] {"train", "all", "--unet-lora", "4"},
        new String[] {"train", "sft", "--unet-lora-alpha", "8"},
        new String[] {"train", "sft", "--unet-lora", "0"})) {
      assertThat(refusal(dir, args)).as(String.join(" ", args)).contains("--unet-lora");
    }
    assertThat(dir.resolve("unet_lora")).doesNotExist();
  }

  @Test
  void anSftBankLayoutIsForSftAlone(@TempDir Path dir) {
    for (String[] args : List.of(
        new String[] {"train", "pt", "--sft-bank", "one-pass"},
        new String[] {"train", "all", "--sft-bank", "two-pass"},
        new String[] {"train", "sft", "--sft-bank", "four-pass"})) {
      assertThat(refusal(dir, args)).as(String.join(" ", args)).contains("--sft-bank");
    }
    assertThat(dir.resolve("training")).doesNotExist();
  }

  @Test
  void multiTurnRowsAreForSftWithoutAUnetLora(@TempDir Path dir) {
    for (String[] args : List.of(
        new String[] {"train", "pt", "--multi-turn", "chained"},
        new String[] {"train", "unet", "--multi-turn", "off"},
        new String[] {"train", "sft", "--multi-turn", "sideways"},
        new String[] {"train", "sft", "--multi-turn", "isolated", "--unet-lora", "2"})) {
      assertThat(refusal(dir, args)).as(String.join(" ", args)).contains("multi-turn");
    }
    assertThat(dir.resolve("training")).doesNotExist();
  }

  @Test
  void anObjectLossIsAWeightForPtAndSft(@TempDir Path dir) {
    for (String[] args : List.of(
        new String[] {"train", "llm", "--object-loss", "1"},
        new String[] {"train", "all", "--object-loss", "1"},
        new String[] {"train", "sft", "--object-loss", "-1"},
        new String[] {"train", "pt", "--object-loss", "NaN"})) {
      assertThat(refusal(dir, args)).as(String.join(" ", args)).contains("--object-loss");
    }
    assertThat(dir.resolve("training")).doesNotExist();
  }

  @Test
  void objectCentresShapeAnObjectLossThatIsOn(@TempDir Path dir) {
    for (String[] args : List.of(
        new String[] {"train", "unet", "--object-centres"},
        new String[] {"train", "all", "--object-centres"},
        new String[] {"train", "pt", "--object-centres"},
        new String[] {"train", "sft", "--object-centres", "--object-loss", "0"})) {
      assertThat(refusal(dir, args)).as(String.join(" ", args)).contains("--object-centres");
    }
    assertThat(refusal(dir, "train", "pt", "--object-centres")).contains("give it a weight with --object-loss W");
    assertThat(dir.resolve("training")).doesNotExist();
  }

  @Test
  void aFeatureGridMustDivideTheMapsItPoolsAndTheMergeTheGrid(@TempDir Path dir) {
    assertThat(refusal(dir, "train", "pt", "--feature-grid", "32")).contains("the coarsest is 16");
    assertThat(refusal(dir, "train", "all", "--feature-grid", "4", "--token-merge", "3"))
        .contains("the token merge 3 must divide the feature grid side 4");
    assertThat(dir.resolve("training")).doesNotExist();
  }

  /** What a micro-size command writing into {@code dir} prints to stderr; it must fail. */
  private static String refusal(Path dir, String... args) {
    java.io.StringWriter err = new java.io.StringWriter();
    var cl = Main.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--out", dir.toString(), "--size", "MICRO"));
    assertThat(cl.execute(all.toArray(String[]::new))).as(String.join(" ", args)).isNotZero();
    return err.toString();
  }

  @Test
  void oneRecipeRefusesJobs(@TempDir Path dir) {
    assertThat(Main.run("train", "clip", "--out", dir.toString(), "--size", "MICRO", "--jobs", "2")).isNotZero();
  }

  private static JsonNode lastJson(String printed) throws Exception {
    List<String> lines = printed.lines().toList();
    return new ObjectMapper().readTree(lines.get(lines.size() - 1));
  }
}
