package io.difflens.ingest.validation;

import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Request ids: client-chosen ones are checked, missing ones are generated. */
public final class RequestIds {
  /** Ids become Kafka keys, file names in reports and URL path segments: keep them to a safe alphabet. */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** Random UUIDs. */
  public static final Supplier<String> RANDOM = () -> UUID.randomUUID().toString();

  private RequestIds() {}

  /** {@code id} if it is safe, a generated one if it is absent, else a rejection. */
  public static Validation<String> resolve(String id, Supplier<String> generator) {
    if (id == null || id.isEmpty()) {
      return Validation.valid(generator.get());
    }
    if (!SAFE.matcher(id).matches()) {
      return Validation.invalid(Rejection.of(RejectionCode.ID_INVALID,
          "id '%s' must be 1 to 128 characters of A-Z a-z 0-9 . _ : -", abbreviate(id)));
    }
    return Validation.valid(id);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
