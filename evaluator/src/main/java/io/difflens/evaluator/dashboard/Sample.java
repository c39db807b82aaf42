package io.difflens.evaluator.dashboard;

/**
 * One stored value of a series, as served to readers.
 *
 * @param windowStart inclusive window start, epoch milliseconds
 * @param windowEnd   exclusive window end, epoch milliseconds (the time the value is plotted at)
 * @param value       metric value over the window
 * @param count       number of scored items behind the value
 * @param seq         store sequence number of the write that produced this sample; increases with every
 *                    write, so readers can ask for what changed after a sequence number
 */
public record Sample(long windowStart, long windowEnd, double value, long count, long seq) {
}
