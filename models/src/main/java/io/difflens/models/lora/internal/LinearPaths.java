package io.difflens.models.lora.internal;

import ai.djl.nn.Block;
import io.difflens.models.nn.Linear;
import io.difflens.models.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every {@link Linear} of a network by its dotted upstream module path ({@code ...attn2.to_out.0}).
 */
public final class LinearPaths {

  private LinearPaths() {}

  public static Map<String, Linear> of(Block root) {
    Map<String, Linear> out = new LinkedHashMap<>();
    collect("", root, out);
    return out;
  }

  private static void collect(String path, Block block, Map<String, Linear> out) {
    if (block instanceof Linear linear) {
      out.put(path, linear);
      return;
    }
    if (block instanceof Module m) {
      m.namedChildren()
          .forEach((name, child) -> collect(path.isEmpty() ? name : path + "." + name, child, out));
    }
  }
}
