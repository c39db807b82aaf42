package io.difflens.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Right-padded token rows with a loss mask, and the masked next-token cross-entropy. Right padding
 * needs no attention mask under a causal model: no real token attends to a later pad.
 */
public final class TokenBatch {
  /**
   * One row: token ids, per id whether it is a prediction target, and per id its turn (1 for a row of one
   * question or of chained turns; 2, 3, ... for the later turns of a row whose turns read the image but not
   * each other).
   */
  public record Row(long[] ids, boolean[] target, int[] turn) {
    public Row {
      if (ids.length != target.length || ids.length != turn.length) {
        throw new IllegalArgumentException(
            ids.length + " ids but " + target.length + " target flags and " + turn.length + " turns");
      }
    }

    /** A row of one turn. */
    public Row(long[] ids, boolean[] target) {
      this(ids, target, ones(ids.length));
    }

    /** Whether the row holds turns that do not read each other. */
    public boolean isolatedTurns() {
      return Arrays.stream(turn).anyMatch(t -> t > 1);
    }

    private static int[] ones(int n) {
      int[] t = new int[n];
      Arrays.fill(t, 1);
      return t;
    }
  }

  private TokenBatch() {}

  /** (B, L) ids padded with {@code padId}. */
  public static long[][] pad(List<Row> rows, long padId) {
    int len = rows.stream().mapToInt(r -> r.ids().length).max().orElse(0);
    long[][] out = new long[rows.size()][len];
    for (int i = 0; i < rows.size(); i++) {
      Arrays.fill(out[i], padId);
      System.arraycopy(rows.get(i).ids(), 0, out[i], 0, rows.get(i).ids().length);
    }
    return out;
  }

  /** (B, L) float mask of target positions (0 on padding). */
  public static float[] targetMask(List<Row> rows, int len) {
    float[] out = new float[rows.size() * len];
    for (int i = 0; i < rows.size(); i++) {
      boolean[] t = rows.get(i).target();
      for (int j = 0; j < t.length; j++) {
        out[i * len + j] = t[j] ? 1f : 0f;
      }
    }
    return out;
  }

  /**
   * Like {@link #targetMask}, but each answer (a run of consecutive targets) shares a weight of 1 (1/n each
   * for n tokens), so that {@link #crossEntropy} is the mean over answers of each answer's mean: a 30-token
   * caption weighs as much as a one-word answer, not 15 times more, and each answer of a multi-turn row
   * as much as a row of its own.
   */
  public static float[] answerMeanMask(List<Row> rows, int len) {
    float[] out = targetMask(rows, len);
    for (int i = 0; i < rows.size(); i++) {
      int j = 0;
      while (j < len) {
        if (out[i * len + j] == 0) {
          j++;
          continue;
        }
        int end = j;
        while (end < len && out[i * len + end] != 0) {
          end++;
        }
        for (int k = j; k < end; k++) {
          out[i * len + k] = 1f / (end - j);
        }
        j = end;
      }
    }
    return out;
  }

  /** The answers in {@code rows}: their runs of consecutive targets. */
  public static int answers(List<Row> rows) {
    int n = 0;
    for (Row r : rows) {
      boolean[] t = r.target();
      for (int j = 0; j < t.length; j++) {
        if (t[j] && (j == 0 || !t[j - 1])) {
          n++;
        }
      }
    }
    return n;
  }

  public static NDArray ids(NDManager manager, long[][] ids) {
    long[] flat = Arrays.stream(ids).flatMapToLong(Arrays::stream).toArray();
    return manager.create(flat, new Shape(ids.length, ids.length == 0 ? 0 : ids[0].length));
  }

  /**
   * Mean cross-entropy of {@code logits} (B, L, V) predicting {@code targets} (B, L) where {@code
   * mask} (B, L) is 1.
   */
  public static NDArray crossEntropy(NDArray logits, NDArray targets, NDArray mask) {
    return weightedLogLikelihood(logits, targets, mask).div(mask.sum().maximum(1f)).neg();
  }

  /**
   * The log-likelihood of {@code targets} (B, L) under {@code logits} (B, L, V), summed with {@code weights}
   * (B, L).
   */
  public static NDArray weightedLogLikelihood(NDArray logits, NDArray targets, NDArray weights) {
    long v = logits.getShape().get(2);
    NDArray logp = logits.logSoftmax(2); // (B, L, V)
    NDArray picked = logp.mul(targets.oneHot((int) v)).sum(new int[] {2}); // (B, L)
    return picked.mul(weights).sum();
  }

  /**
   * The rows' indices in groups to be padded and run separately, each group's in the rows' order: sorted by
   * length, the rows are cut where a cut saves more padded positions than {@code groupCost}, each row counting
   * {@code shared} positions (the chat prefix and the visual tokens) plus its group's longest. The cuts are
   * the cheapest such partition (dynamic programming over the sorted lengths); one group when none pays.
   */
  public static List<int[]> lengthGroups(List<Row> rows, int shared, int groupCost) {
    int n = rows.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> rows.get(i).ids().length));
    // cost[j]: the cheapest grouping of the j shortest rows; cut[j]: where its last group starts
    long[] cost = new long[n + 1];
    int[] cut = new int[n + 1];
    for (int j = 1; j <= n; j++) {
      long longest = shared + rows.get(order[j - 1]).ids().length;
      cost[j] = Long.MAX_VALUE;
      for (int i = 0; i < j; i++) {
        long c = cost[i] + (long) (j - i) * longest + (i == 0 ? 0 : groupCost);
        if (c < cost[j]) {
          cost[j] = c;
          cut[j] = i;
        }
      }
    }
    List<int[]> groups = new ArrayList<>();
    for (int j = n; j > 0; j = cut[j]) {
      int[] group = new int[j - cut[j]];
      for (int k = cut[j]; k < j; k++) {
        group[k - cut[j]] = order[k];
      }
      Arrays.sort(group);
      groups.add(0, group);
    }
    return groups;
  }
}
