package io.difflens.ingest.validation;

/** The text inputs the pipeline accepts, each with its own rejection codes. */
public enum TextField {
  QUESTION("question", RejectionCode.QUESTION_EMPTY, RejectionCode.QUESTION_TOO_LONG, RejectionCode.QUESTION_NOT_UTF8),
  CAPTION("caption", RejectionCode.CAPTION_TOO_LONG, RejectionCode.CAPTION_TOO_LONG, RejectionCode.CAPTION_NOT_UTF8),
  ITM_TEXT("text", RejectionCode.TEXT_EMPTY, RejectionCode.TEXT_TOO_LONG, RejectionCode.TEXT_NOT_UTF8);

  private final String label;
  final RejectionCode empty;
  final RejectionCode tooLong;
  final RejectionCode notUtf8;

  TextField(String label, RejectionCode empty, RejectionCode tooLong, RejectionCode notUtf8) {
    this.label = label;
    this.empty = empty;
    this.tooLong = tooLong;
    this.notUtf8 = notUtf8;
  }

  /** How messages name the field. */
  public String label() {
    return label;
  }
}
