package io.difflens.ingest.validation;

import static io.difflens.ingest.validation.ImageValidatorTest.assertSingle;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptionsValidatorTest {
  private final OptionsValidator validator = new OptionsValidator(IngestLimits.DEFAULTS);

  private static RawOptions mode(String mode, String guidance) {
    return new RawOptions(mode, guidance, null, null, null, null);
  }

  @Test
  void noOptionsMeansDefaults() {
    assertThat(validator.validate(null).orElseThrow().isDefault()).isTrue();
    assertThat(validator.validate(RawOptions.NONE).orElseThrow().isDefault()).isTrue();
  }

  @Test
  void parsesEveryOption() {
    VqaOptions o = validator.validate(new RawOptions("cfg", "7.5", "0", "64", "-3", List.of("up_blocks.0", "mid_block")))
        .orElseThrow();
    assertThat(o).isEqualTo(new VqaOptions(FeatureMode.CFG, 7.5f, 0, 64, -3L, List.of("up_blocks.0", "mid_block")));
  }

  @Test
  void acceptsEdgeTimesteps() {
    assertThat(validator.validate(new RawOptions(null, null, "999", null, null, null)).orElseThrow().timestep())
        .isEqualTo(999);
  }

  @Test
  void rejectsUnknownMode() {
    Validation<VqaOptions> r = validator.validate(mode("SHARPEN", null));
    assertSingle(r, RejectionCode.OPTION_FEATURE_MODE);
    assertThat(r.rejections().get(0).message()).contains("SHARPEN").contains("CONCAT");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "NaN", "Infinity", "lots"})
  void rejectsBadGuidanceScale(String guidance) {
    assertSingle(validator.validate(mode("CFG", guidance)), RejectionCode.OPTION_GUIDANCE_SCALE);
  }

  @Test
  void rejectsGuidanceForModesThatIgnoreIt() {
    assertSingle(validator.validate(mode("COND", "2")), RejectionCode.OPTION_GUIDANCE_SCALE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1000", "12.5", "soon"})
  void rejectsBadTimestep(String t) {
    assertSingle(validator.validate(new RawOptions(null, null, t, null, null, null)), RejectionCode.OPTION_TIMESTEP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "2049", "-5", "many"})
  void rejectsBadMaxNewTokens(String n) {
    assertSingle(validator.validate(new RawOptions(null, null, null, n, null, null)), RejectionCode.OPTION_MAX_NEW_TOKENS);
  }

  @Test
  void rejectsBadSeedAndLayers() {
    Validation<VqaOptions> r = validator.validate(new RawOptions(null, null, null, null, "0x10", List.of("up blocks")));
    assertThat(r.rejections()).extracting(Rejection::code)
        .containsExactly(RejectionCode.OPTION_SEED, RejectionCode.OPTION_LAYERS);
    assertSingle(validator.validate(new RawOptions(null, null, null, null, null, List.of())), RejectionCode.OPTION_LAYERS);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    Validation<VqaOptions> r = validator.validate(new RawOptions("blur", "-2", "5000", "0", null, null));
    assertThat(r.rejections()).extracting(Rejection::code).containsExactly(
        RejectionCode.OPTION_FEATURE_MODE, RejectionCode.OPTION_GUIDANCE_SCALE,
        RejectionCode.OPTION_TIMESTEP, RejectionCode.OPTION_MAX_NEW_TOKENS);
  }
}
