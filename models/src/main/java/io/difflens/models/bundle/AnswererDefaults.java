package io.difflens.models.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Default answering options ({@code bundle.json} {@code answerer}).
 *
 * @param promptTemplate the LLM prompt with one {@value #IMAGE} placeholder (where the projected
 *     visual tokens are spliced) and one {@value #QUESTION} placeholder, e.g. Vicuna v1's {@code
 *     "USER: <image>\n{question} ASSISTANT:"}
 * @param maxNewTokens the length limit of an answer
 * @param stopToken the token that ends an answer (LLaMA's {@code </s>})
 * @param temperature 0 for greedy decoding, otherwise the sampling temperature
 * @param topP nucleus sampling mass in (0, 1]
 */
public record AnswererDefaults(
    @JsonProperty("prompt_template") String promptTemplate,
    @JsonProperty("max_new_tokens") int maxNewTokens,
    @JsonProperty("stop_token") String stopToken,
    @JsonProperty("temperature") double temperature,
    @JsonProperty("top_p") double topP) {

  public static final String IMAGE = "<image>";
  public static final String QUESTION = "{question}";
  /** LLaVA-1.5's conversation template (Vicuna v1), one turn. */
  public static final String VICUNA_V1 = "USER: <image>\n{question} ASSISTANT:";

  public AnswererDefaults {
    if (promptTemplate == null
        || count(promptTemplate, IMAGE) != 1
        || count(promptTemplate, QUESTION) != 1) {
      throw new IllegalArgumentException(
          "answerer.prompt_template must hold exactly one "
              + IMAGE
              + " and one "
              + QUESTION
              + ", got '"
              + promptTemplate
              + "'");
    }
    if (maxNewTokens <= 0) {
      throw new IllegalArgumentException(
          "answerer.max_new_tokens must be positive, got " + maxNewTokens);
    }
    if (stopToken == null || stopToken.isEmpty()) {
      throw new IllegalArgumentException("answerer.stop_token must be given");
    }
    if (!(temperature >= 0) || !(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException(
          "answerer needs temperature >= 0 and 0 < top_p <= 1, got " + temperature + ", " + topP);
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
