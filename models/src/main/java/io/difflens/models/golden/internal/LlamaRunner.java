package io.difflens.models.golden.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.golden.GoldenRunner;
import io.difflens.models.internal.JsonFields;
import io.difflens.models.io.TensorSource;
import io.difflens.models.llm.GreedyDecoder;
import io.difflens.models.llm.KvCache;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.nn.Checkpoints;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code LlamaForCausalLM}: logits from ids and from input embeddings, greedy generation with the
 * KV cache (its step logits), and the generated sequence recomputed without a cache.
 */
public final class LlamaRunner implements GoldenRunner {

  @Override
  public Map<String, NDArray> run(GoldenFolder folder, NDManager manager) throws IOException {
    LlamaConfig config = LlamaConfig.fromJson(folder.config());
    LlamaForCausalLm lm = new LlamaForCausalLm(config);
    try (TensorSource weights = folder.weights()) {
      Checkpoints.load(lm, weights, manager, Checkpoints.Options.defaults());
    }
    Map<String, NDArray> result = new LinkedHashMap<>();
    try (TensorSource in = folder.inputs()) {
      result.put("logits", lm.logits(in.load("input_ids", manager)));
      result.put(
          "inputs_embeds_logits",
          lm.forwardEmbeddings(in.load("inputs_embeds", manager), KvCache.empty()).logits());
      NDArray prompt = in.load("prompt_ids", manager);
      NDArray generated = in.load("generated_ids", manager);
      int newTokens = (int) (generated.getShape().get(1) - prompt.getShape().get(1));
      GreedyDecoder decoder =
          new GreedyDecoder(
              newTokens,
              config.eosTokenId(),
              JsonFields.optInt(folder.config(), "pad_token_id", 0),
              true,
              true);
      result.put("generate_step_logits", decoder.generate(lm, prompt).stepLogits());
      result.put("generate_full_logits", lm.logits(generated));
    }
    return result;
  }
}
