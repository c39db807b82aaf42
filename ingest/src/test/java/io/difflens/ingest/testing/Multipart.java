package io.difflens.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds multipart/form-data bodies byte by byte, so tests can send any bytes (even invalid UTF-8) as a field. */
public final class Multipart {
  private final String boundary = "difflens-" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  public Multipart file(String name, String filename, String contentType, byte[] bytes) {
    head("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
        + "Content-Type: " + contentType + "\r\n");
    body.writeBytes(bytes);
    body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  public Multipart field(String name, String value) {
    return field(name, value.getBytes(StandardCharsets.UTF_8));
  }

  public Multipart field(String name, byte[] value) {
    head("Content-Disposition: form-data; name=\"" + name + "\"\r\n" + "Content-Type: text/plain; charset=UTF-8\r\n");
    body.writeBytes(value);
    body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  private void head(String headers) {
    body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public byte[] bytes() {
    var out = new ByteArrayOutputStream();
    out.writeBytes(body.toByteArray());
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
