package io.difflens.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.llm.GreedyDecoder;
import io.difflens.models.testing.MicroBundles;
import io.difflens.models.testing.TestImages;
import io.difflens.models.text.LlamaTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswererTest {
  @TempDir static Path dir;
  private static ModelBundle bundle;
  private static Answerer answerer;
  private static List<FeatureTensor> features;

  @BeforeAll
  static void load() {
    bundle = MicroBundles.load(dir.resolve("micro"));
    answerer = new Answerer(bundle);
    FeatureExtractor extractor = new FeatureExtractor(bundle);
    features =
        extractor.extract(
            List.of(TestImages.random(16, 1), TestImages.random(16, 2), TestImages.random(16, 3)),
            "what is it",
            extractor.defaults());
  }

  @AfterAll
  static void close() {
    bundle.close();
  }

  @Test
  void greedyAnswerIsTheGreedyDecoderOnTheSplicedPrompt() {
    String question = "what color is the star";
    AnswerOptions options = answerer.defaults().withMaxNewTokens(6);
    Answer answer = answerer.answer(new AnswerInput(features.get(0), question), options);

    LlamaTokenizer tok = bundle.llmTokenizer();
    try (NDManager m = NDManager.newBaseManager()) {
      long[] before = tok.encodePrompt("USER: ");
      long[] after = tok.encodeContinuation("\n" + question + " ASSISTANT:");
      NDArray prompt =
          NDArrays.concat(
              new NDList(
                  bundle.llm().embed(m.create(before, new Shape(1, before.length))),
                  bundle.projector().forward(features.get(0).toArray(m).expandDims(0)),
                  bundle.llm().embed(m.create(after, new Shape(1, after.length)))),
              1);
      GreedyDecoder.Generation g =
          new GreedyDecoder(6, tok.eosId(), tok.eosId(), true, false).generate(bundle.llm(), prompt, m);
      assertThat(answer.tokens()).containsExactly(g.answer(0, tok.eosId()));
    }
    assertThat(answer.tokenCount()).isLessThanOrEqualTo(6);
    assertThat(answer.stopped() || answer.tokenCount() == 6).isTrue();
    assertThat(answer.text()).isEqualTo(tok.decode(answer.tokens()).strip());
  }

  @Test
  void leftPaddedBatchGivesEachRowItsSingleAnswer() {
    List<AnswerInput> inputs =
        List.of(
            new AnswerInput(features.get(0), "what"),
            new AnswerInput(features.get(1), "how many red circles are there in the image"),
            new AnswerInput(features.get(2), "is the square above the star"));
    for (AnswerOptions options :
        List.of(
            answerer.defaults().withMaxNewTokens(8),
            answerer.defaults().withMaxNewTokens(8).withDecoding(new Decoding.Sampling(1.0, 0.9)).withSeed(5))) {
      List<Answer> batch = answerer.answer(inputs, options);
      for (int i = 0; i < inputs.size(); i++) {
        assertThat(batch.get(i).tokens())
            .as("row " + i + " " + options.decoding())
            .containsExactly(answerer.answer(inputs.get(i), options).tokens());
      }
    }
  }

  @Test
  void samplingIsReproducibleBySeed() {
    AnswerInput in = new AnswerInput(features.get(0), "describe this image");
    AnswerOptions o =
        answerer.defaults().withMaxNewTokens(8).withDecoding(new Decoding.Sampling(2.0, 1.0)).withSeed(1);
    long[] first = answerer.answer(in, o).tokens();
    assertThat(answerer.answer(in, o).tokens()).containsExactly(first);
    boolean anyDiffers = false;
    for (long seed = 2; seed < 6 && !anyDiffers; seed++) {
      anyDiffers = !java.util.Arrays.equals(answerer.answer(in, o.withSeed(seed)).tokens(), first);
    }
    assertThat(anyDiffers).isTrue();
  }

  @Test
  void lengthLimitHolds() {
    AnswerOptions o = answerer.defaults().withMaxNewTokens(2).withDecoding(new Decoding.Sampling(5.0, 1.0));
    for (long seed = 0; seed < 5; seed++) {
      assertThat(answerer.answer(new AnswerInput(features.get(1), "what"), o.withSeed(seed)).tokenCount())
          .isLessThanOrEqualTo(2);
    }
  }

  @Test
  void featuresOfTheWrongWidthAreRejectedByName() {
    FeatureTensor wrong = new FeatureTensor(4, 64, new float[4 * 64]);
    assertThatThrownBy(() -> answerer.answer(new AnswerInput(wrong, "what"), answerer.defaults()))
        .hasMessageContaining("64 channels")
        .hasMessageContaining("takes 32");
  }

  @Test
  void templateMustHoldTheImagePlaceholder() {
    assertThatThrownBy(() -> answerer.defaults().withPromptTemplate("USER: {question} ASSISTANT:"))
        .hasMessageContaining("<image>");
  }
}
