package io.difflens.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.llm.KvCache;
import io.difflens.models.llm.GreedyDecoder;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.projector.Projector;
import io.difflens.models.text.LlamaTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * LLaVA-style answering with visual tokens: {@code <s> USER: [visual tokens] question ASSISTANT:
 * answer </s>}, the visual tokens projected into the LLM's embedding space. Used by the PT/SFT
 * recipes (teacher-forced loss on the answer) and by the evaluation (greedy answers).
 *
 * <p>The trainer's own minimal answerer, kept until the bundle pipelines ({@code Answerer}) can be
 * used here; it uses the same networks and chat template.
 */
public final class VisualAnswerer {
  private final LlamaTokenizer tokenizer;
  private final LlamaForCausalLm llm;
  private final Projector projector;
  private final long[] prefix;

  /**
   * What one more group of rows costs the LLM, in token positions ({@link TokenBatch#lengthGroups}): another
   * forward and backward pass of a few hundred small operations. On the tiny bundle's SFT a position costs
   * about 0.1 ms, and a pass's fixed cost, at some 10 microseconds an operation, a few ms.
   */
  static final int GROUP_COST = 64;

  public VisualAnswerer(LlamaTokenizer tokenizer, LlamaForCausalLm llm, Projector projector) {
    this.tokenizer = tokenizer;
    this.llm = llm;
    this.projector = projector;
    this.prefix = tokenizer.encodePrompt(Prompts.USER);
  }

  public LlamaForCausalLm llm() {
    return llm;
  }

  public Projector projector() {
    return projector;
  }

  public LlamaTokenizer tokenizer() {
    return tokenizer;
  }

  /** Question tokens up to and including the answer marker. */
  public long[] questionIds(String question) {
    return tokenizer.encodeContinuation(
        question.replace("\n", " ").trim() + " " + Prompts.ASSISTANT);
  }

