package io.difflens.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizersTest {

  private static final List<String> WORDS =
      IntStream.range(0, 120)
          .mapToObj(i -> "w" + i)
          .collect(Collectors.toCollection(ArrayList::new));

  static {
    WORDS.addAll(
        List.of("a", "red", "cube", "left", "of", "blue", "sphere", "what", "color", "is", "the"));
  }

  @TempDir Path dir;

  private ClipTokenizer clip(String pad) {
    WordLevelVocabulary vocab = WordLevelVocabulary.of(WordLevelVocabulary.Flavor.CLIP, WORDS);
    if (pad == null) {
      vocab.writeTo(dir);
    } else {
      vocab.writeTo(dir, pad);
    }
    return ClipTokenizer.load(dir);
  }

  @Test
  void clipEncodesBosWordsEosThenPadsWithEosToSeventySeven() {
    WordLevelVocabulary vocab = WordLevelVocabulary.of(WordLevelVocabulary.Flavor.CLIP, WORDS);
    try (ClipTokenizer tok = clip(null)) {
      TokenizedText t = tok.encode("A red cube, left of the blue sphere.");
      long[] ids = t.ids();
      assertThat(ids).hasSize(77);
      String[] expected = {"a", "red", "cube", ",", "left", "of", "the", "blue", "sphere", "."};
      assertThat(ids[0]).isEqualTo(vocab.id(ClipTokenizerConfig.START_OF_TEXT));
      for (int i = 0; i < expected.length; i++) {
        assertThat(ids[i + 1]).as("position %d", i + 1).isEqualTo(vocab.id(expected[i]));
      }
      long eos = vocab.id(ClipTokenizerConfig.END_OF_TEXT);
      assertThat(ids[expected.length + 1]).isEqualTo(eos);
      assertThat(Arrays.copyOfRange(ids, expected.length + 2, 77)).containsOnly(eos);
      assertThat(t.realTokens()).isEqualTo(expected.length + 2);
      assertThat(t.attentionMask()[expected.length + 1]).isEqualTo(1);
      assertThat(t.attentionMask()[expected.length + 2]).isEqualTo(0);
    }
  }

  @Test
  void eosIsTheLargestIdSoLegacyArgmaxPoolingFindsTheFirstEos() {
    WordLevelVocabulary vocab = WordLevelVocabulary.of(WordLevelVocabulary.Flavor.CLIP, WORDS);
    try (ClipTokenizer tok = clip(null)) {
      long[] ids = tok.encode("what color is the cube").ids();
      int argmax = 0;
      for (int i = 1; i < ids.length; i++) {
        if (ids[i] > ids[argmax]) {
          argmax = i;
        }
      }
      assertThat(argmax).isEqualTo(6);
      assertThat(tok.eosId()).isEqualTo(vocab.size() - 1);
    }
  }

  @Test
  void openClipPaddingUsesExclamationMarkIdZero() {
    try (ClipTokenizer tok = clip("!")) {
      TokenizedText t = tok.encode("red cube");
      assertThat(tok.padId()).isZero();
      assertThat(t.ids()[3]).isEqualTo(tok.eosId());
      assertThat(Arrays.copyOfRange(t.ids(), 4, 77)).containsOnly(0L);
      assertThat(t.realTokens()).isEqualTo(4);
      assertThat(tok.decode(tok.encode("red cube !").ids())).isEqualTo("red cube !");
    }
  }

  @Test
  void truncationKeepsEosAtPositionSeventySix() {
    try (ClipTokenizer tok = clip(null)) {
      String longText = String.join(" ", WORDS.subList(0, 100));
      assertThat(tok.contentLength(longText)).isEqualTo(100);
      TokenizedText t = tok.encode(longText);
      long[] ids = t.ids();
      assertThat(ids).hasSize(77);
      assertThat(ids[76]).isEqualTo(tok.eosId());
      assertThat(ids[75]).isNotEqualTo(tok.eosId());
      assertThat(t.realTokens()).isEqualTo(77);
      assertThat(tok.decode(ids)).isEqualTo(String.join(" ", WORDS.subList(0, 75)));
    }
  }

  @Test
  void exactlySeventyFiveWordsFitWithoutTruncation() {
    try (ClipTokenizer tok = clip(null)) {
      String text = String.join(" ", WORDS.subList(10, 85));
      long[] ids = tok.encode(text).ids();
      assertThat(ids[76]).isEqualTo(tok.eosId());
      assertThat(tok.decode(ids)).isEqualTo(text);
    }
  }

  @Test
  void roundTripLowerCasesAndMapsUnknownWordsToUnk() {
    WordLevelVocabulary vocab = WordLevelVocabulary.of(WordLevelVocabulary.Flavor.CLIP, WORDS);
    try (ClipTokenizer tok = clip(null)) {
      assertThat(tok.decode(tok.encode("What COLOR is the sphere").ids()))
          .isEqualTo("what color is the sphere");
      long[] ids = tok.encode("red giraffe").ids();
      assertThat(ids[2]).isEqualTo(vocab.id(WordLevelVocabulary.UNK));
    }
  }

  @Test
  void emptyPromptIsBosEosAndPadding() {
    try (ClipTokenizer tok = clip(null)) {
      TokenizedText t = tok.encode("");
      assertThat(t.ids()[0]).isEqualTo(tok.bosId());
      assertThat(t.ids()[1]).isEqualTo(tok.eosId());
      assertThat(t.realTokens()).isEqualTo(2);
    }
  }

  @Test
  void hubFolderConfigReadsPadTokenAndLength() throws Exception {
    Files.writeString(
        dir.resolve("tokenizer_config.json"),
        "{\"model_max_length\": 77, \"pad_token\": {\"content\": \"!\"}}");
    ClipTokenizerConfig config = ClipTokenizerConfig.fromHubFolder(dir);
    assertThat(config).isEqualTo(ClipTokenizerConfig.padWithExclamation());
  }

  @Test
  void llamaPromptHasBosAndNoEos() {
    WordLevelVocabulary vocab = WordLevelVocabulary.of(WordLevelVocabulary.Flavor.LLAMA, WORDS);
    vocab.writeTo(dir);
    try (LlamaTokenizer tok = LlamaTokenizer.load(dir)) {
      long[] ids = tok.encodePrompt("what color is the cube?");
      assertThat(tok.bosId()).isEqualTo(1);
      assertThat(tok.eosId()).isEqualTo(2);
      assertThat(ids[0]).isEqualTo(1);
      assertThat(ids).hasSize(7).doesNotContain(2L);
      assertThat(ids[6]).isEqualTo(vocab.id("?"));
      // A WordLevel model has no decoder: tokens are joined with single spaces.
      assertThat(tok.decode(ids)).isEqualTo("what color is the cube ?");
      assertThat(tok.decode(new long[] {1, vocab.id("red"), vocab.id("cube"), 2}))
          .isEqualTo("red cube");
    }
  }

  @Test
  void rejectsWordsTheWhitespacePreTokenizerWouldSplit() {
    assertThatThrownBy(
            () -> WordLevelVocabulary.of(WordLevelVocabulary.Flavor.CLIP, List.of("red cube")))
        .hasMessageContaining("red cube");
    assertThatThrownBy(
            () -> ClipTokenizer.load(dir.resolve("missing"), ClipTokenizerConfig.padWithEos()))
        .hasMessageContaining("tokenizer.json");
  }
}
