package io.difflens.models.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.golden.GoldenFixtures;
import io.difflens.models.golden.GoldenFolder;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LlamaTest {
  private NDManager manager;
  private LlamaForCausalLm lm;
  private Map<String, NDArray> in;

  @BeforeEach
  void load() throws Exception {
    manager = NDManager.newBaseManager();
    GoldenFolder folder = GoldenFixtures.open("llama");
    lm =
        GoldenFixtures.load(
            folder, new LlamaForCausalLm(LlamaConfig.fromJson(folder.config())), manager);
    in = GoldenFixtures.inputs(folder, manager);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private long[][] expectedNewTokens() {
    long[] flat = in.get("generated_ids").toLongArray();
    long[][] rows = new long[2][];
    for (int r = 0; r < 2; r++) {
      rows[r] = Arrays.copyOfRange(flat, r * 14 + 6, r * 14 + 14);
    }
    return rows;
  }

  @Test
  void greedyGenerationIsTokenExactWithAndWithoutCache() {
    long[][] expected = expectedNewTokens();
    for (boolean cache : new boolean[] {true, false}) {
      GreedyDecoder decoder = new GreedyDecoder(8, 2, 0, cache, false);
      GreedyDecoder.Generation g = decoder.generate(lm, in.get("prompt_ids"));
      assertThat(g.tokens()).as("use_cache=%s", cache).isEqualTo(expected);
      assertThat(g.stepLogits()).isNull();
    }
  }

  /**
   * Rows that pack two sequences behind one prefix, each restarting its positions after the prefix, give
   * every position the logits it has when its sequence follows the prefix alone.
   */
  @Test
  void packedSegmentsReadAsIfEachFollowedThePrefixAlone() {
    long[][] ids = {{5, 6, 7, 10, 11, 12, 13, 20, 21}, {8, 9, 30, 31, 32, 40, 41, 42, 43}};
    long[][] positions = {{0, 1, 2, 3, 4, 5, 6, 3, 4}, {0, 1, 2, 3, 4, 2, 3, 4, 5}};
    int[][] segments = {{0, 0, 0, 1, 1, 1, 1, 2, 2}, {0, 0, 1, 1, 1, 2, 2, 2, 2}};
    NDArray packed = lm.forwardPacked(lm.embed(manager.create(ids)), positions, segments).logits();
    long[][][] alone = {
      {{5, 6, 7, 10, 11, 12, 13}, {5, 6, 7, 20, 21}}, {{8, 9, 30, 31, 32}, {8, 9, 40, 41, 42, 43}}
    };
    for (int b = 0; b < 2; b++) {
      int at = 0;
      for (int seg = 0; seg < 2; seg++) {
        long[] row = alone[b][seg];
        int prefix = b == 0 ? 3 : 2;
        NDArray expected = lm.logits(manager.create(new long[][] {row})).get(0);
        // the prefix's logits, then the segment's, where the packed row holds them
        int from = seg == 0 ? 0 : prefix;
        int start = seg == 0 ? 0 : at;
        int length = row.length - from;
        NDArray got = packed.get(b).get(start + ":" + (start + length));
        NDArray want = expected.get(from + ":" + row.length);
        assertThat(got.sub(want).abs().max().getFloat()).as("row %d segment %d", b, seg + 1).isLessThan(1e-4f);
        at = seg == 0 ? row.length : at;
      }
    }
    assertThatThrownBy(() -> lm.forwardPacked(lm.embed(manager.create(ids)), positions, new int[][] {segments[0]}))
        .hasMessageContaining("segment rows");
  }

  @Test
  void cachedStepLogitsEqualRecomputedLogits() {
    GreedyDecoder.Generation cached =
        new GreedyDecoder(8, 2, 0, true, true).generate(lm, in.get("prompt_ids"));
    GreedyDecoder.Generation full =
        new GreedyDecoder(8, 2, 0, false, true).generate(lm, in.get("prompt_ids"));
    assertThat(cached.stepLogits().getShape()).isEqualTo(new Shape(2, 8, 1000));
    assertThat(cached.stepLogits().sub(full.stepLogits()).abs().max().getFloat()).isLessThan(1e-4f);
  }

  @Test
  void embeddingsPrefixLikeLlavaMatchesIdsWhenTheyAreTokenEmbeddings() {
    // BOS, 5 "image" tokens, the rest of the text: the inputs_embeds of the golden folder, built
    // here.
    NDArray ids = in.get("input_ids");
    NDArray embeds =
        lm.embed(ids.get(":, :1"))
            .concat(in.get("visual_embeds"), 1)
            .concat(lm.embed(ids.get(":, 1:")), 1);
    assertThat(embeds.sub(in.get("inputs_embeds")).abs().max().getFloat()).isEqualTo(0f);
    GreedyDecoder.Generation g =
        new GreedyDecoder(3, 2, 0, true, false).generate(lm, embeds, manager);
    assertThat(g.tokens()[0]).hasSize(3);
    // The first generated token is the argmax of the last position of a plain forward pass.
    NDArray last =
        lm.forwardEmbeddings(embeds, KvCache.empty()).logits().get(":, -1, :").argMax(-1);
    assertThat(new long[] {g.tokens()[0][0], g.tokens()[1][0]}).containsExactly(last.toLongArray());
  }

  @Test
  void stopTokenEndsARowAndPadsIt() {
    long[][] expected = expectedNewTokens();
    long stop = expected[0][2]; // pretend row 0's third token is EOS
    GreedyDecoder.Generation g =
        new GreedyDecoder(8, stop, 0, true, false).generate(lm, in.get("prompt_ids"));
    assertThat(g.answer(0, stop)).containsExactly(expected[0][0], expected[0][1]);
    assertThat(g.tokens()[0][2]).isEqualTo(stop);
    if (Arrays.stream(expected[1]).noneMatch(t -> t == stop)) {
      assertThat(g.tokens()[1]).containsExactly(expected[1]);
      assertThat(Arrays.copyOfRange(g.tokens()[0], 3, 8)).containsOnly(0L);
    }
  }

  @Test
  void leftPaddedBatchGeneratesWhatEachRowGeneratesAlone() {
    NDArray prompts = in.get("prompt_ids"); // (2, 6)
    NDArray shortPrompt = prompts.get("1:, :4"); // (1, 4)
    NDArray padded =
        manager.zeros(new Shape(1, 2), ai.djl.ndarray.types.DataType.INT64).concat(shortPrompt, 1);
    NDArray batch = prompts.get(":1").concat(padded, 0); // (2, 6), row 1 left-padded by 2
    long[][] mask = {{1, 1, 1, 1, 1, 1}, {0, 0, 1, 1, 1, 1}};
    for (boolean cache : new boolean[] {true, false}) {
      GreedyDecoder decoder = new GreedyDecoder(6, -1, 0, cache, true);
      GreedyDecoder.Generation together = decoder.generate(lm, lm.embed(batch), mask, manager);
      GreedyDecoder.Generation first = decoder.generate(lm, prompts.get(":1"));
      GreedyDecoder.Generation second = decoder.generate(lm, shortPrompt);
      assertThat(together.tokens()[0]).as("cache=%s", cache).containsExactly(first.tokens()[0]);
      assertThat(together.tokens()[1]).as("cache=%s", cache).containsExactly(second.tokens()[0]);
      float diff = together.stepLogits().get("1:").sub(second.stepLogits()).abs().max().getFloat();
      assertThat(diff).isLessThan(1e-4f);
    }
  }

  @Test
  void rejectsSequencesLongerThanThePositionTable() {
    NDArray tooLong = manager.zeros(new Shape(1, 129), ai.djl.ndarray.types.DataType.INT64);
    assertThatThrownBy(() -> lm.logits(tooLong))
        .hasMessageContaining("max_position_embeddings 128");
  }
}
