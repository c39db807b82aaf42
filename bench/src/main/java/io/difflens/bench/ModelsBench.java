package io.difflens.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.models.llm.GreedyDecoder;
import io.difflens.models.llm.LlamaConfig;
import io.difflens.models.llm.LlamaForCausalLm;
import io.difflens.models.unet.AddedConditions;
import io.difflens.models.unet.UNet2DConditionConfig;
import io.difflens.models.unet.UNet2DConditionModel;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The models benchmark (a plain {@code main}; never run by {@code mvn verify}). In one run, on the
 * engine's default device in fp32: the machine's matmul rate (the ceiling), the tiny UNet's forward
 * rate at batch 32 with FLOPs counted analytically ({@link UNetFlops}), and LLM greedy decoding of
 * 64 new tokens with and without the KV cache. Every figure is the median of several timed runs
 * after warm-up. Prints a Markdown section for {@code bench/RESULTS.md}.
 */
public final class ModelsBench {
  private static final int RUNS = 3;

  /** The tiny UNet (SDXL block structure, sized so that a CPU trains it): 32×32×4 latents. */
  static final String TINY_UNET =
      "{\"_class_name\":\"UNet2DConditionModel\",\"act_fn\":\"silu\",\"attention_head_dim\":[2,4],"
          + "\"block_out_channels\":[64,128],\"down_block_types\":[\"DownBlock2D\",\"CrossAttnDownBlock2D\"],"
          + "\"up_block_types\":[\"CrossAttnUpBlock2D\",\"UpBlock2D\"],\"cross_attention_dim\":64,"
          + "\"in_channels\":4,\"out_channels\":4,\"layers_per_block\":1,\"norm_num_groups\":32,"
          + "\"sample_size\":32,\"transformer_layers_per_block\":[1,1],\"use_linear_projection\":true,"
          + "\"addition_embed_type\":\"text_time\",\"addition_time_embed_dim\":8,"
          + "\"projection_class_embeddings_input_dim\":80}";

  /** A small LLaMA (width 256, 4 layers, GQA) and LLaVA-1.5's prompt length: 576 visual + 24 text tokens. */
  static final String SMALL_LLAMA =
      "{\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":256,\"intermediate_size\":688,"
          + "\"num_hidden_layers\":4,\"num_attention_heads\":8,\"num_key_value_heads\":4,"
          + "\"max_position_embeddings\":1024,\"vocab_size\":2000,\"rms_norm_eps\":1e-6}";

  static final int BATCH = 32;
  static final int CONTEXT_TOKENS = 77;
  static final int PROMPT_TOKENS = 600;
  static final int NEW_TOKENS = 64;

  private ModelsBench() {}

