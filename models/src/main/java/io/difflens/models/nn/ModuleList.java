package io.difflens.models.nn;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** An ordered list of children named {@code "0"}, {@code "1"}, ... as PyTorch's {@code nn.ModuleList}. */
public final class ModuleList<B extends Block> extends Module implements Iterable<B> {
  private final List<B> items = new ArrayList<>();

  public ModuleList() {}

  public ModuleList(List<? extends B> blocks) {
    blocks.forEach(this::add);
  }

  /** Appends a block under the next index and returns it. */
  public B add(B block) {
    child(Integer.toString(items.size()), block);
    items.add(block);
    return block;
  }

  public B get(int index) {
    return items.get(index);
  }

  public int size() {
    return items.size();
  }

  public List<B> asList() {
    return Collections.unmodifiableList(items);
  }

  @Override
  public Iterator<B> iterator() {
    return asList().iterator();
  }
}
