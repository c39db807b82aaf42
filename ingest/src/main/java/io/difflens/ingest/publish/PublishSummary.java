package io.difflens.ingest.publish;

import io.difflens.ingest.validation.Rejection;
import java.time.Duration;
import java.util.List;

/**
 * What a dataset publication did.
 *
 * @param published records fully published (request and, if asked, label; or training example)
 * @param rejected records refused, each with where it came from and why
 * @param failed records whose send the broker did not acknowledge
 * @param elapsed wall time of the run
 */
public record PublishSummary(long published, List<RejectedRecord> rejected, List<RejectedRecord> failed, Duration elapsed) {
  public PublishSummary {
    rejected = List.copyOf(rejected);
    failed = List.copyOf(failed);
  }

  /** A record that was not published. */
  public record RejectedRecord(String location, String id, List<Rejection> reasons) {
    public RejectedRecord {
      reasons = List.copyOf(reasons);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(location);
      if (id != null) {
        sb.append(" (id ").append(id).append(')');
      }
      sb.append(": ");
      for (int i = 0; i < reasons.size(); i++) {
        sb.append(i == 0 ? "" : "; ").append(reasons.get(i));
      }
      return sb.toString();
    }
  }

  /** Whether every record was published. */
  public boolean complete() {
    return rejected.isEmpty() && failed.isEmpty();
  }
}
