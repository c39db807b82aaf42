package io.difflens.ingest.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Validates whole requests (visual questions and image–text matching) before anything is published,
 * reporting every problem found rather than only the first.
 */
public final class VqaValidator {
  private final IngestLimits limits;
  private final ImageValidator images;
  private final TextValidator texts;
  private final OptionsValidator options;
  private final Supplier<String> ids;

  public VqaValidator(IngestLimits limits, Supplier<String> idGenerator) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.images = new ImageValidator(limits);
    this.texts = new TextValidator(limits);
    this.options = new OptionsValidator(limits);
    this.ids = Objects.requireNonNull(idGenerator, "idGenerator");
  }

  /** With {@link IngestLimits#DEFAULTS} and random ids. */
  public VqaValidator() {
    this(IngestLimits.DEFAULTS, RequestIds.RANDOM);
  }

  public IngestLimits limits() {
    return limits;
  }

  public Validation<VqaSubmission> validate(RawVqaInput in) {
    List<Rejection> problems = new ArrayList<>();
    String id = collect(RequestIds.resolve(in.id(), ids), problems);
    ValidatedImage image = collect(images.validate(in.image()), problems);
    String question = collect(text(TextField.QUESTION, in.question()), problems);
    String caption = null;
    if (in.caption() != null) {
      caption = collect(text(TextField.CAPTION, in.caption()), problems);
      if (caption != null && caption.isBlank()) {
        caption = null;
      }
    }
    VqaOptions opts = collect(options.validate(in.options()), problems);
    if (!problems.isEmpty()) {
      return Validation.invalid(problems);
    }
    return Validation.valid(new VqaSubmission(id, image, question, caption, opts));
  }

  public Validation<ItmSubmission> validate(RawItmInput in) {
    List<Rejection> problems = new ArrayList<>();
    String id = collect(RequestIds.resolve(in.id(), ids), problems);
    List<byte[]> rawImages = in.images() == null ? List.of() : in.images();
    List<RawText> rawTexts = in.texts() == null ? List.of() : in.texts();
    if (rawImages.isEmpty()) {
      problems.add(new Rejection(RejectionCode.IMAGE_MISSING, "image-text matching needs at least one image"));
    }
    if (rawTexts.isEmpty()) {
      problems.add(new Rejection(RejectionCode.TEXT_EMPTY, "image-text matching needs at least one text"));
    }
    if (rawImages.size() > limits.maxItmItems() || rawTexts.size() > limits.maxItmItems()) {
      problems.add(Rejection.of(RejectionCode.TOO_MANY_ITEMS, "%d images x %d texts exceeds the limit of %d each",
          rawImages.size(), rawTexts.size(), limits.maxItmItems()));
      return Validation.invalid(problems);
    }
    List<ValidatedImage> okImages = new ArrayList<>();
    for (int i = 0; i < rawImages.size(); i++) {
      Validation<ValidatedImage> v = images.validate(rawImages.get(i));
      if (v instanceof Validation.Valid<ValidatedImage> valid) {
        okImages.add(valid.value());
      } else {
        int index = i;
        v.rejections().forEach(r -> problems.add(new Rejection(r.code(), "image " + index + ": " + r.message())));
      }
    }
    List<String> okTexts = new ArrayList<>();
    for (int i = 0; i < rawTexts.size(); i++) {
      Validation<String> v = text(TextField.ITM_TEXT, rawTexts.get(i));
      if (v instanceof Validation.Valid<String> valid) {
        okTexts.add(valid.value());
      } else {
        int index = i;
        v.rejections().forEach(r -> problems.add(new Rejection(r.code(), "text " + index + ": " + r.message())));
      }
    }
    if (!problems.isEmpty()) {
      return Validation.invalid(problems);
    }
    return Validation.valid(new ItmSubmission(id, okImages, okTexts));
  }

  private Validation<String> text(TextField field, RawText raw) {
    if (raw instanceof RawText.Utf8 u) {
      return texts.validate(field, u.bytes());
    }
    return texts.validate(field, raw == null ? null : ((RawText.Decoded) raw).text());
  }

  private static <T> T collect(Validation<T> v, List<Rejection> problems) {
    if (v instanceof Validation.Valid<T> valid) {
      return valid.value();
    }
    problems.addAll(v.rejections());
    return null;
  }
}
