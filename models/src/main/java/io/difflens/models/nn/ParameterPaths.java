package io.difflens.models.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;

/**
 * Full dotted upstream parameter names ({@code down_blocks.0.attentions.0.proj_in.weight}) of a network,
 * in registration order like a PyTorch {@code state_dict}: a module's own parameters first, then its
 * children's. This is the single source of checkpoint keys for loading, saving and manifests.
 */
public final class ParameterPaths {
  private ParameterPaths() {}

  public static LinkedHashMap<String, Parameter> of(Block root) {
    LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
    collect("", root, out);
    return out;
  }

  private static void collect(String prefix, Block block, LinkedHashMap<String, Parameter> out) {
    if (block instanceof Module m) {
      m.namedParameters().forEach((name, p) -> put(out, prefix + name, p));
      m.namedChildren().forEach((name, c) -> collect(prefix + name + ".", c, out));
      return;
    }
    // A plain DJL block: its child names carry DJL's two-digit order prefix ("01name").
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      put(out, prefix + p.getValue().getName(), p.getValue());
    }
    for (Pair<String, Block> c : block.getChildren()) {
      String name = c.getKey().length() > 2 ? c.getKey().substring(2) : c.getKey();
      collect(prefix + name + ".", c.getValue(), out);
    }
  }

  private static void put(LinkedHashMap<String, Parameter> out, String name, Parameter p) {
    if (out.put(name, p) != null) {
      throw new IllegalStateException("two parameters share the name " + name);
    }
  }
}
