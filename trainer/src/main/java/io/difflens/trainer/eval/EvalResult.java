package io.difflens.trainer.eval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores of one run: accuracy as a fraction per category and overall (pair accuracy for
 * synth-mmvp).
 */
public record EvalResult(
    String suite, long seed, int n, String featureMode, double overall, Map<String, Double> categories) {

  public EvalResult {
    categories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(categories));
  }

  /** {@code {"suite":…, "seed":…, "n":…, "feature_mode":…, "overall":…, "categories":{…}}}. */
  public ObjectNode toJson() {
    ObjectNode j = JsonNodeFactory.instance.objectNode();
    j.put("suite", suite).put("seed", seed).put("n", n).put("feature_mode", featureMode);
    j.put("overall", overall);
    ObjectNode c = j.putObject("categories");
    categories.forEach(c::put);
    return j;
  }
}
