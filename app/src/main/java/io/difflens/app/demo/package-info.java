/**
 * {@code difflens demo}: the whole system in one JVM on a synthetic benchmark stream
 * ({@link io.difflens.app.demo.DemoCommand}), scored as answers arrive ({@link io.difflens.app.demo.Tally})
 * and summarised as one JSON line ({@link io.difflens.app.demo.DemoSummary}).
 */
package io.difflens.app.demo;
