package io.difflens.models.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.bundle.AnswererDefaults;
import io.difflens.models.bundle.ModelBundle;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.pipeline.internal.TokenGenerator;
import io.difflens.models.projector.Projector;
import io.difflens.models.text.LlamaTokenizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers questions about visual features, LLaVA-style: the features (N tokens × C) go through the
 * projector into the LLM's embedding space and are spliced into the prompt template at its
 * {@code <image>} placeholder (BOS, the text before it, N visual tokens, the text after it with the
 * question filled in); then greedy or sampled decoding with the KV cache until the stop token or
 * the length limit. A batch is left-padded (masked, positions counted over real tokens only) and
 * gives each row what a single call gives.
 *
 * <p>Thread-safe; every call scopes its native memory.
 */
public final class Answerer {
  private final ModelBundle bundle;
  private final LlamaForCausalLm lm;
  private final Projector projector;

  public Answerer(ModelBundle bundle) {
    this(bundle, bundle.llm(), bundle.projector());
  }

  /**
   * The bundle's answerer (tokenizer, template, defaults, device) with another LLM and projector: an
   * answerer variant trained on other visual inputs, such as CONCAT features or a raw-pixel baseline.
   * The networks must live on the bundle's device in its data type.
   */
  public Answerer(ModelBundle bundle, LlamaForCausalLm lm, Projector projector) {
    this.bundle = bundle;
    this.lm = lm;
    this.projector = projector;
  }

  /** The bundle's answerer variant {@code name} ({@link ModelBundle#answererVariant}), if it has one. */
  public static java.util.Optional<Answerer> variant(ModelBundle bundle, String name) {
    return bundle.answererVariant(name).map(v -> new Answerer(bundle, v.llm(), v.projector()));
  }

  /** Channels of the visual tokens this answerer's projector takes. */
  public int visualChannels() {
    return projector.config().visionHiddenSize();
  }

  /** The bundle's default options. */
  public AnswerOptions defaults() {
    return AnswerOptions.of(bundle.config().answerer());
  }

  public Answer answer(AnswerInput input, AnswerOptions options) {
    return answer(List.of(input), options).get(0);
  }

  public List<Answer> answer(List<AnswerInput> inputs, AnswerOptions options) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    int expected = visualChannels();
    for (AnswerInput in : inputs) {
      if (in.features().channels() != expected) {
        throw new IllegalArgumentException(
            "features have "
                + in.features().channels()
                + " channels; the projector of bundle "
                + bundle.config().id()
                + " takes "
                + expected
                + " (check the feature layers and mode)");
      }
    }
    LlamaTokenizer tokenizer = bundle.llmTokenizer();
    long stopId = stopId(tokenizer, options.stopToken());
    String template = options.promptTemplate();
    int at = template.indexOf(AnswererDefaults.IMAGE);
    try (NDManager m = bundle.newCallManager()) {
      List<NDArray> rows = new ArrayList<>();
      int longest = 0;
      for (AnswerInput in : inputs) {
        String question = in.question().strip();
        String before = template.substring(0, at).replace(AnswererDefaults.QUESTION, question);
        String after =
            template.substring(at + AnswererDefaults.IMAGE.length()).replace(AnswererDefaults.QUESTION, question);
        NDList parts = new NDList();
        parts.add(embed(lm, tokenizer.encodePrompt(before), m)); // (1, Lb, D): BOS + text
        NDArray visual =
            in.features().toArray(m).toType(bundle.target().dataType(), false).expandDims(0); // (1, N, C)
        parts.add(projector.forward(visual)); // (1, N, D)
        long[] afterIds = tokenizer.encodeContinuation(after);
        if (afterIds.length > 0) {
          parts.add(embed(lm, afterIds, m)); // (1, La, D)
        }
        NDArray row = NDArrays.concat(parts, 1);
        rows.add(row);
        longest = Math.max(longest, (int) row.getShape().get(1));
      }
      boolean padded = false;
      long[][] mask = new long[rows.size()][longest];
      NDList stacked = new NDList();
      for (int r = 0; r < rows.size(); r++) {
        NDArray row = rows.get(r);
        int len = (int) row.getShape().get(1);
        int pad = longest - len;
        for (int j = pad; j < longest; j++) {
          mask[r][j] = 1;
        }
        if (pad > 0) {
          padded = true;
          row = m.zeros(new Shape(1, pad, row.getShape().get(2)), row.getDataType()).concat(row, 1);
        }
        stacked.add(row);
      }
      NDArray prompt = NDArrays.concat(stacked, 0); // (B, T, D)
      TokenGenerator.Result result =
          TokenGenerator.generate(
              lm,
              prompt,
              padded ? mask : null,
              options.maxNewTokens(),
              stopId,
              options.decoding(),
              options.seed());
      List<Answer> answers = new ArrayList<>();
      for (int r = 0; r < inputs.size(); r++) {
        long[] ids = result.tokens()[r];
        answers.add(
            new Answer(
                tokenizer.decode(ids).strip(),
                ids,
                result.stopped()[r],
                Duration.ofNanos(result.prefillNanos()),
                Duration.ofNanos(result.decodeNanos())));
      }
      return answers;
    }
  }

  private static NDArray embed(LlamaForCausalLm lm, long[] ids, NDManager m) {
    return lm.embed(m.create(ids, new Shape(1, ids.length)));
  }

  /** The id of the stop token: LLaMA's EOS, or any text that is exactly one token. */
  static long stopId(LlamaTokenizer tokenizer, String stopToken) {
    if (stopToken.equals(LlamaTokenizer.EOS)) {
      return tokenizer.eosId();
    }
    long[] ids = tokenizer.encodeContinuation(stopToken);
    if (ids.length != 1) {
      throw new IllegalArgumentException(
          "stop token '" + stopToken + "' is " + ids.length + " tokens, not one");
    }
    return ids[0];
  }
}
