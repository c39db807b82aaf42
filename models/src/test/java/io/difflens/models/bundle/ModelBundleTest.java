package io.difflens.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.difflens.models.io.DType;
import io.difflens.models.io.Safetensors;
import io.difflens.models.io.TensorSource;
import io.difflens.models.lora.LoraAdapter;
import io.difflens.models.lora.LoraConfig;
import io.difflens.models.nn.ParameterPaths;
import io.difflens.models.testing.MicroBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
  @TempDir Path dir;

  @Test
  void microBundleLoadsWithEveryComponentOfItsFamily() {
    try (ModelBundle bundle = MicroBundles.load(dir.resolve("b"))) {
      assertThat(bundle.config().family()).isEqualTo(BundleFamily.SDXL);
      assertThat(bundle.networks().keySet())
          .containsExactly(
              BundleComponent.UNET,
              BundleComponent.VAE,
              BundleComponent.TEXT_ENCODER,
              BundleComponent.TEXT_ENCODER_2,
              BundleComponent.LLM,
              BundleComponent.PROJECTOR);
      assertThat(bundle.tokenizer2()).isPresent();
      assertThat(bundle.schedule().size()).isEqualTo(1000);
      assertThat(Files.exists(dir.resolve("b/unet/diffusion_pytorch_model.safetensors"))).isTrue();
      assertThat(Files.exists(dir.resolve("b/llm/model.safetensors"))).isTrue();
      assertThat(Files.exists(dir.resolve("b/MODEL_CARD.md"))).isTrue();
    }
  }

  @Test
  void bundleJsonRoundTripsAndRejectsBadValues() {
    MicroBundles.create(dir.resolve("b"));
    BundleConfig read = BundleConfig.read(dir.resolve("b/bundle.json"));
    read.write(dir.resolve("copy.json"));
    assertThat(BundleConfig.read(dir.resolve("copy.json"))).isEqualTo(read);
    assertThat(read.features().featureMode().text()).isEqualTo("COND");

    assertThatThrownBy(() -> read.withId("bad id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad id");
    assertThatThrownBy(
            () -> new FeatureDefaults(read.features().layers(), 10, "SOMETIMES", 1, 2, 0))
        .hasMessageContaining("SOMETIMES");
  }

  @Test
  void writerRoundTripKeepsEveryWeight() throws Exception {
    Path second = dir.resolve("second");
    Map<String, float[]> before = new LinkedHashMap<>();
    try (ModelBundle bundle = MicroBundles.load(dir.resolve("b"))) {
      ParameterPaths.of(bundle.unet()).forEach((n, p) -> before.put(n, p.getArray().toFloatArray()));
      BundleWriter.copyOf(bundle).config(bundle.config().withVersion("1")).writeTo(second, DType.F32);
    }
    try (ModelBundle copy = ModelBundle.load(second, ComputeTarget.cpu())) {
      assertThat(copy.config().version()).isEqualTo("1");
      ParameterPaths.of(copy.unet())
          .forEach((n, p) -> assertThat(p.getArray().toFloatArray()).as(n).containsExactly(before.get(n)));
    }
  }

  @Test
  void oneMessageNamesEveryMissingUnexpectedAndMisShapedTensor() throws Exception {
    Path b = MicroBundles.create(dir.resolve("b"));
    Path weights = b.resolve("projector/model.safetensors");
    try (NDManager m = NDManager.newBaseManager();
        TensorSource source = Safetensors.open(weights)) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      for (String name : source.tensors().keySet()) {
        tensors.put(name, source.load(name, m));
      }
      tensors.remove("model.mm_projector.0.bias");
      tensors.put("model.mm_projector.1.weight", m.zeros(new Shape(2, 2)));
      tensors.put("model.mm_projector.2.bias", m.zeros(new Shape(3)));
      Safetensors.write(dir.resolve("broken.safetensors"), tensors);
    }
    Files.move(dir.resolve("broken.safetensors"), weights, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> ModelBundle.load(b, ComputeTarget.cpu()))
        .isInstanceOf(BundleLoadException.class)
        .hasMessageContaining("projector/")
        .hasMessageContaining("missing 1: model.mm_projector.0.bias")
        .hasMessageContaining("unexpected 1: model.mm_projector.1.weight")
        .hasMessageContaining("model.mm_projector.2.bias (architecture (32), checkpoint (3))");
  }

  @Test
  void anSdxlBundleWithoutItsSecondEncoderSaysWhatItLacks() throws Exception {
    Path b = MicroBundles.create(dir.resolve("b"));
    Files.walk(b.resolve("text_encoder_2"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    assertThatThrownBy(() -> ModelBundle.load(b, ComputeTarget.cpu()))
        .hasMessageContaining("text_encoder must be a CLIPTextModelWithProjection")
        .hasMessageContaining("needs text_encoder_2/")
        .hasMessageContaining("cross_attention_dim 32 != text context width 16");
  }

  @Test
  void inspectCountsParametersAndBytesWithoutLoading() throws Exception {
    Path b = MicroBundles.create(dir.resolve("b"));
    BundleSummary summary = ModelBundle.inspect(b);
    assertThat(summary.components()).extracting(BundleSummary.Component::component)
        .contains(BundleComponent.UNET, BundleComponent.LLM);
    try (ModelBundle bundle = ModelBundle.load(b, ComputeTarget.cpu())) {
      long unetParams = 0;
      for (var p : ParameterPaths.of(bundle.unet()).values()) {
        unetParams += p.getArray().size();
      }
      BundleSummary.Component unet = summary.components().get(0);
      assertThat(unet.architecture()).isEqualTo("UNet2DConditionModel");
      assertThat(unet.parameters()).isEqualTo(unetParams);
      assertThat(unet.bytes()).isGreaterThan(4 * unetParams);
    }
    assertThat(summary.tokenizers()).containsExactly("tokenizer", "tokenizer_2", "llm_tokenizer");
  }

  @Test
  void inspectChecksTheUnetLoraAgainstTheUnetWithoutReadingAWeight() throws Exception {
    Path b = MicroBundles.create(dir.resolve("b"));
    Path file = b.resolve(ModelBundle.UNET_LORA).resolve(ModelBundle.UNET_LORA_FILE);
    Files.createDirectories(file.getParent());
    LoraConfig config = LoraConfig.of(2, 4f);
    try (ModelBundle bundle = ModelBundle.load(b, ComputeTarget.cpu()); NDManager m = NDManager.newBaseManager()) {
      LoraAdapter.create(config, bundle.unet(), m, 3).save(file, "");
    }
    BundleSummary.UnetLora lora = ModelBundle.inspect(b).unetLora().orElseThrow();
    assertThat(lora.config()).contains(config);
    assertThat(lora.bytes()).isEqualTo(Files.size(file));

    Map<String, NDArray> tensors = new LinkedHashMap<>();
    Map<String, String> metadata;
    try (TensorSource source = Safetensors.open(file); NDManager m = NDManager.newBaseManager()) {
      metadata = new LinkedHashMap<>(source.metadata());
      for (String k : source.tensors().keySet()) {
        tensors.put(k, source.load(k, m));
      }
      // metadata that is not a number is named, with the file
      metadata.put("lora_rank", "two");
      Safetensors.write(file, tensors, DType.F32, metadata);
      assertThatThrownBy(() -> ModelBundle.inspect(b))
          .hasMessageContaining(file.toString())
          .hasMessageContaining("lora_rank is 'two', not a whole number");
      // a rank the tensors do not have: every mis-shaped tensor is named
      metadata.put("lora_rank", "3");
      Safetensors.write(file, tensors, DType.F32, metadata);
      assertThatThrownBy(() -> ModelBundle.inspect(b))
          .hasMessageContaining("does not fit the bundle's UNet")
          .hasMessageContaining("lora_A.weight");
      // a tensor the adapter does not have
      metadata.put("lora_rank", "2");
      tensors.put("down_blocks.9.attn2.to_q.lora_A.weight", m.zeros(new Shape(2, 4)));
      Safetensors.write(file, tensors, DType.F32, metadata);
      assertThatThrownBy(() -> ModelBundle.inspect(b)).hasMessageContaining("down_blocks.9.attn2.to_q.lora_A.weight");
    }
  }

  @Test
  void pixelSpaceSdFamilyBundleHasNoVaeOrSecondEncoderAndStillExtractsAndAnswers() {
    MicroBundles.Spec spec =
        MicroBundles.defaults().withFamily(BundleFamily.SD).withLatentSpace(LatentSpace.PIXEL);
    try (ModelBundle bundle = MicroBundles.load(dir.resolve("pixel"), spec)) {
      assertThat(bundle.vae()).isEmpty();
      assertThat(bundle.textEncoder2()).isEmpty();
      assertThat(bundle.unet().config().inChannels()).isEqualTo(3);
      var extractor = new io.difflens.models.pipeline.FeatureExtractor(bundle);
      var image = io.difflens.models.testing.TestImages.random(16, 1);
      var f = extractor.extract(io.difflens.models.pipeline.FeatureInput.of(image, "a red star"), extractor.defaults());
      var g = extractor.extract(io.difflens.models.pipeline.FeatureInput.of(image, "two blue circles"), extractor.defaults());
      assertThat(f.channels()).isEqualTo(32);
      assertThat(f).isNotEqualTo(g);
      var answerer = new io.difflens.models.pipeline.Answerer(bundle);
      assertThat(answerer.answer(new io.difflens.models.pipeline.AnswerInput(f, "what"), answerer.defaults()).tokenCount())
          .isLessThanOrEqualTo(8);
    }
    assertThat(Files.exists(dir.resolve("pixel/vae"))).isFalse();
  }

  @Test
  void answererVariantsLoadOnceOnTheBundlesDeviceAndAreCheckedLikeItsOwn() throws Exception {
    Path b = MicroBundles.create(dir.resolve("v"));
    MicroBundles.addAnswererVariant(b, "concat", 64, 3);
    MicroBundles.addAnswererVariant(b, "broken", 48, 4);
    // a projector whose weights do not match its config is named in the error
    Path brokenConfig = b.resolve("variants/broken/projector/config.json");
    java.nio.file.Files.writeString(brokenConfig,
        java.nio.file.Files.readString(brokenConfig).replace("\"mm_hidden_size\":48", "\"mm_hidden_size\":40"));
    try (ModelBundle bundle = ModelBundle.load(b, ComputeTarget.cpu())) {
      assertThat(bundle.answererVariants()).containsExactly("broken", "concat");
      ModelBundle.AnswererNetworks v = bundle.answererVariant("concat").orElseThrow();
      assertThat(v.projector().config().visionHiddenSize()).isEqualTo(64);
      assertThat(bundle.answererVariant("concat").orElseThrow()).isSameAs(v);
      assertThat(bundle.answererVariant("pixels")).isEmpty();
      assertThatThrownBy(() -> bundle.answererVariant("broken"))
          .isInstanceOf(BundleLoadException.class)
          .hasMessageContaining("projector");
    }
  }
}
