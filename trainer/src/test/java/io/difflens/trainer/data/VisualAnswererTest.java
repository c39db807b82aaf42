package io.difflens.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.projector.Projector;
import io.difflens.models.projector.ProjectorConfig;
import io.difflens.models.text.LlamaTokenizer;
import io.difflens.models.text.WordLevelVocabulary;
import io.difflens.trainer.ZooSizes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisualAnswererTest {

  /** Writes a LLaMA word-level vocabulary of the chat template's words and {@code texts}' to {@code dir}; its size. */
  private static int writeVocabulary(Path dir, String... texts) {
    Set<String> words = new TreeSet<>();
    for (String text : List.of(Prompts.USER, Prompts.ASSISTANT)) {
      words.addAll(WorldVocabulary.pieces(text));
    }
    for (String text : texts) {
      words.addAll(WorldVocabulary.pieces(text));
    }
    WordLevelVocabulary vocab = WordLevelVocabulary.of(WordLevelVocabulary.Flavor.LLAMA, words);
    vocab.writeTo(dir);
    return vocab.size();
  }

  /**
   * A projector that merges 2 x 2 blocks of a 4 x 4 grid hands the LLM 4 visual tokens, not 16: the
   * answer's logits must be read after those 4. The same networks fed the blocks already merged (a
   * projector without a merge, same weights) must give the same loss and option scores.
   */
  /** A micro answerer of fresh weights, reading 3 channels, over {@code tokenizer}'s {@code vocab} words. */
  private static VisualAnswerer microAnswerer(NDManager m, LlamaTokenizer tokenizer, int vocab) {
    LlamaForCausalLm lm = new LlamaForCausalLm(LlamaConfig.fromJson(ZooSizes.MICRO.llamaJson(vocab)));
    lm.initializeParameters(m, DataType.FLOAT32);
    Projector projector = new Projector(ProjectorConfig.fromJson(ZooSizes.MICRO.projectorJson(3)));
    projector.initializeParameters(m, DataType.FLOAT32);
    return new VisualAnswerer(tokenizer, lm, projector);
  }

  @Test
  void aTokenMergingProjectorScoresAsIfFedTheMergedTokens(@TempDir Path dir) {
    int vocab = writeVocabulary(dir, "what colour is it ? red", "what is it ? a blue circle");
    Engine.getInstance().setRandomSeed(21);
    try (NDManager m = NDManager.newBaseManager();
        LlamaTokenizer tokenizer = LlamaTokenizer.load(dir)) {
      LlamaForCausalLm lm =
          new LlamaForCausalLm(LlamaConfig.fromJson(ZooSizes.MICRO.llamaJson(vocab)));
      lm.initializeParameters(m, DataType.FLOAT32);
      ObjectNode mergingJson = ZooSizes.MICRO.projectorJson(3).put("mm_token_merge", 2);
      Projector merging = new Projector(ProjectorConfig.fromJson(mergingJson));
      merging.initializeParameters(m, DataType.FLOAT32);
      Projector plain = new Projector(ProjectorConfig.fromJson(ZooSizes.MICRO.projectorJson(12)));
      plain.initializeParameters(m, DataType.FLOAT32);
      Map<String, Parameter> source = ParameterPaths.of(merging);
      ParameterPaths.of(plain).forEach((k, p) -> p.getArray().set(source.get(k).getArray().toFloatArray()));

      NDArray grid = m.randomNormal(new Shape(2, 16, 3)); // two images, a 4 x 4 grid of 3 channels
      NDArray blocks =
          grid.reshape(2, 2, 2, 2, 2, 3).transpose(0, 1, 3, 2, 4, 5).reshape(2, 4, 12); // 2 x 2 of 12
      VisualAnswerer a = new VisualAnswerer(tokenizer, lm, merging);
      VisualAnswerer b = new VisualAnswerer(tokenizer, lm, plain);
      List<TokenBatch.Row> rows =
          List.of(a.row("what colour is it ?", "red"), a.row("what is it ?", "a blue circle"));

      float merged = a.loss(m, grid, rows).getFloat();
      float premerged = b.loss(m, blocks, rows).getFloat();
      assertThat(merged).isFinite().isCloseTo(premerged, Offset.offset(1e-5f));
      assertThat(a.rowNll(m, grid, rows)).containsExactly(b.rowNll(m, blocks, rows), Offset.offset(1e-4f));
    }
  }

  /**
   * A follow-up turn reads as the chat template's later turns ({@code USER: question ASSISTANT: answer
   * </s>}) with only its answer targeted; the row's loss is the mean of its two answers' losses, the first
   * answer's exactly what it was alone (a causal model's earlier logits do not see the later turn).
   */
  @Test
  void aFollowUpTurnIsTheTemplatesLaterTurnAndEachAnswerCountsAsARow(@TempDir Path dir) {
    int vocab = writeVocabulary(dir, "what colour is it ? red", "what is it ? a circle");
    Engine.getInstance().setRandomSeed(22);
    try (NDManager m = NDManager.newBaseManager();
        LlamaTokenizer tokenizer = LlamaTokenizer.load(dir)) {
      VisualAnswerer a = microAnswerer(m, tokenizer, vocab);
      TokenBatch.Row first = a.row("what colour is it ?", "red");
      TokenBatch.Row both = a.followUp(first, "what is it ?", "a circle", false);

      long[] turn = tokenizer.encodeContinuation(Prompts.question("what is it ?"));
      long[] answer = a.answerIds("a circle");
      int n = first.ids().length;
      assertThat(both.ids()).startsWith(first.ids()).hasSize(n + turn.length + answer.length);
      assertThat(java.util.Arrays.copyOfRange(both.ids(), n, n + turn.length)).containsExactly(turn);
      assertThat(java.util.Arrays.copyOfRange(both.ids(), n + turn.length, both.ids().length)).containsExactly(answer);
      for (int i = 0; i < both.ids().length; i++) {
        boolean inSecondAnswer = i >= n + turn.length;
        assertThat(both.target()[i]).as("target %d", i).isEqualTo(i < n ? first.target()[i] : inSecondAnswer);
      }
      assertThat(TokenBatch.answers(List.of(both))).isEqualTo(2);

      boolean[] secondOnly = both.target().clone();
      java.util.Arrays.fill(secondOnly, 0, n, false);
      NDArray visual = m.randomNormal(new Shape(1, 4, 3));
      float alone = a.loss(m, visual, List.of(first)).getFloat();
      float second = a.loss(m, visual, List.of(new TokenBatch.Row(both.ids(), secondOnly))).getFloat();
      float together = a.loss(m, visual, List.of(both)).getFloat();
      assertThat(together).isCloseTo((alone + second) / 2, Offset.offset(1e-5f));
      assertThat(second).isNotCloseTo(alone, Offset.offset(1e-3f));
    }
  }

  /**
   * An isolated follow-up turn reads the image but not the first turn, from the position where a question
   * alone starts: the row's loss is the mean of the two questions' losses as rows of their own, exactly.
   */
  @Test
  void anIsolatedFollowUpTurnScoresAsItsOwnRow(@TempDir Path dir) {
    int vocab = writeVocabulary(dir, "what colour is it ? red", "what is it ? a circle");
    Engine.getInstance().setRandomSeed(23);
    try (NDManager m = NDManager.newBaseManager();
        LlamaTokenizer tokenizer = LlamaTokenizer.load(dir)) {
      VisualAnswerer a = microAnswerer(m, tokenizer, vocab);
      TokenBatch.Row first = a.row("what colour is it ?", "red");
      TokenBatch.Row second = a.row("what is it ?", "a circle");
      TokenBatch.Row both = a.followUp(first, "what is it ?", "a circle", true);
      assertThat(both.ids()).startsWith(first.ids()).endsWith(second.ids()).hasSize(first.ids().length + second.ids().length);
      assertThat(both.isolatedTurns()).isTrue();
      assertThat(TokenBatch.answers(List.of(both))).isEqualTo(2);

      NDArray visual = m.randomNormal(new Shape(1, 4, 3));
      float alone1 = a.loss(m, visual, List.of(first)).getFloat();
      float alone2 = a.loss(m, visual, List.of(second)).getFloat();
      float packed = a.loss(m, visual, List.of(both)).getFloat();
      assertThat(packed).isCloseTo((alone1 + alone2) / 2, Offset.offset(1e-5f));
      // in a batch beside a row of one turn (padded to the longer), each keeps its own losses
      NDArray two = m.randomNormal(new Shape(2, 4, 3));
      float batch = a.loss(m, two, List.of(both, second)).getFloat();
      float both1 = a.loss(m, two.get("0:1"), List.of(first)).getFloat();
      float both2 = a.loss(m, two.get("0:1"), List.of(second)).getFloat();
      float other = a.loss(m, two.get("1:2"), List.of(second)).getFloat();
      assertThat(batch).isCloseTo((both1 + both2 + other) / 3, Offset.offset(1e-5f));
      // chained, the second question reads the first turn, and scores otherwise
      float chained = a.loss(m, visual, List.of(a.followUp(first, "what is it ?", "a circle", false))).getFloat();
      assertThat(chained).isNotCloseTo(packed, Offset.offset(1e-4f));
    }
  }

  /**
   * Rows of very different lengths are read in groups ({@link TokenBatch#lengthGroups}): the loss and every
   * gradient must be those of the same answers weighed as one padded batch, here computed row by row (a
   * batch of one row is one group) and weighed by each row's answers.
   */
  @Test
  void rowsReadInLengthGroupsGiveTheLossAndGradientsOfOneBatch(@TempDir Path dir) {
    String caption = "a red circle left of a blue square and a green star above a small yellow arrow";
    int vocab = writeVocabulary(dir, "what colour is it ? red", "what is it ? a circle", "describe it . " + caption);
    Engine.getInstance().setRandomSeed(24);
    try (NDManager m = NDManager.newBaseManager();
        LlamaTokenizer tokenizer = LlamaTokenizer.load(dir)) {
      VisualAnswerer a = microAnswerer(m, tokenizer, vocab);
      TokenBatch.Row shortRow = a.row("what colour is it ?", "red");
      TokenBatch.Row isolated = a.followUp(a.followUp(a.row("what is it ?", "a circle"), "what colour is it ?",
          "red", true), "what is it ?", "a circle", true);
      List<TokenBatch.Row> rows = List.of(shortRow, a.row("describe it .", caption), a.row("what is it ?",
          "a circle"), isolated, shortRow, a.row("what colour is it ?", "red"));
      int shared = tokenizer.encodePrompt(Prompts.USER).length + 4; // the chat prefix and 4 visual tokens
      assertThat(TokenBatch.lengthGroups(rows, shared, VisualAnswerer.GROUP_COST)).hasSizeGreaterThan(1);
      NDArray visual = m.randomNormal(new Shape(rows.size(), 4, 3));
      Map<String, Parameter> params = new java.util.LinkedHashMap<>();
      ParameterPaths.of(a.projector()).forEach((k, p) -> params.put("projector." + k, p));
      ParameterPaths.of(a.llm()).forEach((k, p) -> params.put("llm." + k, p));
      params.values().forEach(p -> p.getArray().setRequiresGradient(true));

      float grouped;
      Map<String, float[]> groupedGrads = new java.util.HashMap<>();
      try (NDManager s = m.newSubManager();
          ai.djl.training.GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = a.loss(s, visual, rows);
        gc.backward(loss);
        grouped = loss.getFloat();
        params.forEach((k, p) -> groupedGrads.put(k, p.getArray().getGradient().toFloatArray()));
      }
      float byRow;
      try (NDManager s = m.newSubManager();
          ai.djl.training.GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.zeroGradients(); // gradients accumulate across collectors
        NDArray sum = null;
        int answers = 0;
        for (int i = 0; i < rows.size(); i++) {
          int n = TokenBatch.answers(List.of(rows.get(i)));
          NDArray l = a.loss(s, visual.get(i + ":" + (i + 1)), List.of(rows.get(i))).mul(n);
          sum = sum == null ? l : sum.add(l);
          answers += n;
        }
        NDArray loss = sum.div(answers);
        gc.backward(loss);
        byRow = loss.getFloat();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
          float[] expected = e.getValue().getArray().getGradient().toFloatArray();
          assertThat(groupedGrads.get(e.getKey())).as(e.getKey()).containsExactly(expected, Offset.offset(2e-5f));
        }
      }
      assertThat(grouped).isFinite().isCloseTo(byRow, Offset.offset(1e-5f));
    }
  }
}
