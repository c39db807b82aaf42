package io.difflens.ingest.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.difflens.ingest.http.ApiError;
import io.difflens.ingest.validation.Rejection;
import io.difflens.schemas.ItmScores;
import io.difflens.schemas.VqaAnswer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** JSON bodies of the API's responses. */
public final class Replies {
  public static final ObjectMapper JSON = new ObjectMapper();

  private Replies() {}

  public static ObjectNode accepted(String id) {
    return JSON.createObjectNode().put("id", id).put("status", "ACCEPTED");
  }

  public static ObjectNode error(ApiError error, String message, String id) {
    ObjectNode root = JSON.createObjectNode();
    if (id != null) {
      root.put("id", id);
    }
    root.putObject("error").put("code", error.code()).put("message", message);
    return root;
  }

  /** The first rejection is the error; all of them are listed under {@code details}. */
  public static ObjectNode rejected(List<Rejection> rejections) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode err = root.putObject("error")
        .put("code", rejections.get(0).code().code())
        .put("message", rejections.get(0).message());
    ArrayNode details = err.putArray("details");
    for (Rejection r : rejections) {
      details.addObject().put("code", r.code().code()).put("message", r.message());
    }
    return root;
  }

  public static ObjectNode answer(VqaAnswer a) {
    ObjectNode n = JSON.createObjectNode()
        .put("id", a.getRequestId())
        .put("status", a.getStatus().name())
        .put("text", a.getText())
        .put("error", a.getError())
        .put("bundleId", a.getBundleId())
        .put("adapterVersion", a.getAdapterVersion());
    timings(n, a.getTimings());
    n.put("createdAt", instant(a.getCreatedAt()));
    return n;
  }

  public static ObjectNode scores(ItmScores s) {
    ObjectNode n = JSON.createObjectNode()
        .put("id", s.getRequestId())
        .put("status", s.getStatus().name())
        .put("error", s.getError())
        .put("bundleId", s.getBundleId())
        .put("adapterVersion", s.getAdapterVersion());
    ArrayNode rows = n.putArray("scores");
    for (List<Float> row : s.getScores()) {
      ArrayNode r = rows.addArray();
      row.forEach(r::add);
    }
    timings(n, s.getTimings());
    n.put("createdAt", instant(s.getCreatedAt()));
    return n;
  }

  private static void timings(ObjectNode n, Map<String, Double> timings) {
    ObjectNode t = n.putObject("timings");
    if (timings != null) {
      timings.forEach(t::put);
    }
  }

  private static String instant(Instant i) {
    return i == null ? null : i.toString();
  }
}
