package io.difflens.models.text;

import java.util.Arrays;

/**
 * One tokenised text: token ids and the matching attention mask (1 = real token, 0 = padding).
 *
 * <p>The arrays are copied on the way in and on the way out, so an instance is immutable.
 */
public record TokenizedText(long[] ids, long[] attentionMask) {

  public TokenizedText {
    if (ids.length != attentionMask.length) {
      throw new IllegalArgumentException(
          "ids and attentionMask differ in length: " + ids.length + " vs " + attentionMask.length);
    }
    ids = ids.clone();
    attentionMask = attentionMask.clone();
  }

  @Override
  public long[] ids() {
    return ids.clone();
  }

  @Override
  public long[] attentionMask() {
    return attentionMask.clone();
  }

  /** Number of positions (real tokens plus padding). */
  public int length() {
    return ids.length;
  }

  /** Number of positions whose mask is 1. */
  public int realTokens() {
    return (int) Arrays.stream(attentionMask).filter(m -> m != 0).count();
  }

  /** Token id at {@code position}. */
  public long id(int position) {
    return ids[position];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenizedText t
        && Arrays.equals(ids, t.ids)
        && Arrays.equals(attentionMask, t.attentionMask);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(attentionMask);
  }

  @Override
  public String toString() {
    return "TokenizedText[ids="
        + Arrays.toString(ids)
        + ", attentionMask="
        + Arrays.toString(attentionMask)
        + "]";
  }
}