  public static void main(String[] args) throws Exception {
    Engine.getInstance().setRandomSeed(0);
    ObjectMapper json = new ObjectMapper();
    StringBuilder md = new StringBuilder();
    md.append("## ModelsBench — matmul ceiling, tiny UNet forward, LLM decoding\n\n");
    md.append(String.format(Locale.ROOT, "Date %s; %s %s, %d logical CPUs; Java %s; DJL %s (%s), fp32, %s%n%n",
        LocalDate.now(), System.getProperty("os.name"), System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Engine.getDjlVersion(), Engine.getInstance().getEngineName(),
        Engine.getInstance().getGpuCount() > 0 ? "GPU" : "CPU"));
    md.append("| measurement | median | runs |\n| --- | --- | --- |\n");

    try (NDManager m = NDManager.newBaseManager()) {
      // 1. the ceiling: square fp32 matmul
      double ceiling = 0;
      for (int n : new int[] {1024, 2048}) {
        NDArray a = m.randomNormal(new Shape(n, n));
        NDArray b = m.randomNormal(new Shape(n, n));
        double seconds = median(() -> time(() -> {
          try (NDArray c = a.matMul(b)) {
            c.getFloat(0, 0); // forces completion
          }
        }), 1);
        double gflops = 2.0 * n * n * n / seconds / 1e9;
        ceiling = Math.max(ceiling, gflops);
        row(md, "fp32 matmul " + n + "×" + n + " GFLOP/s", gflops);
      }

      // 2. the tiny UNet at batch 32
      JsonNode unetJson = json.readTree(TINY_UNET);
      UNet2DConditionConfig unetConfig = UNet2DConditionConfig.parse(unetJson);
      UNet2DConditionModel unet = new UNet2DConditionModel(unetConfig);
      unet.initializeParameters(m, DataType.FLOAT32);
      int size = unetConfig.sampleSize();
      double flops = UNetFlops.forward(unetConfig, BATCH, size, CONTEXT_TOKENS);
      NDArray sample = m.randomNormal(new Shape(BATCH, 4, size, size));
      NDArray context = m.randomNormal(new Shape(BATCH, CONTEXT_TOKENS, 64));
      NDArray t = m.create(new float[] {500f});
      AddedConditions added =
          new AddedConditions(m.randomNormal(new Shape(BATCH, 32)), m.create(new float[BATCH * 6], new Shape(BATCH, 6)));
      double unetSeconds = median(() -> time(() -> {
        try (NDManager call = m.newSubManager()) {
          NDArray x = sample.duplicate();
          x.attach(call);
          unet.forward(x, t, context, added).getFloat(0, 0, 0, 0);
        }
      }), 1);
      double unetRate = flops / unetSeconds / 1e9;
      long params = io.difflens.models.nn.ModelManifest.of(unet).totalParameters();
      row(md, String.format(Locale.ROOT, "tiny UNet forward, batch %d, %.1f GFLOP/pass (%,d params) — s/pass",
          BATCH, flops / 1e9, params), unetSeconds);
      row(md, "tiny UNet forward GFLOP/s", unetRate);
      row(md, "tiny UNet / matmul ceiling", unetRate / ceiling);

      // 3. LLM decoding: 64 new tokens after a LLaVA-length prompt, cache on and off
      LlamaForCausalLm lm = new LlamaForCausalLm(LlamaConfig.fromJson(json.readTree(SMALL_LLAMA)));
      lm.initializeParameters(m, DataType.FLOAT32);
      long[] ids = new long[PROMPT_TOKENS];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = 3 + (i * 7919L) % 1990;
      }
      NDArray prompt = m.create(ids, new Shape(1, PROMPT_TOKENS));
      double cached = median(() -> time(() -> decode(lm, prompt, true)), 1);
      double uncached = median(() -> time(() -> decode(lm, prompt, false)), 1);
      row(md, String.format(Locale.ROOT, "LLM decoding with KV cache, tokens/s (%d new after %d)", NEW_TOKENS, PROMPT_TOKENS),
          NEW_TOKENS / cached);
      row(md, "LLM decoding without cache, tokens/s", NEW_TOKENS / uncached);
      row(md, "KV cache speed-up", uncached / cached);
    }
    System.out.print(md);
  }

  private static void decode(LlamaForCausalLm lm, NDArray prompt, boolean cache) {
    GreedyDecoder.Generation g = new GreedyDecoder(NEW_TOKENS, -1, 0, cache, false).generate(lm, prompt);
    if (g.tokens()[0].length != NEW_TOKENS) {
      throw new IllegalStateException("decoded " + g.tokens()[0].length + " tokens, not " + NEW_TOKENS);
    }
  }

  private static void row(StringBuilder md, String what, double value) {
    md.append(String.format(Locale.ROOT, "| %s | %.3f | %d |%n", what, value, RUNS));
    System.err.printf(Locale.ROOT, "%s: %.3f%n", what, value);
  }

  private static double time(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1e9;
  }

  /** Median of {@link #RUNS} timed runs after {@code warmup} untimed ones. */
  private static double median(DoubleSupplier run, int warmup) {
    for (int i = 0; i < warmup; i++) {
      run.getAsDouble();
    }
    double[] s = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      s[i] = run.getAsDouble();
    }
    Arrays.sort(s);
    return s[RUNS / 2];
  }
}
