package io.difflens.ingest.kafka;

import io.difflens.ingest.validation.ItmSubmission;
import io.difflens.ingest.validation.ValidatedImage;
import io.difflens.ingest.validation.VqaOptions;
import io.difflens.ingest.validation.VqaSubmission;
import io.difflens.schemas.FeatureMode;
import io.difflens.schemas.InlineImage;
import io.difflens.schemas.ItmRequest;
import io.difflens.schemas.RequestOptions;
import io.difflens.schemas.VqaRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the Avro events of validated submissions; the only place ingest's values meet the contracts. */
public final class Events {
  private Events() {}

  public static VqaRequest vqaRequest(VqaSubmission s, Instant now) {
    return VqaRequest.newBuilder()
        .setId(s.id())
        .setImage(inline(s.image()))
        .setPrompt(s.question())
        .setCaption(s.caption())
        .setOptions(options(s.options()))
        .setTraceContext(Map.of())
        .setCreatedAt(now)
        .build();
  }

  public static ItmRequest itmRequest(ItmSubmission s, Instant now) {
    List<Object> images = new ArrayList<>();
    s.images().forEach(i -> images.add(inline(i)));
    return ItmRequest.newBuilder()
        .setId(s.id())
        .setImages(images)
        .setTexts(s.texts())
        .setTraceContext(Map.of())
        .setCreatedAt(now)
        .build();
  }

  public static InlineImage inline(ValidatedImage image) {
    return InlineImage.newBuilder().setData(ByteBuffer.wrap(image.bytes())).setMediaType(image.mediaType()).build();
  }

  /** {@code null} when every option is the bundle's default, as the schema documents. */
  static RequestOptions options(VqaOptions o) {
    if (o.isDefault()) {
      return null;
    }
    return RequestOptions.newBuilder()
        .setFeatureMode(o.featureMode() == null ? null : FeatureMode.valueOf(o.featureMode().name()))
        .setGuidanceScale(o.guidanceScale())
        .setTimestep(o.timestep())
        .setMaxNewTokens(o.maxNewTokens())
        .setSeed(o.seed())
        .setLayers(o.layers())
        .build();
  }
}
