package io.difflens.models.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AttentionMasksTest {

  @Test
  void appendsOnesForGeneratedTokensToEveryRow() {
    long[][] prompt = {{0, 1, 1}, {1, 1, 1}};
    long[][] extended = AttentionMasks.extend(prompt, 2);
    assertThat(extended).isDeepEqualTo(new long[][] {{0, 1, 1, 1, 1}, {1, 1, 1, 1, 1}});
    assertThat(prompt[0]).containsExactly(0, 1, 1);
  }

  @Test
  void noMaskStaysNoMaskAndZeroStepsCopies() {
    assertThat(AttentionMasks.extend(null, 3)).isNull();
    long[][] prompt = {{0, 1}};
    long[][] same = AttentionMasks.extend(prompt, 0);
    assertThat(same).isDeepEqualTo(prompt).isNotSameAs(prompt);
  }

  @Test
  void rejectsANegativeCount() {
    assertThatThrownBy(() -> AttentionMasks.extend(new long[][] {{1}}, -1)).hasMessageContaining("-1");
  }
}
