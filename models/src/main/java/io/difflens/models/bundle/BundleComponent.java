package io.difflens.models.bundle;

import io.difflens.models.nn.Checkpoints;
import io.difflens.models.vae.AutoencoderKL;

/**
 * The networks of a bundle, each a subfolder in the upstream layout: {@code config.json} plus its
 * weights ({@code diffusion_pytorch_model.safetensors} for diffusers components, {@code
 * model.safetensors} or a sharded {@code model.safetensors.index.json} for transformers ones).
 */
public enum BundleComponent {
  UNET("unet", Library.DIFFUSERS, true),
  /** Absent from pixel-space bundles. */
  VAE("vae", Library.DIFFUSERS, false),
  TEXT_ENCODER("text_encoder", Library.TRANSFORMERS, true),
  /** SDXL's second (OpenCLIP bigG, with projection) text encoder. */
  TEXT_ENCODER_2("text_encoder_2", Library.TRANSFORMERS, false),
  /** A CLIP vision tower for implicit captioning and CLIP baselines. */
  IMAGE_ENCODER("image_encoder", Library.TRANSFORMERS, false),
  LLM("llm", Library.TRANSFORMERS, true),
  /** LLaVA's projector: a LLaVA-style {@code config.json} and the {@code model.mm_projector.*} tensors. */
  PROJECTOR("projector", Library.TRANSFORMERS, true);

  /** Which upstream library's file naming a component follows. */
  public enum Library {
    DIFFUSERS("diffusion_pytorch_model.safetensors"),
    TRANSFORMERS("model.safetensors");

    private final String weightsFile;

    Library(String weightsFile) {
      this.weightsFile = weightsFile;
    }
  }

  private final String folder;
  private final Library library;
  private final boolean required;

  BundleComponent(String folder, Library library, boolean required) {
    this.folder = folder;
    this.library = library;
    this.required = required;
  }

  /** The subfolder name. */
  public String folder() {
    return folder;
  }

  /** The single-file weights name the writer uses (readers also accept sharded checkpoints). */
  public String weightsFile() {
    return library.weightsFile;
  }

  /** Whether every bundle has this component (the VAE is required by {@link LatentSpace#VAE}). */
  public boolean required() {
    return required;
  }

  /**
   * How checkpoint keys map to parameters: a full upstream VAE also holds the decoder; a full
   * {@code CLIPModel} checkpoint also holds the text half.
   */
  public Checkpoints.Options checkpointOptions() {
    return switch (this) {
      case VAE -> AutoencoderKL.checkpointOptions();
      case IMAGE_ENCODER ->
          Checkpoints.Options.defaults()
              .withIgnoredPrefixes("text_model.", "text_projection.", "visual_projection.", "logit_scale");
      default -> Checkpoints.Options.defaults();
    };
  }
}
