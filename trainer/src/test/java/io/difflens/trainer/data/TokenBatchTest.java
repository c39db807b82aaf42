package io.difflens.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBatchTest {

  private static TokenBatch.Row row(int length, int targets) {
    boolean[] t = new boolean[length];
    for (int i = length - targets; i < length; i++) {
      t[i] = true;
    }
    return new TokenBatch.Row(new long[length], t);
  }

  @Test
  void answerMeanMaskGivesEveryRowOfOneAnswerTheSameWeight() {
    List<TokenBatch.Row> rows = List.of(row(4, 1), row(6, 4));
    float[] m = TokenBatch.answerMeanMask(rows, 6);
    assertThat(m).containsExactly(0, 0, 0, 1, 0, 0, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f);
  }

  @Test
  void answerMeanMaskGivesEachAnswerOfAMultiTurnRowTheWeightOfARow() {
    // one row: question, a two-token answer, a follow-up question, a one-token answer, then padding
    boolean[] t = {false, true, true, false, false, true, false};
    List<TokenBatch.Row> rows = List.of(new TokenBatch.Row(new long[t.length], t), row(3, 1));
    float[] m = TokenBatch.answerMeanMask(rows, 8);
    assertThat(m).containsExactly(0, 0.5f, 0.5f, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0);
  }

  @Test
  void crossEntropyWithTheAnswerMeanMaskIsTheMeanOfAnswerMeans() {
    // row 0: one target with loss a; row 1: four targets with loss b each
    try (NDManager m = NDManager.newBaseManager()) {
      float[] logits = new float[2 * 6 * 2]; // (B=2, L=6, V=2), all zeros: every target costs ln 2
      logits[(1 * 6 + 2) * 2] = 3f; // row 1, position 2 favours token 0 strongly; its target is token 1
      NDArray l = m.create(logits, new Shape(2, 6, 2));
      NDArray targets = m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, new Shape(2, 6));
      List<TokenBatch.Row> rows = List.of(row(4, 1), row(6, 4));
      double ln2 = Math.log(2);
      double hard = Math.log(1 + Math.exp(3)); // -log softmax of the disfavoured token
      double rowMean = (ln2 + (3 * ln2 + hard) / 4) / 2;
      double tokenMean = (ln2 + 3 * ln2 + hard) / 5;
      float perRow = TokenBatch.crossEntropy(l, targets,
          m.create(TokenBatch.answerMeanMask(rows, 6), new Shape(2, 6))).getFloat();
      float perToken = TokenBatch.crossEntropy(l, targets,
          m.create(TokenBatch.targetMask(rows, 6), new Shape(2, 6))).getFloat();
      assertThat((double) perRow).isCloseTo(rowMean, org.assertj.core.data.Offset.offset(1e-5));
      assertThat((double) perToken).isCloseTo(tokenMean, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void lengthGroupsCutWhereTheCutSavesMorePaddingThanAGroupCosts() {
    // two long rows (a caption, a row of several turns) among short rows of one question
    List<TokenBatch.Row> rows = List.of(row(10, 1), row(100, 30), row(12, 2), row(11, 1), row(98, 5));
    assertThat(TokenBatch.lengthGroups(rows, 19, 64))
        .containsExactly(new int[] {0, 2, 3}, new int[] {1, 4});
    // short rows only: padding 3 rows to 12 costs less than a second group
    assertThat(TokenBatch.lengthGroups(List.of(row(10, 1), row(12, 2), row(11, 1)), 19, 64))
        .containsExactly(new int[] {0, 1, 2});
    // one long row beside one short one: 81 positions of padding against a group of 64
    assertThat(TokenBatch.lengthGroups(List.of(row(100, 1), row(19, 1)), 19, 64))
        .containsExactly(new int[] {1}, new int[] {0});
    assertThat(TokenBatch.lengthGroups(List.of(row(100, 1), row(19, 1)), 19, 82))
        .containsExactly(new int[] {0, 1});
  }
}
