/**
 * Model bundles: a directory with {@code bundle.json} and one upstream-layout folder per network
 * ({@code models/BUNDLE.md}). {@link io.difflens.models.bundle.ModelBundle} loads one (every
 * checkpoint checked from its header first), {@link io.difflens.models.bundle.BundleWriter} writes
 * one, {@link io.difflens.models.bundle.ModelBundle#inspect} summarises one without reading weights.
 */
package io.difflens.models.bundle;
