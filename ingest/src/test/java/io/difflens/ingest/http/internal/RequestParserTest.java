package io.difflens.ingest.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.ingest.http.ApiError;
import io.difflens.ingest.testing.Multipart;
import io.difflens.ingest.validation.RawText;
import io.difflens.ingest.validation.RawVqaInput;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  @Test
  void multipartKeepsRawBytesOfTextFields() {
    byte[] invalid = {'a', (byte) 0xFF};
    var form = new Multipart().file("image", "a.png", "image/png", new byte[] {9, 8, 7})
        .field("question", invalid).field("featureMode", "CFG").field("layers", "up_blocks.0,up_blocks.1");
    RawVqaInput in = RequestParser.vqa(form.contentType(), form.bytes());
    assertThat(in.image()).containsExactly(9, 8, 7);
    assertThat(((RawText.Utf8) in.question()).bytes()).isEqualTo(invalid);
    assertThat(in.options().featureMode()).isEqualTo("CFG");
    assertThat(in.options().layers()).containsExactly("up_blocks.0", "up_blocks.1");
  }

  @Test
  void jsonAcceptsDataUrlsAndNumericOptions() {
    String b64 = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    String body = "{\"image\": \"data:image/png;base64," + b64 + "\", \"question\": \"q\","
        + " \"options\": {\"timestep\": 200, \"guidanceScale\": 7.5, \"layers\": [\"mid_block\"]}}";
    RawVqaInput in = RequestParser.vqa("application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    assertThat(in.image()).containsExactly(1, 2, 3);
    assertThat(in.options().timestep()).isEqualTo("200");
    assertThat(in.options().guidanceScale()).isEqualTo("7.5");
    assertThat(in.options().layers()).isEqualTo(List.of("mid_block"));
  }

  @Test
  void transportErrorsAreTyped() {
    assertError(() -> RequestParser.vqa("application/json", "[]".getBytes(StandardCharsets.UTF_8)), ApiError.MALFORMED_JSON);
    assertError(() -> RequestParser.vqa("application/json", "{\"question\": 5}".getBytes(StandardCharsets.UTF_8)), ApiError.MALFORMED_JSON);
    assertError(() -> RequestParser.vqa("application/json", "{\"image\": \"%%%\"}".getBytes(StandardCharsets.UTF_8)), ApiError.INVALID_BASE64);
    assertError(() -> RequestParser.vqa("image/png", new byte[0]), ApiError.UNSUPPORTED_CONTENT_TYPE);
    assertError(() -> RequestParser.vqa(null, new byte[0]), ApiError.UNSUPPORTED_CONTENT_TYPE);
    assertError(() -> RequestParser.vqa("multipart/form-data; boundary=x", "garbage".getBytes(StandardCharsets.UTF_8)),
        ApiError.MALFORMED_MULTIPART);
  }

  private static void assertError(Runnable r, ApiError error) {
    assertThatThrownBy(r::run).isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).error()).isEqualTo(error));
  }
}
