package io.difflens.trainer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The sizes of the tiny model family, and the hub-style {@code config.json} of each component
 * derived from them (the networks are built from these very JSON files, so the bundle's configs are
 * what was trained).
 *
 * @param imageSize rendered image side (pixel-space diffusion, see the model card)
 * @param clipHidden width of both CLIP towers and of the joint embedding
 * @param clipLayers layers of each CLIP tower
 * @param clipHeads attention heads of each CLIP tower
 * @param patchSize CLIP vision patch side
 * @param unetChannels {@code block_out_channels}; the first level has no attention, as in SDXL
 * @param unetHeads attention heads of every cross-attention level
 * @param llmHidden LLaMA width
 * @param llmIntermediate LLaMA MLP width
 * @param llmLayers LLaMA layers
 * @param llmHeads LLaMA heads
 * @param featureLayers the UNet activations the LLM sees: each is average-pooled to featureSide x
 *     featureSide and their channels are concatenated per token, in this order (as {@code
 *     FeatureExtractor} does with a bundle's layer list)
 * @param featureSide the feature maps are average-pooled to featureSide² visual tokens
 * @param tokenMerge the answerers' projectors merge each tokenMerge x tokenMerge block of visual tokens
 *     into one ({@code mm_token_merge}; 1 merges nothing)
 */
public record ZooSizes(
    int imageSize,
    int clipHidden,
    int clipLayers,
    int clipHeads,
    int patchSize,
    List<Integer> unetChannels,
    int unetHeads,
    int llmHidden,
    int llmIntermediate,
    int llmLayers,
    int llmHeads,
    List<String> featureLayers,
    int featureSide,
    int tokenMerge) {

  /**
   * The committed bundle's sizes. Features from two decoder blocks, as Cambrian-1 concatenates SD's up
   * blocks: answerers trained on one of them alone were complementary on synth-vqa, {@code up_blocks.0}
   * (64 channels at 16 x 16, wide receptive field) shape 0.33 and colour 0.29, {@code up_blocks.1} (32
   * channels at 32 x 32, the first block with cross-attention) shape 0.17 and colour 0.63. The LLaMA
   * is 128 wide with 4 layers (882 k parameters): against 96 x 3 it lifted synth-vqa on the development
   * seed from 0.472 to 0.502 (colour 0.51 to 0.84) at half the SFT speed. The maps are pooled to 16 x 16
   * tokens, which keeps {@code up_blocks.0} whole (an 8 x 8 grid had averaged away what tells a star from a
   * diamond: on the development seed the answerer's shape accuracy rose from 0.60 to 0.78), and the projectors
   * merge 4 x 4 blocks of them, so the LLM reads 16 visual tokens: merging runs SFT about 1.75 times as fast
   * as 64 unmerged tokens, and only the projector's first layer is wider than on the 8 x 8 grid merged 2 x 2.
   */
  public static final ZooSizes TINY =
      new ZooSizes(
          32, 64, 3, 4, 4, List.of(16, 32, 64), 4, 128, 384, 4, 4, List.of("up_blocks.0", "up_blocks.1"), 16, 4);

  /** Seconds-long CI runs. */
  public static final ZooSizes MICRO =
      new ZooSizes(16, 16, 1, 2, 4, List.of(8, 16), 2, 32, 64, 1, 2, List.of("up_blocks.0"), 2, 1);

  /** The time-id vector width of SDXL's {@code text_time} conditioning. */
  public static final int ADDITION_TIME_EMBED_DIM = 8;

  public ZooSizes {
    unetChannels = List.copyOf(unetChannels);
    featureLayers = List.copyOf(featureLayers);
    if (featureLayers.isEmpty()) {
      throw new IllegalArgumentException("at least one feature layer");
    }
    if (tokenMerge < 1 || featureSide % tokenMerge != 0) {
      throw new IllegalArgumentException(
          "the token merge " + tokenMerge + " must divide the feature grid side " + featureSide);
    }
    if (imageSize % patchSize != 0 || clipHidden % clipHeads != 0 || llmHidden % llmHeads != 0) {
      throw new IllegalArgumentException("inconsistent sizes " + this);
    }
    for (int c : unetChannels) {
      if (c % unetHeads != 0 || c % 8 != 0) {
        throw new IllegalArgumentException(
            "UNet channels " + c + " must be divisible by " + unetHeads + " heads and 8 groups");
      }
    }
  }

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  public ObjectNode clipTextJson(int vocabSize) {
    ObjectNode c = F.objectNode();
    c.putArray("architectures").add("CLIPTextModelWithProjection");
    c.put("model_type", "clip_text_model");
    c.put("vocab_size", vocabSize).put("hidden_size", clipHidden);
    c.put("intermediate_size", 2 * clipHidden).put("num_hidden_layers", clipLayers);
    c.put("num_attention_heads", clipHeads).put("max_position_embeddings", 77);
    c.put("layer_norm_eps", 1e-5).put("hidden_act", "quick_gelu");
    // eos_token_id 2 selects transformers' argmax pooling; our CLIP vocabulary puts EOS last
    c.put("projection_dim", clipHidden).put("eos_token_id", 2);
    return c;
  }

  public ObjectNode clipVisionJson() {
    ObjectNode c = F.objectNode();
    c.putArray("architectures").add("CLIPVisionModel");
    c.put("model_type", "clip_vision_model");
    c.put("hidden_size", clipHidden).put("intermediate_size", 2 * clipHidden);
    c.put("num_hidden_layers", clipLayers).put("num_attention_heads", clipHeads);
    c.put("num_channels", 3).put("image_size", imageSize).put("patch_size", patchSize);
    c.put("layer_norm_eps", 1e-5).put("hidden_act", "quick_gelu").put("projection_dim", clipHidden);
    return c;
  }

  public ObjectNode unetJson() {
    int n = unetChannels.size();
    ObjectNode c = F.objectNode();
    c.put("_class_name", "UNet2DConditionModel");
    c.put("act_fn", "silu");
    c.put("addition_embed_type", "text_time");
    c.put("addition_time_embed_dim", ADDITION_TIME_EMBED_DIM);
    c.put("projection_class_embeddings_input_dim", clipHidden + 6 * ADDITION_TIME_EMBED_DIM);
    ArrayNode heads = c.putArray("attention_head_dim");
    ArrayNode channels = c.putArray("block_out_channels");
    ArrayNode down = c.putArray("down_block_types");
    ArrayNode up = c.putArray("up_block_types");
    for (int i = 0; i < n; i++) {
      heads.add(unetHeads);
      channels.add(unetChannels.get(i));
      down.add(i == 0 ? "DownBlock2D" : "CrossAttnDownBlock2D");
      up.add(i == n - 1 ? "UpBlock2D" : "CrossAttnUpBlock2D");
    }
    c.put("cross_attention_dim", clipHidden);
    c.put("downsample_padding", 1).put("flip_sin_to_cos", true).put("freq_shift", 0);
    c.put("in_channels", 3).put("out_channels", 3).put("layers_per_block", 1);
    c.put("mid_block_type", "UNetMidBlock2DCrossAttn").put("mid_block_scale_factor", 1);
    c.put("norm_eps", 1e-5).put("norm_num_groups", 8).put("sample_size", imageSize);
    c.put("transformer_layers_per_block", 1).put("use_linear_projection", true);
    c.put("upcast_attention", false);
    return c;
  }

  public ObjectNode llamaJson(int vocabSize) {
    ObjectNode c = F.objectNode();
    c.putArray("architectures").add("LlamaForCausalLM");
    c.put("model_type", "llama");
    c.put("vocab_size", vocabSize).put("hidden_size", llmHidden);
    c.put("intermediate_size", llmIntermediate).put("num_hidden_layers", llmLayers);
    c.put("num_attention_heads", llmHeads).put("num_key_value_heads", llmHeads);
    c.put("max_position_embeddings", 256).put("rms_norm_eps", 1e-6).put("rope_theta", 10000.0);
    c.put("hidden_act", "silu").put("tie_word_embeddings", false);
    c.put("bos_token_id", 1).put("eos_token_id", 2);
    return c;
  }

  /** Scenes the vocabulary scan reads (fewer for seconds-long test runs). */
  public int vocabularyScenes() {
    return micro() ? 300 : io.difflens.trainer.data.WorldVocabulary.SCENES;
  }

  /** Whether these are the {@link #MICRO} sizes, whatever their feature grid. */
  public boolean micro() {
    return withFeatureGrid(MICRO.featureSide, MICRO.tokenMerge).equals(MICRO);
  }

  /**
   * These sizes with the feature maps pooled to {@code side x side} tokens and the projectors merging each
   * {@code merge x merge} block of them ({@code difflens train --feature-grid --token-merge}). A finer grid
   * pools less of a map away; the merge keeps the number of tokens the LLM reads, (side / merge)².
   */
  public ZooSizes withFeatureGrid(int side, int merge) {
    int coarsest = imageSize;
    for (String layer : featureLayers) {
      // up_blocks.i ends in an upsampler, but the last: its output lies at level n-2-i
      coarsest = Math.min(coarsest, imageSize >> Math.max(0, unetChannels.size() - 2 - decoderBlock(layer)));
    }
    if (side < 1 || coarsest % side != 0) {
      throw new IllegalArgumentException("the feature grid side " + side
          + " must divide the side of every feature map the grid pools; the coarsest is " + coarsest);
    }
    return new ZooSizes(imageSize, clipHidden, clipLayers, clipHeads, patchSize, unetChannels, unetHeads,
        llmHidden, llmIntermediate, llmLayers, llmHeads, featureLayers, side, merge);
  }

  /** Channels of a visual token: the sum over {@link #featureLayers}. */
  public int featureChannels() {
    int sum = 0;
    for (String layer : featureLayers) {
      // up_blocks.i runs at level n-1-i and outputs that level's channels
      sum += unetChannels.get(unetChannels.size() - 1 - decoderBlock(layer));
    }
    return sum;
  }

  /** The index i of a feature layer {@code up_blocks.i}. */
  private static int decoderBlock(String layer) {
    if (!layer.startsWith("up_blocks.")) {
      throw new IllegalStateException("the tiny family reads decoder blocks (up_blocks.i), not " + layer);
    }
    return Integer.parseInt(layer.substring(layer.lastIndexOf('.') + 1));
  }

  public ObjectNode projectorJson() {
    return projectorJson(featureChannels());
  }

  /** The projector of an answerer whose visual tokens have {@code channels} channels. */
  public ObjectNode projectorJson(long channels) {
    ObjectNode c = F.objectNode();
    c.put("mm_projector_type", "mlp2x_gelu");
    c.put("mm_hidden_size", channels).put("hidden_size", llmHidden);
    // pooled UNet maps and pixel patches carry no position of their own (ProjectorConfig)
    c.put("mm_grid_positions", true);
    if (tokenMerge > 1) {
      c.put("mm_token_merge", tokenMerge);
    }
    return c;
  }
}
