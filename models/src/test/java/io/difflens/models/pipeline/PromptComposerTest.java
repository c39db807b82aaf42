package io.difflens.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.models.testing.MicroBundles;
import io.difflens.models.text.ClipTokenizer;
import io.difflens.models.text.ClipTokenizerConfig;
import io.difflens.models.text.WordLevelVocabulary;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptComposerTest {
  @TempDir Path dir;

  private PromptComposer composer() {
    WordLevelVocabulary.of(WordLevelVocabulary.Flavor.CLIP, MicroBundles.WORDS).writeTo(dir);
    return new PromptComposer(ClipTokenizer.load(dir.resolve("tokenizer.json"), ClipTokenizerConfig.padWithEos()));
  }

  @Test
  void composesEachSource() {
    PromptComposer c = composer();
    assertThat(c.compose(PromptSource.QUESTION, " what color ", "a red star").text()).isEqualTo("what color");
    assertThat(c.compose(PromptSource.CAPTION, "what color", "a red star").text()).isEqualTo("a red star");
    assertThat(c.compose(PromptSource.CAPTION_AND_QUESTION, "what color", "a red star").text())
        .isEqualTo("a red star what color");
    assertThat(c.compose(PromptSource.EMPTY, "what color", null).text()).isEmpty();
    assertThatThrownBy(() -> c.compose(PromptSource.CAPTION, "q", null)).hasMessageContaining("caption");
  }

  @Test
  void reportsTruncationAtTheEncodersLength() {
    PromptComposer c = composer();
    ComposedPrompt fits = c.measure(String.join(" ", java.util.Collections.nCopies(75, "red")));
    assertThat(fits.contentTokens()).isEqualTo(75);
    assertThat(fits.truncated()).isFalse();
    ComposedPrompt over = c.measure(String.join(" ", java.util.Collections.nCopies(76, "red")));
    assertThat(over.truncated()).isTrue();
  }

  @Test
  void samplesOneQuestionPerSeedFromTheConversation() {
    List<String> turns = List.of("<image>\nWhat is it?", "Which color?", "How many?");
    assertThat(PromptComposer.sampleQuestion(turns, 3)).isEqualTo(PromptComposer.sampleQuestion(turns, 3));
    Set<String> seen = new HashSet<>();
    for (long s = 0; s < 40; s++) {
      seen.add(PromptComposer.sampleQuestion(turns, s));
    }
    assertThat(seen).containsExactlyInAnyOrder("What is it?", "Which color?", "How many?");
  }
}
