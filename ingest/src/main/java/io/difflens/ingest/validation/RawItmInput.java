package io.difflens.ingest.validation;

import java.util.List;

/** An image–text matching request before validation: every image is scored against every text. */
public record RawItmInput(String id, List<byte[]> images, List<RawText> texts) {}
