package io.difflens.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difflens.ingest.testing.TestImages;
import io.difflens.ingest.validation.RawText;
import io.difflens.ingest.validation.RejectionCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFolderSourceTest {
  @TempDir Path dir;

  private List<DatasetItem> read(String... lines) throws Exception {
    Path images = Files.createDirectories(dir.resolve("imgs"));
    Files.write(images.resolve("a.png"), TestImages.png(4, 4));
    Path q = dir.resolve("bench.jsonl");
    Files.writeString(q, String.join("\n", lines), StandardCharsets.UTF_8);
    var source = new JsonlFolderSource(images, q);
    try (var items = source.items()) {
      List<DatasetItem> all = items.toList();
      assertThat(source.size()).isEqualTo(all.size());
      return all;
    }
  }

  @Test
  void readsRecordsWithLineNumbersAndDefaults() throws Exception {
    List<DatasetItem> items = read(
        "{\"id\": \"x\", \"image\": \"a.png\", \"question\": \"Why?\", \"answer\": \"because\", \"category\": \"c\"}",
        "",
        "{\"image\": \"a.png\", \"question\": \"How?\", \"benchmark\": \"other\"}");
    assertThat(items).hasSize(2);
    var first = (DatasetItem.Question) items.get(0);
    assertThat(first.location()).isEqualTo("bench.jsonl:1");
    assertThat(first.input().id()).isEqualTo("x");
    assertThat(((RawText.Decoded) first.input().question()).text()).isEqualTo("Why?");
    assertThat(first.answer()).isEqualTo("because");
    assertThat(first.category()).isEqualTo("c");
    assertThat(first.benchmark()).isEqualTo("bench");
    var second = (DatasetItem.Question) items.get(1);
    assertThat(second.location()).isEqualTo("bench.jsonl:3");
    assertThat(second.benchmark()).isEqualTo("other");
    assertThat(second.input().image()).isEqualTo(TestImages.png(4, 4));
  }

  @Test
  void reportsUnreadableRecordsWithoutStopping() throws Exception {
    List<DatasetItem> items = read(
        "[1, 2]",
        "{\"question\": \"no image\"}",
        "{\"image\": \"b.png\", \"question\": \"q\"}",
        "{\"image\": \"../../etc/passwd\", \"question\": \"q\"}",
        "{\"image\": \"a.png\", \"question\": \"still read\"}");
    assertThat(items).hasSize(5);
    assertThat(items.subList(0, 4)).allMatch(i -> i instanceof DatasetItem.Unreadable);
    assertThat(items.subList(0, 4)).extracting(i -> ((DatasetItem.Unreadable) i).reason().code()).containsExactly(
        RejectionCode.RECORD_MALFORMED, RejectionCode.IMAGE_MISSING, RejectionCode.IMAGE_NOT_FOUND, RejectionCode.IMAGE_NOT_FOUND);
    assertThat(items.get(4)).isInstanceOf(DatasetItem.Question.class);
  }

  @Test
  void refusesMissingInputs() {
    assertThatThrownBy(() -> new JsonlFolderSource(dir.resolve("nope"), dir.resolve("q.jsonl")))
        .hasMessageContaining("nope");
  }
}
