package io.difflens.ingest.validation;

import static io.difflens.ingest.validation.ImageValidatorTest.assertSingle;
import static org.assertj.core.api.Assertions.assertThat;

import io.difflens.ingest.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VqaValidatorTest {
  private final AtomicInteger counter = new AtomicInteger();
  private final VqaValidator validator = new VqaValidator(IngestLimits.DEFAULTS, () -> "gen-" + counter.incrementAndGet());

  @Test
  void acceptsACompleteRequestAndGeneratesAnId() {
    VqaSubmission s = validator.validate(new RawVqaInput(null, TestImages.png(16, 16),
        RawText.ofUtf8("What colour is the cube?".getBytes(StandardCharsets.UTF_8)), RawText.of("a red cube"),
        new RawOptions("COND", null, "200", null, null, null))).orElseThrow();
    assertThat(s.id()).isEqualTo("gen-1");
    assertThat(s.question()).isEqualTo("What colour is the cube?");
    assertThat(s.caption()).isEqualTo("a red cube");
    assertThat(s.options().featureMode()).isEqualTo(FeatureMode.COND);
    assertThat(s.options().timestep()).isEqualTo(200);
  }

  @Test
  void keepsClientIdAndDropsBlankCaption() {
    VqaSubmission s = validator.validate(new RawVqaInput("req-7", TestImages.jpeg(16, 16), RawText.of("Why?"),
        RawText.of("  "), null)).orElseThrow();
    assertThat(s.id()).isEqualTo("req-7");
    assertThat(s.caption()).isNull();
    assertThat(s.options().isDefault()).isTrue();
  }

  @Test
  void rejectsUnsafeId() {
    assertSingle(validator.validate(new RawVqaInput("../etc/passwd", TestImages.png(4, 4), RawText.of("q"), null, null)),
        RejectionCode.ID_INVALID);
  }

  @Test
  void collectsProblemsOfEveryField() {
    Validation<VqaSubmission> r = validator.validate(new RawVqaInput(null, "junk".getBytes(StandardCharsets.UTF_8),
        RawText.of(""), null, new RawOptions("X", null, null, null, null, null)));
    assertThat(r.rejections()).extracting(Rejection::code).containsExactly(
        RejectionCode.IMAGE_UNSUPPORTED_FORMAT, RejectionCode.QUESTION_EMPTY, RejectionCode.OPTION_FEATURE_MODE);
  }

  @Test
  void validatesImageTextMatching() {
    ItmSubmission s = validator.validate(new RawItmInput("itm-1", List.of(TestImages.png(8, 8), TestImages.jpeg(8, 8)),
        List.of(RawText.of("a cat"), RawText.of("a dog"), RawText.of("a cube")))).orElseThrow();
    assertThat(s.images()).hasSize(2);
    assertThat(s.texts()).containsExactly("a cat", "a dog", "a cube");
  }

  @Test
  void namesTheFaultyItmItem() {
    Validation<ItmSubmission> r = validator.validate(new RawItmInput(null,
        List.of(TestImages.png(8, 8), TestImages.truncated(TestImages.png(64, 64), 0.5)),
        List.of(RawText.of("a cat"), RawText.of(""))));
    assertThat(r.rejections()).extracting(Rejection::code)
        .containsExactly(RejectionCode.IMAGE_CORRUPT, RejectionCode.TEXT_EMPTY);
    assertThat(r.rejections().get(0).message()).startsWith("image 1:");
    assertThat(r.rejections().get(1).message()).startsWith("text 1:");
  }

  @Test
  void rejectsEmptyOrOversizedItm() {
    assertThat(validator.validate(new RawItmInput(null, List.of(), List.of())).rejections())
        .extracting(Rejection::code).containsExactly(RejectionCode.IMAGE_MISSING, RejectionCode.TEXT_EMPTY);
    var tight = new VqaValidator(new IngestLimits(1 << 20, 64, 4096, 10, 10, 10, 1), RequestIds.RANDOM);
    assertSingle(tight.validate(new RawItmInput(null, List.of(TestImages.png(4, 4), TestImages.png(4, 4)),
        List.of(RawText.of("a")))), RejectionCode.TOO_MANY_ITEMS);
  }
}
