package io.difflens.models.golden.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.difflens.models.golden.GoldenFolder;
import io.difflens.models.golden.GoldenRunner;
import io.difflens.models.internal.JsonFields;
import io.difflens.models.llm.GreedyDecoder;
import io.difflens.models.llm.KvCache;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.llm.LlamaForCausalLm;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code LlamaForCausalLM}: logits from ids and from input embeddings, and greedy generation with
 * the KV cache (its step logits) and the generated sequence recomputed without a cache.
 */
public final class LlamaRunner implements GoldenRunner {

  @Override
  public Map<String, NDArray> run(GoldenFolder folder, NDManager manager) {
    LlamaConfig config = LlamaConfig.fromJson(folder.config());
    LlamaForCausalLm lm = folder.loadModel(new LlamaForCausalLm(config), manager);
    Map<String, NDArray> in = folder.inputs(manager);
    Map<String, NDArray> result = new LinkedHashMap<>();
    result.put("logits", lm.logits(in.get("input_ids")));
    result.put(
        "inputs_embeds_logits",
        lm.forwardEmbeddings(in.get("inputs_embeds"), KvCache.empty()).logits());
    NDArray prompt = in.get("prompt_ids");
    NDArray generated = in.get("generated_ids");
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
    return result;
  }
}
