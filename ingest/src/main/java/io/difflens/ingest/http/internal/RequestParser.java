package io.difflens.ingest.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.difflens.ingest.http.ApiError;
import io.difflens.ingest.validation.RawItmInput;
import io.difflens.ingest.validation.RawOptions;
import io.difflens.ingest.validation.RawText;
import io.difflens.ingest.validation.RawVqaInput;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a request body (multipart form or JSON) into raw, unvalidated inputs. Only the transport is judged
 * here (is it JSON, is the base64 valid); what the values mean is left to the validators.
 */
public final class RequestParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RequestParser() {}

  /** The parts of a multipart body, by field name, in order; values are raw bytes. */
  record Form(Map<String, List<byte[]>> fields) {
    byte[] first(String name) {
      List<byte[]> v = fields.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    String firstText(String name) {
      byte[] b = first(name);
      return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    List<byte[]> all(String name) {
      return fields.getOrDefault(name, List.of());
    }
  }

  /** The body's kind, from its Content-Type. */
  public enum BodyKind { MULTIPART, JSON }

  public static BodyKind kind(String contentType) {
    String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (ct.startsWith("multipart/form-data")) {
      return BodyKind.MULTIPART;
    }
    if (ct.startsWith("application/json")) {
      return BodyKind.JSON;
    }
    throw new ApiException(ApiError.UNSUPPORTED_CONTENT_TYPE,
        "Content-Type must be multipart/form-data or application/json, got '" + contentType + "'");
  }

  public static RawVqaInput vqa(String contentType, byte[] body) {
    if (kind(contentType) == BodyKind.MULTIPART) {
      Form f = multipart(contentType, body);
      return new RawVqaInput(f.firstText("id"), f.first("image"), RawText.ofUtf8(f.first("question")),
          RawText.ofUtf8(f.first("caption")), formOptions(f));
    }
    JsonNode root = json(body);
    return new RawVqaInput(text(root, "id"), base64(root.get("image"), "image"), RawText.of(text(root, "question")),
        RawText.of(text(root, "caption")), jsonOptions(root.get("options")));
  }

  public static RawItmInput itm(String contentType, byte[] body) {
    if (kind(contentType) == BodyKind.MULTIPART) {
      Form f = multipart(contentType, body);
      return new RawItmInput(f.firstText("id"), f.all("image"), f.all("text").stream().map(RawText::ofUtf8).toList());
    }
    JsonNode root = json(body);
    List<byte[]> images = new ArrayList<>();
    JsonNode imgs = root.get("images");
    if (imgs != null && imgs.isArray()) {
      for (int i = 0; i < imgs.size(); i++) {
        images.add(base64(imgs.get(i), "images[" + i + "]"));
      }
    }
    List<RawText> texts = new ArrayList<>();
    JsonNode txts = root.get("texts");
    if (txts != null && txts.isArray()) {
      txts.forEach(t -> texts.add(RawText.of(t.isTextual() ? t.asText() : null)));
    }
    return new RawItmInput(text(root, "id"), images, texts);
  }

  private static RawOptions formOptions(Form f) {
    List<String> layers = null;
    if (!f.all("layers").isEmpty()) {
      layers = new ArrayList<>();
      for (byte[] v : f.all("layers")) {
        layers.addAll(Arrays.asList(new String(v, java.nio.charset.StandardCharsets.UTF_8).split(",")));
      }
    }
    return new RawOptions(f.firstText("featureMode"), f.firstText("guidanceScale"), f.firstText("timestep"),
        f.firstText("maxNewTokens"), f.firstText("seed"), layers);
  }

  private static RawOptions jsonOptions(JsonNode o) {
    if (o == null || o.isNull()) {
      return RawOptions.NONE;
    }
    if (!o.isObject()) {
      throw new ApiException(ApiError.MALFORMED_JSON, "options must be a JSON object");
    }
    List<String> layers = null;
    JsonNode l = o.get("layers");
    if (l != null && !l.isNull()) {
      layers = new ArrayList<>();
      if (l.isArray()) {
        for (JsonNode n : l) {
          layers.add(n.isTextual() ? n.asText() : n.toString());
        }
      } else {
        layers.addAll(Arrays.asList(l.asText().split(",")));
      }
    }
    return new RawOptions(scalar(o, "featureMode"), scalar(o, "guidanceScale"), scalar(o, "timestep"),
        scalar(o, "maxNewTokens"), scalar(o, "seed"), layers);
  }

  /** A JSON scalar as text; structured values keep their JSON form so the validator reports them verbatim. */
  private static String scalar(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new ApiException(ApiError.MALFORMED_JSON, field + " must be a JSON string, got " + n.getNodeType());
    }
    return n.asText();
  }

  private static byte[] base64(JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new ApiException(ApiError.MALFORMED_JSON, field + " must be a base64 string");
    }
    String s = n.asText();
    int comma = s.indexOf(',');
    if (s.startsWith("data:") && comma > 0) {
      s = s.substring(comma + 1); // data URL: data:image/png;base64,....
    }
    try {
      // strict decoder (the MIME one silently skips invalid characters); line breaks are allowed
      return Base64.getDecoder().decode(s.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.INVALID_BASE64, field + " is not valid base64: " + e.getMessage());
    }
  }

  private static JsonNode json(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || !root.isObject()) {
        throw new ApiException(ApiError.MALFORMED_JSON, "body must be a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new ApiException(ApiError.MALFORMED_JSON, "body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(ApiError.MALFORMED_JSON, "body is not valid JSON: " + e.getMessage());
    }
  }

  /**
   * Decodes a buffered multipart body with Netty's decoder. The body was already read within the size limit,
   * so the decoder keeps everything in memory (no temporary files).
   */
  static Form multipart(String contentType, byte[] body) {
    var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
    request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    request.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    HttpPostMultipartRequestDecoder decoder = null;
    try {
      decoder = new HttpPostMultipartRequestDecoder(new DefaultHttpDataFactory(false), request);
      Map<String, List<byte[]>> fields = new LinkedHashMap<>();
      for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
        if (data instanceof io.netty.handler.codec.http.multipart.HttpData d) {
          fields.computeIfAbsent(d.getName(), k -> new ArrayList<>()).add(d.get());
        }
      }
      if (fields.isEmpty()) {
        // Netty's decoder yields nothing, not an error, for a body without a single boundary
        throw new ApiException(ApiError.MALFORMED_MULTIPART, "body has no multipart/form-data fields");
      }
      return new Form(fields);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      throw new ApiException(ApiError.MALFORMED_MULTIPART, "body is not valid multipart/form-data: " + e.getMessage());
    } finally {
      if (decoder != null) {
        decoder.destroy();
      }
      request.release();
    }
  }
}
