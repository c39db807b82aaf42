package io.difflens.ingest.http.internal;

import io.difflens.ingest.http.ApiError;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/** Reads a whole request body, refusing (413) as soon as it passes the limit rather than after buffering it. */
public final class Bodies {
  private Bodies() {}

  public static Mono<byte[]> readLimited(HttpServerRequest request, long maxBytes) {
    String declared = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (declared != null) {
      try {
        long length = Long.parseLong(declared.trim());
        if (length > maxBytes) {
          return Mono.error(tooLarge(length, maxBytes));
        }
      } catch (NumberFormatException e) {
        return Mono.error(new ApiException(ApiError.MALFORMED_MULTIPART, "invalid Content-Length '" + declared + "'"));
      }
    }
    return request.receive().asByteArray()
        .collect(ByteArrayOutputStream::new, (out, chunk) -> {
          if (out.size() + (long) chunk.length > maxBytes) {
            throw tooLarge(out.size() + (long) chunk.length, maxBytes);
          }
          out.writeBytes(chunk);
        })
        .map(ByteArrayOutputStream::toByteArray);
  }

  private static ApiException tooLarge(long size, long max) {
    return new ApiException(ApiError.REQUEST_TOO_LARGE,
        "request body is at least " + size + " bytes, the limit is " + max);
  }
}