  /** Answer tokens followed by EOS. */
  public long[] answerIds(String answer) {
    long[] a = tokenizer.encodeContinuation(answer);
    long[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = tokenizer.eosId();
    return out;
  }

  /**
   * Teacher-forced loss on the targets of {@code texts} (question ids then answer ids, answer
   * positions targeted; a multi-turn row holds several) after the visual tokens (B, N, C), averaged per
   * answer then over answers; visual tokens may be zeros (the question-only baseline).
   */
  public NDArray loss(NDManager manager, NDArray visual, List<TokenBatch.Row> texts) {
    return scored(manager, visual, texts).loss();
  }

  /**
   * The teacher-forced loss of {@link #loss} and the projected visual tokens (B, N, D) it read, for a loss
   * on those tokens beside the answer's.
   *
   * <p>The LLM reads the rows in groups of similar length ({@link TokenBatch#lengthGroups}): a batch is padded
   * to its longest row, and in SFT a few long rows (a caption, a row of several turns) would otherwise pad the
   * many short ones of one question to their length. The loss is the same sum over answers divided by the
   * same count, so grouping changes what the LLM computes, not the loss (up to float rounding).
   */
  public Scored scored(NDManager manager, NDArray visual, List<TokenBatch.Row> texts) {
    NDArray vis = projector.forward(visual); // (B, N, D), N fewer than the visual tokens after a merge
    int shared = prefix.length + (int) vis.getShape().get(1);
    List<int[]> groups = TokenBatch.lengthGroups(texts, shared, GROUP_COST);
    // one group holds every row: the LLM reads them in their own order, with no gather
    boolean whole = groups.size() == 1;
    NDArray logLikelihood = null;
    NDArray answers = null;
    for (int[] group : groups) {
      List<TokenBatch.Row> rows = whole ? texts : Arrays.stream(group).mapToObj(texts::get).toList();
      NDArray v =
          whole ? vis : vis.get(new NDIndex("{}", manager.create(Arrays.stream(group).asLongStream().toArray())));
      Forced f = forced(manager, v, rows);
      // every example counts the same: SFT mixes one-word answers with captions many tokens long
      NDArray perRow = answerWeights(manager, rows, f);
      NDArray ll = TokenBatch.weightedLogLikelihood(f.logits(), f.targets(), perRow);
      logLikelihood = logLikelihood == null ? ll : logLikelihood.add(ll);
      answers = answers == null ? perRow.sum() : answers.add(perRow.sum());
    }
    return new Scored(logLikelihood.div(answers.maximum(1f)).neg(), vis);
  }

  private static NDArray answerWeights(NDManager manager, List<TokenBatch.Row> rows, Forced f) {
    Shape shape = f.targets().getShape();
    return manager.create(TokenBatch.answerMeanMask(rows, (int) shape.get(1)), shape);
  }

  /** An answer loss and the projected visual tokens (B, N, D) the LLM read. */
  public record Scored(NDArray loss, NDArray projected) {}

  /** Per row, the summed negative log-likelihood of its targets (B): scores answer options. */
  public float[] rowNll(NDManager manager, NDArray visual, List<TokenBatch.Row> texts) {
    Forced f = forced(manager, projector.forward(visual), texts);
    long v = f.logits().getShape().get(2);
    NDArray picked = f.logits().logSoftmax(2).mul(f.targets().oneHot((int) v)).sum(new int[] {2});
    return picked.mul(f.mask()).sum(new int[] {1}).neg().toFloatArray();
  }

  private record Forced(NDArray logits, NDArray targets, NDArray mask) {}

  /** Teacher-forced logits of {@code texts} after the projected visual tokens {@code vis} (B, N, D). */
  private Forced forced(NDManager manager, NDArray vis, List<TokenBatch.Row> texts) {
    int b = texts.size();
    long[][] ids = TokenBatch.pad(texts, tokenizer.eosId());
    int len = ids[0].length;
    NDArray pre = llm.embed(TokenBatch.ids(manager, repeat(prefix, b))); // (B, P, D)
    long n = vis.getShape().get(1);
    NDArray txtIds = TokenBatch.ids(manager, ids); // (B, L)
    NDArray txt = llm.embed(txtIds); // (B, L, D)
    NDArray emb = concat(pre, vis, txt); // (B, P + N + L, D)
    NDArray logits = texts.stream().anyMatch(TokenBatch.Row::isolatedTurns)
        ? packed(emb, texts, prefix.length + (int) n, len)
        : llm.forwardEmbeddings(emb, KvCache.empty()).logits();
    long start = prefix.length + n - 1;
    NDArray pred = logits.get(":, " + start + ":" + (start + len) + ", :"); // (B, L, V)
    NDArray mask = manager.create(TokenBatch.targetMask(texts, len), txtIds.getShape());
    return new Forced(pred, txtIds, mask);
  }

  /**
   * Logits of rows whose turns read the image but not each other: the chat prefix and the visual tokens
   * ({@code shared} positions) are every turn's, and each turn starts at position {@code shared}, as a
   * question alone does. Padding is a segment of its own.
   */
  private NDArray packed(NDArray emb, List<TokenBatch.Row> texts, int shared, int len) {
    long[][] positions = new long[texts.size()][shared + len];
    int[][] segments = new int[texts.size()][shared + len];
    for (int b = 0; b < texts.size(); b++) {
      int[] turn = texts.get(b).turn();
      for (int j = 0; j < shared; j++) {
        positions[b][j] = j;
      }
      int start = 0;
      for (int j = 0; j < len; j++) {
        if (j >= turn.length) {
          segments[b][shared + j] = -1;
          positions[b][shared + j] = shared + j - start;
          continue;
        }
        if (j > 0 && turn[j] != turn[j - 1]) {
          start = j;
        }
        segments[b][shared + j] = turn[j];
        positions[b][shared + j] = shared + j - start;
      }
    }
    return llm.forwardPacked(emb, positions, segments).logits();
  }

  /** A question row: question tokens, then the answer's tokens as targets. */
  public TokenBatch.Row row(String question, String answer) {
    long[] q = questionIds(question);
    long[] a = answerIds(answer);
    long[] ids = new long[q.length + a.length];
    boolean[] target = new boolean[ids.length];
    System.arraycopy(q, 0, ids, 0, q.length);
    System.arraycopy(a, 0, ids, q.length, a.length);
    Arrays.fill(target, q.length, ids.length, true);
    return new TokenBatch.Row(ids, target);
  }

  /**
   * {@code row} with a further turn, the answer's tokens as targets. Chained ({@code isolated} false), as
   * LLaVA's later turns: {@code USER: question ASSISTANT: answer </s>} after the earlier answers, which it
   * reads. Isolated: the question as a first turn has it, at the position right after the visual tokens and
   * reading them but no other turn ({@link #loss} masks them).
   */
  public TokenBatch.Row followUp(TokenBatch.Row row, String question, String answer, boolean isolated) {
    long[] q = isolated ? questionIds(question) : tokenizer.encodeContinuation(Prompts.question(question));
    long[] a = answerIds(answer);
    int n = row.ids().length;
    long[] ids = Arrays.copyOf(row.ids(), n + q.length + a.length);
    boolean[] target = Arrays.copyOf(row.target(), ids.length);
    int[] turn = Arrays.copyOf(row.turn(), ids.length);
    System.arraycopy(q, 0, ids, n, q.length);
    System.arraycopy(a, 0, ids, n + q.length, a.length);
    Arrays.fill(target, n + q.length, ids.length, true);
    Arrays.fill(turn, n, ids.length, isolated ? row.turn()[n - 1] + 1 : row.turn()[n - 1]);
    return new TokenBatch.Row(ids, target, turn);
  }

  /** Greedy answer to one question after visual tokens (1, N, C). */
  public String answer(NDManager manager, NDArray visual, String question, int maxNewTokens) {
    NDArray pre = llm.embed(TokenBatch.ids(manager, new long[][] {prefix}));
    NDArray vis = projector.forward(visual);
    NDArray q = llm.embed(TokenBatch.ids(manager, new long[][] {questionIds(question)}));
    NDArray emb = concat(pre, vis, q);
    GreedyDecoder decoder = new GreedyDecoder(maxNewTokens, tokenizer.eosId(), tokenizer.eosId(), true, false);
    GreedyDecoder.Generation g = decoder.generate(llm, emb, manager);
    return tokenizer.decode(g.answer(0, tokenizer.eosId())).trim();
  }

  private static long[][] repeat(long[] row, int b) {
    long[][] out = new long[b][];
    for (int i = 0; i < b; i++) {
      out[i] = row;
    }
    return out;
  }

  private static NDArray concat(NDArray... parts) {
    return NDArrays.concat(new NDList(parts), 1);
  }
}
